// I/O faults: a SQLite VFS that wraps the default one and makes xWrite / xSync fail (disk full, I/O
// error) after N calls. A failed write must surface as a StorageError with a clear message, and the
// database must come back intact: integrity_check passes, every acknowledged record is there and
// nothing of the failed write is.
// [sqlite-only]: faults are injected through a SQLite VFS into the database file; PostgreSQL's storage is
// the server's (its failures reach the engine as SQLSTATEs, mapped in postgres_storage.cpp).
#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <cstring>
#include <fstream>
#include <string>

#include "support/test_support.hpp"

using namespace pawnotes;
using namespace pawnotes::testing;
using nlohmann::json;

namespace {

constexpr const char* kFaultyVfs = "pawnotes-faulty";

struct Fault {
  bool armed = false;
  bool on_sync = false;    // fail xSync instead of xWrite
  int calls_left = 0;      // calls that still succeed once armed
  int code = SQLITE_FULL;  // what the failing call returns
  int triggered = 0;
};
Fault g_fault;
sqlite3_vfs* g_real = nullptr;
sqlite3_vfs g_vfs;
sqlite3_io_methods g_methods;

struct FaultyFile {
  sqlite3_file base;
  sqlite3_file* real;  // the wrapped file, allocated right after this struct
};

sqlite3_file* real_of(sqlite3_file* file) { return reinterpret_cast<FaultyFile*>(file)->real; }

bool fail_now(bool is_sync) {
  if (!g_fault.armed || g_fault.on_sync != is_sync) return false;
  if (g_fault.calls_left > 0) {
    --g_fault.calls_left;
    return false;
  }
  ++g_fault.triggered;
  return true;
}

int faulty_close(sqlite3_file* f) {
  sqlite3_file* real = real_of(f);
  const int rc = real->pMethods->xClose(real);
  f->pMethods = nullptr;
  return rc;
}
int faulty_read(sqlite3_file* f, void* buffer, int amount, sqlite3_int64 offset) {
  return real_of(f)->pMethods->xRead(real_of(f), buffer, amount, offset);
}
int faulty_write(sqlite3_file* f, const void* buffer, int amount, sqlite3_int64 offset) {
  if (fail_now(false)) return g_fault.code;
  return real_of(f)->pMethods->xWrite(real_of(f), buffer, amount, offset);
}
int faulty_truncate(sqlite3_file* f, sqlite3_int64 size) { return real_of(f)->pMethods->xTruncate(real_of(f), size); }
int faulty_sync(sqlite3_file* f, int flags) {
  if (fail_now(true)) return g_fault.code;
  return real_of(f)->pMethods->xSync(real_of(f), flags);
}
int faulty_file_size(sqlite3_file* f, sqlite3_int64* size) { return real_of(f)->pMethods->xFileSize(real_of(f), size); }
int faulty_lock(sqlite3_file* f, int level) { return real_of(f)->pMethods->xLock(real_of(f), level); }
int faulty_unlock(sqlite3_file* f, int level) { return real_of(f)->pMethods->xUnlock(real_of(f), level); }
int faulty_check_reserved(sqlite3_file* f, int* out) {
  return real_of(f)->pMethods->xCheckReservedLock(real_of(f), out);
}
int faulty_file_control(sqlite3_file* f, int op, void* arg) {
  return real_of(f)->pMethods->xFileControl(real_of(f), op, arg);
}
int faulty_sector_size(sqlite3_file* f) { return real_of(f)->pMethods->xSectorSize(real_of(f)); }
int faulty_device(sqlite3_file* f) { return real_of(f)->pMethods->xDeviceCharacteristics(real_of(f)); }
int faulty_shm_map(sqlite3_file* f, int page, int size, int extend, void volatile** out) {
  return real_of(f)->pMethods->xShmMap(real_of(f), page, size, extend, out);
}
int faulty_shm_lock(sqlite3_file* f, int offset, int n, int flags) {
  return real_of(f)->pMethods->xShmLock(real_of(f), offset, n, flags);
}
void faulty_shm_barrier(sqlite3_file* f) { real_of(f)->pMethods->xShmBarrier(real_of(f)); }
int faulty_shm_unmap(sqlite3_file* f, int delete_flag) {
  return real_of(f)->pMethods->xShmUnmap(real_of(f), delete_flag);
}

int faulty_open(sqlite3_vfs*, const char* name, sqlite3_file* file, int flags, int* out_flags) {
  auto* faulty = reinterpret_cast<FaultyFile*>(file);
  faulty->real = reinterpret_cast<sqlite3_file*>(faulty + 1);
  std::memset(faulty->real, 0, static_cast<std::size_t>(g_real->szOsFile));
  const int rc = g_real->xOpen(g_real, name, faulty->real, flags, out_flags);
  faulty->base.pMethods = faulty->real->pMethods != nullptr ? &g_methods : nullptr;
  return rc;
}
int faulty_delete(sqlite3_vfs*, const char* name, int sync_dir) { return g_real->xDelete(g_real, name, sync_dir); }
int faulty_access(sqlite3_vfs*, const char* name, int flags, int* out) {
  return g_real->xAccess(g_real, name, flags, out);
}
int faulty_full_pathname(sqlite3_vfs*, const char* name, int size, char* out) {
  return g_real->xFullPathname(g_real, name, size, out);
}

// Registers the wrapping VFS once (not as the default).
void register_faulty_vfs() {
  if (g_real != nullptr) return;
  g_real = sqlite3_vfs_find(nullptr);
  REQUIRE(g_real != nullptr);
  g_methods = sqlite3_io_methods{};
  g_methods.iVersion = 2;  // up to the shared-memory methods WAL needs; no memory-mapped I/O
  g_methods.xClose = faulty_close;
  g_methods.xRead = faulty_read;
  g_methods.xWrite = faulty_write;
  g_methods.xTruncate = faulty_truncate;
  g_methods.xSync = faulty_sync;
  g_methods.xFileSize = faulty_file_size;
  g_methods.xLock = faulty_lock;
  g_methods.xUnlock = faulty_unlock;
  g_methods.xCheckReservedLock = faulty_check_reserved;
  g_methods.xFileControl = faulty_file_control;
  g_methods.xSectorSize = faulty_sector_size;
  g_methods.xDeviceCharacteristics = faulty_device;
  g_methods.xShmMap = faulty_shm_map;
  g_methods.xShmLock = faulty_shm_lock;
  g_methods.xShmBarrier = faulty_shm_barrier;
  g_methods.xShmUnmap = faulty_shm_unmap;
  g_vfs = *g_real;
  g_vfs.iVersion = 1;  // the optional v2/v3 calls (xCurrentTimeInt64, system calls) are not wrapped
  g_vfs.pNext = nullptr;
  g_vfs.zName = kFaultyVfs;
  g_vfs.pAppData = nullptr;
  g_vfs.szOsFile = static_cast<int>(sizeof(FaultyFile)) + g_real->szOsFile;
  g_vfs.xOpen = faulty_open;
  g_vfs.xDelete = faulty_delete;
  g_vfs.xAccess = faulty_access;
  g_vfs.xFullPathname = faulty_full_pathname;
  g_vfs.xDlOpen = g_real->xDlOpen;
  REQUIRE(sqlite3_vfs_register(&g_vfs, 0) == SQLITE_OK);
}

void arm(bool on_sync, int calls_left, int code) { g_fault = Fault{true, on_sync, calls_left, code, 0}; }
void disarm() { g_fault.armed = false; }

SqliteOptions faulty_options() {
  SqliteOptions options;
  options.vfs = kFaultyVfs;
  return options;
}

std::string storage_error_message(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const StorageError& error) {
    return error.what();
  }
  FAIL("expected a StorageError");
  return "";
}

// Reopens with the default VFS: the database is sound and holds exactly the expected owners.
void check_survivors(const std::string& path, Id org, const std::vector<std::string>& expected_last_names) {
  {
    SQLite::Database raw(path, SQLite::OPEN_READONLY);
    CHECK(raw.execAndGet("PRAGMA integrity_check").getString() == "ok");
  }
  Database db = Database::open(path, fixed_clock());
  const Scope viewer{org, 1, {Role::Viewer}};
  ListRequest request;
  request.page.size = 1000;
  const auto owners = db.list(viewer, Entity::Owner, request);
  std::vector<std::string> names;
  for (const json& owner : owners.items) names.push_back(owner.at("lastName").get<std::string>());
  CHECK(names == expected_last_names);
  // The change log agrees: one create per surviving owner, nothing for the failed write.
  CHECK(db.stats(viewer).changes == static_cast<std::int64_t>(expected_last_names.size()));
}

}  // namespace

TEST_CASE("a write that hits a full disk fails cleanly and loses nothing acknowledged",
          "[storage][io-faults][sqlite-only]") {
  register_faulty_vfs();
  TempDir dir;
  const std::string path = dir.file("full.db");
  Id org = 0;
  {
    Database db = Database::open(path, fixed_clock(), faulty_options());
    org = db.create_organization("Faulty Org").id;
    const Scope admin{org, 1, {Role::Admin}};
    db.create(admin, Entity::Owner, owner_input("Ada", "Alpha"));
    db.create(admin, Entity::Owner, owner_input("Ada", "Beta"));

    const int calls_left = GENERATE(0, 1, 3);
    INFO("writes before the fault: " << calls_left);
    arm(false, calls_left, SQLITE_FULL);
    const std::string message =
        storage_error_message([&] { db.create(admin, Entity::Owner, owner_input("Ada", "Failed")); });
    CHECK(g_fault.triggered >= 1);
    CHECK(message.find("the disk is full; nothing was written") != std::string::npos);
    CHECK(message.find("INSERT") == std::string::npos);
    disarm();
    // The same connection works again once there is room.
    db.create(admin, Entity::Owner, owner_input("Ada", "Gamma"));
  }
  check_survivors(path, org, {"Alpha", "Beta", "Gamma"});
}

TEST_CASE("an I/O error while writing or syncing fails cleanly", "[storage][io-faults][sqlite-only]") {
  register_faulty_vfs();
  TempDir dir;
  const std::string path = dir.file("ioerr.db");
  const bool on_sync = GENERATE(false, true);
  INFO((on_sync ? "xSync fails" : "xWrite fails"));
  Id org = 0;
  {
    Database db = Database::open(path, fixed_clock(), faulty_options());
    org = db.create_organization("Faulty Org").id;
    const Scope admin{org, 1, {Role::Admin}};
    db.create(admin, Entity::Owner, owner_input("Ada", "Alpha"));
    arm(on_sync, 0, on_sync ? SQLITE_IOERR_FSYNC : SQLITE_IOERR_WRITE);
    const std::string message =
        storage_error_message([&] { db.create(admin, Entity::Owner, owner_input("Ada", "Failed")); });
    CHECK(g_fault.triggered >= 1);
    CHECK(message.find("I/O error") != std::string::npos);
    disarm();
  }
  check_survivors(path, org, {"Alpha"});
}

TEST_CASE("a bulk import interrupted by a full disk writes none of its records", "[storage][io-faults][sqlite-only]") {
  register_faulty_vfs();
  TempDir dir;
  const std::string path = dir.file("bulk.db");
  Id org = 0;
  {
    Database db = Database::open(path, fixed_clock(), faulty_options());
    org = db.create_organization("Faulty Org").id;
    const Scope admin{org, 1, {Role::Admin}};
    db.create(admin, Entity::Owner, owner_input("Ada", "Alpha"));
    std::vector<json> many;
    for (int i = 0; i < 300; ++i) {
      json owner = owner_input("Bulk", "Importee");
      owner["address"] = std::string(200, 'a' + static_cast<char>(i % 26));  // enough pages to spill
      many.push_back(owner);
    }
    arm(false, 5, SQLITE_FULL);
    const std::string message = storage_error_message([&] { db.create_many(admin, Entity::Owner, many); });
    CHECK(message.find("disk is full") != std::string::npos);
    disarm();
  }
  check_survivors(path, org, {"Alpha"});
}

TEST_CASE("a database locked by another writer is reported as busy", "[storage][io-faults][sqlite-only]") {
  TempDir dir;
  const std::string path = dir.file("busy.db");
  SqliteOptions impatient;
  impatient.busy_timeout_ms = 50;
  Database db = Database::open(path, fixed_clock(), impatient);
  const Id org = db.create_organization("Busy Org").id;
  const Scope admin{org, 1, {Role::Admin}};
  db.create(admin, Entity::Owner, owner_input("Ada", "Alpha"));
  {
    SQLite::Database other(path, SQLite::OPEN_READWRITE);
    other.exec("BEGIN IMMEDIATE");  // another process holds the write lock
    const std::string message =
        storage_error_message([&] { db.create(admin, Entity::Owner, owner_input("Ada", "Blocked")); });
    CHECK(message.find("the database is busy, try again") != std::string::npos);
    // Reads still work while the other writer holds its lock (WAL).
    CHECK(db.list(admin, Entity::Owner).total == 1);
    other.exec("ROLLBACK");
  }
  db.create(admin, Entity::Owner, owner_input("Ada", "Beta"));
  CHECK(db.list(admin, Entity::Owner).total == 2);
}

TEST_CASE("a corrupted database file is a StorageError that says so", "[storage][io-faults][sqlite-only]") {
  TempDir dir;
  const std::string path = dir.file("corrupt.db");
  {
    Database db = Database::open(path, fixed_clock());
    const Id org = db.create_organization("Corrupt Org").id;
    const Scope admin{org, 1, {Role::Admin}};
    for (int i = 0; i < 50; ++i) db.create(admin, Entity::Owner, owner_input("Ada", "Alpha"));
  }
  {
    // Keep the 100-byte header (so it still looks like SQLite), scramble every page after it.
    std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
    file.seekg(0, std::ios::end);
    const auto size = static_cast<std::size_t>(file.tellg());
    REQUIRE(size > 4096);
    file.seekp(100);
    const std::string junk(size - 100, '\xA5');
    file.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  const std::string message = storage_error_message([&] {
    Database db = Database::open(path, fixed_clock());
    (void)db.list(Scope{1, 1, {Role::Viewer}}, Entity::Owner);
  });
  CHECK(message.find("corrupt") != std::string::npos);
}
