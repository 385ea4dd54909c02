#include "conversions.hpp"

#include <utility>

#include "pawnotes/errors.hpp"

namespace py = pybind11;

namespace pawnotes::python {

Role to_role(const std::string& name) {
  if (auto role = role_from_name(name)) return *role;
  throw py::value_error("unknown role '" + name + "' (expected admin, trainer or viewer)");
}

Scope to_scope(py::handle scope) {
  Scope out;
  out.organization_id = scope.attr("organization_id").cast<std::int64_t>();
  out.actor_id = scope.attr("actor_id").cast<std::int64_t>();
  for (py::handle role : scope.attr("roles")) out.roles.push_back(to_role(role.cast<std::string>()));
  return out;
}

Entity to_entity(const std::string& name) {
  if (auto entity = entity_from_name(name)) return *entity;
  throw py::value_error("unknown entity '" + name + "'");
}

ValidationMode to_mode(const std::string& name) {
  if (name == "create") return ValidationMode::Create;
  if (name == "replace") return ValidationMode::Replace;
  if (name == "patch") return ValidationMode::Patch;
  throw py::value_error("unknown validation mode '" + name + "' (expected create, replace or patch)");
}

Date to_date(const std::string& text, const char* argument) {
  if (auto date = Date::parse(text)) return *date;
  throw py::value_error(std::string(argument) + ": '" + text + "' is not a date (YYYY-MM-DD)");
}

std::optional<Date> to_filter_date(const std::optional<std::string>& text, const char* field) {
  if (!text) return std::nullopt;
  if (auto date = Date::parse(*text)) return *date;
  throw ValidationError({FieldError{field, "invalid_date", "must be a valid date (YYYY-MM-DD)"}});
}

Timestamp to_timestamp(const std::string& text, const char* argument) {
  if (auto timestamp = Timestamp::parse(text)) return *timestamp;
  throw py::value_error(std::string(argument) + ": '" + text + "' is not an RFC 3339 timestamp");
}

PageRequest to_page(int page, int size, std::string sort) { return PageRequest{page, size, std::move(sort)}; }

}  // namespace pawnotes::python
