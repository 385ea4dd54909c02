// A build without the PostgreSQL engine (PAWNOTES_WITH_POSTGRES=OFF, always under Emscripten): the
// entry points exist and say so, so callers and bindings link the same way on every build.
#include "pawnotes/errors.hpp"
#include "pawnotes/postgres.hpp"

namespace pawnotes {

std::unique_ptr<Storage> open_postgres(const std::string& /*url*/, std::shared_ptr<const Clock> /*clock*/,
                                       const PostgresOptions& /*options*/) {
  throw StorageError("this pawnotes build has no PostgreSQL engine (built with PAWNOTES_WITH_POSTGRES=OFF)");
}

int postgres_schema_version() noexcept { return 0; }

bool postgres_available() noexcept { return false; }

}  // namespace pawnotes
