// The PostgreSQL engine (libpq): the same Storage interface as SQLite, for several server replicas on one
// database. One Storage is one connection (not thread-safe, like the SQLite engine); it reconnects by
// itself on the next call after the server restarted. A server that cannot be reached (down, restarting,
// shutting down, the connection lost mid-call) is `pawnotes::Unavailable`; nothing of that call was
// committed unless the connection died after COMMIT was sent (then the write may have landed).
// Built when PAWNOTES_WITH_POSTGRES is ON (pawnotes::postgres_available() tells at run time).
#pragma once

#include <memory>
#include <string>

#include "pawnotes/date_time.hpp"
#include "pawnotes/storage.hpp"

namespace pawnotes {

struct PostgresOptions {
  /// Apply pending migrations on open (true). When false, a database that is not at the current schema
  /// version is a StorageError ("run `pawnotes migrate`").
  bool migrate = true;
  /// Seconds to wait for a connection (libpq's connect_timeout) unless the URL sets its own.
  int connect_timeout_seconds = 5;
  /// Sent as application_name unless the URL sets its own (shows in pg_stat_activity).
  std::string application_name = "pawnotes";
};

/// Connects to `url` (`postgresql://user:pass@host:port/dbname?param=value`, libpq's URI form; also
/// `postgres://`) and applies pending migrations. Throws Unavailable if the server cannot be reached,
/// StorageError if the database is not a pawnotes database or has a newer schema than this build.
[[nodiscard]] std::unique_ptr<Storage> open_postgres(const std::string& url, std::shared_ptr<const Clock> clock,
                                                     const PostgresOptions& options = {});

/// The schema version this build writes on PostgreSQL.
[[nodiscard]] int postgres_schema_version() noexcept;

/// Whether this build has the PostgreSQL engine (PAWNOTES_WITH_POSTGRES); open_postgres throws
/// StorageError when it has not.
[[nodiscard]] bool postgres_available() noexcept;

}  // namespace pawnotes
