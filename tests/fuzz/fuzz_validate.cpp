// Fuzz target: decode_and_validate must answer any input with a result or a ValidationError, nothing else.
// The first byte picks the entity and the mode; the rest is the JSON text. Any other exception escapes
// and aborts (libFuzzer reports it as a crash), as does any sanitizer finding.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "pawnotes/validation.hpp"

namespace {

const pawnotes::Date kToday{2026, 11, 24};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pawnotes;
  if (size == 0) return 0;
  const Entity entity = kAllEntities[data[0] % kAllEntities.size()];
  const auto mode = static_cast<ValidationMode>((data[0] / kAllEntities.size()) % 3);
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  try {
    const nlohmann::json out = decode_and_validate(entity, text, kToday, mode);
    // What validate() returns must be dumpable (valid UTF-8), and a fixed point: valid again, unchanged.
    (void)out.dump();
    if (mode != ValidationMode::Replace) {
      if (!check(entity, out, kToday, ValidationMode::Patch).empty()) __builtin_trap();
      if (validate(entity, out, kToday, ValidationMode::Patch) != out) __builtin_trap();
    }
  } catch (const ValidationError& e) {
    if (e.errors().empty()) __builtin_trap();
    (void)to_json(e.errors()).dump();
  }
  (void)json_schema(entity).dump();
  return 0;
}
