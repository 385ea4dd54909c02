// The bulk-import transaction of the SQLite engine: full-text indexing of the notes written during the
// import is deferred to one pass at the end instead of a trigger call per note.
//
// How (all inside the one write transaction, so a failure or a crash undoes all of it):
//   1. remember the largest note id B and the exact SQL of the three notes_fts triggers;
//   2. replace the triggers by the same triggers restricted to rows with id <= B (WHEN clauses): notes that
//      existed before the import are kept in the index as usual when they are updated or deleted, and a
//      new row that reuses an id <= B (possible after the note with the largest id is hard-deleted) is
//      indexed at once;
//   3. run the import;
//   4. put the original triggers back (their stored SQL, byte for byte) and index every note with id > B
//      in one INSERT ... SELECT, in id order: exactly the rows, bodies and order the per-row trigger would
//      have given (notes inserted then deleted during the import are no longer there; updated ones are
//      indexed with their final body);
//   5. commit.
// The writes inside run without a savepoint each (WriteTransaction skips it while in_bulk_): SQLite's
// sub-journal would otherwise copy every page a batch touches. A failed write therefore marks the import
// failed (bulk_failed_) and the whole import rolls back.
// The index therefore holds the same documents as after record-by-record creates, and searches (matches,
// bm25 ranks, snippets, totals) are identical: tests/test_bulk_import.cpp compares both paths.
#include <sqlite3.h>

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
  translate_sqlite_errors("could not start the import", [&] {
    outer.emplace(*this);
    bound = db_.execAndGet("SELECT coalesce(max(id), 0) FROM notes").getInt64();
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
    SQLite::Statement index(db_,
                            "INSERT INTO notes_fts(rowid, body) SELECT id, body FROM notes WHERE id > ?1 ORDER BY id");
    index.bind(1, bound);
    index.exec();
    outer->commit();
  });
}

}  // namespace pawnotes::sqlite_detail
