// Unicode text helpers the rules and the queries share (no ICU: a built-in table covers Latin, Greek,
// Cyrillic and the other common alphabets; other scripts' letters count as letters but do not fold).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace pawnotes::text {

/// Valid UTF-8 (no overlongs, no surrogates).
[[nodiscard]] bool is_valid_utf8(std::string_view s) noexcept;
/// Code points in a valid UTF-8 string.
[[nodiscard]] std::size_t length(std::string_view utf8) noexcept;
/// Whether the code point is a letter (\p{L}), by the built-in table.
[[nodiscard]] bool is_letter(char32_t cp) noexcept;
/// Lower-case fold for case-insensitive comparison and prefix search ("Ødegård" -> "ødegård").
[[nodiscard]] std::string fold(std::string_view utf8);
/// White space (Unicode White_Space) removed from both ends.
[[nodiscard]] std::string trim(std::string_view utf8);

}  // namespace pawnotes::text
