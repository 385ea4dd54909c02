// The PostgreSQL engine's plumbing: the connection and its replacement after a server restart, the
// statement cache, transactions, error translation, migrations and the administration calls.
//
// Why libpq (and not libpqxx or an ORM): it is PostgreSQL's own C API, in Debian as libpq-dev (runtime
// libpq5), so the core adds no C++ wrapper whose ABI has to match the compiler of every consumer; and it
// gives full control over what goes on the wire (prepared statements, pipelining, COPY).
#include "postgres/postgres_storage.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <string>
#include <utility>

namespace pawnotes::postgres_detail {

// Generated from migrations/*.sql by cmake/EmbedText.cmake (lib/CMakeLists.txt).
extern const char* const kMigration0001;
extern const char* const kMigration0002;

namespace {

constexpr int kSchemaVersion = 2;
// pg_advisory_xact_lock key taken by the migration runner, so processes that open one database at the same
// time migrate it once ("pawnotes" in ASCII).
constexpr const char* kMigrationLock = "SELECT pg_advisory_xact_lock(7016996413625951603)";

struct Migration {
  int version;
  const char* sql;
};

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> list = {{1, kMigration0001}, {2, kMigration0002}};
  return list;
}

// SQLSTATEs that mean "the server is not there (now)": connection exceptions (class 08), admin / crash
// shutdown and "the database system is starting up" (57P01..57P03).
bool is_unavailable_state(const std::string& state) {
  return state.rfind("08", 0) == 0 || state == "57P01" || state == "57P02" || state == "57P03";
}

constexpr const char* kUnavailable =
    "the database server cannot be reached (it may be restarting); nothing was saved, try again shortly";

}  // namespace

// ---------------------------------------------------------------- Params / Result

std::string Params::add(std::int64_t value) {
  values_.emplace_back(std::to_string(value));
  return "$" + std::to_string(values_.size());
}

std::string Params::add(std::string value) {
  values_.emplace_back(std::move(value));
  return "$" + std::to_string(values_.size());
}

std::string Params::add(bool value) {
  values_.emplace_back(value ? "true" : "false");
  return "$" + std::to_string(values_.size());
}

std::string Params::add_null() {
  values_.emplace_back(std::nullopt);
  return "$" + std::to_string(values_.size());
}

std::vector<const char*> Params::pointers() const {
  std::vector<const char*> out;
  out.reserve(values_.size());
  for (const auto& value : values_) out.push_back(value ? value->c_str() : nullptr);
  return out;
}

std::int64_t Result::int64(int row, int col) const {
  const std::string_view text = view(row, col);
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    throw StorageError("the database returned a malformed number");
  }
  return value;
}

double Result::real(int row, int col) const {
  const std::string text(view(row, col));
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (end == text.c_str()) throw StorageError("the database returned a malformed number");
  return value;
}

std::string id_array(const std::vector<Id>& ids) {
  std::string out = "{";
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) out += ',';
    out += std::to_string(ids[i]);
  }
  return out + "}";
}

// ---------------------------------------------------------------- errors

void throw_translated(const PgFailure& failure, const char* what) {
  const std::string& state = failure.sqlstate;
  if (failure.connection_lost || is_unavailable_state(state))
    throw Unavailable(std::string(what) + ": " + kUnavailable);
  if (state == "23505") {
    // A unique constraint that the checks before the write also test: a concurrent write won the race.
    // The same field error as the check gives (what the SQLite engine reports for the same case).
    const std::string& c = failure.constraint;
    if (c == "pet_types_name_unique")
      throw ValidationError({{"name", "unique", "is already used by another pet type"}});
    if (c == "specialties_name_unique") {
      throw ValidationError({{"name", "unique", "is already used by another specialty"}});
    }
    if (c == "skills_name_unique") throw ValidationError({{"name", "unique", "is already used by another skill"}});
    if (c == "dogs_name_unique")
      throw ValidationError({{"name", "unique", "is already used by another dog of this owner"}});
    if (c == "dogs_microchip_unique")
      throw ValidationError({{"microchip", "unique", "is already used by another dog"}});
    if (c == "users_username_unique")
      throw ValidationError({{"username", "unique", "is already used by another user"}});
  }
  if (state.rfind("23", 0) == 0) {  // integrity constraint violations: foreign keys, not null, unique
    throw Conflict(std::string(what) + ": the change conflicts with another record; nothing was written");
  }
  if (state == "40001" || state == "40P01" || state == "55P03") {
    throw StorageError(std::string(what) + ": the database is busy, try again");
  }
  if (state == "53100") throw StorageError(std::string(what) + ": the disk is full; nothing was written");
  if (state.rfind("53", 0) == 0) {
    throw StorageError(std::string(what) + ": the database server is out of resources; nothing was written");
  }
  if (state == "25006") throw StorageError(std::string(what) + ": the database is read-only; nothing was written");
  if (state == "42501") throw StorageError(std::string(what) + ": permission to the database was denied");
  if (state == "57014") throw StorageError(std::string(what) + ": the operation was interrupted; nothing was written");
  if (state == "54000") throw StorageError(std::string(what) + ": a value is too large to be stored");
  throw StorageError(std::string(what) + ": the storage engine failed (PostgreSQL code " +
                     (state.empty() ? std::string("unknown") : state) + ")");
}

// ---------------------------------------------------------------- connection

PostgresStorage::PostgresStorage(std::string url, std::shared_ptr<const Clock> clock, const PostgresOptions& options)
    : url_(std::move(url)), clock_(std::move(clock)), options_(options) {
  if (!clock_) clock_ = std::make_shared<SystemClock>();
  connect();
  try {
    initialize();
  } catch (const Error&) {
    disconnect();
    throw;
  } catch (const PgFailure& failure) {
    disconnect();
    throw_translated(failure, "could not open the database");
  }
}

PostgresStorage::~PostgresStorage() { disconnect(); }

void PostgresStorage::disconnect() noexcept {
  if (conn_ != nullptr) PQfinish(conn_);
  conn_ = nullptr;
  prepared_.clear();
  transaction_depth_ = 0;
}

void PostgresStorage::connect() {
  disconnect();
  {
    char* error = nullptr;
    PQconninfoOption* parsed = PQconninfoParse(url_.c_str(), &error);
    if (parsed == nullptr) {
      if (error != nullptr) PQfreemem(error);
      throw StorageError("could not connect to the database: the database URL is not valid");
    }
    PQconninfoFree(parsed);
  }
  const std::string timeout = std::to_string(std::max(1, options_.connect_timeout_seconds));
  // Earlier entries are defaults: what the URL (expanded from dbname) says wins.
  const char* keys[] = {"application_name", "connect_timeout", "client_encoding", "dbname", nullptr};
  const char* values[] = {options_.application_name.c_str(), timeout.c_str(), "UTF8", url_.c_str(), nullptr};
  conn_ = PQconnectdbParams(keys, values, 1);
  if (conn_ == nullptr) throw StorageError("could not connect to the database: out of memory");
  if (PQstatus(conn_) != CONNECTION_OK) {
    const std::string message = PQerrorMessage(conn_);
    disconnect();
    // Authentication and unknown databases are configuration errors, not a passing outage.
    if (message.find("does not exist") != std::string::npos) {
      throw StorageError("could not connect to the database: the database does not exist");
    }
    if (message.find("authentication") != std::string::npos || message.find("password") != std::string::npos) {
      throw StorageError("could not connect to the database: the user name or password was refused");
    }
    throw Unavailable(std::string("could not connect to the database: ") + kUnavailable);
  }
  // Quiet: no NOTICE lines on stderr ("relation already exists, skipping").
  PQsetNoticeProcessor(
      conn_, [](void*, const char*) {}, nullptr);
}

bool PostgresStorage::in_transaction() const { return conn_ != nullptr && PQtransactionStatus(conn_) != PQTRANS_IDLE; }

void PostgresStorage::begin_call() noexcept {
  call_statements_ = 0;
  call_at_top_level_ = transaction_depth_ == 0 && conn_ != nullptr && PQtransactionStatus(conn_) == PQTRANS_IDLE;
}

void PostgresStorage::ensure_connected() {
  if (conn_ != nullptr && transaction_depth_ == 0 && PQtransactionStatus(conn_) == PQTRANS_IDLE) {
    // Reads what the server sent while the connection was idle: after a restart or pg_terminate_backend,
    // the termination notice, then EOF, which turns the status to CONNECTION_BAD (the second read sees
    // the EOF when the first one consumed the notice). Non-blocking: no wait when nothing arrived.
    for (int i = 0; i < 2 && PQstatus(conn_) == CONNECTION_OK; ++i) PQconsumeInput(conn_);
  }
  if (conn_ != nullptr && PQstatus(conn_) == CONNECTION_OK) return;
  if (transaction_depth_ > 0) {
    // The transaction died with its connection: the caller's Storage::transaction must fail whole.
    throw Unavailable(std::string("the transaction was lost: ") + kUnavailable);
  }
  connect();
}

void PostgresStorage::fail(PGresult* result) {
  PgFailure failure;
  if (result != nullptr) {
    if (const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE)) failure.sqlstate = state;
    if (const char* constraint = PQresultErrorField(result, PG_DIAG_CONSTRAINT_NAME)) failure.constraint = constraint;
    PQclear(result);
  }
  if (conn_ == nullptr || PQstatus(conn_) != CONNECTION_OK) {
    failure.connection_lost = true;
  }
  throw failure;
}

Result PostgresStorage::exec(const std::string& sql, const Params& params) {
  if (conn_ == nullptr) fail(nullptr);
  auto found = prepared_.find(sql);
  if (found == prepared_.end()) {
    std::string name = "pawnotes_" + std::to_string(prepared_.size() + 1);
    // Neither counted in statements_sent_ (prepared once per connection) nor in call_statements_ (a
    // PREPARE changes no data, so it never makes a retry unsafe).
    PGresult* prepared = PQprepare(conn_, name.c_str(), sql.c_str(), params.size(), nullptr);
    if (prepared == nullptr || PQresultStatus(prepared) != PGRES_COMMAND_OK) fail(prepared);
    PQclear(prepared);
    found = prepared_.emplace(sql, std::move(name)).first;
  }
  const std::vector<const char*> values = params.pointers();
  ++statements_sent_;
  ++call_statements_;
  PGresult* result = PQexecPrepared(conn_, found->second.c_str(), params.size(), values.data(), nullptr, nullptr, 0);
  const ExecStatusType status = result == nullptr ? PGRES_FATAL_ERROR : PQresultStatus(result);
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) fail(result);
  return Result(result);
}

void PostgresStorage::exec_simple(const std::string& sql) {
  if (conn_ == nullptr) fail(nullptr);
  ++statements_sent_;
  ++call_statements_;
  PGresult* result = PQexec(conn_, sql.c_str());
  const ExecStatusType status = result == nullptr ? PGRES_FATAL_ERROR : PQresultStatus(result);
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) fail(result);
  PQclear(result);
}

// ---------------------------------------------------------------- transactions

WriteTransaction::WriteTransaction(PostgresStorage& storage) : storage_(storage), nested_(storage.in_transaction()) {
  storage_.exec_simple(nested_ ? "SAVEPOINT pawnotes_write" : "BEGIN");
  open_ = true;
}

WriteTransaction::~WriteTransaction() {
  if (!open_ || storage_.conn_ == nullptr || PQstatus(storage_.conn_) != CONNECTION_OK) return;
  // Never throws: a failed rollback leaves the server to roll back when the connection closes.
  PGresult* result =
      PQexec(storage_.conn_, nested_ ? "ROLLBACK TO pawnotes_write; RELEASE pawnotes_write" : "ROLLBACK");
  if (result != nullptr) PQclear(result);
}

void WriteTransaction::commit() {
  storage_.exec_simple(nested_ ? "RELEASE pawnotes_write" : "COMMIT");
  open_ = false;
}

void PostgresStorage::transaction(const std::function<void()>& work) {
  std::optional<WriteTransaction> outer;
  translate_pg_errors(*this, "could not start the transaction", [&] { outer.emplace(*this); });
  ++transaction_depth_;
  try {
    work();  // its own errors propagate as they are; `outer` then rolls everything back
  } catch (...) {
    transaction_depth_ = std::max(0, transaction_depth_ - 1);
    throw;
  }
  transaction_depth_ = std::max(0, transaction_depth_ - 1);
  translate_pg_errors(*this, "could not commit the transaction", [&] { outer->commit(); });
}

// ---------------------------------------------------------------- migrations

int PostgresStorage::stored_schema_version() {
  const Result table = exec("SELECT to_regclass('schema_version') IS NOT NULL");
  if (!table.boolean(0, 0)) return 0;
  const Result version = exec("SELECT coalesce(max(version), 0) FROM schema_version");
  return static_cast<int>(version.int64(0, 0));
}

void PostgresStorage::initialize() {
  // Read before anything writes: a too-new or foreign database must be left exactly as it was.
  int version = stored_schema_version();
  if (version > kSchemaVersion) {
    throw StorageError("database schema version " + std::to_string(version) +
                       " is newer than this pawnotes build supports (" + std::to_string(kSchemaVersion) + ")");
  }
  if (version == 0) {
    const Result tables = exec(
        "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename <> "
        "'schema_version'");
    if (tables.int64(0, 0) > 0) {
      throw StorageError("the database holds tables but is not a pawnotes database");
    }
  }
  if (version == kSchemaVersion) return;
  if (!options_.migrate) {
    throw StorageError("database schema version " + std::to_string(version) + " is older than this pawnotes build (" +
                       std::to_string(kSchemaVersion) + "); run `pawnotes migrate` to upgrade it");
  }
  for (const Migration& migration : migrations()) {
    if (migration.version <= version) continue;
    WriteTransaction transaction(*this);
    exec_simple(kMigrationLock);
    exec_simple("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
    // Another process may have migrated while this one waited for the lock.
    if (stored_schema_version() >= migration.version) continue;
    exec_simple(migration.sql);
    Params params;
    const std::string v = params.add(static_cast<std::int64_t>(migration.version));
    const std::string at = params.add(clock_->now().to_string());
    exec("INSERT INTO schema_version (version, applied_at) VALUES (" + v + ", " + at + ")", params);
    transaction.commit();
  }
  prepared_.clear();
  exec_simple("DEALLOCATE ALL");  // the schema changed: statements prepared against the old one go
  version = stored_schema_version();
  if (version != kSchemaVersion) throw StorageError("the database could not be migrated");
}

// ---------------------------------------------------------------- administration

int PostgresStorage::schema_version() {
  return translate_pg_errors(*this, "could not read the schema version", [&] { return stored_schema_version(); });
}

Stats PostgresStorage::stats(const Scope& scope) {
  return translate_pg_errors(*this, "could not read the statistics", [&] {
    Params params;
    params.add(static_cast<std::int64_t>(scope.organization_id));
    const Result row = exec(
        "SELECT (SELECT count(*) FROM owners WHERE organization_id = $1),"
        " (SELECT count(*) FROM dogs WHERE organization_id = $1),"
        " (SELECT count(*) FROM trainers WHERE organization_id = $1),"
        " (SELECT count(*) FROM visits WHERE organization_id = $1),"
        " (SELECT count(*) FROM notes WHERE organization_id = $1 AND deleted_at IS NULL),"
        " (SELECT count(*) FROM care_flags WHERE organization_id = $1),"
        " (SELECT count(*) FROM vaccinations WHERE organization_id = $1),"
        " (SELECT count(*) FROM changes WHERE organization_id = $1)",
        params);
    Stats stats;
    stats.owners = row.int64(0, 0);
    stats.dogs = row.int64(0, 1);
    stats.trainers = row.int64(0, 2);
    stats.visits = row.int64(0, 3);
    stats.notes = row.int64(0, 4);
    stats.care_flags = row.int64(0, 5);
    stats.vaccinations = row.int64(0, 6);
    stats.changes = row.int64(0, 7);
    stats.schema_version = stored_schema_version();
    return stats;
  });
}

void PostgresStorage::backup(const std::string& /*path*/) {
  throw StorageError(
      "online backups to a file are an SQLite feature; back up a PostgreSQL database with pg_dump or the "
      "server's own backups");
}

}  // namespace pawnotes::postgres_detail

namespace pawnotes {

std::unique_ptr<Storage> open_postgres(const std::string& url, std::shared_ptr<const Clock> clock,
                                       const PostgresOptions& options) {
  return std::make_unique<postgres_detail::PostgresStorage>(url, std::move(clock), options);
}

int postgres_schema_version() noexcept { return postgres_detail::kSchemaVersion; }

bool postgres_available() noexcept { return true; }

}  // namespace pawnotes
