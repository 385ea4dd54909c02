// Validation as data. One rule table per entity; from it come the checks, the messages and the
// JSON Schema. No layer above the core re-implements a rule: the server, Python and the browser call these.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "pawnotes/date_time.hpp"
#include "pawnotes/entity.hpp"
#include "pawnotes/errors.hpp"

namespace pawnotes {

// Reference: the id of another record (int64 > 0); ReferenceList: several. Object: a nested JSON object
// checked by its own rows (FieldRule::fields); ObjectList: a list of such objects.
enum class FieldType {
  String,
  Integer,
  Number,
  Boolean,
  Date,
  Timestamp,
  Reference,
  StringList,
  ReferenceList,
  Object,
  ObjectList,
};

/// Text shapes checked beyond length (each has a fixed message and a JSON Schema pattern/format).
enum class TextShape {
  Free,        // any text (length only)
  PersonName,  // letters with single space / apostrophe / hyphen separators
  LastName,    // as PersonName, may end in '.'
  Digits,      // 0-9 only
  Email,       // local@domain.tld
  Tag,         // [a-z0-9-]
  Username,    // [A-Za-z0-9._-]
};

/// Checks that involve other rows or the clock; run by the core, named here so the schema can say so.
/// AfterField: strictly after the other date; NotBeforeField: on that day or later.
enum class DateBound { None, NotInFuture, NotInFutureMax50Years, AfterField, NotBeforeField };

struct FieldRule {
  std::string name;  // camelCase JSON name
  FieldType type = FieldType::String;
  bool required = false;    // must be present on create
  bool read_only = false;   // set by the core (id, version, createdAt, ...); ignored on input
  bool write_only = false;  // accepted on input, never returned (passwordHash)
  bool trim = false;        // leading/trailing white space removed before checks
  int min_length = 0;       // in Unicode code points, after trimming
  int max_length = 0;       // 0 = no limit
  TextShape shape = TextShape::Free;
  std::vector<std::string> allowed;  // enumeration (for String and StringList items)
  std::optional<double> minimum;     // Number / Integer
  std::optional<double> maximum;
  int max_items = 0;        // StringList / ReferenceList (0 = no limit)
  int item_min_length = 0;  // StringList items
  int item_max_length = 0;
  DateBound date_bound = DateBound::None;
  std::string after_field;   // DateBound::AfterField: this date must be after that one
  bool unique = false;       // unique in its scope (checked by the storage; code "unique")
  std::string unique_scope;  // "organization", "owner (ignoring case)"
  std::optional<nlohmann::json> default_value;
  std::string description;
  int min_items = 0;  // StringList / ReferenceList: fewer items is "too_short" (a user needs a role)
  /// Object / ObjectList: the rows of the nested object (errors are named "target.distanceMetres",
  /// "trials[2].successes").
  std::vector<FieldRule> fields;
  /// Integer / Number: must not exceed the sibling member of that name (successes <= attempts).
  std::string at_most_field;
  /// ObjectList: no two items may share this member's value (code "duplicate").
  std::string unique_item_key;
};

struct EntityRules {
  Entity entity;
  std::string title;        // "Owner"
  std::string description;  // one sentence
  std::vector<FieldRule> fields;
  [[nodiscard]] const FieldRule* field(std::string_view name) const noexcept;
};

[[nodiscard]] const EntityRules& rules_for(Entity entity);

enum class ValidationMode {
  Create,   // required fields must be present; defaults applied
  Replace,  // a full update: as Create (absent members take their defaults, or null without one)
  Patch,    // a partial update: only the given fields are checked
};

/// Checks `input` against the entity's rules and returns a normalized copy (trimmed strings, defaults,
/// unknown and read-only members removed, tags lower-cased and de-duplicated). Throws ValidationError
/// with every invalid field at once. `today` bounds the date rules. Never throws anything else for any
/// JSON value (the fuzz target holds it to that).
[[nodiscard]] nlohmann::json validate(Entity entity, const nlohmann::json& input, Date today,
                                      ValidationMode mode = ValidationMode::Create);

/// Same checks, returning the errors instead of throwing (empty = valid).
[[nodiscard]] std::vector<FieldError> check(Entity entity, const nlohmann::json& input, Date today,
                                            ValidationMode mode = ValidationMode::Create);

/// JSON Schema (draft 2020-12) of the entity as returned by the API (read-only members marked readOnly).
[[nodiscard]] nlohmann::json json_schema(Entity entity);

/// Parses text as JSON and validates it; malformed JSON is a ValidationError on field "" with code
/// "malformed_json". The entry point of the fuzz target and of the bindings.
[[nodiscard]] nlohmann::json decode_and_validate(Entity entity, std::string_view json_text, Date today,
                                                 ValidationMode mode = ValidationMode::Create);

/// FieldError list <-> JSON ([{field, code, message}, ...]).
[[nodiscard]] nlohmann::json to_json(const std::vector<FieldError>& errors);

}  // namespace pawnotes
