// Canonical JSON text without the DOM. Members are written in nlohmann::json's object order (std::map:
// byte-wise sorted keys), so the text equals json(value).dump(); json_text_test.cpp holds us to that.
#include "pawnotes/json_text.hpp"

#include <charconv>
#include <cstdint>
#include <optional>

#include "pawnotes/text.hpp"

namespace pawnotes {
namespace json_text {

namespace {

// The slow paths live in functions of their own, never inlined: a temporary std::string or json in a
// function gives it an exception landing pad, and under Emscripten's JS-based exceptions every call made
// from such a function goes through a JS trampoline. The hot functions below create no temporaries.

/// Invalid UTF-8 (rare: imported data): nlohmann's replacement rules, so the text stays identical.
[[gnu::noinline]] void write_invalid_utf8(std::string& out, std::string_view s) {
  out += nlohmann::json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

void write_string(std::string& out, std::string_view s) {
  if (!text::is_valid_utf8(s)) {
    write_invalid_utf8(out, s);
    return;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  std::size_t run = 0;  // start of the bytes not yet copied
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: {
        const char escaped[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
        out.append(escaped, sizeof escaped);
      }
    }
  }
  out.append(s.data() + run, s.size() - run);
  out += '"';
}

void write_int(std::string& out, std::int64_t v) {
  char buffer[24];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, v);
  out.append(buffer, result.ptr);
}

}  // namespace json_text

namespace {

using json_text::write_int;
using json_text::write_string;

/// Writes `"key":` (keys are plain ASCII literals: no escaping needed).
void key(std::string& out, const char* name, bool first = false) {
  if (!first) out += ',';
  out += '"';
  out += name;
  out += "\":";
}

[[gnu::noinline]] void write_double(std::string& out, double v) {
  // nlohmann's shortest round-trip form (and null for NaN/inf); doubles are few (weight, rank).
  out += nlohmann::json(v).dump();
}

[[gnu::noinline]] void write_string_of(std::string& out, const Date& v) { write_string(out, v.to_string()); }
[[gnu::noinline]] void write_string_of(std::string& out, const Timestamp& v) { write_string(out, v.to_string()); }

/// Writes `value` as `width` digits (value >= 0).
char* digits(char* at, int value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    at[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  return at + width;
}

/// "YYYY-MM-DD" as Date::to_string gives it, without a temporary string.
void write_date(std::string& out, const Date& v) {
  if (v.year < 0 || v.year > 9999 || v.month < 1 || v.month > 12 || v.day < 1 || v.day > 31) {
    write_string_of(out, v);  // outside the four-digit range: the general formatting
    return;
  }
  char buffer[12];
  char* at = buffer;
  *at++ = '"';
  at = digits(at, v.year, 4);
  *at++ = '-';
  at = digits(at, v.month, 2);
  *at++ = '-';
  at = digits(at, v.day, 2);
  *at++ = '"';
  out.append(buffer, at);
}

/// "YYYY-MM-DDTHH:MM:SS.mmmZ" as Timestamp::to_string gives it, without a temporary string.
void write_timestamp(std::string& out, const Timestamp& v) {
  const Date d = v.date();
  if (d.year < 0 || d.year > 9999) {
    write_string_of(out, v);
    return;
  }
  const auto in_day = static_cast<int>(v.millis - d.days_since_epoch() * 86400000);
  const int seconds = in_day / 1000;
  char buffer[28];
  char* at = buffer;
  *at++ = '"';
  at = digits(at, d.year, 4);
  *at++ = '-';
  at = digits(at, d.month, 2);
  *at++ = '-';
  at = digits(at, d.day, 2);
  *at++ = 'T';
  at = digits(at, seconds / 3600, 2);
  *at++ = ':';
  at = digits(at, (seconds / 60) % 60, 2);
  *at++ = ':';
  at = digits(at, seconds % 60, 2);
  *at++ = '.';
  at = digits(at, in_day % 1000, 3);
  *at++ = 'Z';
  *at++ = '"';
  out.append(buffer, at);
}

void write_bool(std::string& out, bool v) { out += v ? "true" : "false"; }

template <class T>
void write_opt(std::string& out, const std::optional<T>& v) {
  if (!v) {
    out += "null";
  } else if constexpr (std::is_same_v<T, std::string>) {
    write_string(out, *v);
  } else if constexpr (std::is_same_v<T, double>) {
    write_double(out, *v);
  } else if constexpr (std::is_same_v<T, Date>) {
    write_date(out, *v);
  } else if constexpr (std::is_same_v<T, Timestamp>) {
    write_timestamp(out, *v);
  } else {
    write_int(out, *v);
  }
}

void write_strings(std::string& out, const std::vector<std::string>& items) {
  out += '[';
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i != 0) out += ',';
    write_string(out, items[i]);
  }
  out += ']';
}

}  // namespace

void write_json(std::string& out, const nlohmann::json& v) {
  out += v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void write_json(std::string& out, const Organization& v) {
  out += '{';
  key(out, "createdAt", true);
  write_timestamp(out, v.created_at);
  key(out, "id");
  write_int(out, v.id);
  key(out, "name");
  write_string(out, v.name);
  key(out, "version");
  write_int(out, v.version);
  out += '}';
}

void write_json(std::string& out, const User& v) {
  out += '{';
  key(out, "displayName", true);
  write_string(out, v.display_name);
  key(out, "enabled");
  write_bool(out, v.enabled);
  key(out, "id");
  write_int(out, v.id);
  key(out, "roles");
  out += '[';
  for (std::size_t i = 0; i < v.roles.size(); ++i) {
    if (i != 0) out += ',';
    write_string(out, role_name(v.roles[i]));
  }
  out += ']';
  key(out, "username");
  write_string(out, v.username);
  key(out, "version");
  write_int(out, v.version);
  out += '}';
}

namespace {
/// Pet types and specialties: {id, name, version}.
template <class Named>
void write_named(std::string& out, const Named& v) {
  out += '{';
  key(out, "id", true);
  write_int(out, v.id);
  key(out, "name");
  write_string(out, v.name);
  key(out, "version");
  write_int(out, v.version);
  out += '}';
}
}  // namespace

void write_json(std::string& out, const PetType& v) { write_named(out, v); }
void write_json(std::string& out, const Specialty& v) { write_named(out, v); }

void write_json(std::string& out, const Visit& v) {
  out += '{';
  key(out, "date", true);
  write_date(out, v.date);
  key(out, "description");
  write_string(out, v.description);
  key(out, "dogId");
  write_int(out, v.dog_id);
  key(out, "durationMinutes");
  write_opt(out, v.duration_minutes);
  key(out, "id");
  write_int(out, v.id);
  key(out, "trainerId");
  write_opt(out, v.trainer_id);
  key(out, "version");
  write_int(out, v.version);
  out += '}';
}

void write_json(std::string& out, const Dog& v) {
  out += '{';
  key(out, "ageYears", true);
  write_opt(out, v.age_years);
  key(out, "birthDate");
  write_opt(out, v.birth_date);
  key(out, "breed");
  write_opt(out, v.breed);
  key(out, "id");
  write_int(out, v.id);
  key(out, "microchip");
  write_opt(out, v.microchip);
  key(out, "name");
  write_string(out, v.name);
  key(out, "ownerId");
  write_int(out, v.owner_id);
  key(out, "sex");
  write_string(out, v.sex);
  key(out, "status");
  write_string(out, v.status);
  // A dog not yet stored may have no type: typeId and type are null then.
  key(out, "type");
  if (v.type_id != 0) {
    out += "{\"id\":";
    write_int(out, v.type_id);
    out += ",\"name\":";
    write_string(out, v.type_name);
    out += '}';
  } else {
    out += "null";
  }
  key(out, "typeId");
  if (v.type_id != 0)
    write_int(out, v.type_id);
  else
    out += "null";
  key(out, "version");
  write_int(out, v.version);
  key(out, "weightKg");
  write_opt(out, v.weight_kg);
  out += '}';
}

void write_json(std::string& out, const Owner& v) {
  out += '{';
  key(out, "address", true);
  write_string(out, v.address);
  key(out, "city");
  write_string(out, v.city);
  key(out, "dogs");
  write_json(out, v.dogs);
  key(out, "email");
  write_opt(out, v.email);
  key(out, "firstName");
  write_string(out, v.first_name);
  key(out, "id");
  write_int(out, v.id);
  key(out, "lastName");
  write_string(out, v.last_name);
  key(out, "telephone");
  write_string(out, v.telephone);
  key(out, "version");
  write_int(out, v.version);
  out += '}';
}

void write_json(std::string& out, const Trainer& v) {
  out += '{';
  key(out, "email", true);
  write_opt(out, v.email);
  key(out, "firstName");
  write_string(out, v.first_name);
  key(out, "id");
  write_int(out, v.id);
  key(out, "lastName");
  write_string(out, v.last_name);
  key(out, "specialties");
  write_json(out, v.specialties);
  key(out, "specialtyIds");
  out += '[';
  for (std::size_t i = 0; i < v.specialties.size(); ++i) {
    if (i != 0) out += ',';
    write_int(out, v.specialties[i].id);
  }
  out += ']';
  key(out, "version");
  write_int(out, v.version);
  out += '}';
}

void write_json(std::string& out, const Note& v) {
  out += '{';
  key(out, "authorId", true);
  write_int(out, v.author_id);
  key(out, "body");
  write_string(out, v.body);
  key(out, "category");
  write_string(out, v.category);
  key(out, "createdAt");
  write_timestamp(out, v.created_at);
  key(out, "deletedAt");
  write_opt(out, v.deleted_at);
  key(out, "dogId");
  write_int(out, v.dog_id);
  key(out, "id");
  write_int(out, v.id);
  key(out, "revision");
  write_int(out, v.revision);
  key(out, "tags");
  write_strings(out, v.tags);
  key(out, "updatedAt");
  write_timestamp(out, v.updated_at);
  key(out, "version");
  write_int(out, v.version);
  key(out, "visibility");
  write_string(out, v.visibility);
  out += '}';
}

void write_json(std::string& out, const NoteRevision& v) {
  out += '{';
  key(out, "body", true);
  write_string(out, v.body);
  key(out, "category");
  write_string(out, v.category);
  key(out, "editedAt");
  write_timestamp(out, v.edited_at);
  key(out, "editedBy");
  write_int(out, v.edited_by);
  key(out, "noteId");
  write_int(out, v.note_id);
  key(out, "revision");
  write_int(out, v.revision);
  key(out, "tags");
  write_strings(out, v.tags);
  key(out, "visibility");
  write_string(out, v.visibility);
  out += '}';
}

void write_json(std::string& out, const CareFlag& v) {
  out += '{';
  key(out, "active", true);
  write_bool(out, v.active);
  key(out, "createdAt");
  write_timestamp(out, v.created_at);
  key(out, "dogId");
  write_int(out, v.dog_id);
  key(out, "id");
  write_int(out, v.id);
  key(out, "kind");
  write_string(out, v.kind);
  key(out, "severity");
  write_string(out, v.severity);
  key(out, "text");
  write_string(out, v.text);
  key(out, "version");
  write_int(out, v.version);
  out += '}';
}

void write_json(std::string& out, const Vaccination& v) {
  out += '{';
  key(out, "daysLeft", true);
  write_opt(out, v.days_left);
  key(out, "dogId");
  write_int(out, v.dog_id);
  key(out, "expiresOn");
  write_date(out, v.expires_on);
  key(out, "givenOn");
  write_date(out, v.given_on);
  key(out, "id");
  write_int(out, v.id);
  key(out, "name");
  write_string(out, v.name);
  key(out, "status");
  write_string(out, v.status);
  key(out, "version");
  write_int(out, v.version);
  out += '}';
}

void write_json(std::string& out, const ChangeRecord& v) {
  out += '{';
  key(out, "actorId", true);
  write_int(out, v.actor_id);
  key(out, "at");
  write_timestamp(out, v.at);
  key(out, "data");
  write_json(out, v.data);
  key(out, "entity");
  write_string(out, entity_name(v.entity));
  key(out, "entityId");
  write_int(out, v.entity_id);
  key(out, "operation");
  write_string(out, v.operation);
  key(out, "seq");
  write_int(out, v.seq);
  key(out, "version");
  write_int(out, v.version);
  out += '}';
}

void write_json(std::string& out, const TimelineEntry& v) {
  out += '{';
  key(out, "at", true);
  write_string(out, v.at);
  key(out, "kind");
  write_string(out, v.kind);
  if (v.note) {
    key(out, "note");
    write_json(out, *v.note);
  }
  if (v.visit) {
    key(out, "visit");
    write_json(out, *v.visit);
  }
  out += '}';
}

void write_json(std::string& out, const NoteHit& v) {
  out += '{';
  key(out, "dogName", true);
  write_string(out, v.dog_name);
  key(out, "note");
  write_json(out, v.note);
  key(out, "rank");
  write_double(out, v.rank);
  key(out, "snippet");
  write_string(out, v.snippet);
  out += '}';
}

void write_json(std::string& out, const VaccinationDue& v) {
  out += '{';
  key(out, "dogName", true);
  write_string(out, v.dog_name);
  key(out, "ownerId");
  write_int(out, v.owner_id);
  key(out, "vaccination");
  write_json(out, v.vaccination);
  out += '}';
}

void write_json(std::string& out, const Stats& v) {
  out += '{';
  key(out, "careFlags", true);
  write_int(out, v.care_flags);
  key(out, "changes");
  write_int(out, v.changes);
  key(out, "dogs");
  write_int(out, v.dogs);
  key(out, "notes");
  write_int(out, v.notes);
  key(out, "owners");
  write_int(out, v.owners);
  key(out, "schemaVersion");
  write_int(out, v.schema_version);
  key(out, "trainers");
  write_int(out, v.trainers);
  key(out, "vaccinations");
  write_int(out, v.vaccinations);
  key(out, "visits");
  write_int(out, v.visits);
  out += '}';
}

}  // namespace pawnotes
