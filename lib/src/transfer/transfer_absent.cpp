// copy_sqlite_to_postgres in a build without the PostgreSQL engine (PAWNOTES_WITH_POSTGRES=OFF).
#include "pawnotes/errors.hpp"
#include "pawnotes/transfer.hpp"

namespace pawnotes {

bool CopyReport::verified() const noexcept { return false; }

const std::vector<std::string>& transfer_tables() {
  static const std::vector<std::string> none;
  return none;
}

CopyReport copy_sqlite_to_postgres(const std::string&, const std::string&, const CopyProgress&, int) {
  throw StorageError("this build has no PostgreSQL engine (configure with -DPAWNOTES_WITH_POSTGRES=ON)");
}

}  // namespace pawnotes
