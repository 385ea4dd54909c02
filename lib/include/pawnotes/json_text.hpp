// The canonical JSON text of records and query results, written straight from the structs.
// It is byte for byte what nlohmann::json(value).dump() gives (same member order, escapes and numbers;
// tests/json_text_test.cpp checks that over the demo, PetClinic and synthetic data), without building the
// JSON DOM first: several times faster and allocation-light, for the hot paths that only need text (the
// WASM package's results, server responses). to_json (model.hpp) stays the DOM form for everything else.
#pragma once

#include <string>
#include <type_traits>
#include <vector>

#include "pawnotes/model.hpp"
#include "pawnotes/query.hpp"

namespace pawnotes {

// Each appends the value's JSON text to `out`.
void write_json(std::string& out, const Organization& v);
void write_json(std::string& out, const User& v);
void write_json(std::string& out, const PetType& v);
void write_json(std::string& out, const Specialty& v);
void write_json(std::string& out, const Visit& v);
void write_json(std::string& out, const Dog& v);
void write_json(std::string& out, const Owner& v);
void write_json(std::string& out, const Trainer& v);
void write_json(std::string& out, const Note& v);
void write_json(std::string& out, const NoteRevision& v);
void write_json(std::string& out, const CareFlag& v);
void write_json(std::string& out, const Vaccination& v);
void write_json(std::string& out, const ChangeRecord& v);
void write_json(std::string& out, const TimelineEntry& v);
void write_json(std::string& out, const NoteHit& v);
void write_json(std::string& out, const VaccinationDue& v);
void write_json(std::string& out, const Stats& v);
void write_json(std::string& out, const nlohmann::json& v);

namespace json_text {
/// A JSON string literal of `s` (quotes and escapes as nlohmann's dump; invalid UTF-8 replaced by U+FFFD).
void write_string(std::string& out, std::string_view s);
void write_int(std::string& out, std::int64_t v);
}  // namespace json_text

template <class T>
void write_json(std::string& out, const std::vector<T>& items) {
  out += '[';
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i != 0) out += ',';
    write_json(out, items[i]);
  }
  out += ']';
}

template <class T>
void write_json(std::string& out, const Page<T>& p) {
  out += "{\"items\":";
  write_json(out, p.items);
  if constexpr (std::is_same_v<T, NoteHit>) {
    out += ",\"order\":";
    json_text::write_string(out, p.order);
  }
  out += ",\"page\":";
  json_text::write_int(out, p.page);
  out += ",\"size\":";
  json_text::write_int(out, p.size);
  out += ",\"total\":";
  json_text::write_int(out, p.total);
  if constexpr (std::is_same_v<T, NoteHit>) out += p.total_exact ? ",\"totalExact\":true" : ",\"totalExact\":false";
  out += ",\"totalPages\":";
  json_text::write_int(out, p.size > 0 ? (p.total + p.size - 1) / p.size : 0);
  out += '}';
}

template <class T>
void write_json(std::string& out, const CursorPage<T>& p) {
  out += "{\"items\":";
  write_json(out, p.items);
  out += ",\"nextCursor\":";
  if (p.next_cursor)
    json_text::write_string(out, *p.next_cursor);
  else
    out += "null";
  out += '}';
}

/// The JSON text of any value write_json accepts.
template <class T>
[[nodiscard]] std::string to_json_text(const T& value) {
  std::string out;
  out.reserve(512);
  write_json(out, value);
  return out;
}

}  // namespace pawnotes
