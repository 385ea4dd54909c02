// The front door of the core. A Database validates input with the rule tables, checks the scope's
// roles, and hands the work to a Storage engine. The JSON-level calls are what the bindings and the
// server use; the typed templates are for C++ callers. Not thread-safe: one Database per thread.
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "pawnotes/date_time.hpp"
#include "pawnotes/entity.hpp"
#include "pawnotes/errors.hpp"
#include "pawnotes/model.hpp"
#include "pawnotes/postgres.hpp"
#include "pawnotes/progress.hpp"
#include "pawnotes/query.hpp"
#include "pawnotes/scope.hpp"
#include "pawnotes/sqlite.hpp"
#include "pawnotes/storage.hpp"
#include "pawnotes/validation.hpp"

namespace pawnotes {

/// Engine options for Database::open_url: each engine reads its own.
struct DatabaseOptions {
  SqliteOptions sqlite;
  PostgresOptions postgres;
};

/// The engine a database URL names (see Database::open_url); throws StorageError for other schemes.
enum class EngineKind { Sqlite, Postgres };
[[nodiscard]] EngineKind engine_of_url(const std::string& url);

class Database {
 public:
  Database(std::unique_ptr<Storage> storage, std::shared_ptr<const Clock> clock);

  /// SQLite at `path` (":memory:" for in-memory); the system clock unless one is given.
  [[nodiscard]] static Database open(const std::string& path, std::shared_ptr<const Clock> clock = nullptr,
                                     const SqliteOptions& options = {});

  /// The database a URL names: `sqlite:///abs/path`, `sqlite:///:memory:` or a plain path (SQLite);
  /// `postgresql://user:pass@host:port/dbname` or `postgres://...` (PostgreSQL, libpq's URI form).
  /// Throws StorageError for any other scheme, Unavailable if a PostgreSQL server cannot be reached.
  [[nodiscard]] static Database open_url(const std::string& url, std::shared_ptr<const Clock> clock = nullptr,
                                         const DatabaseOptions& options = {});

  // --- JSON level: input is validated (all errors at once), output is canonical JSON ---
  // Organization and User are managed by the calls further down, not by these.
  nlohmann::json create(const Scope& scope, Entity entity, const nlohmann::json& input,
                        const WriteOptions& options = {});
  nlohmann::json get(const Scope& scope, Entity entity, Id id);
  /// `mode` Replace: `input` holds every editable member; Patch: only the members to change.
  nlohmann::json update(const Scope& scope, Entity entity, Id id, const nlohmann::json& input,
                        std::optional<std::int64_t> expected_version, ValidationMode mode = ValidationMode::Replace);
  void remove(const Scope& scope, Entity entity, Id id, std::optional<std::int64_t> expected_version = std::nullopt,
              bool cascade = false);
  Page<nlohmann::json> list(const Scope& scope, Entity entity, const ListRequest& request = {});
  /// Validates every input first (errors name the item: "[3].body"), then inserts all in one transaction.
  std::vector<nlohmann::json> create_many(const Scope& scope, Entity entity, const std::vector<nlohmann::json>& inputs);

  /// The bulk-import form of create_many: the same validation (all errors at once, named by item), role
  /// checks, storage checks and change-log entries, all or nothing, but only the new ids come back (in
  /// input order). Inside bulk_import() the engine defers full-text indexing to the end of the import.
  std::vector<Id> import_many(const Scope& scope, Entity entity, const std::vector<nlohmann::json>& inputs);

  // --- typed ---
  template <class T>
  T create(const Scope& scope, const T& record, const WriteOptions& options = {}) {
    return create(scope, EntityOf<T>::value, nlohmann::json(record), options).template get<T>();
  }
  template <class T>
  T get(const Scope& scope, Id id) {
    return get(scope, EntityOf<T>::value, id).template get<T>();
  }
  /// Updates to `record`'s editable members; `record.version` is the expected version (Conflict if stale).
  template <class T>
  T update(const Scope& scope, const T& record) {
    return update(scope, EntityOf<T>::value, record.id, nlohmann::json(record), record.version).template get<T>();
  }

  // --- queries ---
  Page<Owner> search_owners(const Scope& scope, const OwnerSearch& request);
  Page<Dog> list_dogs(const Scope& scope, const DogFilter& request);
  CursorPage<TimelineEntry> timeline(const Scope& scope, const TimelineRequest& request);
  Page<NoteHit> search_notes(const Scope& scope, const NoteSearch& request);
  Page<VaccinationDue> vaccinations_due(const Scope& scope, const VaccinationDueRequest& request);
  Page<Visit> trainer_visits(const Scope& scope, const TrainerVisitsRequest& request);
  /// Every visit of these dogs (at most kMaxDogIds ids; duplicates allowed), ordered by dog id, then date,
  /// then id: one query for a page of owners with their pets' visits (the PetClinic API's shape) instead of
  /// one per dog. Ids that are unknown or of another organization contribute nothing.
  std::vector<Visit> visits_of_dogs(const Scope& scope, const std::vector<Id>& dog_ids);
  static constexpr std::size_t kMaxDogIds = 1000;
  std::vector<NoteRevision> note_revisions(const Scope& scope, Id note_id);
  std::vector<CareFlag> care_flags(const Scope& scope, Id dog_id, bool active_only = true);
  std::vector<Vaccination> vaccinations(const Scope& scope, Id dog_id);
  /// A dog's training progress per goal (progress.hpp; the rule: lib/README.md "Training progress").
  /// ValidationError for a window or ready_sessions outside 1..100, NotFound for an unknown dog.
  DogProgress progress(const Scope& scope, const ProgressRequest& request);
  Page<ChangeRecord> history(const Scope& scope, const HistoryRequest& request);
  std::vector<ChangeRecord> changes_since(const Scope& scope, std::int64_t after_seq, int limit = 100);

  // --- organizations and accounts (operators) ---
  Organization create_organization(const std::string& name);
  std::vector<Organization> organizations();
  /// `user.password_hash` must already be a hash; validated with the User rules.
  User create_user(Id organization_id, const User& user);
  User update_user(Id organization_id, const User& user);
  std::optional<std::pair<User, Id>> find_user_for_login(const std::string& username);
  std::vector<User> users(Id organization_id);

  /// Runs `work` (which calls this Database) as one transaction: all its writes land, or none if it throws.
  /// For multi-entity imports. Role checks and validation still apply to each call inside.
  void transaction(const std::function<void()>& work);
  /// transaction() for large imports (Storage::bulk_transaction): one transaction, all or nothing, with
  /// the full-text index of the imported notes built in one pass before the commit instead of per note.
  /// Searches afterwards give exactly what record-by-record creates would have given.
  void bulk_import(const std::function<void()>& work);

  // --- administration ---
  int schema_version();
  Stats stats(const Scope& scope);
  void backup(const std::string& path);

  [[nodiscard]] const Clock& clock() const noexcept { return *clock_; }
  [[nodiscard]] Storage& storage() noexcept { return *storage_; }

 private:
  std::unique_ptr<Storage> storage_;
  std::shared_ptr<const Clock> clock_;
};

}  // namespace pawnotes
