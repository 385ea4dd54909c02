// The bulk-import transaction of the SQLite engine: full-text indexing of the notes written during the
// import is deferred to one pass at the end instead of a trigger call per note, and the secondary indexes
// of the bulk tables are rebuilt once at the end instead of being updated row by row.
//
// How (all inside the one write transaction, so a failure or a crash undoes all of it, DDL included):
//   1. remember the largest note id B (and change seq) and the exact SQL of the three notes_fts triggers;
//   2. replace the triggers by the same triggers restricted to rows with id <= B (WHEN clauses): notes that
//      existed before the import are kept in the index as usual when they are updated or deleted, and a
//      new row that reuses an id <= B (possible after the note with the largest id is hard-deleted) is
//      indexed at once;
//   3. run the import; once it has written SqliteOptions::bulk_index_rebuild_rows notes (and at least as
//      many as the table held before), insert_many drops the secondary indexes of notes and note_tags
//      (and, counted the same way, of changes), remembering their SQL from sqlite_master;
//   4. put the original triggers back (their stored SQL, byte for byte), create the dropped indexes again
//      from their stored SQL (CREATE INDEX sorts the rows once: the same index, built faster than by an
//      insert per row), and index every note with id > B in one INSERT ... SELECT, in id order: exactly the
//      rows, bodies and order the per-row trigger would have given (notes inserted then deleted during the
//      import are no longer there; updated ones are indexed with their final body);
//   5. commit.
// Reads inside the import (an update's look-up of the last change, a cascade's notes of a dog) stay correct
// without the dropped indexes, only slower. Other connections see the committed schema throughout (WAL).
// Not done, measured (bench/RESULTS.md): a larger page cache during the import (256 MiB instead of 32) was
// no faster: fewer pages spilled to the WAL, but a malloc per new cache page.
// The writes inside run without a savepoint each (WriteTransaction skips it while in_bulk_): SQLite's
// sub-journal would otherwise copy every page a batch touches. A failed write therefore marks the import
// failed (bulk_failed_) and the whole import rolls back.
// The index therefore holds the same documents as after record-by-record creates, and searches (matches,
// bm25 ranks, snippets, totals) are identical: tests/test_bulk_import.cpp compares both paths.
#include <sqlite3.h>

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sqlite/sqlite_storage.hpp"

namespace pawnotes::sqlite_detail {
namespace {

struct Trigger {
  std::string name;
  std::string sql;
};

// The stand-ins of schema v1's notes_fts triggers while an import runs (B = the largest id before it).
std::string bounded_trigger(const std::string& name, Id bound) {
  const std::string b = std::to_string(bound);
  if (name == "notes_fts_insert") {
    return "CREATE TRIGGER notes_fts_insert AFTER INSERT ON notes WHEN new.id <= " + b +
           " BEGIN INSERT INTO notes_fts(rowid, body) VALUES (new.id, new.body); END";
  }
  if (name == "notes_fts_delete") {
    return "CREATE TRIGGER notes_fts_delete AFTER DELETE ON notes WHEN old.id <= " + b +
           " BEGIN INSERT INTO notes_fts(notes_fts, rowid, body) VALUES ('delete', old.id, old.body); END";
  }
  return "CREATE TRIGGER notes_fts_update AFTER UPDATE OF body ON notes WHEN old.id <= " + b +
         " BEGIN INSERT INTO notes_fts(notes_fts, rowid, body) VALUES ('delete', old.id, old.body);"
         " INSERT INTO notes_fts(rowid, body) VALUES (new.id, new.body); END";
}

class ResetFlag {
 public:
  explicit ResetFlag(bool& flag) : flag_(flag) { flag_ = true; }
  ~ResetFlag() { flag_ = false; }
  ResetFlag(const ResetFlag&) = delete;
  ResetFlag& operator=(const ResetFlag&) = delete;

 private:
  bool& flag_;
};

}  // namespace

void SqliteStorage::bulk_transaction(const std::function<void()>& work) {
  if (in_bulk_) {  // already deferring: a nested import is a nested transaction
    transaction(work);
    return;
  }
  std::optional<WriteTransaction> outer;
  std::vector<Trigger> triggers;
  Id bound = 0;
  bulk_ = BulkState{};
  translate_sqlite_errors("could not start the import", [&] {
    outer.emplace(*this);
    bound = db_.execAndGet("SELECT coalesce(max(id), 0) FROM notes").getInt64();
    bulk_.notes_before = bound;
    bulk_.changes_before = db_.execAndGet("SELECT coalesce(max(seq), 0) FROM changes").getInt64();
    SQLite::Statement query(db_,
                            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'notes'"
                            " AND name IN ('notes_fts_insert', 'notes_fts_delete', 'notes_fts_update') ORDER BY name");
    while (query.executeStep()) triggers.push_back({query.getColumn(0).getString(), query.getColumn(1).getString()});
    if (triggers.size() != 3) {
      throw StorageError("could not start the import: the full-text triggers of the schema are missing");
    }
    for (const Trigger& trigger : triggers) {
      db_.exec("DROP TRIGGER " + trigger.name);
      db_.exec(bounded_trigger(trigger.name, bound));
    }
  });
  bulk_failed_ = false;
  {
    ResetFlag deferring(in_bulk_);
    work();  // its errors propagate as they are; `outer` then rolls everything back, triggers included
  }
  if (bulk_failed_) {
    // A write failed and `work` went on: writes inside an import are not undone one by one, so none land.
    throw StorageError("the import failed part way (a write inside it failed); nothing was written");
  }
  translate_sqlite_errors("could not finish the import", [&] {
    for (const Trigger& trigger : triggers) {
      db_.exec("DROP TRIGGER " + trigger.name);
      db_.exec(trigger.sql);
    }
    for (const DroppedIndex& dropped : bulk_.dropped) db_.exec(dropped.sql);
    bulk_ = BulkState{};
    SQLite::Statement index(db_,
                            "INSERT INTO notes_fts(rowid, body) SELECT id, body FROM notes WHERE id > ?1 ORDER BY id");
    index.bind(1, bound);
    index.exec();
    outer->commit();
  });
}

void SqliteStorage::drop_indexes_for_bulk(const std::vector<const char*>& names) {
  // DROP INDEX fails (SQLITE_LOCKED) while any statement of the connection is still stepping; every cached
  // one is reset before its next use anyway.
  for (auto& cached : statements_) cached.second->tryReset();
  for (const char* name : names) {
    SQLite::Statement query(db_, "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?1");
    query.bind(1, name);
    if (!query.executeStep() || query.getColumn(0).isNull()) continue;  // not in this schema: nothing to rebuild
    bulk_.dropped.push_back({name, query.getColumn(0).getString()});
    query.reset();
    db_.exec(std::string("DROP INDEX ") + name);
  }
}

void SqliteStorage::bulk_before_insert(Entity entity, std::size_t count) {
  const std::int64_t threshold = options_.bulk_index_rebuild_rows;
  if (threshold <= 0) return;
  const auto rows = static_cast<std::int64_t>(count);
  if (entity == Entity::Note) {
    bulk_.notes_written += rows;
    if (!bulk_.notes_indexes_dropped && bulk_.notes_written >= std::max(threshold, bulk_.notes_before)) {
      drop_indexes_for_bulk({"notes_by_dog", "notes_by_org_created", "note_tags_by_note"});
      bulk_.notes_indexes_dropped = true;
    }
  }
  bulk_.changes_written += rows;  // every record imported writes one change
  if (!bulk_.changes_indexes_dropped && bulk_.changes_written >= std::max(threshold, bulk_.changes_before)) {
    drop_indexes_for_bulk({"changes_by_entity", "changes_by_org"});
    bulk_.changes_indexes_dropped = true;
  }
}

}  // namespace pawnotes::sqlite_detail
