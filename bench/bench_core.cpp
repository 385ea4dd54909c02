// Core benchmarks: each pawnotes case runs next to a raw-SQLite baseline doing the same SQL work in the
// same process (hand-written sqlite3 C API against the same schema, no pawnotes layers):
//   1. bulk insert of notes (FTS-indexed, tags, change log) in batches of 10,000
//   2. owner last-name prefix search, first page of 20 with their dogs
//   3. note full-text search, top 20 with snippets
//   4. a dog's newest 50 timeline entries (the dog has 1% of all notes)
// Data: a seeded generator (same seed, same data) writes owners, dogs, visits and notes into file
// databases under a temporary directory; the raw database is a copy of the pawnotes one taken before
// the notes, so both insert the same rows into the same state.
// Sizes: full = 100,000 owners, 1,000,000 notes, busy dog 10,000 notes;
// PAWNOTES_BENCH_QUICK=1 = 2,000 owners, 20,000 notes, busy dog 200 notes (CI smoke).
// Engine: SQLite on file unless PAWNOTES_BENCH_DATABASE_URL holds a PostgreSQL admin URL (bench/run.sh
// --postgres starts a throwaway server): then the pawnotes cases run on a fresh PostgreSQL database
// (dropped afterwards) and the raw cases stay raw SQLite, on a SQLite database seeded with the same data.
// On PostgreSQL "cpu" is this process's thread only: the server's own CPU time is not in it (wall is).
#include <benchmark/benchmark.h>
#include <sqlite3.h>
#include <time.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "pawnotes/pawnotes.hpp"

#ifdef PAWNOTES_WITH_POSTGRES
#include <libpq-fe.h>
#include <unistd.h>
#endif

namespace {

using namespace pawnotes;
using nlohmann::json;

// ---------------------------------------------------------------- configuration

struct Config {
  std::int64_t owners;
  std::int64_t notes;
  std::int64_t busy_dog_notes;  // notes of the timeline dog (part of `notes`)
  std::int64_t batch;
  bool quick;
};

const Config& config() {
  static const Config value = [] {
    const char* quick = std::getenv("PAWNOTES_BENCH_QUICK");
    Config out = quick != nullptr && *quick != '\0' && std::string(quick) != "0"
                     ? Config{2000, 20000, 200, 2000, true}
                     : Config{100000, 1000000, 10000, 10000, false};
    // PAWNOTES_BENCH_NOTES=N: another note count (profiling runs); the busy dog keeps 1% of them.
    const char* notes = std::getenv("PAWNOTES_BENCH_NOTES");
    if (notes != nullptr && std::atoll(notes) >= 1000) {
      out.notes = std::atoll(notes);
      out.busy_dog_notes = out.notes / 100;
    }
    return out;
  }();
  return value;
}

// The owner prefixes and the note queries the read benchmarks use (RESULTS.md gives their match counts):
// a 3-letter prefix (1 in 60 owners) and a 5-letter one (1 in 480); two frequent words (each in ~4% of
// notes), a rarer word (vocabulary rank 1000, ~0.3% of notes), a rare one (rank 4000, ~0.07%) and a
// very frequent one (~8.5%).
constexpr const char* kOwnerPrefixes[] = {"mor", "moren"};
constexpr const char* kTwoWordSearch = "squirrel lunging";
constexpr const char* kCommonSearch = "leash";

// ---------------------------------------------------------------- seeded data

// A clock that moves 1 ms each time it is read: distinct, increasing createdAt per write call.
class TickingClock final : public Clock {
 public:
  explicit TickingClock(std::int64_t start) : next_(start) {}
  [[nodiscard]] Timestamp now() const override {
    Timestamp t;
    t.millis = next_++;
    return t;
  }

 private:
  mutable std::atomic<std::int64_t> next_;
};

const std::vector<std::string>& vocabulary() {
  static const std::vector<std::string> words = [] {
    std::vector<std::string> out = {
        // most frequent first (Zipf ranks)
        "the",      "and",      "a",        "to",        "was",      "with",     "on",          "at",
        "in",       "he",       "she",      "it",        "for",      "of",       "is",          "very",
        "today",    "then",     "but",      "after",     "when",     "we",       "not",         "more",
        "good",     "well",     "again",    "his",       "her",      "this",     "walk",        "leash",
        "recall",   "sit",      "stay",     "heel",      "treat",    "reward",   "bark",        "barking",
        "jump",     "puppy",    "crate",    "lead",      "park",     "door",     "gate",        "whistle",
        "clicker",  "target",   "place",    "down",      "come",     "drop",     "leave",       "focus",
        "calm",     "anxious",  "reactive", "lunging",   "pulling",  "greeting", "visitor",     "car",
        "bike",     "squirrel", "cat",      "dogs",      "owner",    "handler",  "session",     "progress",
        "practice", "training", "exercise", "behaviour", "distance", "duration", "distraction", "release",
        "marker",   "praise",   "play",     "toy",       "ball",     "tug",      "fetch",       "chew",
        "food",     "bowl",     "mat",      "bed",       "kennel",   "vet",      "groomer",     "nails",
        "brush",    "bath",     "harness",  "collar",    "muzzle",   "lick",     "growl",       "sniff",
        "settle",   "wait",     "watch",    "look",      "name",     "touch",    "spin",        "paw",
        "bow",      "roll",     "improved", "struggled", "managed",  "nervous",  "confident",   "happy",
        "tired",    "excited",  "loose",    "tight",     "quiet",    "noisy",    "house",       "garden",
        "street",   "field",    "beach",    "forest"};
    // The long tail: pronounceable made-up words.
    const char* first[] = {"bra", "cle", "dro", "fen", "gri", "hal", "jor", "kel", "lum", "mar",
                           "nob", "pel", "qui", "ros", "sta", "tev", "urb", "vin", "wex", "zol"};
    const char* second[] = {"an",  "ben", "cor", "dil", "est", "fur", "gan", "hol", "ith", "jun",
                            "kas", "lor", "mek", "nar", "ost", "pim", "rud", "sel", "tok", "vas"};
    const char* third[] = {"a", "o", "is", "um", "et", "ar", "el", "ix", "on", "ey", "ul", "ad"};
    for (const char* f : first)
      for (const char* s : second)
        for (const char* t : third) out.push_back(std::string(f) + s + t);
    out.resize(5000);
    return out;
  }();
  return words;
}

// Zipf (s = 1) over the vocabulary.
class WordPicker {
 public:
  WordPicker() {
    double sum = 0;
    for (std::size_t rank = 1; rank <= vocabulary().size(); ++rank) {
      sum += 1.0 / static_cast<double>(rank);
      cdf_.push_back(sum);
    }
    for (auto& value : cdf_) value /= sum;
  }
  const std::string& pick(std::mt19937_64& rng) const {
    const double u = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
    const auto it = std::lower_bound(cdf_.begin(), cdf_.end(), u);
    return vocabulary()[static_cast<std::size_t>(std::min<std::ptrdiff_t>(it - cdf_.begin(), cdf_.size() - 1))];
  }

 private:
  std::vector<double> cdf_;
};

struct NoteSpec {
  Id dog_id = 0;
  std::string body;
  std::string category;
  std::vector<std::string> tags;
  std::string visibility;
};

std::string last_name(std::mt19937_64& rng) {
  static const char* onset[] = {"Ber", "Dal", "Fen", "Gar", "Hol", "Kel", "Lin", "Mor", "Nor", "Par", "Ros", "Sal",
                                "Tor", "Val", "Wes", "Ash", "Bro", "Cal", "Dun", "Eck", "Fal", "Gil", "Har", "Ive",
                                "Jen", "Kin", "Lar", "Mac", "Nel", "Ols", "Pet", "Ric", "Ste", "Tho", "Wal", "Yor",
                                "Bar", "Cor", "Der", "Fis", "Gra", "Hen", "Joh", "Ker", "Lew", "Mil", "Nic", "Ost",
                                "Pri", "Rob", "Sch", "Tur", "Vos", "Whi", "And", "Bak", "Cla", "Eva", "Fos", "Gre"};
  static const char* middle[] = {"a", "e", "i", "o", "u", "en", "ar", "el"};
  static const char* ending[] = {"son", "berg", "ton", "ley", "man", "ford", "sen", "er", "ski", "wood"};
  return std::string(onset[rng() % 60]) + middle[rng() % 8] + ending[rng() % 10];
}

// This thread's CPU seconds: on a shared machine, wall time also counts other processes' turns.
double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// Wall and CPU seconds of a timed section.
struct Spent {
  double wall = 0;
  double cpu = 0;
  double finish_cpu = 0;  // bulk import: CPU seconds of the last phase (indexes, full-text index, commit)
};

// ---------------------------------------------------------------- raw SQLite helpers

// The secondary indexes a bulk import drops and rebuilds (schema v1; sqlite_bulk.cpp).
constexpr const char* kNoteIndexes[] = {"notes_by_dog", "notes_by_org_created", "note_tags_by_note"};
constexpr const char* kChangeIndexes[] = {"changes_by_entity", "changes_by_org"};

void check(int rc, sqlite3* db, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
    throw std::runtime_error(std::string(what) + ": " + sqlite3_errmsg(db));
}

void exec(sqlite3* db, const char* sql) { check(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), db, sql); }

class RawStatement {
 public:
  RawStatement(sqlite3* db, const std::string& sql) : db_(db) {
    check(sqlite3_prepare_v3(db, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr), db, "prepare");
  }
  ~RawStatement() { sqlite3_finalize(stmt_); }
  RawStatement(const RawStatement&) = delete;
  RawStatement& operator=(const RawStatement&) = delete;
  sqlite3_stmt* get() const { return stmt_; }
  void reset() const {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  bool step() const {
    const int rc = sqlite3_step(stmt_);
    check(rc, db_, "step");
    return rc == SQLITE_ROW;
  }
  void bind(int i, std::int64_t v) const { sqlite3_bind_int64(stmt_, i, v); }
  void bind(int i, const std::string& v) const {
    sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
  }
  std::int64_t int64(int i) const { return sqlite3_column_int64(stmt_, i); }
  std::string text(int i) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, i));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, i))) : std::string();
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

std::string json_string(const std::string& text) {
  std::string out = "\"";
  for (const char ch : text) {
    if (ch == '"' || ch == '\\') out.push_back('\\');
    out.push_back(ch);
  }
  out.push_back('"');
  return out;
}

// ---------------------------------------------------------------- PostgreSQL (optional)

std::string postgres_admin_url() {
  const char* url = std::getenv("PAWNOTES_BENCH_DATABASE_URL");
  return url != nullptr ? url : "";
}

void postgres_admin(const std::string& sql) {
#ifdef PAWNOTES_WITH_POSTGRES
  PGconn* conn = PQconnectdb(postgres_admin_url().c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    const std::string message = PQerrorMessage(conn);
    PQfinish(conn);
    throw std::runtime_error("PAWNOTES_BENCH_DATABASE_URL: " + message);
  }
  PGresult* result = PQexec(conn, sql.c_str());
  const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
  const std::string message = ok ? "" : PQresultErrorMessage(result);
  PQclear(result);
  PQfinish(conn);
  if (!ok) throw std::runtime_error(sql + ": " + message);
#else
  throw std::runtime_error("this build has no PostgreSQL engine: cannot run " + sql);
#endif
}

// The admin URL with the database name replaced.
std::string with_database(const std::string& url, const std::string& name) {
  const std::size_t slash = url.find('/', url.find("://") + 3);
  const std::size_t query = url.find('?');
  return (slash == std::string::npos ? url.substr(0, query) : url.substr(0, slash)) + "/" + name +
         (query == std::string::npos ? "" : url.substr(query));
}

// ---------------------------------------------------------------- the fixture shared by all cases

struct Fixture {
  std::filesystem::path dir;
  std::shared_ptr<TickingClock> clock;
  std::optional<Database> db;
  std::optional<Database> bulk_db;  // the same start, loaded by the bulk-import path (Database::bulk_import)
  Scope scope;
  sqlite3* raw = nullptr;
  sqlite3* raw_bulk = nullptr;  // raw SQLite with the full-text index built once at the end
  std::vector<Id> dogs;
  Id busy_dog = 0;
  std::vector<NoteSpec> notes;
  bool pawnotes_notes_loaded = false;
  bool raw_notes_loaded = false;
  bool bulk_notes_loaded = false;
  bool raw_bulk_notes_loaded = false;
  std::int64_t base_millis = 0;
  std::string pg_database;  // set when the pawnotes cases run on PostgreSQL

  Fixture() {
    dir = std::filesystem::temp_directory_path() /
          ("pawnotes-bench-" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
    std::filesystem::create_directories(dir);
    base_millis = Timestamp::parse("2026-01-01T08:00:00.000Z")->millis;
    clock = std::make_shared<TickingClock>(base_millis);
    db.emplace(Database::open((dir / "pawnotes.db").string(), clock));
    const Organization org = db->create_organization("Bench Org");
    scope = Scope{org.id, 0, {Role::Admin}};
    std::mt19937_64 rng(42);
    seed_owners_and_dogs(rng);
    if (!postgres_admin_url().empty()) {
      // The same seed on PostgreSQL (same rows, same ids); the SQLite file above is the raw cases' source.
      db.reset();
      pg_database = "pawnotes_bench_" + std::to_string(::getpid());
      postgres_admin("DROP DATABASE IF EXISTS " + pg_database);
      postgres_admin("CREATE DATABASE " + pg_database + " TEMPLATE template0");
      clock = std::make_shared<TickingClock>(base_millis);
      db.emplace(Database::open_url(with_database(postgres_admin_url(), pg_database), clock));
      const Organization pg_org = db->create_organization("Bench Org");
      scope = Scope{pg_org.id, 0, {Role::Admin}};
      dogs.clear();
      rng.seed(42);
      seed_owners_and_dogs(rng);
    }
    make_notes(rng);
    // The raw database and the bulk-import ones start as copies of this state (no notes yet).
    sqlite3* source = nullptr;
    sqlite3_open((dir / "pawnotes.db").string().c_str(), &source);
    for (const char* copy : {"raw.db", "bulk.db", "raw_bulk.db"})
      exec(source, ("VACUUM INTO '" + (dir / copy).string() + "'").c_str());
    sqlite3_close(source);
    raw = open_raw(dir / "raw.db");
    raw_bulk = open_raw(dir / "raw_bulk.db");
    bulk_db.emplace(Database::open((dir / "bulk.db").string(), std::make_shared<TickingClock>(base_millis + 5000000),
                                   bulk_options()));
  }

  // The engine's options; PAWNOTES_BENCH_BULK_INDEX_ROWS tries another index-rebuild threshold (0 = never).
  static SqliteOptions bulk_options() {
    SqliteOptions options;
    if (const char* rows = std::getenv("PAWNOTES_BENCH_BULK_INDEX_ROWS"))
      options.bulk_index_rebuild_rows = std::atoll(rows);
    return options;
  }

  static sqlite3* open_raw(const std::filesystem::path& path) {
    sqlite3* handle = nullptr;
    check(sqlite3_open(path.string().c_str(), &handle), handle, "open raw");
    exec(handle, "PRAGMA journal_mode=WAL");
    exec(handle, "PRAGMA synchronous=FULL");
    exec(handle, "PRAGMA foreign_keys=ON");
    exec(handle, "PRAGMA cache_size=-32768");  // the engine's page cache, so both run with the same settings
    return handle;
  }

  ~Fixture() {
    sqlite3_close_v2(raw);
    sqlite3_close_v2(raw_bulk);
    db.reset();
    if (!pg_database.empty()) {
      try {
        postgres_admin("DROP DATABASE IF EXISTS " + pg_database + " WITH (FORCE)");
      } catch (const std::exception& error) {
        std::fprintf(stderr, "could not drop %s: %s\n", pg_database.c_str(), error.what());
      }
    }
    bulk_db.reset();
    const char* keep = std::getenv("PAWNOTES_BENCH_KEEP");  // keep the databases to inspect them
    if (keep != nullptr && *keep != '\0' && std::string(keep) != "0") {
      std::fprintf(stderr, "databases kept in %s\n", dir.string().c_str());
      return;
    }
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
  }

  void seed_owners_and_dogs(std::mt19937_64& rng) {
    const Config& cfg = config();
    static const char* first_names[] = {"Anna", "Ben",   "Clara", "David", "Emma", "Felix", "Greta", "Hugo",
                                        "Ida",  "Jonas", "Karin", "Lars",  "Maja", "Nils",  "Olga",  "Paul"};
    static const char* cities[] = {"Oslo", "Bergen", "Madison", "Aspen", "Leeds", "Lyon", "Graz", "Turku"};
    static const char* dog_names[] = {"Rex",   "Bella", "Max",  "Luna", "Charlie", "Daisy", "Rocky", "Molly",
                                      "Buddy", "Lola",  "Milo", "Ruby", "Toby",    "Rosie", "Bruno", "Nala"};
    static const char* breeds[] = {"Border Collie", "Labrador",  "Poodle", "Beagle",
                                   "Boxer",         "Dachshund", "Husky",  "Whippet"};
    std::vector<Id> owners;
    for (std::int64_t start = 0; start < cfg.owners; start += cfg.batch) {
      std::vector<json> batch;
      for (std::int64_t i = start; i < std::min(cfg.owners, start + cfg.batch); ++i) {
        batch.push_back({{"firstName", first_names[rng() % 16]},
                         {"lastName", last_name(rng)},
                         {"address", std::to_string(1 + rng() % 200) + " High Street"},
                         {"city", cities[rng() % 8]},
                         {"telephone", std::to_string(5550000000ULL + rng() % 1000000)}});
      }
      for (const auto& created : db->create_many(scope, Entity::Owner, batch)) owners.push_back(created.at("id"));
    }
    std::vector<json> batch;
    const auto flush = [&] {
      for (const auto& created : db->create_many(scope, Entity::Dog, batch)) dogs.push_back(created.at("id"));
      batch.clear();
    };
    for (const Id owner : owners) {
      const int count = 1 + static_cast<int>(rng() % 2);
      const std::size_t first = rng() % 16;
      for (int i = 0; i < count; ++i) {
        batch.push_back({{"ownerId", owner},
                         {"name", dog_names[(first + static_cast<std::size_t>(i)) % 16]},
                         {"birthDate", std::to_string(2012 + rng() % 13) + "-0" + std::to_string(1 + rng() % 9) + "-1" +
                                           std::to_string(rng() % 9)},
                         {"breed", breeds[rng() % 8]}});
      }
      if (static_cast<std::int64_t>(batch.size()) >= cfg.batch) flush();
    }
    if (!batch.empty()) flush();
    busy_dog = dogs.front();
    // The busy dog's visits, to merge with its notes in the timeline.
    std::vector<json> visits;
    for (int i = 0; i < 200; ++i) {
      visits.push_back({{"dogId", busy_dog},
                        {"date", Date::from_days(Date{2025, 1, 1}.days_since_epoch() + i * 2).to_string()},
                        {"description", "Training session"}});
    }
    db->create_many(scope, Entity::Visit, visits);
  }

  void make_notes(std::mt19937_64& rng) {
    const Config& cfg = config();
    static const char* categories[] = {"behaviour", "progress", "health", "incident", "general"};
    static const char* tags[] = {"recall", "leash", "crate", "puppy", "reactivity", "agility", "nosework", "vet"};
    const WordPicker words;
    const std::int64_t every = cfg.notes / cfg.busy_dog_notes;  // every n-th note is the busy dog's
    notes.reserve(static_cast<std::size_t>(cfg.notes));
    for (std::int64_t i = 0; i < cfg.notes; ++i) {
      NoteSpec note;
      note.dog_id = i % every == 0 ? busy_dog : dogs[1 + rng() % (dogs.size() - 1)];
      const int length = 12 + static_cast<int>(rng() % 29);
      for (int w = 0; w < length; ++w) {
        if (w > 0) note.body.push_back(' ');
        note.body += words.pick(rng);
      }
      note.category = categories[rng() % 5];
      const int tag_count = static_cast<int>(rng() % 3);
      for (int t = 0; t < tag_count; ++t) {
        const std::string tag = tags[rng() % 8];
        if (std::find(note.tags.begin(), note.tags.end(), tag) == note.tags.end()) note.tags.push_back(tag);
      }
      note.visibility = rng() % 4 == 0 ? "shared" : "internal";
      notes.push_back(std::move(note));
    }
  }

  static json note_json(const NoteSpec& note) {
    return {{"dogId", note.dog_id},
            {"body", note.body},
            {"category", note.category},
            {"tags", note.tags},
            {"visibility", note.visibility}};
  }

  // Inserts every note through Database::create_many; returns the time spent inside create_many
  // (building the input JSON is the caller's work and is not counted).
  Spent insert_notes_pawnotes() {
    const Config& cfg = config();
    Spent spent;
    for (std::int64_t start = 0; start < cfg.notes; start += cfg.batch) {
      std::vector<json> batch;
      batch.reserve(static_cast<std::size_t>(cfg.batch));
      for (std::int64_t i = start; i < std::min(cfg.notes, start + cfg.batch); ++i)
        batch.push_back(note_json(notes[static_cast<std::size_t>(i)]));
      const auto t0 = std::chrono::steady_clock::now();
      const double c0 = thread_cpu_seconds();
      const auto created = db->create_many(scope, Entity::Note, batch);
      spent.cpu += thread_cpu_seconds() - c0;
      spent.wall += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      benchmark::DoNotOptimize(created.data());
    }
    pawnotes_notes_loaded = true;
    return spent;
  }

  // The bulk-import path: one Database::bulk_import around Database::import_many per batch (full-text
  // index built once at the end). Building each batch's input JSON and freeing it again are the caller's
  // work: their time is measured on its own and taken off.
  Spent import_notes_pawnotes() {
    const Config& cfg = config();
    Spent spent;
    Spent building;
    const auto t0 = std::chrono::steady_clock::now();
    const double c0 = thread_cpu_seconds();
    bulk_db->bulk_import([&] {
      std::vector<json> batch;
      for (std::int64_t start = 0; start < cfg.notes; start += cfg.batch) {
        const auto b0 = std::chrono::steady_clock::now();
        const double bc0 = thread_cpu_seconds();
        batch.clear();  // the previous batch's input, freed here so that it counts as building
        batch.reserve(static_cast<std::size_t>(cfg.batch));
        for (std::int64_t i = start; i < std::min(cfg.notes, start + cfg.batch); ++i)
          batch.push_back(note_json(notes[static_cast<std::size_t>(i)]));
        building.cpu += thread_cpu_seconds() - bc0;
        building.wall += std::chrono::duration<double>(std::chrono::steady_clock::now() - b0).count();
        const auto ids = bulk_db->import_many(scope, Entity::Note, batch);
        benchmark::DoNotOptimize(ids.data());
      }
      const auto b0 = std::chrono::steady_clock::now();
      const double bc0 = thread_cpu_seconds();
      batch = std::vector<json>();
      building.cpu += thread_cpu_seconds() - bc0;
      building.wall += std::chrono::duration<double>(std::chrono::steady_clock::now() - b0).count();
      spent.finish_cpu = thread_cpu_seconds();
    });
    spent.finish_cpu = thread_cpu_seconds() - spent.finish_cpu;
    spent.cpu = thread_cpu_seconds() - c0 - building.cpu;
    spent.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() - building.wall;
    bulk_notes_loaded = true;
    return spent;
  }

  // The same rows with hand-written SQL: per batch one transaction; per note the dog check (memoized per
  // batch, as the engine does), the note (FTS via the trigger), its tags and its change-log entry.
  // `deferred`: the raw form of the bulk path: one transaction, no FTS trigger while inserting, the index
  // built by one INSERT ... SELECT at the end.
  Spent insert_notes_raw() { return insert_notes_raw_into(raw, false); }

  Spent insert_notes_raw_into(sqlite3* target, bool deferred) {
    const Config& cfg = config();
    RawStatement dog_check(target, "SELECT 1 FROM dogs WHERE id = ?1 AND organization_id = ?2");
    RawStatement insert_note(target,
                             "INSERT INTO notes (organization_id, dog_id, author_id, body, category, tags, visibility,"
                             " created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)");
    RawStatement insert_tag(target, "INSERT INTO note_tags (note_id, tag) VALUES (?1, ?2)");
    RawStatement insert_change(target,
                               "INSERT INTO changes (organization_id, entity, entity_id, operation, actor_id, at,"
                               " version, data) VALUES (?1, 'note', ?2, 'create', ?3, ?4, 1, ?5)");
    std::int64_t batch_number = 0;
    const auto t0 = std::chrono::steady_clock::now();
    const double c0 = thread_cpu_seconds();
    std::int64_t bound = 0;
    // The engine's rule for the secondary indexes (SqliteOptions::bulk_index_rebuild_rows): dropped once the
    // import has written that many rows and at least as many as the table held, rebuilt at the end.
    const std::int64_t threshold = bulk_options().bulk_index_rebuild_rows;
    std::int64_t changes_before = 0;
    bool notes_indexes_dropped = false;
    bool changes_indexes_dropped = false;
    if (deferred) {
      exec(target, "BEGIN IMMEDIATE");
      RawStatement max_id(target, "SELECT coalesce(max(id), 0) FROM notes");
      max_id.step();
      bound = max_id.int64(0);
      max_id.reset();
      exec(target, "DROP TRIGGER notes_fts_insert");
      RawStatement max_seq(target, "SELECT coalesce(max(seq), 0) FROM changes");
      max_seq.step();
      changes_before = max_seq.int64(0);
      max_seq.reset();
      batch_number = 0;
    }
    for (std::int64_t start = 0; start < cfg.notes; start += cfg.batch, ++batch_number) {
      Timestamp now;
      now.millis = base_millis + 1000000 + batch_number;
      const std::string at = now.to_string();
      std::unordered_map<Id, bool> known_dogs;
      if (!deferred) exec(target, "BEGIN IMMEDIATE");
      const std::int64_t written = std::min(cfg.notes, start + cfg.batch);  // by the end of this batch
      if (deferred && threshold > 0 && !notes_indexes_dropped && written >= std::max(threshold, bound)) {
        for (const char* name : kNoteIndexes) exec(target, (std::string("DROP INDEX ") + name).c_str());
        notes_indexes_dropped = true;
      }
      if (deferred && threshold > 0 && !changes_indexes_dropped && written >= std::max(threshold, changes_before)) {
        for (const char* name : kChangeIndexes) exec(target, (std::string("DROP INDEX ") + name).c_str());
        changes_indexes_dropped = true;
      }
      for (std::int64_t i = start; i < std::min(cfg.notes, start + cfg.batch); ++i) {
        const NoteSpec& note = notes[static_cast<std::size_t>(i)];
        if (known_dogs.find(note.dog_id) == known_dogs.end()) {
          dog_check.reset();
          dog_check.bind(1, note.dog_id);
          dog_check.bind(2, scope.organization_id);
          known_dogs[note.dog_id] = dog_check.step();
          dog_check.reset();  // no statement may stay active: DROP INDEX would fail with SQLITE_LOCKED
        }
        std::string joined_tags;
        for (const auto& tag : note.tags) joined_tags += (joined_tags.empty() ? "" : " ") + tag;
        insert_note.reset();
        insert_note.bind(1, scope.organization_id);
        insert_note.bind(2, note.dog_id);
        insert_note.bind(3, scope.actor_id);
        insert_note.bind(4, note.body);
        insert_note.bind(5, note.category);
        insert_note.bind(6, joined_tags);
        insert_note.bind(7, note.visibility);
        insert_note.bind(8, at);
        insert_note.step();
        const Id id = sqlite3_last_insert_rowid(target);
        for (const auto& tag : note.tags) {
          insert_tag.reset();
          insert_tag.bind(1, id);
          insert_tag.bind(2, tag);
          insert_tag.step();
        }
        std::string data = "{\"id\":" + std::to_string(id) + ",\"dogId\":" + std::to_string(note.dog_id) +
                           ",\"authorId\":" + std::to_string(scope.actor_id) + ",\"body\":" + json_string(note.body) +
                           ",\"category\":" + json_string(note.category) + ",\"tags\":[";
        for (std::size_t t = 0; t < note.tags.size(); ++t) data += (t ? "," : "") + json_string(note.tags[t]);
        data += "],\"visibility\":" + json_string(note.visibility) + ",\"createdAt\":\"" + at + "\",\"updatedAt\":\"" +
                at + "\",\"revision\":1,\"deletedAt\":null,\"version\":1}";
        insert_change.reset();
        insert_change.bind(1, scope.organization_id);
        insert_change.bind(2, id);
        insert_change.bind(3, scope.actor_id);
        insert_change.bind(4, at);
        insert_change.bind(5, data);
        insert_change.step();
      }
      if (!deferred) exec(target, "COMMIT");
    }
    double finish_start = 0;
    if (deferred) {
      finish_start = thread_cpu_seconds();
      exec(target,
           "CREATE TRIGGER notes_fts_insert AFTER INSERT ON notes BEGIN\n"
           "  INSERT INTO notes_fts(rowid, body) VALUES (new.id, new.body);\nEND");
      if (notes_indexes_dropped) {
        exec(target, "CREATE INDEX notes_by_dog ON notes(dog_id, created_at, id)");
        exec(target, "CREATE INDEX notes_by_org_created ON notes(organization_id, created_at)");
        exec(target, "CREATE INDEX note_tags_by_note ON note_tags(note_id)");
      }
      if (changes_indexes_dropped) {
        exec(target, "CREATE INDEX changes_by_entity ON changes(organization_id, entity, entity_id, seq)");
        exec(target, "CREATE INDEX changes_by_org ON changes(organization_id, seq)");
      }
      RawStatement index(target,
                         "INSERT INTO notes_fts(rowid, body) SELECT id, body FROM notes WHERE id > ?1 ORDER BY id");
      index.bind(1, bound);
      index.step();
      exec(target, "COMMIT");
      raw_bulk_notes_loaded = true;
    } else {
      raw_notes_loaded = true;
    }
    return {std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), thread_cpu_seconds() - c0,
            deferred ? thread_cpu_seconds() - finish_start : 0.0};
  }

  // The read cases run on the bulk-loaded databases (their searches equal the per-row ones: tested). On
  // PostgreSQL the pawnotes read cases run on the PostgreSQL database, loaded record by record (its engine
  // indexes as it writes; there is no deferred path to load it by): `reader()`.
  void ensure_notes() {
    if (!pg_database.empty()) {
      if (!pawnotes_notes_loaded) insert_notes_pawnotes();
    } else if (!bulk_notes_loaded) {
      import_notes_pawnotes();
    }
    if (!raw_bulk_notes_loaded) insert_notes_raw_into(raw_bulk, true);
  }
  Database& reader() { return pg_database.empty() ? *bulk_db : *db; }
};

Fixture& fixture() {
  static Fixture instance;
  return instance;
}

// ---------------------------------------------------------------- 1. bulk insert

void BM_BulkInsertNotes_Pawnotes(benchmark::State& state) {
  Fixture& f = fixture();
  for (auto _ : state) {
    if (f.pawnotes_notes_loaded) {
      state.SkipWithError("notes already inserted in this run");
      break;
    }
    const Spent spent = f.insert_notes_pawnotes();
    state.SetIterationTime(spent.wall);
    state.counters["cpu_notes_per_s"] = static_cast<double>(config().notes) / spent.cpu;
  }
  state.SetItemsProcessed(config().notes);
}

void BM_BulkInsertNotes_Raw(benchmark::State& state) {
  Fixture& f = fixture();
  for (auto _ : state) {
    if (f.raw_notes_loaded) {
      state.SkipWithError("notes already inserted in this run");
      break;
    }
    const Spent spent = f.insert_notes_raw();
    state.SetIterationTime(spent.wall);
    state.counters["cpu_notes_per_s"] = static_cast<double>(config().notes) / spent.cpu;
  }
  state.SetItemsProcessed(config().notes);
}

// 1b. the bulk-import path (full-text index built once at the end), next to its raw form.
void BM_BulkImportNotes_Pawnotes(benchmark::State& state) {
  Fixture& f = fixture();
  for (auto _ : state) {
    if (f.bulk_notes_loaded) {
      state.SkipWithError("notes already imported in this run");
      break;
    }
    const Spent spent = f.import_notes_pawnotes();
    state.SetIterationTime(spent.wall);
    state.counters["cpu_notes_per_s"] = static_cast<double>(config().notes) / spent.cpu;
    state.counters["finish_cpu_s"] = spent.finish_cpu;
  }
  state.SetItemsProcessed(config().notes);
}

void BM_BulkImportNotes_Raw(benchmark::State& state) {
  Fixture& f = fixture();
  for (auto _ : state) {
    if (f.raw_bulk_notes_loaded) {
      state.SkipWithError("notes already imported in this run");
      break;
    }
    const Spent spent = f.insert_notes_raw_into(f.raw_bulk, true);
    state.SetIterationTime(spent.wall);
    state.counters["cpu_notes_per_s"] = static_cast<double>(config().notes) / spent.cpu;
    state.counters["finish_cpu_s"] = spent.finish_cpu;
  }
  state.SetItemsProcessed(config().notes);
}

// ---------------------------------------------------------------- 2. owner prefix search

void BM_OwnerSearch_Pawnotes(benchmark::State& state) {
  Fixture& f = fixture();
  f.ensure_notes();
  const OwnerSearch request{kOwnerPrefixes[state.range(0)], PageRequest{0, 20, ""}};
  std::int64_t total = 0;
  for (auto _ : state) {
    const auto page = f.reader().search_owners(f.scope, request);
    total = page.total;
    benchmark::DoNotOptimize(page.items.data());
  }
  state.SetLabel(request.last_name_prefix);
  state.counters["matches"] = static_cast<double>(total);
}

struct RawDog {
  std::int64_t id, owner_id, type_id;
  std::string type_name, name, birth_date, breed, sex, microchip, status;
  double weight;
  std::int64_t version;
};
struct RawOwner {
  std::int64_t id;
  std::string first_name, last_name, address, city, telephone, email;
  std::int64_t version;
  std::vector<RawDog> dogs;
};

void BM_OwnerSearch_Raw(benchmark::State& state) {
  Fixture& f = fixture();
  f.ensure_notes();
  const char* range =
      " FROM owners o WHERE o.organization_id = ?1 AND o.last_name_fold >= ?2 AND o.last_name_fold < ?3";
  RawStatement page(f.raw_bulk,
                    std::string("SELECT o.id, o.first_name, o.last_name, o.address, o.city, o.telephone, o.email, "
                                "o.version") +
                        range + " ORDER BY o.last_name_fold, o.first_name, o.id LIMIT ?4 OFFSET ?5");
  RawStatement count(f.raw_bulk, std::string("SELECT count(*)") + range);
  RawStatement dogs(f.raw_bulk,
                    "SELECT d.id, d.owner_id, d.type_id, t.name, d.name, d.birth_date, d.breed, d.sex, d.weight_kg,"
                    " d.microchip, d.status, d.version FROM dogs d JOIN pet_types t ON t.id = d.type_id"
                    " WHERE d.owner_id IN (SELECT value FROM json_each(?1)) AND +d.organization_id = ?2"
                    " ORDER BY d.owner_id, d.name_fold, d.id");
  const std::string low = kOwnerPrefixes[state.range(0)];
  const std::string high = low + "\xF4\x8F\xBF\xBF";
  std::int64_t total = 0;
  for (auto _ : state) {
    std::vector<RawOwner> owners;
    page.reset();
    page.bind(1, f.scope.organization_id);
    page.bind(2, low);
    page.bind(3, high);
    page.bind(4, 20);
    page.bind(5, 0);
    while (page.step()) {
      owners.push_back(RawOwner{page.int64(0),
                                page.text(1),
                                page.text(2),
                                page.text(3),
                                page.text(4),
                                page.text(5),
                                page.text(6),
                                page.int64(7),
                                {}});
    }
    count.reset();
    count.bind(1, f.scope.organization_id);
    count.bind(2, low);
    count.bind(3, high);
    count.step();
    total = count.int64(0);
    std::string ids = "[";
    for (const auto& o : owners) ids += (ids.size() > 1 ? "," : "") + std::to_string(o.id);
    ids += "]";
    dogs.reset();
    dogs.bind(1, ids);
    dogs.bind(2, f.scope.organization_id);
    while (dogs.step()) {
      RawDog dog{dogs.int64(0),
                 dogs.int64(1),
                 dogs.int64(2),
                 dogs.text(3),
                 dogs.text(4),
                 dogs.text(5),
                 dogs.text(6),
                 dogs.text(7),
                 dogs.text(9),
                 dogs.text(10),
                 sqlite3_column_double(dogs.get(), 8),
                 dogs.int64(11)};
      for (auto& o : owners)
        if (o.id == dog.owner_id) o.dogs.push_back(std::move(dog));
    }
    page.reset();
    count.reset();
    dogs.reset();
    benchmark::DoNotOptimize(owners.data());
  }
  state.SetLabel(low);
  state.counters["matches"] = static_cast<double>(total);
}

// ---------------------------------------------------------------- 3. note full-text search

std::string search_text(const benchmark::State& state) {
  switch (state.range(0)) {
    case 0: return kTwoWordSearch;
    case 1: return vocabulary()[999];
    case 2: return kCommonSearch;
    default: return vocabulary()[3999];
  }
}

void BM_NoteSearch_Pawnotes(benchmark::State& state) {
  Fixture& f = fixture();
  f.ensure_notes();
  NoteSearch request;
  request.text = search_text(state);
  request.page.size = 20;
  std::int64_t total = 0;
  for (auto _ : state) {
    const auto page = f.reader().search_notes(f.scope, request);
    total = page.total;
    benchmark::DoNotOptimize(page.items.data());
  }
  state.SetLabel(request.text);
  state.counters["matches"] = static_cast<double>(total);
}

void BM_NoteSearch_Raw(benchmark::State& state) {
  Fixture& f = fixture();
  f.ensure_notes();
  std::string match;
  {
    // The same quoting as the engine: every word a phrase, all ANDed.
    std::string word;
    const std::string text = search_text(state) + " ";
    for (const char ch : text) {
      if (ch != ' ') {
        word.push_back(ch);
      } else if (!word.empty()) {
        match += (match.empty() ? "\"" : " AND \"") + word + "\"";
        word.clear();
      }
    }
  }
  const char* from = " FROM notes_fts CROSS JOIN notes n ON n.id = notes_fts.rowid";
  const char* where = " WHERE notes_fts MATCH ?1 AND n.organization_id = ?2 AND n.deleted_at IS NULL";
  RawStatement page(f.raw_bulk,
                    std::string("SELECT n.id, n.dog_id, n.author_id, n.body, n.category, n.tags, n.visibility, "
                                "n.created_at, n.updated_at, n.revision, n.deleted_at, n.version, d.name, "
                                "snippet(notes_fts, 0, '<mark>', '</mark>', '\xE2\x80\xA6', 16), notes_fts.rank") +
                        from + " CROSS JOIN dogs d ON d.id = n.dog_id" + where +
                        " ORDER BY notes_fts.rank LIMIT ?3 OFFSET ?4");
  RawStatement count(f.raw_bulk, std::string("SELECT count(*)") + from + where);
  std::int64_t total = 0;
  for (auto _ : state) {
    std::vector<std::string> rows;
    page.reset();
    page.bind(1, match);
    page.bind(2, f.scope.organization_id);
    page.bind(3, 20);
    page.bind(4, 0);
    while (page.step()) {
      std::string row;
      for (int c = 0; c < 15; ++c) row += page.text(c);
      rows.push_back(std::move(row));
    }
    page.reset();
    if (rows.size() == 20) {
      count.reset();
      count.bind(1, match);
      count.bind(2, f.scope.organization_id);
      count.step();
      total = count.int64(0);
      count.reset();
    } else {
      total = static_cast<std::int64_t>(rows.size());
    }
    benchmark::DoNotOptimize(rows.data());
  }
  state.SetLabel(search_text(state));
  state.counters["matches"] = static_cast<double>(total);
}

// ---------------------------------------------------------------- 4. timeline

void BM_Timeline_Pawnotes(benchmark::State& state) {
  Fixture& f = fixture();
  f.ensure_notes();
  TimelineRequest request;
  request.dog_id = f.busy_dog;
  request.limit = 50;
  for (auto _ : state) {
    const auto page = f.reader().timeline(f.scope, request);
    benchmark::DoNotOptimize(page.items.data());
  }
}

void BM_Timeline_Raw(benchmark::State& state) {
  Fixture& f = fixture();
  f.ensure_notes();
  RawStatement dog(f.raw_bulk, "SELECT 1 FROM dogs WHERE id = ?1 AND organization_id = ?2");
  RawStatement notes(f.raw_bulk,
                     "SELECT n.id, n.dog_id, n.author_id, n.body, n.category, n.tags, n.visibility, n.created_at,"
                     " n.updated_at, n.revision, n.deleted_at, n.version FROM notes n WHERE n.dog_id = ?1"
                     " AND n.deleted_at IS NULL ORDER BY n.created_at DESC, n.id DESC LIMIT ?2");
  RawStatement visits(f.raw_bulk,
                      "SELECT v.id, v.dog_id, v.trainer_id, v.date, v.description, v.duration_minutes, v.version"
                      " FROM visits v WHERE v.dog_id = ?1 ORDER BY v.date DESC, v.id DESC LIMIT ?2");
  struct Entry {
    std::string at;
    std::int64_t id;
    bool note;
    std::string body;
  };
  for (auto _ : state) {
    dog.reset();
    dog.bind(1, f.busy_dog);
    dog.bind(2, f.scope.organization_id);
    if (!dog.step()) state.SkipWithError("dog missing");
    dog.reset();
    std::vector<Entry> entries;
    notes.reset();
    notes.bind(1, f.busy_dog);
    notes.bind(2, 51);
    while (notes.step()) {
      for (int c = 4; c < 12; ++c) benchmark::DoNotOptimize(notes.text(c));
      entries.push_back(Entry{notes.text(7), notes.int64(0), true, notes.text(3)});
    }
    notes.reset();
    const std::size_t note_count = entries.size();
    visits.reset();
    visits.bind(1, f.busy_dog);
    visits.bind(2, 51);
    while (visits.step()) entries.push_back(Entry{visits.text(3), visits.int64(0), false, visits.text(4)});
    visits.reset();
    std::inplace_merge(entries.begin(), entries.begin() + static_cast<std::ptrdiff_t>(note_count), entries.end(),
                       [](const Entry& a, const Entry& b) {
                         if (a.at != b.at) return a.at > b.at;
                         if (a.note != b.note) return a.note;
                         return a.id > b.id;
                       });
    if (entries.size() > 50) entries.resize(50);
    benchmark::DoNotOptimize(entries.data());
  }
}

BENCHMARK(BM_BulkInsertNotes_Pawnotes)->Iterations(1)->Repetitions(1)->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BulkInsertNotes_Raw)->Iterations(1)->Repetitions(1)->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BulkImportNotes_Pawnotes)->Iterations(1)->Repetitions(1)->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BulkImportNotes_Raw)->Iterations(1)->Repetitions(1)->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_OwnerSearch_Pawnotes)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_OwnerSearch_Raw)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_NoteSearch_Pawnotes)->DenseRange(0, 3)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_NoteSearch_Raw)->DenseRange(0, 3)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Timeline_Pawnotes)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Timeline_Raw)->Unit(benchmark::kMicrosecond);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::AddCustomContext("engine", postgres_admin_url().empty() ? "sqlite" : "postgresql");
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
