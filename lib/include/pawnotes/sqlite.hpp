// The embedded SQLite engine (SQLiteCpp): WAL, foreign keys, busy timeout, versioned migrations
// applied on open, synchronous=FULL so an acknowledged write survives a crash or kill -9.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "pawnotes/date_time.hpp"
#include "pawnotes/storage.hpp"

namespace pawnotes {

struct SqliteOptions {
  /// Apply pending migrations on open (true). When false, a database that is not at the current
  /// schema version is a StorageError ("run `pawnotes migrate`").
  bool migrate = true;
  int busy_timeout_ms = 5000;
  /// The page-cache ceiling of this connection in KiB (SQLite's own default is 2048). The default keeps
  /// the hot index pages of bulk imports and large searches in memory; a server that opens a connection
  /// per thread wants a small one (the OS caches the file anyway). At least 64.
  int cache_size_kib = 32768;
  /// Database::bulk_import: once an import has written this many notes (and at least as many as the notes
  /// table held before it), the secondary indexes of the notes, their tags and the change log are dropped
  /// and built again once, from their stored SQL, at the end of the import (a sort instead of a B-tree
  /// insert per row); the same for the change log's indexes and the rows written to it. The threshold
  /// keeps a small import into a large database from rebuilding the large indexes. 0 = never drop.
  std::int64_t bulk_index_rebuild_rows = 20000;
  /// Open read-only (no migrations; writes fail with StorageError).
  bool read_only = false;
  /// The SQLite VFS to use (empty = default). Tests use it to inject I/O faults.
  std::string vfs;
};

/// Opens (creating if needed) the database at `path` (":memory:" for an in-memory one).
/// Throws StorageError if the file is not a pawnotes database, is corrupt, or has a newer schema
/// than this build knows (never touched in that case).
[[nodiscard]] std::unique_ptr<Storage> open_sqlite(const std::string& path, std::shared_ptr<const Clock> clock,
                                                   const SqliteOptions& options = {});

/// The schema version this build writes.
[[nodiscard]] int sqlite_schema_version() noexcept;

}  // namespace pawnotes
