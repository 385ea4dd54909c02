#include "pawnotes/version.hpp"

namespace pawnotes {
const char* version() noexcept { return "0.1.0"; }
}  // namespace pawnotes
