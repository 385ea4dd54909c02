// Private: the SQLite engine. Its member functions are defined across
//   sqlite_storage.cpp  (open, pragmas, migrations, statement cache, transactions, admin),
//   sqlite_records.cpp  (create / get / update / remove / list, client keys, change log),
//   sqlite_accounts.cpp (organizations and users),
//   sqlite_queries.cpp  (the read queries).
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "pawnotes/errors.hpp"
#include "pawnotes/sqlite.hpp"
#include "pawnotes/storage.hpp"

namespace pawnotes::sqlite_detail {

class SqliteStorage final : public Storage {
 public:
  SqliteStorage(const std::string& path, std::shared_ptr<const Clock> clock, const SqliteOptions& options);
  ~SqliteStorage() override;

  nlohmann::json create(const Scope& scope, Entity entity, const nlohmann::json& record,
                        const WriteOptions& options) override;
  std::vector<nlohmann::json> create_many(const Scope& scope, Entity entity,
                                          const std::vector<nlohmann::json>& records) override;
  nlohmann::json get(const Scope& scope, Entity entity, Id id) override;
  nlohmann::json update(const Scope& scope, Entity entity, Id id, const nlohmann::json& record,
                        std::optional<std::int64_t> expected_version) override;
  void remove(const Scope& scope, Entity entity, Id id, std::optional<std::int64_t> expected_version,
              bool cascade) override;
  Page<nlohmann::json> list(const Scope& scope, Entity entity, const ListRequest& request) override;

  Page<Owner> search_owners(const Scope& scope, const OwnerSearch& request) override;
  Page<Dog> list_dogs(const Scope& scope, const DogFilter& request) override;
  CursorPage<TimelineEntry> timeline(const Scope& scope, const TimelineRequest& request) override;
  Page<NoteHit> search_notes(const Scope& scope, const NoteSearch& request) override;
  Page<VaccinationDue> vaccinations_due(const Scope& scope, const VaccinationDueRequest& request) override;
  Page<Visit> trainer_visits(const Scope& scope, const TrainerVisitsRequest& request) override;
  std::vector<Visit> visits_of_dogs(const Scope& scope, const std::vector<Id>& dog_ids) override;
  std::vector<NoteRevision> note_revisions(const Scope& scope, Id note_id) override;
  std::vector<CareFlag> care_flags(const Scope& scope, Id dog_id, bool active_only) override;
  std::vector<Vaccination> vaccinations(const Scope& scope, Id dog_id) override;
  ProgressRows progress_rows(const Scope& scope, Id dog_id) override;
  Page<ChangeRecord> history(const Scope& scope, const HistoryRequest& request) override;
  std::vector<ChangeRecord> changes_since(const Scope& scope, std::int64_t after_seq, int limit) override;

  Organization create_organization(const std::string& name) override;
  std::vector<Organization> organizations() override;
  User create_user(Id organization_id, const User& user) override;
  User update_user(Id organization_id, const User& user) override;
  std::optional<std::pair<User, Id>> find_user_for_login(const std::string& username) override;
  std::vector<User> users(Id organization_id) override;

  void transaction(const std::function<void()>& work) override;
  // sqlite_bulk.cpp / sqlite_records.cpp: the bulk-import path.
  void bulk_transaction(const std::function<void()>& work) override;
  std::vector<Id> insert_many(const Scope& scope, Entity entity, const std::vector<nlohmann::json>& records) override;
  /// Inside bulk_transaction, before insert_many writes `count` records of `entity`: drops the secondary
  /// indexes it will rebuild at the end once enough rows were written (SqliteOptions::bulk_index_rebuild_rows).
  void bulk_before_insert(Entity entity, std::size_t count);
  int schema_version() override;
  Stats stats(const Scope& scope) override;
  void backup(const std::string& path) override;

  // --- shared by the .cpp files of this engine ---
  /// A prepared statement from the cache, reset and with bindings cleared. The SQL text is the key.
  SQLite::Statement& statement(const std::string& sql);
  SQLite::Database& db() noexcept { return db_; }
  [[nodiscard]] const Clock& clock() const noexcept { return *clock_; }

 private:
  // sqlite_storage.cpp
  void initialize(const std::string& path);
  void migrate_from(int version);
  int user_version();

  SQLite::Database db_;
  std::shared_ptr<const Clock> clock_;
  SqliteOptions options_;
  std::unordered_map<std::string, std::unique_ptr<SQLite::Statement>> statements_;
  bool in_bulk_ = false;      // inside bulk_transaction: full-text indexing of new notes is deferred
  bool bulk_failed_ = false;  // a write inside bulk_transaction failed: the import must not commit
  struct DroppedIndex {
    std::string name;
    std::string sql;  // from sqlite_master, byte for byte
  };
  // The bookkeeping of the running bulk_transaction (sqlite_bulk.cpp).
  struct BulkState {
    std::int64_t notes_before = 0;    // the largest note id before the import
    std::int64_t changes_before = 0;  // the largest change seq before the import
    std::int64_t notes_written = 0;
    std::int64_t changes_written = 0;
    bool notes_indexes_dropped = false;
    bool changes_indexes_dropped = false;
    std::vector<DroppedIndex> dropped;  // rebuilt at the end of the import, in this order
  };
  BulkState bulk_;
  void drop_indexes_for_bulk(const std::vector<const char*>& names);
  friend class WriteTransaction;
};

/// Throws the pawnotes error for a SQLite failure: StorageError with a message for people (disk full,
/// I/O error, busy, read-only, corrupt), Conflict for a constraint that the checks before it missed.
[[noreturn]] void throw_translated(const SQLite::Exception& error, const char* what);

/// Runs `fn` and translates SQLite failures into StorageError (never leaking SQL text),
/// leaving pawnotes errors (ValidationError, Conflict, ...) untouched.
template <class Fn>
auto translate_sqlite_errors(const char* what, Fn&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const Error&) {
    throw;
  } catch (const SQLite::Exception& error) {
    throw_translated(error, what);
  } catch (const nlohmann::json::exception&) {
    throw StorageError(std::string(what) + ": a stored record could not be read");
  }
}

/// BEGIN IMMEDIATE ... COMMIT; rolls back in the destructor unless committed (never throws there).
class WriteTransaction {
 public:
  explicit WriteTransaction(SqliteStorage& storage);
  ~WriteTransaction();
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;
  void commit();

 private:
  SqliteStorage& storage_;
  bool open_ = false;
  bool nested_ = false;  // inside an outer transaction: a SAVEPOINT instead of BEGIN
  // Inside bulk_transaction: no savepoint (its sub-journal would copy every page the import touches); a
  // write that fails marks the import failed instead, and the import then rolls back as a whole.
  bool in_bulk_ = false;
};

}  // namespace pawnotes::sqlite_detail
