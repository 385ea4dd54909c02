// copy_sqlite_to_postgres (transfer.hpp): the engines' tables row for row, SQLite (SQLiteCpp, one read
// snapshot) -> PostgreSQL (libpq, one transaction). The source and target column lists are read from
// both schemas and must agree (notes.search, PostgreSQL's full-text column, is rebuilt from the body the
// way the engine builds it), so a column added to one engine and not the other stops the copy instead of
// silently losing data.
#include <libpq-fe.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "pawnotes/date_time.hpp"
#include "pawnotes/errors.hpp"
#include "pawnotes/postgres.hpp"
#include "pawnotes/sqlite.hpp"
#include "pawnotes/transfer.hpp"
#include "postgres/postgres_storage.hpp"

namespace pawnotes {
namespace {

namespace fs = std::filesystem;

// A row's references come before it: organizations <- users, owners, pet types <- dogs <- visits, ...
const std::vector<std::string> kTables = {"organizations",
                                          "users",
                                          "owners",
                                          "pet_types",
                                          "dogs",
                                          "specialties",
                                          "trainers",
                                          "trainer_specialties",
                                          "visits",
                                          "notes",
                                          "note_tags",
                                          "note_revisions",
                                          "care_flags",
                                          "vaccinations",
                                          "skills",
                                          "goals",
                                          "training_sessions",
                                          "session_trials",
                                          "homework",
                                          "client_keys",
                                          "changes"};

// The column holding a table's id (its sequence is moved past the copied ids); none for link tables.
std::string id_column(const std::string& table) {
  if (table == "changes") return "seq";
  if (table == "trainer_specialties" || table == "note_tags" || table == "note_revisions" || table == "client_keys" ||
      table == "session_trials")
    return "";
  return "id";
}

// Tables of the target that are not the core's data: the migration runner's and the REST server's.
bool ignored_target_table(const std::string& name) { return name == "schema_version" || name.rfind("server_", 0) == 0; }

// Tables of the source that are SQLite machinery: FTS5's index (rebuilt on the target from the bodies).
bool ignored_source_table(const std::string& name) {
  return name.rfind("sqlite_", 0) == 0 || name.rfind("notes_fts", 0) == 0;
}

std::string quoted(const std::string& identifier) { return "\"" + identifier + "\""; }

// ------------------------------------------------------------------ libpq

struct ResultDeleter {
  void operator()(PGresult* r) const noexcept { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, ResultDeleter>;

std::string first_line(const char* message) {
  std::string text = message ? message : "";
  const auto end = text.find('\n');
  if (end != std::string::npos) text.resize(end);
  return text;
}

class Connection {
 public:
  explicit Connection(const std::string& url) {
    const char* keys[] = {"dbname", "connect_timeout", "application_name", nullptr};
    const char* values[] = {url.c_str(), "10", "pawnotes migrate-to-postgres", nullptr};
    conn_ = PQconnectdbParams(keys, values, 1);
    if (conn_ == nullptr || PQstatus(conn_) != CONNECTION_OK) {
      const std::string why = conn_ ? first_line(PQerrorMessage(conn_)) : "out of memory";
      PQfinish(conn_);
      conn_ = nullptr;
      throw Unavailable("cannot connect to the PostgreSQL database: " + why);
    }
  }
  ~Connection() { PQfinish(conn_); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  PgResult run(const std::string& sql, const std::vector<std::optional<std::string>>& params, const char* what) {
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
    PgResult result(
        PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr, nullptr, 0));
    const ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return result;
    if (PQstatus(conn_) != CONNECTION_OK) {
      throw Unavailable(std::string(what) + ": the connection to PostgreSQL was lost");
    }
    const char* primary = result ? PQresultErrorField(result.get(), PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    throw StorageError(std::string(what) + ": " + (primary ? primary : first_line(PQerrorMessage(conn_))));
  }
  PgResult run(const std::string& sql, const char* what) { return run(sql, {}, what); }

  std::int64_t integer(const std::string& sql, const char* what) {
    const PgResult r = run(sql, what);
    if (PQntuples(r.get()) < 1 || PQgetisnull(r.get(), 0, 0)) return 0;
    return std::stoll(PQgetvalue(r.get(), 0, 0));
  }

 private:
  PGconn* conn_ = nullptr;
};

struct Column {
  std::string name;
  std::string type;  // PostgreSQL's udt_name ("int8", "text", "bool", "float8", "tsvector", ...)
};

std::vector<Column> target_columns(Connection& pg, const std::string& table) {
  const PgResult r = pg.run(
      "SELECT column_name, udt_name FROM information_schema.columns WHERE table_schema = current_schema()"
      " AND table_name = $1 ORDER BY ordinal_position",
      {table}, "reading the PostgreSQL schema");
  std::vector<Column> out;
  for (int i = 0; i < PQntuples(r.get()); ++i) out.push_back({PQgetvalue(r.get(), i, 0), PQgetvalue(r.get(), i, 1)});
  return out;
}

std::vector<std::string> source_columns(SQLite::Database& db, const std::string& table) {
  SQLite::Statement q(db, "SELECT name FROM pragma_table_info(?)");
  q.bind(1, table);
  std::vector<std::string> out;
  while (q.executeStep()) out.push_back(q.getColumn(0).getString());
  return out;
}

// ------------------------------------------------------------------ the plan of one table

struct TablePlan {
  std::string table;
  std::vector<std::string> columns;  // copied as they are (source order = target names)
  std::vector<std::string> types;    // their PostgreSQL types (for the parameter casts)
  bool rebuild_search = false;       // notes: search = to_tsvector('pawnotes_search', search_text(body))
  std::size_t body_index = 0;
};

TablePlan plan_table(SQLite::Database& db, Connection& pg, const std::string& table) {
  const std::vector<std::string> source = source_columns(db, table);
  const std::vector<Column> target = target_columns(pg, table);
  if (source.empty()) throw StorageError("the SQLite database has no table " + table);
  if (target.empty()) throw StorageError("the PostgreSQL database has no table " + table);
  TablePlan plan;
  plan.table = table;
  std::map<std::string, std::string> target_types;
  for (const Column& c : target) target_types[c.name] = c.type;
  for (const std::string& name : source) {
    const auto it = target_types.find(name);
    if (it == target_types.end())
      throw StorageError("column " + table + "." + name + " has no place in the PostgreSQL schema");
    plan.columns.push_back(name);
    plan.types.push_back(it->second);
    target_types.erase(it);
  }
  for (const auto& [name, type] : target_types) {
    if (table == "notes" && name == "search" && type == "tsvector") {
      plan.rebuild_search = true;
      continue;
    }
    throw StorageError("column " + table + "." + name + " of the PostgreSQL schema has no source in SQLite");
  }
  if (plan.rebuild_search) {
    const auto body = std::find(plan.columns.begin(), plan.columns.end(), "body");
    if (body == plan.columns.end()) throw StorageError("notes has no body to index");
    plan.body_index = static_cast<std::size_t>(body - plan.columns.begin());
  }
  return plan;
}

// A SQLite value as PostgreSQL text input (nullopt = NULL).
std::optional<std::string> text_of(const SQLite::Column& value) {
  if (value.isNull()) return std::nullopt;
  if (value.isInteger()) return std::to_string(value.getInt64());
  if (value.isFloat()) {
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%.17g", value.getDouble());
    return std::string(buffer);
  }
  return value.getString();
}

void copy_table(SQLite::Database& db, Connection& pg, const TablePlan& plan, std::int64_t total, int batch_rows,
                const CopyProgress& progress) {
  std::string select = "SELECT ";
  for (std::size_t i = 0; i < plan.columns.size(); ++i) select += (i ? ", " : "") + quoted(plan.columns[i]);
  select += " FROM " + quoted(plan.table);
  const std::string id = id_column(plan.table);
  if (id.empty()) {  // link tables may be WITHOUT ROWID: order by every column
    select += " ORDER BY ";
    for (std::size_t i = 0; i < plan.columns.size(); ++i) select += (i ? ", " : "") + std::to_string(i + 1);
  } else {
    select += " ORDER BY " + quoted(id);
  }

  std::string insert_head = "INSERT INTO " + quoted(plan.table) + " (";
  for (std::size_t i = 0; i < plan.columns.size(); ++i) insert_head += (i ? ", " : "") + quoted(plan.columns[i]);
  if (plan.rebuild_search) insert_head += ", search";
  insert_head += ") VALUES ";
  const std::size_t per_row = plan.columns.size() + (plan.rebuild_search ? 1 : 0);
  // PostgreSQL takes at most 65535 parameters per statement.
  const std::size_t rows_per_batch =
      std::max<std::size_t>(1, std::min<std::size_t>(static_cast<std::size_t>(batch_rows), 60000 / per_row));

  SQLite::Statement q(db, select);
  std::vector<std::optional<std::string>> params;
  std::string values;
  std::size_t rows = 0;
  std::int64_t done = 0;
  const auto flush = [&] {
    if (rows == 0) return;
    pg.run(insert_head + values, params, ("copying " + plan.table).c_str());
    done += static_cast<std::int64_t>(rows);
    params.clear();
    values.clear();
    rows = 0;
    if (progress) progress(plan.table, done, total);
  };
  while (q.executeStep()) {
    values += rows ? ", (" : "(";
    for (std::size_t i = 0; i < plan.columns.size(); ++i) {
      params.push_back(text_of(q.getColumn(static_cast<int>(i))));
      values += (i ? ", $" : "$") + std::to_string(params.size()) + "::" + plan.types[i];
    }
    if (plan.rebuild_search) {
      const std::optional<std::string>& body = params[params.size() - plan.columns.size() + plan.body_index];
      params.push_back(postgres_detail::search_text(body.value_or("")));
      values += ", to_tsvector('pawnotes_search', $" + std::to_string(params.size()) + "::text)";
    }
    values += ")";
    if (++rows == rows_per_batch) flush();
  }
  flush();
  if (progress && total == 0) progress(plan.table, 0, 0);
}

TableCount count_table(SQLite::Database& db, Connection& pg, const std::string& table) {
  TableCount c;
  c.table = table;
  c.source = db.execAndGet("SELECT count(*) FROM " + quoted(table)).getInt64();
  c.target = pg.integer("SELECT count(*) FROM " + quoted(table), "counting rows");
  const std::string id = id_column(table);
  if (!id.empty()) {
    SQLite::Statement q(db, "SELECT coalesce(max(" + quoted(id) + "), 0) FROM " + quoted(table));
    q.executeStep();
    c.source_max_id = q.getColumn(0).getInt64();
    c.target_max_id = pg.integer("SELECT coalesce(max(" + quoted(id) + "), 0) FROM " + quoted(table), "counting rows");
  }
  return c;
}

void check_known_tables(SQLite::Database& db, Connection& pg) {
  const std::set<std::string> known(kTables.begin(), kTables.end());
  SQLite::Statement q(db, "SELECT name FROM sqlite_master WHERE type = 'table'");
  while (q.executeStep()) {
    const std::string name = q.getColumn(0).getString();
    if (!ignored_source_table(name) && known.count(name) == 0)
      throw StorageError("the SQLite database has a table this build cannot copy: " + name);
  }
  const PgResult r = pg.run(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
      " AND table_type = 'BASE TABLE'",
      "reading the PostgreSQL schema");
  for (int i = 0; i < PQntuples(r.get()); ++i) {
    const std::string name = PQgetvalue(r.get(), i, 0);
    if (!ignored_target_table(name) && known.count(name) == 0)
      throw StorageError("the PostgreSQL database has a table this build does not fill: " + name);
  }
}

}  // namespace

bool CopyReport::verified() const noexcept {
  return !tables.empty() && std::all_of(tables.begin(), tables.end(), [](const TableCount& t) { return t.same(); });
}

const std::vector<std::string>& transfer_tables() { return kTables; }

CopyReport copy_sqlite_to_postgres(const std::string& sqlite_path, const std::string& postgres_url,
                                   const CopyProgress& progress, int batch_rows) {
  if (!fs::is_regular_file(sqlite_path)) throw StorageError("no SQLite database at " + sqlite_path);
  std::optional<SQLite::Database> source;
  try {
    source.emplace(sqlite_path, SQLite::OPEN_READONLY);
    const int version = source->execAndGet("PRAGMA user_version").getInt();
    if (version == 0) throw StorageError(sqlite_path + " is not a pawnotes database");
    if (version < sqlite_schema_version())
      throw StorageError(sqlite_path + " is at schema version " + std::to_string(version) +
                         "; run 'pawnotes migrate' on it first");
    if (version > sqlite_schema_version())
      throw StorageError(sqlite_path + " has a newer schema (" + std::to_string(version) + ") than this build");
  } catch (const SQLite::Exception&) {
    throw StorageError(sqlite_path + " is not a SQLite database");
  }
  SQLite::Database& db = *source;

  // The schema first, through the engine (its migrations, its lock); then a connection of our own.
  PostgresOptions options;
  options.migrate = true;
  options.application_name = "pawnotes migrate-to-postgres";
  (void)open_postgres(postgres_url, std::make_shared<SystemClock>(), options);
  Connection pg(postgres_url);

  try {
    // One snapshot of the source for the whole run (WAL: writers may go on beside it).
    SQLite::Transaction snapshot(db);
    check_known_tables(db, pg);
    std::vector<TablePlan> plans;
    for (const std::string& table : kTables) plans.push_back(plan_table(db, pg, table));

    CopyReport report;
    pg.run("BEGIN ISOLATION LEVEL SERIALIZABLE", "starting the copy");
    // Writers of the target wait until the copy is committed (readers do not).
    std::string lock = "LOCK TABLE ";
    for (std::size_t i = 0; i < kTables.size(); ++i) lock += (i ? ", " : "") + quoted(kTables[i]);
    pg.run(lock + " IN EXCLUSIVE MODE", "locking the target tables");

    std::vector<TableCount> before;
    bool empty = true;
    for (const std::string& table : kTables) {
      before.push_back(count_table(db, pg, table));
      if (before.back().target != 0) empty = false;
    }
    if (!empty) {
      pg.run("ROLLBACK", "ending the check");
      for (const TableCount& c : before) {
        if (!c.same()) {
          throw Conflict("the PostgreSQL database already holds other data (" + c.table + ": " +
                         std::to_string(c.target) + " rows, the SQLite database has " + std::to_string(c.source) +
                         "); migrate into an empty database");
        }
      }
      report.tables = std::move(before);
      return report;  // already migrated: a verifying no-op
    }
    for (std::size_t i = 0; i < plans.size(); ++i) copy_table(db, pg, plans[i], before[i].source, batch_rows, progress);
    // New rows continue after the copied ids.
    for (const std::string& table : kTables) {
      const std::string id = id_column(table);
      if (id.empty()) continue;
      pg.run("SELECT setval(pg_get_serial_sequence('" + table + "', '" + id + "'), coalesce(max(" + quoted(id) +
                 "), 0) + 1, false) FROM " + quoted(table),
             "moving the id sequences");
    }
    pg.run("COMMIT", "committing the copy");
    report.copied = true;
    for (const std::string& table : kTables) report.tables.push_back(count_table(db, pg, table));
    return report;
  } catch (const SQLite::Exception& e) {
    throw StorageError(std::string("reading the SQLite database failed: ") + e.what());
  }
}

}  // namespace pawnotes
