// Shared by rules.cpp, validate.cpp and schema.cpp (not public API).
#pragma once

#include <cstddef>

namespace pawnotes {

/// A Date field's default_value meaning "the validation date" (visit.date).
inline constexpr const char* kDefaultToday = "today";

/// Deepest JSON nesting decode_and_validate accepts (no rule needs more than 2).
inline constexpr int kMaxJsonDepth = 64;
/// Largest JSON text decode_and_validate accepts (a note body is at most 5000 code points).
inline constexpr std::size_t kMaxJsonBytes = 1u << 20;

}  // namespace pawnotes
