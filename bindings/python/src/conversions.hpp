// Argument conversions shared by the module's functions: scopes, entity names, modes, dates.
// They run with the GIL held, before a core call releases it.
#pragma once

#include <pybind11/pybind11.h>

#include <optional>
#include <string>

#include "pawnotes/date_time.hpp"
#include "pawnotes/entity.hpp"
#include "pawnotes/query.hpp"
#include "pawnotes/scope.hpp"
#include "pawnotes/validation.hpp"

namespace pawnotes::python {

/// Any object with `organization_id`, `actor_id` and `roles` (role names or str enums), e.g. pawnotes.Scope.
Scope to_scope(pybind11::handle scope);
Role to_role(const std::string& name);
/// "owner", "petType", ...; ValueError for an unknown name.
Entity to_entity(const std::string& name);
/// "create", "replace" or "patch".
ValidationMode to_mode(const std::string& name);
/// Strict "YYYY-MM-DD"; ValueError naming the argument otherwise.
Date to_date(const std::string& text, const char* argument);
/// A query filter's date: invalid text is a ValidationError on `field` (code "invalid_date", the rules' message),
/// as the same value in a request body would be.
std::optional<Date> to_filter_date(const std::optional<std::string>& text, const char* field);
Timestamp to_timestamp(const std::string& text, const char* argument);
PageRequest to_page(int page, int size, std::string sort);

}  // namespace pawnotes::python
