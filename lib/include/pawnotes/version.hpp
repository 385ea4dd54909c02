#pragma once

namespace pawnotes {
/// The library version ("0.1.0").
[[nodiscard]] const char* version() noexcept;
}  // namespace pawnotes
