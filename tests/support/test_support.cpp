#include "support/test_support.hpp"

#include <sqlite3.h>
#include <catch2/catch.hpp>
#ifdef PAWNOTES_WITH_POSTGRES
#include <libpq-fe.h>

#include "postgres/postgres_storage.hpp"
#endif
#include "sqlite/sqlite_storage.hpp"

#include <unistd.h>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <random>
#include <stdexcept>
#include <system_error>

namespace pawnotes::testing {

Timestamp test_now() { return *Timestamp::parse("2026-11-24T12:00:00.000Z"); }

std::shared_ptr<FixedClock> fixed_clock() { return std::make_shared<FixedClock>(test_now()); }

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
  path_ = std::filesystem::temp_directory_path() / ("pawnotes-test-" + std::to_string(::getpid()) + "-" +
                                                    std::to_string(stamp) + "-" + std::to_string(counter++));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

const std::string& postgres_admin_url() {
  static const std::string url = [] {
    const char* value = std::getenv("PAWNOTES_TEST_DATABASE_URL");
    const char* engine = std::getenv("PAWNOTES_TEST_ENGINE");
    const std::string text = value != nullptr ? value : "";
    if (text.empty() && engine != nullptr && std::string(engine) == "postgres") {
      throw std::runtime_error(
          "PAWNOTES_TEST_ENGINE=postgres but PAWNOTES_TEST_DATABASE_URL is not set (run scripts/test_postgres.sh)");
    }
    return text;
  }();
  return url;
}

namespace {

// The admin URL with another database name (the path after host:port; a query string is kept).
std::string with_database(const std::string& url, const std::string& name) {
  const std::size_t authority = url.find("://");
  const std::size_t slash = url.find('/', authority == std::string::npos ? 0 : authority + 3);
  const std::size_t query = url.find('?');
  const std::string base = slash == std::string::npos ? url.substr(0, query) : url.substr(0, slash);
  return base + "/" + name + (query == std::string::npos ? "" : url.substr(query));
}

std::string exec_on(const std::string& url, const std::string& sql) {
#ifndef PAWNOTES_WITH_POSTGRES
  throw std::runtime_error("this build has no PostgreSQL engine (PAWNOTES_WITH_POSTGRES=OFF): cannot run " + sql +
                           " on " + url);
#else
  PGconn* conn = PQconnectdb(url.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    const std::string message = PQerrorMessage(conn);
    PQfinish(conn);
    throw std::runtime_error("cannot reach the test PostgreSQL server: " + message);
  }
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  PGresult* result = PQexec(conn, sql.c_str());
  const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK || PQresultStatus(result) == PGRES_TUPLES_OK;
  const std::string message = ok ? "" : PQresultErrorMessage(result);
  const std::string value =
      ok && PQntuples(result) > 0 && PQnfields(result) > 0 ? std::string(PQgetvalue(result, 0, 0)) : std::string();
  PQclear(result);
  PQfinish(conn);
  if (!ok) throw std::runtime_error("test PostgreSQL statement failed: " + message);
  return value;
#endif
}

void admin_exec(const std::string& sql) { exec_on(postgres_admin_url(), sql); }

}  // namespace

void postgres_admin_exec(const std::string& sql) { admin_exec(sql); }

void postgres_exec(const std::string& url, const std::string& sql) { exec_on(url, sql); }

std::string postgres_value(const std::string& url, const std::string& sql) { return exec_on(url, sql); }

int statements_run(Database& db, const std::function<void()>& fn) {
#ifdef PAWNOTES_WITH_POSTGRES
  if (auto* postgres = dynamic_cast<postgres_detail::PostgresStorage*>(&db.storage())) {
    const std::int64_t before = postgres->statements_sent();
    fn();
    return static_cast<int>(postgres->statements_sent() - before);
  }
#endif
  auto& engine = dynamic_cast<sqlite_detail::SqliteStorage&>(db.storage());
  int count = 0;
  sqlite3_trace_v2(
      engine.db().getHandle(), SQLITE_TRACE_STMT,
      [](unsigned, void* context, void*, void*) {
        ++*static_cast<int*>(context);
        return 0;
      },
      &count);
  try {
    fn();
  } catch (...) {
    sqlite3_trace_v2(engine.db().getHandle(), 0, nullptr, nullptr);
    throw;
  }
  sqlite3_trace_v2(engine.db().getHandle(), 0, nullptr, nullptr);
  return count;
}

ScratchDatabase::ScratchDatabase() {
  static std::atomic<int> counter{0};
  std::random_device random;
  name_ = "pawnotes_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" +
          std::to_string(random() % 1000000);
  // template0 and no locale: the databases start empty and their text order is whatever the columns say.
  admin_exec("CREATE DATABASE " + name_ + " TEMPLATE template0");
  url_ = with_database(postgres_admin_url(), name_);
}

ScratchDatabase::~ScratchDatabase() {
  try {
    admin_exec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  } catch (const std::exception&) {
    // The server is gone (a test stopped it): the throwaway cluster goes with scripts/test_postgres.sh.
  }
}

namespace {
std::string make_path(Where where, std::unique_ptr<TempDir>& dir, std::unique_ptr<ScratchDatabase>& scratch) {
  if (on_postgres()) {
    scratch = std::make_unique<ScratchDatabase>();
    return scratch->url();
  }
  if (where == Where::InMemory) return ":memory:";
  dir = std::make_unique<TempDir>();
  return dir->file("pawnotes.db");
}
}  // namespace

TestDb::TestDb(Where where)
    : path(make_path(where, dir, scratch)), clock(fixed_clock()), db(Database::open_url(path, clock)) {
  org = db.create_organization("Test Org");
  other_org = db.create_organization("Other Org");
  admin = Scope{org.id, 1, {Role::Admin}};
  trainer = Scope{org.id, 2, {Role::Trainer}};
  viewer = Scope{org.id, 3, {Role::Viewer}};
  other_admin = Scope{other_org.id, 4, {Role::Admin}};
}

nlohmann::json owner_input(const std::string& first_name, const std::string& last_name) {
  return {{"firstName", first_name}, {"lastName", last_name},     {"address", "12 Park Road"},
          {"city", "Madison"},       {"telephone", "6085551023"}, {"email", nullptr}};
}

nlohmann::json dog_input(Id owner_id, const std::string& name) {
  return {{"ownerId", owner_id}, {"name", name}, {"birthDate", "2020-03-01"}, {"breed", "Collie"}, {"sex", "female"}};
}

nlohmann::json note_input(Id dog_id, const std::string& body) {
  return {{"dogId", dog_id}, {"body", body}, {"category", "progress"}, {"tags", {"recall", "leash"}}};
}

nlohmann::json visit_input(Id dog_id, const std::string& description) {
  return {{"dogId", dog_id}, {"date", "2026-11-20"}, {"description", description}, {"durationMinutes", 45}};
}

nlohmann::json care_flag_input(Id dog_id, const std::string& text) {
  return {{"dogId", dog_id}, {"kind", "behaviour_safety"}, {"severity", "danger"}, {"text", text}};
}

nlohmann::json vaccination_input(Id dog_id, const std::string& name) {
  return {{"dogId", dog_id}, {"name", name}, {"givenOn", "2026-01-10"}, {"expiresOn", "2027-01-10"}};
}

nlohmann::json trainer_input(const std::string& first_name, const std::string& last_name) {
  return {{"firstName", first_name},
          {"lastName", last_name},
          {"email", nullptr},
          {"specialtyIds", nlohmann::json::array()}};
}

nlohmann::json named_input(const std::string& name) { return {{"name", name}}; }

nlohmann::json skill_input(const std::string& name) { return {{"name", name}, {"description", "Comes when called"}}; }

nlohmann::json goal_input(Id dog_id, Id skill_id) {
  return {{"dogId", dog_id},
          {"skillId", skill_id},
          {"baseline", {{"distanceMetres", 2}, {"durationSeconds", 5}, {"distractionLevel", 0}}},
          {"target", {{"distanceMetres", 10}, {"durationSeconds", 30}, {"distractionLevel", 2}}},
          {"startDate", "2026-11-01"},
          {"targetDate", "2027-01-31"}};
}

nlohmann::json session_input(Id dog_id, Id trainer_id, const std::string& date, nlohmann::json trials) {
  return {{"dogId", dog_id}, {"trainerId", trainer_id}, {"date", date}, {"trials", std::move(trials)}};
}

nlohmann::json homework_input(Id goal_id, const std::string& exercise) {
  return {{"goalId", goal_id}, {"exercise", exercise}, {"assignedOn", "2026-11-20"}, {"dueDate", "2026-11-27"}};
}

std::vector<FieldError> field_errors(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const ValidationError& error) {
    return error.errors();
  }
  FAIL("expected a ValidationError");
  return {};
}

bool has_error(const std::vector<FieldError>& errors, const std::string& field, const std::string& code) {
  return std::any_of(errors.begin(), errors.end(),
                     [&](const FieldError& e) { return e.field == field && e.code == code; });
}

}  // namespace pawnotes::testing
