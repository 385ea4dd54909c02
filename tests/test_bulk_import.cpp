// The bulk-import path (Database::bulk_import + import_many): the same data set imported record by record
// and in bulk gives identical searches (hits, order, ranks, snippets, totals), identical change logs and a
// consistent full-text index; a failure part way leaves nothing behind; the schema is unchanged after.
#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <random>
#include <string>
#include <vector>

#include "support/test_support.hpp"

using namespace pawnotes;
using namespace pawnotes::testing;
using nlohmann::json;

namespace {

const std::vector<std::string>& words() {
  static const std::vector<std::string> list = {"sit",  "stay",   "recall",  "leash", "calm",     "bark",  "heel",
                                                "door", "treat",  "walk",    "park",  "jumped",   "cat",   "quiet",
                                                "café", "Zürich", "nervous", "toy",   "squirrel", "fetch", "rare1"};
  return list;
}

// Seeded notes over a few dogs: common and rare words, tags, categories, visibilities.
std::vector<json> make_notes(const std::vector<Id>& dogs, int count) {
  std::mt19937 rng(7);
  static const char* categories[] = {"behaviour", "progress", "health", "incident", "general"};
  static const char* tags[] = {"recall", "leash", "puppy"};
  std::vector<json> notes;
  for (int i = 0; i < count; ++i) {
    std::string body;
    const int length = 3 + static_cast<int>(rng() % 12);
    for (int w = 0; w < length; ++w) {
      const std::size_t pick = (rng() % 3 == 0) ? rng() % words().size() : rng() % 6;  // skewed to common words
      body += (w ? " " : "") + words()[pick];
    }
    json note = {{"dogId", dogs[rng() % dogs.size()]}, {"body", body}, {"category", categories[rng() % 5]}};
    if (rng() % 2) note["tags"] = json::array({tags[rng() % 3]});
    if (rng() % 4 == 0) note["visibility"] = "shared";
    notes.push_back(std::move(note));
  }
  return notes;
}

struct Loaded {
  TestDb t{Where::OnFile};
  std::vector<Id> dogs;
  Loaded() {
    const Id owner = t.db.create(t.admin, Entity::Owner, owner_input()).at("id").get<Id>();
    for (const char* name : {"Rex", "Bella", "Max"}) {
      dogs.push_back(t.db.create(t.admin, Entity::Dog, dog_input(owner, name)).at("id").get<Id>());
    }
    // A few notes before the import, one of them edited and one deleted during it (below).
    for (int i = 0; i < 3; ++i) t.db.create(t.admin, Entity::Note, note_input(dogs[0], "before the import sit"));
  }
};

std::string search_signature(Database& db, const Scope& scope, NoteSearch request) {
  std::string out;
  for (int page = 0; page < 3; ++page) {
    request.page.page = page;
    request.page.size = 7;
    const Page<NoteHit> result = db.search_notes(scope, request);
    out += "total=" + std::to_string(result.total) + ";";
    for (const NoteHit& hit : result.items) {
      out += std::to_string(hit.note.id) + "|" + hit.dog_name + "|" + hit.snippet + "|" + std::to_string(hit.rank) +
             "|" + hit.note.body + ";";
    }
  }
  return out;
}

std::vector<std::string> all_queries() {
  std::vector<std::string> queries = words();
  queries.insert(queries.end(), {"sit stay", "leash calm", "\"sit stay\"", "recall leash door", "before", "nothing"});
  return queries;
}

std::string fts_integrity(const std::string& path) {
  sqlite3* raw = nullptr;
  sqlite3_open(path.c_str(), &raw);
  char* error = nullptr;
  const int rc = sqlite3_exec(raw, "INSERT INTO notes_fts(notes_fts, rank) VALUES ('integrity-check', 1)", nullptr,
                              nullptr, &error);
  std::string out = rc == SQLITE_OK ? "ok" : (error ? error : "failed");
  sqlite3_free(error);
  sqlite3_close(raw);
  return out;
}

std::string schema_text(const std::string& path) {
  sqlite3* raw = nullptr;
  sqlite3_open(path.c_str(), &raw);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(raw, "SELECT type || name || coalesce(sql, '') FROM sqlite_master ORDER BY name", -1, &stmt,
                     nullptr);
  std::string out;
  while (sqlite3_step(stmt) == SQLITE_ROW) out += reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  sqlite3_finalize(stmt);
  sqlite3_close(raw);
  return out;
}

std::string changes_text(Database& db, const Scope& scope) {
  std::string out;
  std::int64_t after = 0;
  for (;;) {
    const auto page = db.changes_since(scope, after, 1000);
    if (page.empty()) break;
    for (const auto& change : page) {
      out += std::string(entity_name(change.entity)) + std::to_string(change.entity_id) + change.operation +
             change.data.dump() + "\n";
      after = change.seq;
    }
  }
  return out;
}

// Everything else the system reads after an import, as text: each dog's whole timeline (with deleted notes),
// the history and revisions of every note, the counts.
std::string reads_text(Database& db, const Scope& scope, const std::vector<Id>& dogs, Id last_note) {
  std::string out;
  for (const Id dog : dogs) {
    TimelineRequest request;
    request.dog_id = dog;
    request.limit = 500;
    request.include_deleted_notes = true;
    for (;;) {
      const auto page = db.timeline(scope, request);
      out += json(page).dump() + "\n";
      if (!page.next_cursor) break;
      request.cursor = page.next_cursor;
    }
  }
  for (Id note = 1; note <= last_note; ++note) {
    HistoryRequest request;
    request.entity = Entity::Note;
    request.id = note;
    request.page.size = 100;
    out += json(db.history(scope, request)).dump();
    out += json(db.note_revisions(scope, note)).dump() + "\n";
  }
  const Stats stats = db.stats(scope);
  out += std::to_string(stats.notes) + " " + std::to_string(stats.changes) + " " + std::to_string(stats.dogs);
  return out;
}

// Opens a second connection to the loaded file with the given bulk-import threshold (the row count after
// which the secondary indexes are dropped and rebuilt at the end).
Database importer(const Loaded& loaded, std::int64_t rebuild_rows) {
  SqliteOptions options;
  options.bulk_index_rebuild_rows = rebuild_rows;
  return Database::open(loaded.t.path, loaded.t.clock, options);
}

std::vector<std::string> index_names(const std::string& path) {
  sqlite3* raw = nullptr;
  sqlite3_open(path.c_str(), &raw);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(raw, "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name", -1,
                     &stmt, nullptr);
  std::vector<std::string> out;
  while (sqlite3_step(stmt) == SQLITE_ROW)
    out.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)));
  sqlite3_finalize(stmt);
  sqlite3_close(raw);
  return out;
}

}  // namespace

// [sqlite-only] for the two bulk-import cases: they check the SQLite engine's deferred FTS5 indexing (its
// triggers and FTS5 integrity-check); the PostgreSQL engine indexes each note as it is written.
TEST_CASE("bulk import gives exactly the searches, change log and index of record-by-record creates", "[sqlite-only]") {
  // The secondary indexes: kept (the default threshold is not reached by 1,500 notes), dropped before the
  // first batch, dropped before the third batch (and the change log's with them: fewer changes existed).
  const std::int64_t rebuild_rows = GENERATE(std::int64_t{20000}, std::int64_t{1}, std::int64_t{1000});
  INFO("bulk_index_rebuild_rows " << rebuild_rows);
  Loaded one;  // record by record
  Loaded bulk;
  Database db = importer(bulk, rebuild_rows);
  const std::vector<json> notes = make_notes(one.dogs, 1500);
  REQUIRE(one.dogs == bulk.dogs);

  for (std::size_t start = 0; start < notes.size(); start += 400) {
    const std::vector<json> batch(notes.begin() + static_cast<std::ptrdiff_t>(start),
                                  notes.begin() + static_cast<std::ptrdiff_t>(std::min(notes.size(), start + 400)));
    one.t.db.create_many(one.t.admin, Entity::Note, batch);
  }
  // The same edits on both: a note from before the import changed, one deleted, one new note changed.
  const auto edit = [](Database& target, const Scope& scope, const std::vector<Id>& dogs, Id first_new) {
    target.update(scope, Entity::Note, 2, note_input(dogs[0], "edited during the import rare1"), std::nullopt);
    target.remove(scope, Entity::Note, 3);
    target.update(scope, Entity::Note, first_new, note_input(dogs[1], "changed right after its import squirrel"),
                  std::nullopt);
  };
  edit(one.t.db, one.t.admin, one.dogs, 4);

  const std::string schema_before = schema_text(bulk.t.path);
  const std::vector<std::string> indexes_before = index_names(bulk.t.path);
  std::vector<Id> ids;
  std::vector<std::string> indexes_during;
  db.bulk_import([&] {
    for (std::size_t start = 0; start < notes.size(); start += 400) {
      const std::vector<json> batch(notes.begin() + static_cast<std::ptrdiff_t>(start),
                                    notes.begin() + static_cast<std::ptrdiff_t>(std::min(notes.size(), start + 400)));
      const std::vector<Id> got = db.import_many(bulk.t.admin, Entity::Note, batch);
      ids.insert(ids.end(), got.begin(), got.end());
    }
    edit(db, bulk.t.admin, bulk.dogs, ids.front());     // reads and writes without the dropped indexes
    CHECK(index_names(bulk.t.path) == indexes_before);  // another connection sees the committed schema
  });
  REQUIRE(ids.size() == notes.size());
  CHECK(ids.front() == 4);
  CHECK(ids.back() == static_cast<Id>(3 + notes.size()));

  for (const std::string& text : all_queries()) {
    NoteSearch request;
    request.text = text;
    INFO(text);
    CHECK(search_signature(one.t.db, one.t.admin, request) == search_signature(bulk.t.db, bulk.t.admin, request));
    request.tag = "leash";
    request.category = "behaviour";
    CHECK(search_signature(one.t.db, one.t.admin, request) == search_signature(bulk.t.db, bulk.t.admin, request));
  }
  NoteSearch common;
  common.text = "sit";
  CHECK(bulk.t.db.search_notes(bulk.t.admin, common).total > 100);  // the comparison above is not vacuous
  CHECK(changes_text(one.t.db, one.t.admin) == changes_text(bulk.t.db, bulk.t.admin));
  CHECK(changes_text(one.t.db, one.t.admin) == changes_text(db, bulk.t.admin));  // the importing connection too
  const Id last = static_cast<Id>(3 + notes.size());
  CHECK(reads_text(one.t.db, one.t.admin, one.dogs, last) == reads_text(bulk.t.db, bulk.t.admin, bulk.dogs, last));
  CHECK(one.t.db.stats(one.t.admin).notes == bulk.t.db.stats(bulk.t.admin).notes);
  CHECK(index_names(bulk.t.path) == indexes_before);
  CHECK(fts_integrity(bulk.t.path) == "ok");
  CHECK(fts_integrity(one.t.path) == "ok");
  CHECK(schema_text(bulk.t.path) == schema_before);  // the original triggers are back, byte for byte

  // Writes after the import are indexed per row again, on both connections.
  bulk.t.db.create(bulk.t.admin, Entity::Note, note_input(bulk.dogs[0], "after the import zebra"));
  db.create(bulk.t.admin, Entity::Note, note_input(bulk.dogs[1], "after the import zebra"));
  NoteSearch zebra;
  zebra.text = "zebra";
  CHECK(bulk.t.db.search_notes(bulk.t.admin, zebra).total == 2);
  CHECK(db.search_notes(bulk.t.admin, zebra).total == 2);
}

TEST_CASE("a bulk import that fails part way leaves nothing and the index consistent", "[sqlite-only]") {
  // With the secondary indexes kept, and dropped by the first batch (the rollback brings them back).
  const std::int64_t rebuild_rows = GENERATE(std::int64_t{20000}, std::int64_t{1});
  INFO("bulk_index_rebuild_rows " << rebuild_rows);
  Loaded l;
  Database db = importer(l, rebuild_rows);
  const std::vector<json> notes = make_notes(l.dogs, 300);
  const std::string schema_before = schema_text(l.t.path);
  const auto before = db.stats(l.t.admin);
  NoteSearch sit;
  sit.text = "sit";
  const std::int64_t sit_before = db.search_notes(l.t.admin, sit).total;

  SECTION("the work throws after some batches") {
    CHECK_THROWS_AS(db.bulk_import([&] {
      db.import_many(l.t.admin, Entity::Note, notes);
      throw std::runtime_error("stop");
    }),
                    std::runtime_error);
  }
  SECTION("a storage check fails in a later batch (unknown dog)") {
    std::vector<json> bad = notes;
    bad[150]["dogId"] = 9999;
    CHECK_THROWS_AS(db.bulk_import([&] {
      db.import_many(l.t.admin, Entity::Note, notes);
      db.import_many(l.t.admin, Entity::Note, bad);
    }),
                    ValidationError);
  }
  SECTION("a failed write is caught by the work: the import still lands nothing") {
    std::vector<json> bad = notes;
    bad[10]["dogId"] = 9999;
    CHECK_THROWS_AS(db.bulk_import([&] {
      db.import_many(l.t.admin, Entity::Note, notes);
      try {
        db.import_many(l.t.admin, Entity::Note, bad);
      } catch (const ValidationError&) {
      }
    }),
                    StorageError);
  }
  const auto after = db.stats(l.t.admin);
  CHECK(after.notes == before.notes);
  CHECK(after.changes == before.changes);
  CHECK(db.search_notes(l.t.admin, sit).total == sit_before);
  CHECK(fts_integrity(l.t.path) == "ok");
  CHECK(schema_text(l.t.path) == schema_before);
  // And the database works normally afterwards, bulk or not.
  db.bulk_import([&] { db.import_many(l.t.admin, Entity::Note, notes); });
  CHECK(db.stats(l.t.admin).notes == before.notes + 300);
  CHECK(fts_integrity(l.t.path) == "ok");
  CHECK(schema_text(l.t.path) == schema_before);  // the dropped indexes are back
}

TEST_CASE("import_many validates every item like create_many and checks roles") {
  Loaded l;
  std::vector<json> notes = make_notes(l.dogs, 5);
  notes[3]["body"] = "   ";
  const auto errors = field_errors([&] { l.t.db.import_many(l.t.admin, Entity::Note, notes); });
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].field == "[3].body");
  CHECK_THROWS_AS(l.t.db.import_many(l.t.viewer, Entity::Note, make_notes(l.dogs, 1)), Forbidden);
  // Other entities go through the same path and return their ids.
  const std::vector<Id> owners =
      l.t.db.import_many(l.t.admin, Entity::Owner, {owner_input("Ann", "Bee"), owner_input("Cid", "Dee")});
  REQUIRE(owners.size() == 2);
  CHECK(l.t.db.get(l.t.admin, Entity::Owner, owners[1]).at("lastName") == "Dee");
}

// The note-search rule of search_rule.hpp: bm25 up to kRankedLimit matches, newest first above, totals exact
// up to kCountLimit and flagged beyond. Both engines (relevance: FTS5 bm25 on SQLite, ts_rank on PostgreSQL).
TEST_CASE("note search: relevance for few matches, newest first with a flagged total for many") {
  namespace rule = note_search_rule;
  TestDb t;
  const Id owner = t.db.create(t.admin, Entity::Owner, owner_input()).at("id").get<Id>();
  const Id rex = t.db.create(t.admin, Entity::Dog, dog_input(owner, "Rex")).at("id").get<Id>();
  const Id max = t.db.create(t.admin, Entity::Dog, dog_input(owner, "Max")).at("id").get<Id>();
  std::vector<json> notes;
  const std::int64_t count = rule::kCountLimit + 500;
  for (std::int64_t i = 0; i < count; ++i) {
    std::string body = "common walk";
    if (i % 20 == 0) body += " medium";  // with i % 7 below: 1,950 matches, ranked
    if (i % 2 == 0) body += " half";     // 5,250: newest first, exact total
    if (i % 7 == 0) body += " medium medium";
    json note = {{"dogId", i % 3 == 0 ? max : rex}, {"body", body}};
    if (i % 4 == 0) note["tags"] = json::array({"leash"});
    notes.push_back(std::move(note));
  }
  t.db.bulk_import([&] { t.db.import_many(t.admin, Entity::Note, notes); });
  NoteSearch request;
  request.page.size = 20;

  request.text = "medium";
  Page<NoteHit> ranked = t.db.search_notes(t.admin, request);
  CHECK(ranked.order == "relevance");
  CHECK(ranked.total == 1950);
  CHECK(ranked.total_exact);
  for (std::size_t i = 1; i < ranked.items.size(); ++i) CHECK(ranked.items[i - 1].rank <= ranked.items[i].rank);
  CHECK(ranked.items.front().note.body.find("medium medium") != std::string::npos);  // bm25: the denser first

  request.text = "half";
  Page<NoteHit> newest = t.db.search_notes(t.admin, request);
  CHECK(newest.order == "newest");
  CHECK(newest.total == count / 2);
  CHECK(newest.total_exact);
  REQUIRE(newest.items.size() == 20);
  for (std::size_t i = 1; i < newest.items.size(); ++i) CHECK(newest.items[i - 1].note.id > newest.items[i].note.id);
  CHECK(newest.items.front().snippet.find("<mark>half</mark>") != std::string::npos);
  request.page.page = 1;
  CHECK(t.db.search_notes(t.admin, request).items.front().note.id == newest.items.back().note.id - 2);
  request.page.page = 0;

  request.text = "common";
  Page<NoteHit> many = t.db.search_notes(t.admin, request);
  CHECK(many.order == "newest");
  CHECK_FALSE(many.total_exact);
  CHECK(many.total == rule::kCountLimit + 1);  // a lower bound: at least this many
  const json as_json = many;
  CHECK(as_json.at("totalExact") == false);
  CHECK(as_json.at("order") == "newest");
  CHECK(to_json_text(many) == as_json.dump());
  CHECK(json(ranked).at("totalExact") == true);
  CHECK(json(Page<Owner>{}).count("totalExact") == 0);  // other pages keep their shape

  // Filters still apply in both modes; a filter that narrows the matches brings relevance back.
  request.dog_id = max;
  request.tag = "leash";
  Page<NoteHit> filtered = t.db.search_notes(t.admin, request);  // i % 12 == 0: 876 matches
  CHECK(filtered.order == "relevance");
  CHECK(filtered.total == (count + 11) / 12);
  for (const NoteHit& hit : filtered.items) {
    CHECK(hit.note.dog_id == max);
    CHECK(hit.note.tags == std::vector<std::string>{"leash"});
  }
  request.tag.reset();
  Page<NoteHit> by_dog = t.db.search_notes(t.admin, request);
  CHECK(by_dog.order == "newest");
  CHECK(by_dog.total == (count + 2) / 3);
  for (const NoteHit& hit : by_dog.items) CHECK(hit.note.dog_id == max);
  CHECK(t.db.search_notes(t.other_admin, request).total == 0);

  // An explicit order is kept, with an exact total.
  request.dog_id.reset();
  request.page.sort = "-createdAt";
  Page<NoteHit> sorted = t.db.search_notes(t.admin, request);
  CHECK(sorted.order == "-createdAt");
  CHECK(sorted.total == count);
  CHECK(sorted.total_exact);
}
