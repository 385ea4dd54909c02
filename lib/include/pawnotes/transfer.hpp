// Copying a whole database from one engine to another: SQLite -> PostgreSQL (`pawnotes
// migrate-to-postgres`). The Storage interface cannot do it: its creates assign new ids, version 1 and a
// new change log entry, while a migration must keep every id, version, change (the audit trail and the sync
// cursors of the clients) and note revision. So this copies the engines' tables row for row (the
// PostgreSQL schema is the SQLite schema table for table, column for column; the full-text index of notes
// is rebuilt from the bodies), in one PostgreSQL transaction, then moves the id sequences past the copied
// ids. Built with the PostgreSQL engine only (PAWNOTES_WITH_POSTGRES).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace pawnotes {

struct TableCount {
  std::string table;
  std::int64_t source = 0;
  std::int64_t target = 0;
  /// Highest id (or change sequence) on each side; 0 for tables without one or without rows.
  std::int64_t source_max_id = 0;
  std::int64_t target_max_id = 0;
  [[nodiscard]] bool same() const noexcept { return source == target && source_max_id == target_max_id; }
};

struct CopyReport {
  /// True when rows were copied; false when the target already held exactly the source's rows (a re-run).
  bool copied = false;
  /// Every copied table, in dependency order, counted on both sides after the copy (or the check).
  std::vector<TableCount> tables;
  [[nodiscard]] bool verified() const noexcept;
};

/// Called after each batch: the table, rows copied so far and the table's total.
using CopyProgress = std::function<void(const std::string& table, std::int64_t done, std::int64_t total)>;

/// The tables copied, in the order of their references (a row's references are copied before it).
[[nodiscard]] const std::vector<std::string>& transfer_tables();

/// Copies the SQLite database at `sqlite_path` (read in one snapshot; it must be at this build's schema
/// version: `pawnotes migrate` first) into the PostgreSQL database at `postgres_url` (created schema if new).
/// - Target without pawnotes rows: copies every table in one transaction (all or nothing: a failed or
///   interrupted run leaves the target empty, so it can simply be run again), then counts both sides.
/// - Target holding exactly the source's rows (same count and highest id per table): copies nothing and
///   returns the counts (copied = false), so a re-run is a verifying no-op.
/// - Target holding anything else: Conflict naming the first table that differs; nothing is written.
/// Throws StorageError (bad source, an unknown table or column on either side), Unavailable (PostgreSQL
/// cannot be reached). The counts are compared by the caller (CopyReport::verified) so that it can say
/// which table differs.
[[nodiscard]] CopyReport copy_sqlite_to_postgres(const std::string& sqlite_path, const std::string& postgres_url,
                                                 const CopyProgress& progress = {}, int batch_rows = 2000);

}  // namespace pawnotes
