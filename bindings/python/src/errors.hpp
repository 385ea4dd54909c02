// The one place where core errors become Python exceptions. The exception classes are defined in Python
// (pawnotes/errors.py, so ValidationError can carry typed field errors and to_dict()); the module fetches
// them once at import and registers a single translator for the whole pawnotes::Error hierarchy.
#pragma once

#include <pybind11/pybind11.h>

namespace pawnotes::python {

/// Imports pawnotes.errors, exposes its classes on `module` and registers the translator.
void register_errors(pybind11::module_& module);

}  // namespace pawnotes::python
