// SCAFFOLD: replace every body. Must not land as is.
#include "pawnotes/text.hpp"
#include <stdexcept>
namespace pawnotes::text {
bool is_valid_utf8(std::string_view) noexcept { return false; }
std::size_t length(std::string_view) noexcept { return 0; }
bool is_letter(char32_t) noexcept { return false; }
std::string fold(std::string_view) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
std::string trim(std::string_view) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
}  // namespace pawnotes::text
