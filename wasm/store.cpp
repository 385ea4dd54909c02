// A small key/value store on SQLite for the web app's offline data (what the user has read, the outbox of
// creates waiting to be sent). Separate from the pawnotes Database (wasm/bindings.cpp): its own file, its
// own table, no schema of the core. Same boundary as bindings.cpp: every call returns JSON envelope text
//   {"ok": true, "value": ...}  or  {"ok": false, "error": {"kind", "message"}}
// so no C++ exception reaches JS as a bare number. Kinds: "invalid_argument" (bad key, value that is not
// JSON, store not open, bad time), "storage" (SQLite failed), "internal".
//
// Values are kept as the JSON text JS gave (JSON.stringify) and handed back spliced into the envelope, so
// a get never parses and re-serializes the value in C++. put() checks that the text is JSON (json::accept,
// no DOM built), which keeps the envelope well-formed.
//
// Files live in Emscripten's file system: MEMFS, or IDBFS mounted by the package (mountPersistent) and
// written to IndexedDB by FS.syncfs. Neither supports WAL (no shared memory), and a sync only ever runs
// between two calls (JS is single-threaded, each put is its own transaction), so the rollback journal can
// live in memory: no journal file is created and deleted on every write.
#include <emscripten/bind.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <exception>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <utility>

#include "pawnotes/pawnotes.hpp"

namespace pawnotes::wasm::store {
namespace {

using nlohmann::json;

/// The call itself is wrong (bad key, not open, ...): "invalid_argument".
class BadCall : public std::exception {
 public:
  explicit BadCall(std::string message) : message_(std::move(message)) {}
  [[nodiscard]] const char* what() const noexcept override { return message_.c_str(); }

 private:
  std::string message_;
};

std::string error_text(const char* kind, const std::string& message) {
  return json{{"ok", false}, {"error", {{"kind", kind}, {"message", message}}}}.dump(-1, ' ', false,
                                                                                     json::error_handler_t::replace);
}

/// Runs `work`, which returns the JSON text of the value, and wraps it (or what it threw) in the envelope.
template <class Work>
std::string envelope(Work&& work) noexcept {
  try {
    try {
      std::string value = work();
      std::string out;
      out.reserve(value.size() + 20);
      out.append(R"({"ok":true,"value":)").append(value).push_back('}');
      return out;
    } catch (const BadCall& e) {
      return error_text("invalid_argument", e.what());
    } catch (const SQLite::Exception& e) {
      // SQLite's own message ("unable to open database file", "file is not a database", ...): no SQL text.
      return error_text("storage", std::string("the offline store failed: ") + e.getErrorStr());
    } catch (const std::bad_alloc&) {
      return error_text("internal", "out of memory");
    } catch (const std::exception& e) {
      return error_text("internal", e.what());
    } catch (...) {
      return error_text("internal", "unknown error");
    }
  } catch (...) {
    return R"({"ok":false,"error":{"kind":"internal","message":"out of memory"}})";
  }
}

/// A key as JSON text; a key that is not valid UTF-8 (a lone surrogate from JS) cannot be returned intact.
std::string key_json(const std::string& key) {
  try {
    return json(key).dump();
  } catch (const json::type_error&) {
    throw BadCall("the key must be valid Unicode text");
  }
}

void check_key(const std::string& key) {
  if (key.empty()) throw BadCall("the key must be a non-empty string");
  (void)key_json(key);
}

std::string normalized_time(const std::string& text) {
  const auto at = Timestamp::parse(text);
  if (!at) throw BadCall("the time must be an RFC 3339 timestamp (YYYY-MM-DDTHH:MM:SS.mmmZ)");
  return at->to_string();
}

}  // namespace

/// One open store: a SQLite file (or ":memory:") with one table of key -> JSON text.
class WasmStore {
 public:
  std::string open(const std::string& path) {
    return envelope([&] {
      if (path.empty()) throw BadCall("the store path must be a non-empty string (\":memory:\" for memory)");
      close_now();
      auto db = std::make_unique<SQLite::Database>(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
      db->exec("PRAGMA journal_mode=MEMORY");
      db->exec(
          "CREATE TABLE IF NOT EXISTS kv ("
          " key TEXT PRIMARY KEY NOT NULL,"
          " value TEXT NOT NULL,"
          " updated_at TEXT NOT NULL) WITHOUT ROWID");
      auto statements = std::make_unique<Statements>(*db);
      db_ = std::move(db);
      statements_ = std::move(statements);
      return std::string("null");
    });
  }

  std::string close() {
    return envelope([&] {
      close_now();
      return std::string("null");
    });
  }

  [[nodiscard]] bool is_open() const { return db_ != nullptr; }

  /// Inserts or replaces `key`; `value_json` is JSON text, `now` the caller's time (updatedAt).
  std::string put(const std::string& key, const std::string& value_json, const std::string& now) {
    return envelope([&] {
      Statements& s = statements();
      check_key(key);
      if (!json::accept(value_json)) throw BadCall("the value must be JSON text");
      const std::string at = normalized_time(now);
      Reset reset(s.put);
      s.put.bind(1, key);
      s.put.bind(2, value_json);
      s.put.bind(3, at);
      s.put.exec();
      return std::string("null");
    });
  }

  /// {"value": <stored JSON>, "updatedAt": "..."}, or null when the key is absent.
  std::string get(const std::string& key) {
    return envelope([&] {
      Statements& s = statements();
      check_key(key);
      Reset reset(s.get);
      s.get.bind(1, key);
      if (!s.get.executeStep()) return std::string("null");
      std::string out = R"({"value":)";
      out.append(s.get.getColumn(0).getString())
          .append(R"(,"updatedAt":")")
          .append(s.get.getColumn(1).getString())
          .append("\"}");
      return out;
    });
  }

  /// true when the key existed.
  std::string remove(const std::string& key) {
    return envelope([&] {
      Statements& s = statements();
      check_key(key);
      Reset reset(s.remove);
      s.remove.bind(1, key);
      return std::string(s.remove.exec() > 0 ? "true" : "false");
    });
  }

  /// [{"key", "value", "updatedAt"}] of the keys starting with `prefix` ("" = all), in key order
  /// (SQLite's BINARY collation on UTF-8: Unicode code point order).
  std::string entries(const std::string& prefix) {
    return envelope([&] {
      Statements& s = statements();
      (void)key_json(prefix);
      Reset reset(s.entries);
      s.entries.bind(1, prefix);
      // Every UTF-8 string that starts with `prefix` sorts below prefix + 0xFF (no UTF-8 byte is 0xFF):
      // a range the primary key answers, unlike LIKE (case-insensitive, with wildcards).
      s.entries.bind(2, prefix + '\xFF');
      std::string out = "[";
      while (s.entries.executeStep()) {
        if (out.size() > 1) out.push_back(',');
        out.append(R"({"key":)")
            .append(key_json(s.entries.getColumn(0).getString()))
            .append(R"(,"value":)")
            .append(s.entries.getColumn(1).getString())
            .append(R"(,"updatedAt":")")
            .append(s.entries.getColumn(2).getString())
            .append("\"}");
      }
      out.push_back(']');
      return out;
    });
  }

 private:
  /// The prepared statements of an open store (prepared once per open).
  struct Statements {
    explicit Statements(SQLite::Database& db)
        : put(db,
              "INSERT INTO kv (key, value, updated_at) VALUES (?1, ?2, ?3)"
              " ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at"),
          get(db, "SELECT value, updated_at FROM kv WHERE key = ?1"),
          remove(db, "DELETE FROM kv WHERE key = ?1"),
          entries(db, "SELECT key, value, updated_at FROM kv WHERE key >= ?1 AND key < ?2 ORDER BY key") {}
    SQLite::Statement put;
    SQLite::Statement get;
    SQLite::Statement remove;
    SQLite::Statement entries;
  };

  /// Resets a statement (and its bindings) when the call ends, however it ends.
  class Reset {
   public:
    explicit Reset(SQLite::Statement& statement) : statement_(statement) {}
    Reset(const Reset&) = delete;
    Reset& operator=(const Reset&) = delete;
    ~Reset() {
      statement_.tryReset();
      try {
        statement_.clearBindings();  // drops the copy of a large value now, not at the next call
      } catch (...) {
      }
    }

   private:
    SQLite::Statement& statement_;
  };

  Statements& statements() {
    if (!statements_) throw BadCall("the store is closed");
    return *statements_;
  }

  void close_now() noexcept {
    statements_.reset();  // statements first: they belong to the connection
    db_.reset();
  }

  std::unique_ptr<SQLite::Database> db_;
  std::unique_ptr<Statements> statements_;
};

}  // namespace pawnotes::wasm::store

EMSCRIPTEN_BINDINGS(pawnotes_store) {
  using pawnotes::wasm::store::WasmStore;
  emscripten::class_<WasmStore>("Store")
      .constructor<>()
      .function("open", &WasmStore::open)
      .function("close", &WasmStore::close)
      .function("isOpen", &WasmStore::is_open)
      .function("put", &WasmStore::put)
      .function("get", &WasmStore::get)
      .function("remove", &WasmStore::remove)
      .function("entries", &WasmStore::entries);
}
