// Interprets the rule tables (rules.cpp). One error per field: the first failing check in the order
// type > required > length > shape > enum > range > date bounds. Never throws anything but
// ValidationError (and std::bad_alloc), whatever the JSON value: every access is type-checked first and
// strings are UTF-8-checked before they reach the output (nlohmann throws when dumping invalid UTF-8).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <unordered_set>
#include <utility>

#include "pawnotes/text.hpp"
#include "pawnotes/validation.hpp"
#include "validation/rules_internal.hpp"

namespace pawnotes {
namespace {

using nlohmann::json;

std::string number_text(double value) {
  if (std::floor(value) == value && std::fabs(value) < 1e15) return std::to_string(static_cast<std::int64_t>(value));
  std::string s = std::to_string(value);  // "%f": no locale grouping; strip trailing zeros
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

std::string joined(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) {
    if (!out.empty()) out += ", ";
    out += v;
  }
  return out;
}

// ---- shapes ---------------------------------------------------------------------------------------

/// Letters with single ' ', '\'' or '-' between them; LastName may end in one '.'.
bool is_person_name(std::string_view s, bool allow_final_period) {
  if (allow_final_period && !s.empty() && s.back() == '.') s.remove_suffix(1);
  bool need_letter = true;  // at the start and after a separator
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b == ' ' || b == '\'' || b == '-') {
      if (need_letter) return false;
      need_letter = true;
      ++i;
      continue;
    }
    // Decode one code point of valid UTF-8 (checked before shapes run).
    char32_t cp = 0;
    std::size_t n = 1;
    if (b < 0x80) {
      cp = b;
    } else if ((b & 0xE0) == 0xC0) {
      cp = b & 0x1F;
      n = 2;
    } else if ((b & 0xF0) == 0xE0) {
      cp = b & 0x0F;
      n = 3;
    } else {
      cp = b & 0x07;
      n = 4;
    }
    for (std::size_t k = 1; k < n && i + k < s.size(); ++k) cp = (cp << 6) | (s[i + k] & 0x3F);
    if (!text::is_letter(cp)) return false;
    need_letter = false;
    i += n;
  }
  return !need_letter;
}

bool all_of_bytes(std::string_view s, bool (*allowed)(char)) {
  for (char c : s) {
    if (!allowed(c)) return false;
  }
  return true;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_tag_char(char c) { return (c >= 'a' && c <= 'z') || is_digit(c) || c == '-'; }
bool is_username_char(char c) { return is_alpha(c) || is_digit(c) || c == '.' || c == '_' || c == '-'; }
bool is_atom_char(char c) {
  static constexpr std::string_view kSpecials = "!#$%&'*+/=?^_`{|}~-";
  return is_alpha(c) || is_digit(c) || kSpecials.find(c) != std::string_view::npos;
}
bool is_label_char(char c) { return is_alpha(c) || is_digit(c) || c == '-'; }

/// local@domain.tld, ASCII: the dot-atom local part (1-64), domain labels of 1-63 letters, digits and
/// inner hyphens, a final label of 2+ letters. Mirrors the schema's pattern exactly.
bool is_email(std::string_view s) {
  const auto at = s.find('@');
  if (at == std::string_view::npos || s.find('@', at + 1) != std::string_view::npos) return false;
  const std::string_view local = s.substr(0, at);
  const std::string_view domain = s.substr(at + 1);
  if (local.empty() || local.size() > 64) return false;
  bool after_dot = true;
  for (char c : local) {
    if (c == '.') {
      if (after_dot) return false;
      after_dot = true;
    } else if (is_atom_char(c)) {
      after_dot = false;
    } else {
      return false;
    }
  }
  if (after_dot) return false;
  std::size_t labels = 0;
  std::size_t start = 0;
  while (true) {
    const auto dot = domain.find('.', start);
    const std::string_view label = domain.substr(start, dot == std::string_view::npos ? domain.npos : dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    if (!all_of_bytes(label, is_label_char)) return false;
    ++labels;
    if (dot == std::string_view::npos) {
      return labels >= 2 && label.size() >= 2 && all_of_bytes(label, is_alpha);
    }
    start = dot + 1;
  }
}

/// The code and message when `s` does not have the shape; nullptr when it does.
const FieldError* shape_error(TextShape shape, std::string_view s) {
  static const FieldError kName{"", "pattern",
                                "must contain only letters, separated by single spaces, apostrophes or hyphens"};
  static const FieldError kLastName{
      "", "pattern",
      "must contain only letters, separated by single spaces, apostrophes or hyphens, and may end in a period"};
  static const FieldError kDigits{"", "pattern", "must contain only digits"};
  static const FieldError kEmail{"", "invalid_email", "must be a valid email address"};
  static const FieldError kTag{"", "pattern", "must contain only lower-case letters a-z, digits and hyphens"};
  static const FieldError kUsername{"", "pattern", "must contain only letters A-Z, digits, '.', '_' and '-'"};
  switch (shape) {
    case TextShape::Free: return nullptr;
    case TextShape::PersonName: return is_person_name(s, false) ? nullptr : &kName;
    case TextShape::LastName: return is_person_name(s, true) ? nullptr : &kLastName;
    case TextShape::Digits: return all_of_bytes(s, is_digit) ? nullptr : &kDigits;
    case TextShape::Email: return is_email(s) ? nullptr : &kEmail;
    case TextShape::Tag: return all_of_bytes(s, is_tag_char) ? nullptr : &kTag;
    case TextShape::Username: return all_of_bytes(s, is_username_char) ? nullptr : &kUsername;
  }
  return nullptr;
}

// ---- one value ------------------------------------------------------------------------------------

struct Problem {
  std::string code;
  std::string message;
};
using Outcome = std::optional<Problem>;  // nullopt = valid

Outcome length_problem(std::size_t n, int min, int max, TextShape shape) {
  const std::string unit = shape == TextShape::Digits ? " digits" : " characters";
  if (min > 0 && n == 0) return Problem{"too_short", "must not be empty"};
  if (min > 0 && min == max && n != static_cast<std::size_t>(min))
    return Problem{n < static_cast<std::size_t>(min) ? "too_short" : "too_long",
                   "must be exactly " + std::to_string(min) + unit};
  if (n < static_cast<std::size_t>(min)) return Problem{"too_short", "must be at least " + std::to_string(min) + unit};
  if (max > 0 && n > static_cast<std::size_t>(max))
    return Problem{"too_long", "must be at most " + std::to_string(max) + unit};
  return std::nullopt;
}

/// A string value: type, UTF-8, trim, length, shape, enum. `min`/`max` are the item limits for lists.
Outcome check_text(const FieldRule& rule, const json& value, int min, int max, bool lower, json& normalized) {
  if (!value.is_string()) return Problem{"type", "must be a string"};
  const auto& raw = value.get_ref<const std::string&>();
  if (!text::is_valid_utf8(raw)) return Problem{"invalid_utf8", "must be valid UTF-8 text"};
  std::string s = rule.trim ? text::trim(raw) : raw;
  if (lower) s = text::fold(s);
  if (auto p = length_problem(text::length(s), min, max, rule.shape)) return p;
  if (const FieldError* e = shape_error(rule.shape, s)) return Problem{e->code, e->message};
  if (!rule.allowed.empty() && std::find(rule.allowed.begin(), rule.allowed.end(), s) == rule.allowed.end())
    return Problem{"not_allowed", "must be one of: " + joined(rule.allowed)};
  normalized = std::move(s);
  return std::nullopt;
}

Outcome range_problem(const FieldRule& rule, double v) {
  if (rule.minimum && v < *rule.minimum) return Problem{"too_small", "must be at least " + number_text(*rule.minimum)};
  if (rule.maximum && v > *rule.maximum) return Problem{"too_large", "must be at most " + number_text(*rule.maximum)};
  return std::nullopt;
}

/// A whole number that fits int64 (integral floats such as 30.0 count); `type_message` names the kind.
Outcome check_integer(const json& value, const std::string& type_message, std::int64_t& out) {
  constexpr double kLimit = 9223372036854775808.0;  // 2^63
  if (value.is_number_integer() && !value.is_number_unsigned()) {
    out = value.get<std::int64_t>();
    return std::nullopt;
  }
  if (value.is_number_unsigned()) {
    const auto u = value.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
      return Problem{"too_large", "is too large"};
    out = static_cast<std::int64_t>(u);
    return std::nullopt;
  }
  if (value.is_number_float()) {
    const double d = value.get<double>();
    if (!std::isfinite(d) || std::floor(d) != d) return Problem{"type", type_message};
    if (d >= kLimit) return Problem{"too_large", "is too large"};
    if (d < -kLimit) return Problem{"too_small", "is too small"};
    out = static_cast<std::int64_t>(d);
    return std::nullopt;
  }
  return Problem{"type", type_message};
}

Outcome check_reference(const json& value, json& normalized) {
  std::int64_t id = 0;
  if (auto p = check_integer(value, "must be an id (a positive whole number)", id)) return p;
  if (id < 1) return Problem{"too_small", "must be at least 1"};
  normalized = id;
  return std::nullopt;
}

class Validator {
 public:
  Validator(const EntityRules& rules, const json& input, Date today, ValidationMode mode)
      : fields_(rules.fields), input_(input), today_(today), mode_(mode), errors_(own_errors_) {}

  /// A nested object's rows (FieldType::Object / ObjectList items): errors go to the parent's list,
  /// named `prefix` + member. Always checked whole (as on create), whatever the parent's mode.
  Validator(const std::vector<FieldRule>& rows, const json& input, Date today, std::string prefix,
            std::vector<FieldError>& errors)
      : fields_(rows),
        input_(input),
        today_(today),
        mode_(ValidationMode::Create),
        prefix_(std::move(prefix)),
        errors_(errors) {}

  std::vector<FieldError> run(json& out) {
    out = json::object();
    if (!input_.is_object()) {
      errors_.push_back({"", "type", "must be a JSON object"});
      return std::move(errors_);
    }
    fields(out);
    return std::move(errors_);
  }

  /// Checks every row into `out`; returns whether all of them passed.
  bool fields(json& out) {
    const std::size_t before = errors_.size();
    for (const FieldRule& rule : fields_) {
      if (rule.read_only) continue;  // set by the core: dropped silently
      field(rule, out);
    }
    return errors_.size() == before;
  }

 private:
  void fail(const std::string& field, Problem p) {
    errors_.push_back({prefix_ + field, std::move(p.code), std::move(p.message)});
  }

  /// A nested object checked by its own rows; true when it (and all its members) passed.
  bool nested(const FieldRule& rule, const json& v, const std::string& name, json& normalized) {
    if (!v.is_object()) {
      fail(name, {"type", "must be a JSON object"});
      return false;
    }
    normalized = json::object();
    Validator inner(rule.fields, v, today_, prefix_ + name + ".", errors_);
    return inner.fields(normalized);
  }

  /// A list of nested objects: the list's own limits first, then each item ("trials[1].successes").
  void object_list(const FieldRule& rule, const json& v, json& out) {
    if (!v.is_array()) {
      fail(rule.name, {"type", "must be a list"});
      return;
    }
    const auto items = [](int n) { return std::to_string(n) + (n == 1 ? " item" : " items"); };
    if (rule.max_items > 0 && v.size() > static_cast<std::size_t>(rule.max_items)) {
      fail(rule.name, {"too_many", "must have at most " + items(rule.max_items)});
      return;
    }
    if (v.size() < static_cast<std::size_t>(rule.min_items)) {
      fail(rule.name, {"too_short", "must have at least " + items(rule.min_items)});
      return;
    }
    json normalized = json::array();
    bool ok = true;
    std::vector<json> keys;
    for (std::size_t i = 0; i < v.size(); ++i) {
      const std::string name = rule.name + "[" + std::to_string(i) + "]";
      json item;
      bool passed = nested(rule, v[i], name, item);
      // The key counts once it is valid itself, even when other members of its item are not.
      if (!rule.unique_item_key.empty() && item.is_object()) {
        const auto key = item.find(rule.unique_item_key);
        if (key != item.end() && !key->is_null()) {
          if (std::find(keys.begin(), keys.end(), *key) != keys.end()) {
            fail(name + "." + rule.unique_item_key,
                 {"duplicate", "must not repeat the " + rule.unique_item_key + " of an earlier item"});
            passed = false;
          } else {
            keys.push_back(*key);
          }
        }
      }
      if (!passed) {
        ok = false;
        continue;
      }
      normalized.push_back(std::move(item));
    }
    if (ok) out[rule.name] = std::move(normalized);
  }

  json default_of(const FieldRule& rule) const {
    if (!rule.default_value) return nullptr;
    if (rule.type == FieldType::Date && rule.default_value->is_string() &&
        rule.default_value->get_ref<const std::string&>() == kDefaultToday)
      return today_.to_string();
    return *rule.default_value;
  }

  void field(const FieldRule& rule, json& out) {
    const auto it = input_.find(rule.name);
    const bool present = it != input_.end();
    if (!present || it->is_null()) {
      if (mode_ == ValidationMode::Patch && !present) return;
      if (rule.required) {
        fail(rule.name, {"required", "is required"});
        return;
      }
      out[rule.name] = default_of(rule);  // Create and Replace: null when the rule has no default
      return;
    }
    if (rule.type == FieldType::Object) {
      json normalized;
      if (nested(rule, *it, rule.name, normalized)) out[rule.name] = std::move(normalized);
      return;
    }
    if (rule.type == FieldType::ObjectList) {
      object_list(rule, *it, out);
      return;
    }
    json normalized;
    Outcome problem = value(rule, *it, normalized);
    if (rule.type == FieldType::StringList || rule.type == FieldType::ReferenceList) {
      if (!problem) problem = list(rule, *it, normalized);
    }
    if (problem) {
      fail(rule.name, std::move(*problem));
      return;
    }
    if (list_failed_) {
      list_failed_ = false;
      return;
    }
    out[rule.name] = std::move(normalized);
  }

  /// Scalar checks; lists only get their type checked here (items in list()).
  Outcome value(const FieldRule& rule, const json& v, json& normalized) {
    switch (rule.type) {
      case FieldType::String: return check_text(rule, v, rule.min_length, rule.max_length, false, normalized);
      case FieldType::Integer: {
        std::int64_t n = 0;
        if (auto p = check_integer(v, "must be a whole number", n)) return p;
        if (auto p = range_problem(rule, static_cast<double>(n))) return p;
        if (auto p = at_most_problem(rule, static_cast<double>(n))) return p;
        normalized = n;
        return std::nullopt;
      }
      case FieldType::Number: {
        if (!v.is_number() || !std::isfinite(v.get<double>())) return Problem{"type", "must be a number"};
        if (auto p = range_problem(rule, v.get<double>())) return p;
        if (auto p = at_most_problem(rule, v.get<double>())) return p;
        normalized = v;
        return std::nullopt;
      }
      case FieldType::Boolean:
        if (!v.is_boolean()) return Problem{"type", "must be true or false"};
        normalized = v;
        return std::nullopt;
      case FieldType::Date: return date(rule, v, normalized);
      case FieldType::Timestamp: {
        if (!v.is_string()) return Problem{"type", "must be a string"};
        const auto ts = Timestamp::parse(v.get_ref<const std::string&>());
        if (!ts) return Problem{"invalid_date", "must be a date and time (RFC 3339)"};
        normalized = ts->to_string();
        return std::nullopt;
      }
      case FieldType::Reference: return check_reference(v, normalized);
      case FieldType::StringList:
      case FieldType::ReferenceList:
        if (!v.is_array()) return Problem{"type", "must be a list"};
        return std::nullopt;
      case FieldType::Object:
      case FieldType::ObjectList: break;  // field() checks them
    }
    return Problem{"type", "has an unsupported type"};
  }

  /// Compared with the sibling member as given, when it is a number (its own rule reports it otherwise).
  Outcome at_most_problem(const FieldRule& rule, double v) const {
    if (rule.at_most_field.empty()) return std::nullopt;
    const auto other = input_.find(rule.at_most_field);
    if (other == input_.end() || !other->is_number()) return std::nullopt;
    if (v > other->get<double>()) return Problem{"too_large", "must be at most " + rule.at_most_field};
    return std::nullopt;
  }

  Outcome date(const FieldRule& rule, const json& v, json& normalized) {
    if (!v.is_string()) return Problem{"type", "must be a string"};
    const auto d = Date::parse(v.get_ref<const std::string&>());
    if (!d) return Problem{"invalid_date", "must be a valid date (YYYY-MM-DD)"};
    switch (rule.date_bound) {
      case DateBound::None: break;
      case DateBound::NotInFuture:
      case DateBound::NotInFutureMax50Years:
        if (*d > today_) return Problem{"future_date", "must not be in the future"};
        if (rule.date_bound == DateBound::NotInFutureMax50Years && *d < today_.minus_years(50))
          return Problem{"too_old", "must not be more than 50 years ago"};
        break;
      case DateBound::AfterField: {
        const auto before = other_date(rule.after_field);
        if (before && *d <= *before) return Problem{"before_field", "must be after " + rule.after_field};
        break;
      }
      case DateBound::NotBeforeField: {
        const auto before = other_date(rule.after_field);
        if (before && *d < *before) return Problem{"before_field", "must not be before " + rule.after_field};
        break;
      }
    }
    normalized = d->to_string();
    return std::nullopt;
  }

  /// The date a date bound compares with: the other member as given (when it is a date), or, when it is
  /// absent on a create or replace, its default ("today"). In a patch without it nothing is compared (the
  /// patch is validated again whole, merged over the stored record).
  std::optional<Date> other_date(const std::string& name) const {
    const auto other = input_.find(name);
    if (other != input_.end() && other->is_string()) return Date::parse(other->get_ref<const std::string&>());
    if ((other == input_.end() || other->is_null()) && mode_ != ValidationMode::Patch) {
      const auto rule =
          std::find_if(fields_.begin(), fields_.end(), [&](const FieldRule& r) { return r.name == name; });
      if (rule != fields_.end()) {
        const json fallback = default_of(*rule);
        if (fallback.is_string()) return Date::parse(fallback.get_ref<const std::string&>());
      }
    }
    return std::nullopt;
  }

  /// Items of a list: de-duplicated (tags lower-cased first), counted, then checked one by one.
  /// Item errors are reported as "name[i]" (index in the input) after the list's own error, if any.
  Outcome list(const FieldRule& rule, const json& v, json& normalized) {
    const bool lower = rule.shape == TextShape::Tag;
    normalized = json::array();
    std::vector<std::pair<std::size_t, Problem>> item_problems;
    std::unordered_set<std::string> seen_text;
    std::unordered_set<std::int64_t> seen_ids;
    std::size_t count = 0;
    for (std::size_t i = 0; i < v.size(); ++i) {
      json item;
      Outcome p = rule.type == FieldType::StringList
                      ? check_text(rule, v[i], rule.item_min_length, rule.item_max_length, lower, item)
                      : check_reference(v[i], item);
      if (p) {
        ++count;
        item_problems.emplace_back(i, std::move(*p));
        continue;
      }
      const bool fresh = item.is_string() ? seen_text.insert(item.get<std::string>()).second
                                          : seen_ids.insert(item.get<std::int64_t>()).second;
      if (!fresh) continue;
      ++count;
      normalized.push_back(std::move(item));
    }
    if (rule.max_items > 0 && count > static_cast<std::size_t>(rule.max_items))
      return Problem{"too_many", "must have at most " + std::to_string(rule.max_items) +
                                     (rule.max_items == 1 ? " item" : " items")};
    if (count < static_cast<std::size_t>(rule.min_items))
      return Problem{"too_short", "must have at least " + std::to_string(rule.min_items) +
                                      (rule.min_items == 1 ? " item" : " items")};
    for (auto& [index, problem] : item_problems)
      fail(rule.name + "[" + std::to_string(index) + "]", std::move(problem));
    list_failed_ = !item_problems.empty();
    return std::nullopt;
  }

  const std::vector<FieldRule>& fields_;
  const json& input_;
  Date today_;
  ValidationMode mode_;
  std::string prefix_;
  std::vector<FieldError> own_errors_;
  std::vector<FieldError>& errors_;
  bool list_failed_ = false;
};

/// Nesting depth of JSON text, counted outside strings; stops counting past the limit.
bool nested_too_deeply(std::string_view text) {
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth) return true;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return false;
}

}  // namespace

std::vector<FieldError> check(Entity entity, const nlohmann::json& input, Date today, ValidationMode mode) {
  json ignored;
  return Validator(rules_for(entity), input, today, mode).run(ignored);
}

nlohmann::json validate(Entity entity, const nlohmann::json& input, Date today, ValidationMode mode) {
  json out;
  auto errors = Validator(rules_for(entity), input, today, mode).run(out);
  if (!errors.empty()) throw ValidationError(std::move(errors));
  return out;
}

nlohmann::json decode_and_validate(Entity entity, std::string_view json_text, Date today, ValidationMode mode) {
  if (json_text.size() > kMaxJsonBytes)
    throw ValidationError({{"", "too_large", "must be at most " + std::to_string(kMaxJsonBytes) + " bytes"}});
  if (!text::is_valid_utf8(json_text)) throw ValidationError({{"", "invalid_utf8", "is not valid UTF-8 text"}});
  if (nested_too_deeply(json_text)) throw ValidationError({{"", "malformed_json", "is nested too deeply"}});
  json input;
  try {
    input = json::parse(json_text.begin(), json_text.end(), nullptr, false);
  } catch (const json::exception&) {
    input = json(json::value_t::discarded);
  }
  if (input.is_discarded()) throw ValidationError({{"", "malformed_json", "is not valid JSON"}});
  return validate(entity, input, today, mode);
}

nlohmann::json to_json(const std::vector<FieldError>& errors) {
  json out = json::array();
  for (const auto& e : errors) out.push_back({{"field", e.field}, {"code", e.code}, {"message", e.message}});
  return out;
}

}  // namespace pawnotes
