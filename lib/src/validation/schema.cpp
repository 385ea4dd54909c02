// JSON Schema (draft 2020-12) generated from the rule tables. The patterns are the ECMAScript equivalents
// of validate.cpp's checks (with the "u" flag for \p{L}), so a client that checks the schema agrees with
// the core. Members the core computes are listed as readOnly so the schema also describes API output.
#include <string>

#include "pawnotes/validation.hpp"
#include "validation/rules_internal.hpp"

namespace pawnotes {
namespace {

using nlohmann::json;

constexpr const char* kSchemaBase = "https://pawnotes.dev/schemas/";

const char* pattern_of(TextShape shape) {
  switch (shape) {
    case TextShape::Free: return nullptr;
    case TextShape::PersonName: return "^\\p{L}+(?:[ '-]\\p{L}+)*$";
    case TextShape::LastName: return "^\\p{L}+(?:[ '-]\\p{L}+)*\\.?$";
    case TextShape::Digits: return "^[0-9]+$";
    case TextShape::Email:
      return "^(?=[^@]{1,64}@)[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
             "@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}$";
    case TextShape::Tag: return "^[a-z0-9-]+$";
    case TextShape::Username: return "^[A-Za-z0-9._-]+$";
  }
  return nullptr;
}

/// Type and text constraints of a string (a field, or a list's items).
void describe_text(const FieldRule& rule, int min, int max, json& s) {
  if (min > 0) s["minLength"] = min;
  if (max > 0) s["maxLength"] = max;
  if (rule.shape == TextShape::Tag && max > 0) {
    s["pattern"] = "^[a-z0-9-]{" + std::to_string(min) + "," + std::to_string(max) + "}$";
  } else if (const char* p = pattern_of(rule.shape)) {
    s["pattern"] = p;
  }
  if (rule.shape == TextShape::Email) s["format"] = "email";
  if (!rule.allowed.empty()) s["enum"] = rule.allowed;
}

const char* json_type(FieldType type) {
  switch (type) {
    case FieldType::String:
    case FieldType::Date:
    case FieldType::Timestamp: return "string";
    case FieldType::Integer:
    case FieldType::Reference: return "integer";
    case FieldType::Number: return "number";
    case FieldType::Boolean: return "boolean";
    case FieldType::StringList:
    case FieldType::ReferenceList:
    case FieldType::ObjectList: return "array";
    case FieldType::Object: return "object";
  }
  return "string";
}

json property(const FieldRule& rule);

/// The schema of a nested object's rows (FieldType::Object, ObjectList items).
json object_schema(const std::vector<FieldRule>& fields) {
  json properties = json::object();
  json required = json::array();
  for (const FieldRule& rule : fields) {
    properties[rule.name] = property(rule);
    if (rule.required) required.push_back(rule.name);
  }
  json out = {{"type", "object"}, {"properties", properties}, {"additionalProperties", true}};
  if (!required.empty()) out["required"] = required;  // the three Ds are each optional
  return out;
}

json property(const FieldRule& rule) {
  json s = json::object();
  // Optional members are null in output when absent; required ones and the members the core always
  // sets (id, version, timestamps...) never are.
  const bool nullable = rule.read_only ? (rule.name == "ageYears" || rule.name == "deletedAt" ||
                                          rule.name == "daysLeft" || rule.name == "doneAt")
                                       : !rule.required;
  if (!nullable) {
    s["type"] = json_type(rule.type);
  } else {
    s["type"] = json::array({json_type(rule.type), "null"});
  }
  switch (rule.type) {
    case FieldType::String:
      describe_text(rule, rule.min_length, rule.max_length, s);
      if (s.contains("enum") && nullable) s["enum"].push_back(nullptr);
      break;
    case FieldType::Date: s["format"] = "date"; break;
    case FieldType::Timestamp: s["format"] = "date-time"; break;
    case FieldType::Reference: s["minimum"] = 1; break;
    case FieldType::Integer:
    case FieldType::Number:
      if (rule.minimum) s["minimum"] = *rule.minimum;
      if (rule.maximum) s["maximum"] = *rule.maximum;
      break;
    case FieldType::Boolean: break;
    case FieldType::StringList: {
      json items = {{"type", "string"}};
      describe_text(rule, rule.item_min_length, rule.item_max_length, items);
      s["items"] = items;
      break;
    }
    case FieldType::ReferenceList: s["items"] = {{"type", "integer"}, {"minimum", 1}}; break;
    case FieldType::Object: {
      json nested = object_schema(rule.fields);
      s["properties"] = nested["properties"];
      if (nested.contains("required")) s["required"] = nested["required"];
      s["additionalProperties"] = true;
      break;
    }
    case FieldType::ObjectList: s["items"] = object_schema(rule.fields); break;
  }
  if (rule.at_most_field.size() > 0) s["x-pawnotes-atMost"] = rule.at_most_field;
  if (!rule.unique_item_key.empty()) s["x-pawnotes-uniqueItemKey"] = rule.unique_item_key;
  if (rule.type == FieldType::StringList || rule.type == FieldType::ReferenceList ||
      rule.type == FieldType::ObjectList) {
    if (rule.min_items > 0) s["minItems"] = rule.min_items;
    if (rule.max_items > 0) s["maxItems"] = rule.max_items;
  }
  // Integral bounds print as integers ("maximum": 150, not 150.0).
  for (const char* key : {"minimum", "maximum"}) {
    if (s.contains(key) && s[key].is_number_float()) {
      const double d = s[key].get<double>();
      if (static_cast<double>(static_cast<long long>(d)) == d) s[key] = static_cast<long long>(d);
    }
  }
  // "today" is not a constant: said in the description instead.
  const bool dynamic_default = rule.type == FieldType::Date && rule.default_value && rule.default_value->is_string() &&
                               rule.default_value->get_ref<const std::string&>() == kDefaultToday;
  if (rule.default_value && !dynamic_default) s["default"] = *rule.default_value;
  if (rule.read_only) s["readOnly"] = true;
  if (rule.write_only) s["writeOnly"] = true;
  if (!rule.description.empty()) s["description"] = rule.description;
  // Rules the schema language cannot state, named for tools and people.
  switch (rule.date_bound) {
    case DateBound::None: break;
    case DateBound::NotInFuture: s["x-pawnotes-dateBound"] = "notInFuture"; break;
    case DateBound::NotInFutureMax50Years: s["x-pawnotes-dateBound"] = "notInFutureMax50Years"; break;
    case DateBound::AfterField: s["x-pawnotes-dateBound"] = "after:" + rule.after_field; break;
    case DateBound::NotBeforeField: s["x-pawnotes-dateBound"] = "notBefore:" + rule.after_field; break;
  }
  if (rule.unique) s["x-pawnotes-unique"] = rule.unique_scope;
  return s;
}

json ref(const char* entity) { return {{"$ref", std::string(kSchemaBase) + entity + ".json"}}; }

/// Output members that are not input fields (nested records), per entity.
void add_computed(Entity entity, json& properties) {
  switch (entity) {
    case Entity::Owner:
      properties["dogs"] = {{"type", "array"},
                            {"items", ref("dog")},
                            {"readOnly", true},
                            {"description", "The owner's dogs, ordered by name."}};
      break;
    case Entity::Dog:
      properties["type"] = {{"type", "object"},
                            {"properties", {{"id", {{"type", "integer"}}}, {"name", {{"type", "string"}}}}},
                            {"required", {"id", "name"}},
                            {"readOnly", true},
                            {"description", "The pet type (id and name)."}};
      break;
    case Entity::Trainer:
      properties["specialties"] = {{"type", "array"},
                                   {"items", ref("specialty")},
                                   {"readOnly", true},
                                   {"description", "The trainer's specialties."}};
      break;
    default: break;
  }
}

}  // namespace

nlohmann::json json_schema(Entity entity) {
  const EntityRules& rules = rules_for(entity);
  json properties = json::object();
  json required = json::array();
  for (const FieldRule& rule : rules.fields) {
    properties[rule.name] = property(rule);
    if (rule.required) required.push_back(rule.name);
  }
  add_computed(entity, properties);
  return {{"$schema", "https://json-schema.org/draft/2020-12/schema"},
          {"$id", std::string(kSchemaBase) + std::string(entity_name(entity)) + ".json"},
          {"title", rules.title},
          {"description", rules.description},
          {"type", "object"},
          {"properties", properties},
          {"required", required},
          {"additionalProperties", true}};
}

}  // namespace pawnotes
