// Opening databases: migrations, schema versions, foreign and too-new files, PRAGMAs.
// [sqlite-only]: these open SQLite files by path and read PRAGMA user_version, SqliteOptions and the file
// backup; the PostgreSQL migration runner (schema_version table) is tested in test_postgres.cpp.
#include <SQLiteCpp/SQLiteCpp.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>
#include <string>

#include "sqlite/sqlite_storage.hpp"
#include "support/test_support.hpp"

namespace pawnotes::sqlite_detail {
extern const char* const kMigration0001;  // the embedded schema version 1 (lib/CMakeLists.txt)
}  // namespace pawnotes::sqlite_detail

using namespace pawnotes;
using namespace pawnotes::testing;

namespace {

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

int raw_user_version(const std::string& path) {
  SQLite::Database raw(path, SQLite::OPEN_READONLY);
  return raw.execAndGet("PRAGMA user_version").getInt();
}

template <class Fn>
std::string storage_error_message(Fn&& fn) {
  try {
    fn();
  } catch (const StorageError& error) {
    return error.what();
  }
  FAIL("expected a StorageError");
  return "";
}

}  // namespace

TEST_CASE("a fresh database is migrated to the current schema version", "[storage][migrations][sqlite-only]") {
  TempDir dir;
  const std::string path = dir.file("fresh.db");
  {
    Database db = Database::open(path, fixed_clock());
    CHECK(db.schema_version() == 2);
    CHECK(sqlite_schema_version() == 2);
  }
  CHECK(raw_user_version(path) == 2);
  SQLite::Database raw(path, SQLite::OPEN_READONLY);
  CHECK(raw.tableExists("notes"));
  CHECK(raw.tableExists("changes"));
  CHECK(raw.tableExists("session_trials"));  // migration 2: training plans
  CHECK(raw.execAndGet("PRAGMA journal_mode").getString() == "wal");
}

TEST_CASE("a version 1 database with data is upgraded to training plans", "[storage][migrations][sqlite-only]") {
  TempDir dir;
  const std::string path = dir.file("v1.db");
  {
    SQLite::Database raw(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    raw.exec(sqlite_detail::kMigration0001);
    raw.exec("PRAGMA user_version = 1");
    raw.exec("INSERT INTO organizations (name, created_at) VALUES ('Old Org', '2026-01-01T00:00:00.000Z')");
  }
  SqliteOptions no_migrate;
  no_migrate.migrate = false;
  CHECK_THROWS_AS((void)Database::open(path, fixed_clock(), no_migrate), StorageError);  // left at version 1
  CHECK(raw_user_version(path) == 1);
  Database db = Database::open(path, fixed_clock());
  CHECK(db.schema_version() == 2);
  const Organization org = db.organizations().at(0);
  CHECK(org.name == "Old Org");
  const Scope admin{org.id, 1, {Role::Admin}};
  CHECK(db.create(admin, Entity::Skill, skill_input()).at("version") == 1);
}

TEST_CASE("an in-memory database is migrated too", "[storage][migrations][sqlite-only]") {
  Database db = Database::open(":memory:", fixed_clock());
  CHECK(db.schema_version() == 2);
  CHECK(db.stats(Scope{1, 1, {Role::Viewer}}).schema_version == 2);
}

TEST_CASE("reopening a migrated database keeps its data and version", "[storage][migrations][sqlite-only]") {
  TempDir dir;
  const std::string path = dir.file("reopen.db");
  Id org = 0;
  {
    Database db = Database::open(path, fixed_clock());
    org = db.create_organization("Kept Org").id;
  }
  for (int i = 0; i < 2; ++i) {
    Database db = Database::open(path, fixed_clock());
    CHECK(db.schema_version() == 2);
    const auto orgs = db.organizations();
    REQUIRE(orgs.size() == 1);
    CHECK(orgs[0].id == org);
    CHECK(orgs[0].name == "Kept Org");
  }
}

TEST_CASE("foreign keys are enforced on every connection", "[storage][migrations][sqlite-only]") {
  TempDir dir;
  auto storage = open_sqlite(dir.file("fk.db"), fixed_clock());
  auto& engine = dynamic_cast<sqlite_detail::SqliteStorage&>(*storage);
  CHECK(engine.db().execAndGet("PRAGMA foreign_keys").getInt() == 1);
  CHECK(engine.db().execAndGet("PRAGMA synchronous").getInt() == 2);  // FULL
}

TEST_CASE("the page-cache ceiling is a per-connection option", "[storage][migrations][sqlite-only]") {
  TempDir dir;
  auto default_storage = open_sqlite(dir.file("cache.db"), fixed_clock());
  CHECK(dynamic_cast<sqlite_detail::SqliteStorage&>(*default_storage).db().execAndGet("PRAGMA cache_size").getInt() ==
        -32768);
  SqliteOptions small;
  small.cache_size_kib = 2048;  // what the REST server gives each of its per-thread connections
  auto small_storage = open_sqlite(dir.file("cache.db"), fixed_clock(), small);
  CHECK(dynamic_cast<sqlite_detail::SqliteStorage&>(*small_storage).db().execAndGet("PRAGMA cache_size").getInt() ==
        -2048);
  small.cache_size_kib = 0;  // nonsense is raised to the floor, never "no cache"
  auto floor_storage = open_sqlite(dir.file("cache.db"), fixed_clock(), small);
  CHECK(dynamic_cast<sqlite_detail::SqliteStorage&>(*floor_storage).db().execAndGet("PRAGMA cache_size").getInt() ==
        -64);
}

TEST_CASE("a database from a newer pawnotes is refused and left untouched", "[storage][migrations][sqlite-only]") {
  TempDir dir;
  const std::string path = dir.file("newer.db");
  { Database db = Database::open(path, fixed_clock()); }
  {
    SQLite::Database raw(path, SQLite::OPEN_READWRITE);
    raw.exec("PRAGMA user_version = 7");
  }
  const std::string before = read_bytes(path);
  const std::string message = storage_error_message([&] { (void)Database::open(path, fixed_clock()); });
  CHECK(message == "database schema version 7 is newer than this pawnotes build supports (2)");
  CHECK(read_bytes(path) == before);
  CHECK(raw_user_version(path) == 7);
}

TEST_CASE("a file that is not a database is refused with a clear message", "[storage][migrations][sqlite-only]") {
  TempDir dir;
  const std::string path = dir.file("garbage.db");
  {
    std::ofstream out(path, std::ios::binary);
    for (int i = 0; i < 400; ++i) out << "this is not an SQLite file, just some text. ";
  }
  const std::string before = read_bytes(path);
  const std::string message = storage_error_message([&] { (void)Database::open(path, fixed_clock()); });
  CHECK(message.find("not a pawnotes database") != std::string::npos);
  CHECK(message.find("SELECT") == std::string::npos);
  CHECK(read_bytes(path) == before);
}

TEST_CASE("another application's SQLite database is refused", "[storage][migrations][sqlite-only]") {
  TempDir dir;
  const std::string path = dir.file("other.db");
  {
    SQLite::Database raw(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    raw.exec("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)");
  }
  const std::string message = storage_error_message([&] { (void)Database::open(path, fixed_clock()); });
  CHECK(message == "the file is an SQLite database but not a pawnotes database");
  CHECK(raw_user_version(path) == 0);
  SQLite::Database raw(path, SQLite::OPEN_READONLY);
  CHECK_FALSE(raw.tableExists("notes"));
}

TEST_CASE("migrate=false refuses an unmigrated database and does not migrate it",
          "[storage][migrations][sqlite-only]") {
  TempDir dir;
  SqliteOptions no_migrate;
  no_migrate.migrate = false;

  SECTION("an empty new file") {
    const std::string path = dir.file("empty.db");
    const std::string message = storage_error_message([&] { (void)Database::open(path, fixed_clock(), no_migrate); });
    CHECK(message.find("run `pawnotes migrate`") != std::string::npos);
    CHECK(message.find("version 0") != std::string::npos);
    CHECK(raw_user_version(path) == 0);
  }
  SECTION("an in-memory database") {
    CHECK_THROWS_AS((void)Database::open(":memory:", fixed_clock(), no_migrate), StorageError);
  }
  SECTION("a current database opens") {
    const std::string path = dir.file("current.db");
    { Database db = Database::open(path, fixed_clock()); }
    Database db = Database::open(path, fixed_clock(), no_migrate);
    CHECK(db.schema_version() == 2);
  }
}

TEST_CASE("read-only databases read but refuse writes", "[storage][migrations][sqlite-only]") {
  TempDir dir;
  const std::string path = dir.file("ro.db");
  {
    Database db = Database::open(path, fixed_clock());
    db.create_organization("Read Org");
  }
  SqliteOptions read_only;
  read_only.read_only = true;
  Database db = Database::open(path, fixed_clock(), read_only);
  CHECK(db.organizations().size() == 1);
  try {
    db.create_organization("Another");
    FAIL("a read-only database accepted a write");
  } catch (const StorageError& error) {
    CHECK(std::string(error.what()).find("read-only") != std::string::npos);
  }
  CHECK(db.organizations().size() == 1);
}

TEST_CASE("backup copies the database and refuses an existing target", "[storage][backup][sqlite-only]") {
  TempDir dir;
  TestDb t(Where::OnFile);
  t.db.create(t.admin, Entity::Owner,
              {{"firstName", "Ada"},
               {"lastName", "Lovelace"},
               {"address", "1 Loom Lane"},
               {"city", "London"},
               {"telephone", "0123456"}});
  const std::string target = dir.file("copy.db");
  t.db.backup(target);
  {
    Database copy = Database::open(target, fixed_clock());
    CHECK(copy.organizations().size() == 2);
    CHECK(copy.list(t.admin, Entity::Owner).total == 1);
  }
  const std::string before = read_bytes(target);
  CHECK_THROWS_AS(t.db.backup(target), StorageError);
  CHECK(read_bytes(target) == before);
}

TEST_CASE("backup of an in-memory database works", "[storage][backup][sqlite-only]") {
  TempDir dir;
  TestDb t(Where::InMemory);
  const std::string target = dir.file("mem-copy.db");
  t.db.backup(target);
  Database copy = Database::open(target, fixed_clock());
  CHECK(copy.organizations().size() == 2);
}
