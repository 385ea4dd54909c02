// Shared by the tests: a fixed clock, temporary directories, and a database with one organization and
// scopes for each role.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "pawnotes/pawnotes.hpp"

namespace pawnotes::testing {

/// 2026-11-24T12:00:00.000Z: "today" in every test unless a test moves the clock.
Timestamp test_now();
std::shared_ptr<FixedClock> fixed_clock();

/// A fresh directory removed (with its contents) when the object dies.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }
  [[nodiscard]] std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

enum class Where { InMemory, OnFile };

// ---------------------------------------------------------------- the engine under test
// The suite runs on SQLite unless PAWNOTES_TEST_DATABASE_URL holds a PostgreSQL admin URL
// (postgresql://postgres@127.0.0.1:PORT/postgres, see scripts/test_postgres.sh): then every TestDb is a
// fresh PostgreSQL database of its own, dropped afterwards, so tests stay independent and parallel-safe.
// PAWNOTES_TEST_ENGINE=postgres (set by the "_pg" ctest entries) makes a missing URL an error instead of
// a quiet run on SQLite. Tests of SQLite-only features carry the tag [sqlite-only] with the reason next
// to it; the "_pg" entries leave them out.

/// The admin URL, or empty when the suite runs on SQLite.
const std::string& postgres_admin_url();
[[nodiscard]] inline bool on_postgres() { return !postgres_admin_url().empty(); }

/// A fresh, empty PostgreSQL database (CREATE DATABASE with a unique name), dropped when the object dies.
class ScratchDatabase {
 public:
  ScratchDatabase();
  ~ScratchDatabase();
  ScratchDatabase(const ScratchDatabase&) = delete;
  ScratchDatabase& operator=(const ScratchDatabase&) = delete;
  [[nodiscard]] const std::string& url() const noexcept { return url_; }
  [[nodiscard]] const std::string& name() const noexcept { return name_; }

 private:
  std::string name_;
  std::string url_;
};

/// The SQL statements the engine of `db` runs while `fn` runs (SQLite: its statement trace; PostgreSQL:
/// the statements sent to the server).
int statements_run(Database& db, const std::function<void()>& fn);

/// Runs one SQL statement on the PostgreSQL admin database (tests that inspect or break the server side).
void postgres_admin_exec(const std::string& sql);
/// Runs one SQL statement in the PostgreSQL database at `url`; postgres_value returns the first column of
/// the first row ("" if none).
void postgres_exec(const std::string& url, const std::string& sql);
std::string postgres_value(const std::string& url, const std::string& sql);

/// A database with organization "Test Org" (and a second, "Other Org", for tenancy tests), and
/// scopes for admin, trainer and viewer in each.
struct TestDb {
  explicit TestDb(Where where = Where::InMemory);
  std::unique_ptr<TempDir> dir;              // set when OnFile (SQLite)
  std::unique_ptr<ScratchDatabase> scratch;  // set on PostgreSQL (dropped after `db` closed)
  std::string path;                          // the SQLite path, or the PostgreSQL URL: Database::open_url(path)
  std::shared_ptr<FixedClock> clock;
  Database db;
  Organization org, other_org;
  Scope admin, trainer, viewer;  // in org
  Scope other_admin;             // in other_org
};

/// Valid inputs for creates (each field can be overridden afterwards: `auto o = owner_input(); o["city"] = "X";`).
nlohmann::json owner_input(const std::string& first_name = "Ada", const std::string& last_name = "Lovelace");
nlohmann::json dog_input(Id owner_id, const std::string& name = "Rex");
nlohmann::json note_input(Id dog_id, const std::string& body = "Sat nicely at the door");
nlohmann::json visit_input(Id dog_id, const std::string& description = "Recall training");
nlohmann::json care_flag_input(Id dog_id, const std::string& text = "Bites when startled");
nlohmann::json vaccination_input(Id dog_id, const std::string& name = "Rabies");
nlohmann::json trainer_input(const std::string& first_name = "James", const std::string& last_name = "Carter");
nlohmann::json named_input(const std::string& name);  // pet type or specialty
// Training plans: a skill, a goal (target: 10 m, 30 s, distraction 2), a session, homework.
nlohmann::json skill_input(const std::string& name = "Recall");
nlohmann::json goal_input(Id dog_id, Id skill_id);
/// trials: {goalId, attempts, successes} each (criteria added by the caller when needed).
nlohmann::json session_input(Id dog_id, Id trainer_id, const std::string& date = "2026-11-20",
                             nlohmann::json trials = nlohmann::json::array());
nlohmann::json homework_input(Id goal_id, const std::string& exercise = "Five recalls in the garden a day");

/// The field errors `fn` throws as a ValidationError (fails the test if it throws nothing or another error).
std::vector<FieldError> field_errors(const std::function<void()>& fn);
/// Whether `errors` holds an error on `field` with `code`.
bool has_error(const std::vector<FieldError>& errors, const std::string& field, const std::string& code);

}  // namespace pawnotes::testing
