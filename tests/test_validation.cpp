// validation.hpp: the rule tables, validate/check/decode_and_validate and the JSON Schema. The bulk of the
// accept/reject cases are the shared vectors (test_vectors.cpp); these cover what JSON files cannot hold
// (invalid UTF-8, NaN, huge or deep values) and the API around the checks.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <string>

#include "pawnotes/validation.hpp"

using namespace pawnotes;
using nlohmann::json;

namespace {

const Date kToday{2026, 11, 24};

json owner() {
  return {{"firstName", "George"},
          {"lastName", "Franklin"},
          {"address", "110 W. Liberty St."},
          {"city", "Madison"},
          {"telephone", "6085551023"}};
}

std::vector<FieldError> errors_of(Entity entity, const json& input, ValidationMode mode = ValidationMode::Create) {
  try {
    (void)validate(entity, input, kToday, mode);
  } catch (const ValidationError& e) {
    return e.errors();
  }
  return {};
}

std::vector<FieldError> text_errors(Entity entity, std::string_view text) {
  try {
    (void)decode_and_validate(entity, text, kToday);
  } catch (const ValidationError& e) {
    return e.errors();
  }
  return {};
}

}  // namespace

TEST_CASE("every entity has a rule table in its own order", "[validation]") {
  for (Entity entity : kAllEntities) {
    const EntityRules& rules = rules_for(entity);
    CHECK(rules.entity == entity);
    CHECK_FALSE(rules.title.empty());
    CHECK_FALSE(rules.description.empty());
    REQUIRE(rules.field("id") != nullptr);
    CHECK(rules.field("id")->read_only);
    REQUIRE(rules.field("version") != nullptr);
    CHECK(rules.field("version")->read_only);
    CHECK(rules.field("noSuchField") == nullptr);
  }
  const EntityRules& dog = rules_for(Entity::Dog);
  CHECK(dog.fields[1].name == "ownerId");
  CHECK(dog.field("microchip")->unique);
  CHECK(dog.field("microchip")->min_length == 15);
  CHECK(dog.field("microchip")->max_length == 15);
  CHECK(dog.field("birthDate")->date_bound == DateBound::NotInFutureMax50Years);
  CHECK(dog.field("sex")->default_value == json("unknown"));
  CHECK(rules_for(Entity::User).field("passwordHash")->write_only);
  CHECK(rules_for(Entity::User).field("roles")->min_items == 1);
  CHECK(rules_for(Entity::Note).field("tags")->max_items == 10);
  CHECK(rules_for(Entity::Vaccination).field("expiresOn")->after_field == "givenOn");
}

TEST_CASE("validate normalizes and check reports without throwing", "[validation]") {
  json input = owner();
  input["firstName"] = "  George ";
  const json out = validate(Entity::Owner, input, kToday);
  CHECK(out == json{{"firstName", "George"},
                    {"lastName", "Franklin"},
                    {"address", "110 W. Liberty St."},
                    {"city", "Madison"},
                    {"telephone", "6085551023"},
                    {"email", nullptr}});
  CHECK(check(Entity::Owner, input, kToday).empty());
  input["telephone"] = "abc";
  input["lastName"] = "";
  const auto errors = check(Entity::Owner, input, kToday);
  REQUIRE(errors.size() == 2);
  CHECK(errors[0] == FieldError{"lastName", "too_short", "must not be empty"});
  CHECK(errors[1] == FieldError{"telephone", "pattern", "must contain only digits"});
}

TEST_CASE("ValidationError carries every error and a summary", "[validation]") {
  try {
    (void)validate(Entity::Owner, json::object(), kToday);
    FAIL("no error");
  } catch (const ValidationError& e) {
    CHECK(e.errors().size() == 5);
    CHECK(e.kind() == ErrorKind::Validation);
    CHECK(std::string(e.what()) == "firstName: is required (and 4 more)");
  }
}

TEST_CASE("invalid UTF-8 in a string member is invalid_utf8, never a crash", "[validation]") {
  json input = owner();
  input["firstName"] = "Geo\xC3";
  input["city"] = "\xFF\xFE";
  input["email"] = "a@b.c\x80";
  input["ignored"] = "\xFF";  // unknown: dropped without looking
  const auto errors = errors_of(Entity::Owner, input);
  REQUIRE(errors.size() == 3);
  CHECK(errors[0] == FieldError{"firstName", "invalid_utf8", "must be valid UTF-8 text"});
  CHECK(errors[1] == FieldError{"city", "invalid_utf8", "must be valid UTF-8 text"});
  CHECK(errors[2] == FieldError{"email", "invalid_utf8", "must be valid UTF-8 text"});
  CHECK_NOTHROW(to_json(errors).dump());

  json note = {{"dogId", 1}, {"body", "ok"}, {"tags", {"ok", "\xC0\xAF"}}};
  const auto tag_errors = errors_of(Entity::Note, note);
  REQUIRE(tag_errors.size() == 1);
  CHECK(tag_errors[0] == FieldError{"tags[1]", "invalid_utf8", "must be valid UTF-8 text"});
}

TEST_CASE("decode_and_validate rejects bad text before parsing", "[validation]") {
  CHECK(text_errors(Entity::Owner, "{\"firstName\": \"\xFF\"}") ==
        std::vector<FieldError>{{"", "invalid_utf8", "is not valid UTF-8 text"}});
  CHECK(text_errors(Entity::Owner, "{") == std::vector<FieldError>{{"", "malformed_json", "is not valid JSON"}});
  CHECK(text_errors(Entity::Owner, std::string(100000, '[')) ==
        std::vector<FieldError>{{"", "malformed_json", "is nested too deeply"}});
  const std::string huge = "{\"x\": \"" + std::string((1u << 20) + 1, 'a') + "\"}";
  CHECK(text_errors(Entity::Owner, huge) ==
        std::vector<FieldError>{{"", "too_large", "must be at most 1048576 bytes"}});
  const json ok = decode_and_validate(Entity::Owner, owner().dump(), kToday);
  CHECK(ok.at("firstName") == "George");
}

TEST_CASE("non-finite and out-of-range numbers are rejected cleanly", "[validation]") {
  json dog = {{"ownerId", 1}, {"name", "Rex"}};
  dog["weightKg"] = std::nan("");
  CHECK(errors_of(Entity::Dog, dog) == std::vector<FieldError>{{"weightKg", "type", "must be a number"}});
  dog["weightKg"] = std::numeric_limits<double>::infinity();
  CHECK(errors_of(Entity::Dog, dog) == std::vector<FieldError>{{"weightKg", "type", "must be a number"}});
  dog.erase("weightKg");
  dog["ownerId"] = 1e300;
  CHECK(errors_of(Entity::Dog, dog) == std::vector<FieldError>{{"ownerId", "too_large", "is too large"}});
  dog["ownerId"] = -1e300;
  CHECK(errors_of(Entity::Dog, dog) == std::vector<FieldError>{{"ownerId", "too_small", "is too small"}});
  dog["ownerId"] = std::numeric_limits<std::uint64_t>::max();
  CHECK(errors_of(Entity::Dog, dog) == std::vector<FieldError>{{"ownerId", "too_large", "is too large"}});
  dog["ownerId"] = std::numeric_limits<std::int64_t>::max();
  CHECK(validate(Entity::Dog, dog, kToday).at("ownerId") == std::numeric_limits<std::int64_t>::max());
}

TEST_CASE("deeply nested values in members are only type errors", "[validation]") {
  // Built and handed over by move: nlohmann's copy constructor recurses, and 10,000 levels of copying
  // overflow the stack under ASan. The validator itself must not recurse into the value.
  auto make_deep = [] {
    json deep = json::array();
    for (int i = 0; i < 10000; ++i) {
      json outer = json::array();
      outer.push_back(std::move(deep));
      deep = std::move(outer);
    }
    return deep;
  };
  json input = owner();
  input["firstName"] = make_deep();
  input["extra"] = make_deep();
  CHECK(errors_of(Entity::Owner, input) == std::vector<FieldError>{{"firstName", "type", "must be a string"}});
}

TEST_CASE("binary and discarded values are type errors", "[validation]") {
  json input = owner();
  input["city"] = json::binary({1, 2, 3});
  CHECK(errors_of(Entity::Owner, input) == std::vector<FieldError>{{"city", "type", "must be a string"}});
  CHECK(errors_of(Entity::Owner, json(json::value_t::discarded)) ==
        std::vector<FieldError>{{"", "type", "must be a JSON object"}});
}

TEST_CASE("long lists are reported once, not item by item", "[validation]") {
  json note = {{"dogId", 1}, {"body", "x"}, {"tags", json::array()}};
  for (int i = 0; i < 100000; ++i) note["tags"].push_back(i);
  CHECK(errors_of(Entity::Note, note) == std::vector<FieldError>{{"tags", "too_many", "must have at most 10 items"}});
}

TEST_CASE("modes: create and replace apply defaults, patch keeps only given members", "[validation]") {
  const json visit = {{"dogId", 2}, {"description", "Walk"}};
  CHECK(validate(Entity::Visit, visit, kToday, ValidationMode::Create).at("date") == "2026-11-24");
  CHECK(validate(Entity::Visit, visit, Date{2027, 1, 2}, ValidationMode::Create).at("date") == "2027-01-02");
  CHECK(validate(Entity::Visit, visit, kToday, ValidationMode::Replace).at("date") == "2026-11-24");
  CHECK(validate(Entity::Visit, {{"durationMinutes", 30}}, kToday, ValidationMode::Patch) ==
        json{{"durationMinutes", 30}});
  CHECK(errors_of(Entity::Visit, {{"durationMinutes", 30}}, ValidationMode::Create).size() == 2);
}

TEST_CASE("to_json of errors", "[validation]") {
  const json j =
      to_json({{"name", "too_long", "must be at most 30 characters"}, {"", "type", "must be a JSON object"}});
  CHECK(j == json::parse(R"([{"field":"name","code":"too_long","message":"must be at most 30 characters"},
                             {"field":"","code":"type","message":"must be a JSON object"}])"));
  CHECK(to_json(std::vector<FieldError>{}) == json::array());
}

TEST_CASE("JSON Schema is generated from the rule table", "[validation][schema]") {
  const json owner_schema = json_schema(Entity::Owner);
  CHECK(owner_schema.at("$schema") == "https://json-schema.org/draft/2020-12/schema");
  CHECK(owner_schema.at("$id") == "https://pawnotes.dev/schemas/owner.json");
  CHECK(owner_schema.at("title") == "Owner");
  CHECK(owner_schema.at("type") == "object");
  CHECK(owner_schema.at("additionalProperties") == true);
  CHECK(owner_schema.at("required") == json{"firstName", "lastName", "address", "city", "telephone"});
  const json& props = owner_schema.at("properties");
  CHECK(props.at("firstName") == json{{"type", "string"},
                                      {"minLength", 1},
                                      {"maxLength", 30},
                                      {"pattern", "^\\p{L}+(?:[ '-]\\p{L}+)*$"},
                                      {"description", "Given name."}});
  CHECK(props.at("lastName").at("pattern") == "^\\p{L}+(?:[ '-]\\p{L}+)*\\.?$");
  CHECK(props.at("email").at("type") == json{"string", "null"});
  CHECK(props.at("email").at("format") == "email");
  CHECK(props.at("email").at("maxLength") == 254);
  CHECK(props.at("telephone").at("pattern") == "^[0-9]+$");
  CHECK(props.at("id") ==
        json{{"type", "integer"}, {"readOnly", true}, {"description", "Identifier, set by the core."}});
  CHECK(props.at("dogs").at("readOnly") == true);
  CHECK(props.at("dogs").at("items").at("$ref") == "https://pawnotes.dev/schemas/dog.json");

  const json dog = json_schema(Entity::Dog).at("properties");
  CHECK(dog.at("ownerId") == json{{"type", "integer"}, {"minimum", 1}, {"description", "The owner's id."}});
  CHECK(dog.at("sex").at("enum") == json{"male", "female", "unknown", nullptr});
  CHECK(dog.at("sex").at("default") == "unknown");
  CHECK(dog.at("weightKg").at("minimum") == 0);
  CHECK(dog.at("weightKg").at("maximum") == 150);
  CHECK(dog.at("weightKg").at("maximum").is_number_integer());
  CHECK(dog.at("birthDate").at("format") == "date");
  CHECK(dog.at("birthDate").at("x-pawnotes-dateBound") == "notInFutureMax50Years");
  CHECK(dog.at("microchip").at("x-pawnotes-unique") == "organization");
  CHECK(dog.at("ageYears").at("type") == json{"integer", "null"});
  CHECK(dog.at("ageYears").at("readOnly") == true);
  CHECK(dog.at("type").at("readOnly") == true);

  const json note = json_schema(Entity::Note).at("properties");
  CHECK(note.at("tags").at("items") ==
        json{{"type", "string"}, {"minLength", 1}, {"maxLength", 32}, {"pattern", "^[a-z0-9-]{1,32}$"}});
  CHECK(note.at("tags").at("maxItems") == 10);
  CHECK(note.at("createdAt").at("format") == "date-time");
  CHECK(note.at("createdAt").at("type") == "string");
  CHECK(note.at("deletedAt").at("type") == json{"string", "null"});

  const json user = json_schema(Entity::User).at("properties");
  CHECK(user.at("passwordHash").at("writeOnly") == true);
  CHECK(user.at("roles").at("minItems") == 1);
  CHECK(user.at("roles").at("items").at("enum") == json{"admin", "trainer", "viewer"});

  const json visit = json_schema(Entity::Visit).at("properties");
  CHECK_FALSE(visit.at("date").contains("default"));  // "today" is not a constant
  CHECK(json_schema(Entity::Vaccination).at("properties").at("status").at("enum") == json{"expired", "due", "ok"});
  CHECK(json_schema(Entity::Trainer).at("properties").at("specialties").at("readOnly") == true);
  CHECK(json_schema(Entity::PetType).at("$id") == "https://pawnotes.dev/schemas/petType.json");
  for (Entity entity : kAllEntities) CHECK_NOTHROW(json_schema(entity).dump());
}

TEST_CASE("JSON Schema: a note's authorId may be 0 (written by the system)", "[validation][schema]") {
  // Demo data and the open PetClinic API write notes as the system (actor 0); their output must conform.
  const json author = json_schema(Entity::Note).at("properties").at("authorId");
  CHECK(author.at("type") == "integer");
  CHECK(author.at("minimum") == 0);
  CHECK(author.at("readOnly") == true);
}
