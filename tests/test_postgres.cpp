// What only the PostgreSQL engine has: its migration runner (the schema_version table), URLs, the
// Unavailable error, reconnecting after the connection or the server went away, and concurrency between
// connections (row versions, client keys) without a global write lock. Tagged [postgres-only]: these run in
// the "_pg" ctest entries only (scripts/test_postgres.sh); the engine-independent behaviour is the rest of
// the suite, which runs on both engines.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "support/test_support.hpp"

using namespace pawnotes;
using namespace pawnotes::testing;
using nlohmann::json;

namespace {

Id id_of(const json& record) { return record.at("id").get<Id>(); }

// One more connection to a test database (another replica of the server, as far as the engine can tell).
Database connect(const TestDb& t) { return Database::open_url(t.path, t.clock); }

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

// A URL of the test server with another database name in it.
std::string url_with_database(const std::string& url, const std::string& name) {
  const std::size_t slash = url.find('/', url.find("://") + 3);
  return url.substr(0, slash) + "/" + name;
}

// The control script and directory of the throwaway cluster (set by scripts/test_postgres.sh).
std::string server_control(const char* command) {
  const char* script = std::getenv("PAWNOTES_TEST_PG_SERVER_SCRIPT");
  const char* dir = std::getenv("PAWNOTES_TEST_PG_DIR");
  if (script == nullptr || dir == nullptr) {
    FAIL("PAWNOTES_TEST_PG_SERVER_SCRIPT and PAWNOTES_TEST_PG_DIR must name the test cluster");
  }
  return std::string("\"") + script + "\" " + command + " \"" + dir + "\" >/dev/null";
}

}  // namespace

TEST_CASE("open_url picks the engine from the URL", "[postgres-only][url]") {
  CHECK(engine_of_url("postgresql://u@127.0.0.1:5432/db") == EngineKind::Postgres);
  CHECK(engine_of_url("postgres://u@127.0.0.1/db") == EngineKind::Postgres);
  CHECK(engine_of_url("sqlite:///tmp/x.db") == EngineKind::Sqlite);
  CHECK(engine_of_url("/var/lib/pawnotes/db.sqlite") == EngineKind::Sqlite);
  CHECK(engine_of_url("relative/file.db") == EngineKind::Sqlite);
  CHECK_THROWS_AS(engine_of_url("mysql://u@host/db"), StorageError);
  TestDb t;
  CHECK(t.db.schema_version() == postgres_schema_version());
  CHECK(postgres_available());
  // The SQLite forms still open SQLite, in memory and on file.
  CHECK(Database::open_url("sqlite:///:memory:").schema_version() == sqlite_schema_version());
  TempDir dir;
  CHECK(Database::open_url("sqlite://" + dir.file("a.db")).schema_version() == sqlite_schema_version());
  CHECK(std::filesystem::exists(dir.file("a.db")));
  CHECK_THROWS_AS(Database::open_url("sqlite:relative.db"), StorageError);
}

TEST_CASE("a fresh PostgreSQL database is migrated once and reopened with its data", "[postgres-only][migrations]") {
  ScratchDatabase scratch;
  Id owner = 0;
  {
    Database db = Database::open_url(scratch.url(), fixed_clock());
    CHECK(db.schema_version() == postgres_schema_version());
    const Organization org = db.create_organization("Clinic");
    owner = id_of(db.create(Scope{org.id, 1, {Role::Admin}}, Entity::Owner, owner_input()));
  }
  // Two processes opening at once: the advisory lock lets one migrate, the other sees the new version.
  {
    std::atomic<int> opened{0};
    std::thread other([&] {
      Database db = Database::open_url(scratch.url(), fixed_clock());
      if (db.schema_version() == postgres_schema_version()) ++opened;
    });
    Database db = Database::open_url(scratch.url(), fixed_clock());
    if (db.schema_version() == postgres_schema_version()) ++opened;
    other.join();
    CHECK(opened == 2);
    const Organization org = db.organizations().at(0);
    CHECK(db.get(Scope{org.id, 1, {Role::Viewer}}, Entity::Owner, owner).at("lastName") == "Lovelace");
  }
  // One row per migration in schema_version: each ran once.
  CHECK(postgres_value(scratch.url(), "SELECT count(*) FROM schema_version") == "2");
}

TEST_CASE("migrating two fresh databases at the same time works (separate locks per database)",
          "[postgres-only][migrations]") {
  ScratchDatabase a;
  ScratchDatabase b;
  std::thread other([&] { (void)Database::open_url(b.url(), fixed_clock()); });
  CHECK(Database::open_url(a.url(), fixed_clock()).schema_version() == postgres_schema_version());
  other.join();
  CHECK(Database::open_url(b.url(), fixed_clock()).schema_version() == postgres_schema_version());
}

TEST_CASE("a PostgreSQL database from a newer pawnotes is refused and left untouched", "[postgres-only][migrations]") {
  ScratchDatabase scratch;
  { Database db = Database::open_url(scratch.url(), fixed_clock()); }
  postgres_exec(scratch.url(), "INSERT INTO schema_version (version, applied_at) VALUES (99, 'later')");
  const std::string message = storage_error_message([&] { (void)Database::open_url(scratch.url(), fixed_clock()); });
  CHECK(message.find("newer than this pawnotes build") != std::string::npos);
  CHECK(message.find("99") != std::string::npos);
  CHECK(postgres_value(scratch.url(), "SELECT max(version) FROM schema_version") == "99");  // untouched
}

TEST_CASE("another application's PostgreSQL database is refused", "[postgres-only][migrations]") {
  ScratchDatabase scratch;
  postgres_exec(scratch.url(), "CREATE TABLE invoices (id int)");
  const std::string message = storage_error_message([&] { (void)Database::open_url(scratch.url(), fixed_clock()); });
  CHECK(message.find("not a pawnotes database") != std::string::npos);
  CHECK(message.find("CREATE") == std::string::npos);  // no SQL in messages
  CHECK(postgres_value(scratch.url(), "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == "1");
}

TEST_CASE("migrate=false refuses an unmigrated PostgreSQL database", "[postgres-only][migrations]") {
  ScratchDatabase scratch;
  DatabaseOptions options;
  options.postgres.migrate = false;
  const std::string message =
      storage_error_message([&] { (void)Database::open_url(scratch.url(), fixed_clock(), options); });
  CHECK(message.find("pawnotes migrate") != std::string::npos);
  { Database db = Database::open_url(scratch.url(), fixed_clock()); }
  CHECK(Database::open_url(scratch.url(), fixed_clock(), options).schema_version() == postgres_schema_version());
}

TEST_CASE("backup to a file is an SQLite feature and says so", "[postgres-only][backup]") {
  TestDb t;
  TempDir dir;
  const std::string message = storage_error_message([&] { t.db.backup(dir.file("copy.db")); });
  CHECK(message.find("pg_dump") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir.file("copy.db")));
}

TEST_CASE("a server that cannot be reached is Unavailable; a missing database or bad URL is a StorageError",
          "[postgres-only][unavailable]") {
  // A port with nothing listening (the test server's port + 1 would be a guess: take port 1).
  DatabaseOptions quick;
  quick.postgres.connect_timeout_seconds = 2;
  try {
    (void)Database::open_url("postgresql://postgres@127.0.0.1:1/postgres", fixed_clock(), quick);
    FAIL("expected Unavailable");
  } catch (const Unavailable& error) {
    CHECK(std::string(error.kind_name()) == "unavailable");
    CHECK(error.kind() == ErrorKind::Unavailable);
    CHECK(std::string(error.what()).find("try again") != std::string::npos);
  }
  const std::string missing = storage_error_message([&] {
    (void)Database::open_url(url_with_database(postgres_admin_url(), "pawnotes_no_such_db"), fixed_clock(), quick);
  });
  CHECK(missing.find("does not exist") != std::string::npos);
  CHECK_THROWS_AS(Database::open_url("postgresql://[::1", fixed_clock(), quick), StorageError);
}

TEST_CASE("a connection killed by the server is replaced on the next call", "[postgres-only][reconnect]") {
  TestDb t;
  const Id owner = id_of(t.db.create(t.trainer, Entity::Owner, owner_input()));
  // The server ends every connection to the test database (what a restart or failover does to them).
  postgres_admin_exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + t.scratch->name() +
                      "' AND pid <> pg_backend_pid()");
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  CHECK(t.db.get(t.viewer, Entity::Owner, owner).at("firstName") == "Ada");  // reconnected by itself
  const Id second = id_of(t.db.create(t.trainer, Entity::Owner, owner_input("Grace", "Hopper")));
  CHECK(t.db.list(t.viewer, Entity::Owner).total == 2);
  CHECK(second != owner);
}

TEST_CASE("a connection lost inside a transaction fails the transaction as Unavailable, then recovers",
          "[postgres-only][reconnect]") {
  TestDb t;
  const std::string terminate = "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" +
                                t.scratch->name() + "' AND pid <> pg_backend_pid()";
  CHECK_THROWS_AS(t.db.transaction([&] {
    t.db.create(t.trainer, Entity::Owner, owner_input());
    postgres_admin_exec(terminate);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    t.db.create(t.trainer, Entity::Owner, owner_input("Grace", "Hopper"));
  }),
                  Unavailable);
  // Nothing of the transaction landed; the next call works on a new connection.
  CHECK(t.db.list(t.viewer, Entity::Owner).total == 0);
  t.db.create(t.trainer, Entity::Owner, owner_input());
  CHECK(t.db.list(t.viewer, Entity::Owner).total == 1);
}

TEST_CASE("two connections updating one row: exactly one success and one Conflict", "[postgres-only][concurrency]") {
  TestDb t;
  Database other = connect(t);
  const Id owner = id_of(t.db.create(t.trainer, Entity::Owner, owner_input()));
  json change = owner_input();

  SECTION("the second writer waits for the first one's row lock, then sees the new version") {
    std::atomic<bool> started{false};
    std::optional<std::string> second_result;
    std::thread second;
    t.db.transaction([&] {
      change["city"] = "First";
      t.db.update(t.trainer, Entity::Owner, owner, change, 1);
      second = std::thread([&] {
        json mine = owner_input();
        mine["city"] = "Second";
        started = true;
        try {
          other.update(t.trainer, Entity::Owner, owner, mine, 1);
          second_result = "ok";
        } catch (const Conflict& error) {
          second_result = std::string("conflict: ") + error.what();
        }
      });
      while (!started) std::this_thread::yield();
      std::this_thread::sleep_for(std::chrono::milliseconds(200));  // the second is blocked on the lock
      CHECK_FALSE(second_result.has_value());
    });  // the commit releases the second writer
    second.join();
    REQUIRE(second_result.has_value());
    CHECK(second_result->rfind("conflict: the owner was changed by someone else (version 2, you had 1)", 0) == 0);
    CHECK(t.db.get(t.viewer, Entity::Owner, owner).at("city") == "First");
  }

  SECTION("free-running races, round after round") {
    std::int64_t version = 1;
    for (int round = 0; round < 20; ++round) {
      std::atomic<int> ready{0};
      std::atomic<int> successes{0};
      std::atomic<int> conflicts{0};
      const auto race = [&](Database& db, const char* city) {
        json mine = owner_input();
        mine["city"] = city;
        ++ready;
        while (ready < 2) std::this_thread::yield();
        try {
          db.update(t.trainer, Entity::Owner, owner, mine, version);
          ++successes;
        } catch (const Conflict&) {
          ++conflicts;
        }
      };
      std::thread a([&] { race(t.db, "A"); });
      race(other, "B");
      a.join();
      CHECK(successes == 1);
      CHECK(conflicts == 1);
      ++version;
    }
    const json last = t.db.get(t.viewer, Entity::Owner, owner);
    CHECK(last.at("version") == version);
    // Every acknowledged update is in the change log: create + 20 updates.
    HistoryRequest request;
    request.entity = Entity::Owner;
    request.id = owner;
    request.page.size = 100;
    CHECK(t.db.history(t.viewer, request).total == 21);
  }
}

TEST_CASE("concurrent creates with one client key create one record", "[postgres-only][concurrency][client-key]") {
  TestDb t;
  Database other = connect(t);
  WriteOptions key;
  key.client_key = "6f1c2a7e-0b7d-4c55-9f3e-2d1f7c1e9a01";

  SECTION("the second waits for the first transaction and returns its result") {
    Id first = 0;
    std::optional<Id> second;
    std::thread replay;
    t.db.transaction([&] {
      first = id_of(t.db.create(t.trainer, Entity::Owner, owner_input(), key));
      replay = std::thread([&] { second = id_of(other.create(t.trainer, Entity::Owner, owner_input("Other"), key)); });
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      CHECK_FALSE(second.has_value());  // waiting on the key's row
    });
    replay.join();
    REQUIRE(second.has_value());
    CHECK(*second == first);
    CHECK(t.db.list(t.viewer, Entity::Owner).total == 1);
  }

  SECTION("when the first transaction rolls back, the second creates the record") {
    std::optional<Id> second;
    std::thread replay;
    CHECK_THROWS_AS(t.db.transaction([&] {
      t.db.create(t.trainer, Entity::Owner, owner_input(), key);
      replay = std::thread([&] { second = id_of(other.create(t.trainer, Entity::Owner, owner_input("Other"), key)); });
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      throw Conflict("changed my mind");
    }),
                    Conflict);
    replay.join();
    REQUIRE(second.has_value());
    const json only = t.db.get(t.viewer, Entity::Owner, *second);
    CHECK(only.at("firstName") == "Other");
    CHECK(t.db.list(t.viewer, Entity::Owner).total == 1);
  }

  SECTION("many racing replays, one record") {
    std::vector<std::thread> threads;
    std::vector<Id> ids(4, 0);
    std::vector<std::unique_ptr<Database>> connections;
    for (int i = 0; i < 4; ++i) connections.push_back(std::make_unique<Database>(connect(t)));
    std::atomic<int> ready{0};
    for (int i = 0; i < 4; ++i) {
      threads.emplace_back([&, i] {
        ++ready;
        while (ready < 4) std::this_thread::yield();
        ids[static_cast<std::size_t>(i)] = id_of(connections[static_cast<std::size_t>(i)]->create(
            t.trainer, Entity::Owner, owner_input("Racer" + std::string(1, static_cast<char>('A' + i))), key));
      });
    }
    for (auto& thread : threads) thread.join();
    CHECK(ids[0] == ids[1]);
    CHECK(ids[1] == ids[2]);
    CHECK(ids[2] == ids[3]);
    CHECK(t.db.list(t.viewer, Entity::Owner).total == 1);
  }
}

TEST_CASE("a unique name taken by a concurrent transaction is the same field error as the check gives",
          "[postgres-only][concurrency]") {
  TestDb t;
  Database other = connect(t);
  std::optional<std::vector<FieldError>> errors;
  std::thread second;
  t.db.transaction([&] {
    t.db.create(t.admin, Entity::PetType, named_input("Ferret"));
    // The other connection's check cannot see the uncommitted row; the unique constraint waits for it.
    second = std::thread([&] {
      try {
        other.create(t.admin, Entity::PetType, named_input("ferret"));
      } catch (const ValidationError& error) {
        errors = error.errors();
      }
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  });
  second.join();
  REQUIRE(errors.has_value());
  CHECK(*errors == std::vector<FieldError>{{"name", "unique", "is already used by another pet type"}});
}

TEST_CASE("the first call after a server restart reconnects or is Unavailable; the next one succeeds",
          "[postgres-only][pg-restart]") {
  TestDb t;
  const Id owner = id_of(t.db.create(t.trainer, Entity::Owner, owner_input()));
  REQUIRE(std::system(server_control("restart").c_str()) == 0);
  try {
    CHECK(t.db.get(t.viewer, Entity::Owner, owner).at("firstName") == "Ada");
  } catch (const Unavailable&) {
    // allowed: the connection broke under this very call
  }
  CHECK(t.db.get(t.viewer, Entity::Owner, owner).at("firstName") == "Ada");

  // While the server is down every call is Unavailable (never a crash, never another error) ...
  REQUIRE(std::system(server_control("stop").c_str()) == 0);
  CHECK_THROWS_AS(t.db.get(t.viewer, Entity::Owner, owner), Unavailable);
  CHECK_THROWS_AS(t.db.create(t.trainer, Entity::Owner, owner_input("Grace", "Hopper")), Unavailable);
  CHECK_THROWS_AS(t.db.search_owners(t.viewer, OwnerSearch{}), Unavailable);
  // ... and once it is back, the same Database works again without anyone reopening it.
  REQUIRE(std::system(server_control("start").c_str()) == 0);
  t.db.create(t.trainer, Entity::Owner, owner_input("Grace", "Hopper"));
  CHECK(t.db.list(t.viewer, Entity::Owner).total == 2);
}
