// The SQLite engine's plumbing: opening, PRAGMAs, migrations, the statement cache, write transactions,
// error translation and the administration calls (schema version, stats, backup).
#include "sqlite/sqlite_storage.hpp"

#include <optional>

#include <SQLiteCpp/Backup.h>
#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <system_error>
#include <utility>

namespace pawnotes::sqlite_detail {

// Generated from migrations/*.sql by cmake/EmbedText.cmake (lib/CMakeLists.txt).
extern const char* const kMigration0001;
extern const char* const kMigration0002;

namespace {

constexpr int kSchemaVersion = 2;

struct Migration {
  int version;
  const char* sql;
};

// In a function so the pointers are read after static initialization of the generated files.
const std::vector<Migration>& migrations() {
  static const std::vector<Migration> list = {{1, kMigration0001}, {2, kMigration0002}};
  return list;
}

bool is_in_memory(const std::string& path) {
  return path.empty() || path == ":memory:" || path.rfind("file::memory:", 0) == 0 ||
         path.find("mode=memory") != std::string::npos;
}

SQLite::Database open_connection(const std::string& path, const SqliteOptions& options) {
  const int flags =
      (options.read_only ? SQLite::OPEN_READONLY : SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE) | SQLite::OPEN_NOMUTEX;
  try {
    return SQLite::Database(path, flags, options.busy_timeout_ms, options.vfs);
  } catch (const SQLite::Exception& error) {
    throw_translated(error, "could not open the database");
  }
}

const char* reason_for(int code) {
  switch (code & 0xff) {
    case SQLITE_FULL: return "the disk is full; nothing was written";
    case SQLITE_IOERR: return "the database file could not be read or written (I/O error); nothing was written";
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return "the database is busy, try again";
    case SQLITE_READONLY: return "the database is read-only; nothing was written";
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: return "the file is not a pawnotes database or it is corrupt";
    case SQLITE_CANTOPEN: return "the database file could not be opened";
    case SQLITE_PERM:
    case SQLITE_AUTH: return "permission to the database file was denied";
    case SQLITE_NOMEM: return "out of memory; nothing was written";
    case SQLITE_TOOBIG: return "a value is too large to be stored";
    case SQLITE_INTERRUPT: return "the operation was interrupted; nothing was written";
    default: return nullptr;
  }
}

}  // namespace

void throw_translated(const SQLite::Exception& error, const char* what) {
  int code = error.getExtendedErrorCode();
  if (code <= 0) code = error.getErrorCode();
  if ((code & 0xff) == SQLITE_CONSTRAINT) {
    throw Conflict(std::string(what) + ": the change conflicts with another record; nothing was written");
  }
  const char* reason = reason_for(code);
  if (reason != nullptr) throw StorageError(std::string(what) + ": " + reason);
  throw StorageError(std::string(what) + ": the storage engine failed (SQLite code " + std::to_string(code) + ")");
}

// Inside Storage::transaction a write is a savepoint, so a failed write undoes only itself and the outer
// transaction decides whether everything lands.
WriteTransaction::WriteTransaction(SqliteStorage& storage)
    : storage_(storage),
      nested_(sqlite3_get_autocommit(storage.db().getHandle()) == 0),
      in_bulk_(nested_ && storage.in_bulk_) {
  open_ = true;
  if (in_bulk_) return;
  storage_.statement(nested_ ? "SAVEPOINT pawnotes_write" : "BEGIN IMMEDIATE").exec();
}

WriteTransaction::~WriteTransaction() {
  if (!open_) return;
  if (in_bulk_) {
    storage_.bulk_failed_ = true;
    return;
  }
  // Never throws: a failed rollback leaves SQLite to roll back when the connection closes.
  sqlite3* handle = storage_.db().getHandle();
  if (nested_) {
    sqlite3_exec(handle, "ROLLBACK TO pawnotes_write; RELEASE pawnotes_write", nullptr, nullptr, nullptr);
  } else {
    sqlite3_exec(handle, "ROLLBACK", nullptr, nullptr, nullptr);
  }
}

void WriteTransaction::commit() {
  if (in_bulk_) {
    open_ = false;
    return;
  }
  storage_.statement(nested_ ? "RELEASE pawnotes_write" : "COMMIT").exec();
  open_ = false;
}

SqliteStorage::SqliteStorage(const std::string& path, std::shared_ptr<const Clock> clock, const SqliteOptions& options)
    : db_(open_connection(path, options)), clock_(std::move(clock)), options_(options) {
  if (!clock_) clock_ = std::make_shared<SystemClock>();
  translate_sqlite_errors("could not open the database", [&] { initialize(path); });
}

SqliteStorage::~SqliteStorage() {
  statements_.clear();  // finalize every statement before the connection closes
}

int SqliteStorage::user_version() { return db_.execAndGet("PRAGMA user_version").getInt(); }

void SqliteStorage::initialize(const std::string& path) {
  // Read before anything writes: a too-new or foreign file must be left exactly as it was.
  const int version = user_version();
  if (version > kSchemaVersion) {
    throw StorageError("database schema version " + std::to_string(version) +
                       " is newer than this pawnotes build supports (" + std::to_string(kSchemaVersion) + ")");
  }
  if (version == 0 && db_.execAndGet("SELECT count(*) FROM sqlite_master").getInt() > 0) {
    throw StorageError("the file is an SQLite database but not a pawnotes database");
  }
  if (!options_.read_only && !is_in_memory(path)) db_.execAndGet("PRAGMA journal_mode=WAL");
  // FULL: in WAL mode every commit syncs the log, so an acknowledged write survives power loss.
  db_.exec("PRAGMA synchronous=FULL");
  db_.exec("PRAGMA foreign_keys=ON");
  // A ceiling, used only as the database grows (SqliteOptions::cache_size_kib).
  db_.exec("PRAGMA cache_size=-" + std::to_string(std::max(64, options_.cache_size_kib)));
  db_.setBusyTimeout(options_.busy_timeout_ms);
  if (version < kSchemaVersion) {
    if (options_.read_only || !options_.migrate) {
      throw StorageError("database schema version " + std::to_string(version) + " is older than this pawnotes build (" +
                         std::to_string(kSchemaVersion) + "); run `pawnotes migrate` to upgrade it");
    }
    migrate_from(version);
  }
}

void SqliteStorage::migrate_from(int version) {
  for (const Migration& migration : migrations()) {
    if (migration.version <= version) continue;
    WriteTransaction transaction(*this);
    // Another process may have migrated while this one waited for the write lock.
    if (user_version() >= migration.version) continue;
    db_.exec(migration.sql);
    db_.exec("PRAGMA user_version = " + std::to_string(migration.version));
    transaction.commit();
  }
  statements_.clear();  // schema changed: cached statements would be re-prepared anyway
}

SQLite::Statement& SqliteStorage::statement(const std::string& sql) {
  auto found = statements_.find(sql);
  if (found == statements_.end()) {
    found = statements_.emplace(sql, std::make_unique<SQLite::Statement>(db_, sql)).first;
  }
  SQLite::Statement& cached = *found->second;
  cached.tryReset();
  cached.clearBindings();
  return cached;
}

void SqliteStorage::transaction(const std::function<void()>& work) {
  std::optional<WriteTransaction> outer;
  translate_sqlite_errors("could not start the transaction", [&] { outer.emplace(*this); });
  work();  // its own errors propagate as they are; `outer` then rolls everything back
  translate_sqlite_errors("could not commit the transaction", [&] { outer->commit(); });
}

int SqliteStorage::schema_version() {
  return translate_sqlite_errors("could not read the schema version", [&] { return user_version(); });
}

Stats SqliteStorage::stats(const Scope& scope) {
  return translate_sqlite_errors("could not read the statistics", [&] {
    SQLite::Statement& query = statement(
        "SELECT (SELECT count(*) FROM owners WHERE organization_id = ?1),"
        " (SELECT count(*) FROM dogs WHERE organization_id = ?1),"
        " (SELECT count(*) FROM trainers WHERE organization_id = ?1),"
        " (SELECT count(*) FROM visits WHERE organization_id = ?1),"
        " (SELECT count(*) FROM notes WHERE organization_id = ?1 AND deleted_at IS NULL),"
        " (SELECT count(*) FROM care_flags WHERE organization_id = ?1),"
        " (SELECT count(*) FROM vaccinations WHERE organization_id = ?1),"
        " (SELECT count(*) FROM changes WHERE organization_id = ?1)");
    query.bind(1, static_cast<std::int64_t>(scope.organization_id));
    query.executeStep();
    Stats stats;
    stats.owners = query.getColumn(0).getInt64();
    stats.dogs = query.getColumn(1).getInt64();
    stats.trainers = query.getColumn(2).getInt64();
    stats.visits = query.getColumn(3).getInt64();
    stats.notes = query.getColumn(4).getInt64();
    stats.care_flags = query.getColumn(5).getInt64();
    stats.vaccinations = query.getColumn(6).getInt64();
    stats.changes = query.getColumn(7).getInt64();
    query.tryReset();
    stats.schema_version = user_version();
    return stats;
  });
}

void SqliteStorage::backup(const std::string& path) {
  std::error_code ignored;
  if (path.empty() || std::filesystem::exists(path, ignored)) {
    throw StorageError("the backup target already exists; choose a new file name");
  }
  translate_sqlite_errors("could not write the backup", [&] {
    try {
      SQLite::Database target(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
      SQLite::Backup copy(target, db_);
      copy.executeStep(-1);  // the whole database in one step: a consistent snapshot
    } catch (...) {
      std::filesystem::remove(path, ignored);
      throw;
    }
  });
}

}  // namespace pawnotes::sqlite_detail

namespace pawnotes {

std::unique_ptr<Storage> open_sqlite(const std::string& path, std::shared_ptr<const Clock> clock,
                                     const SqliteOptions& options) {
  return std::make_unique<sqlite_detail::SqliteStorage>(path, std::move(clock), options);
}

int sqlite_schema_version() noexcept { return sqlite_detail::kSchemaVersion; }

}  // namespace pawnotes
