#include "errors.hpp"

#include <exception>

#include "pawnotes/errors.hpp"

namespace py = pybind11;

namespace pawnotes::python {
namespace {

// Exception classes live as long as the interpreter; the references are deliberately never released
// (as pybind11's own py::exception does), so the translator never touches a dead object at shutdown.
struct ErrorClasses {
  PyObject* base = nullptr;
  PyObject* validation = nullptr;
  PyObject* not_found = nullptr;
  PyObject* conflict = nullptr;
  PyObject* forbidden = nullptr;
  PyObject* storage = nullptr;
  PyObject* unavailable = nullptr;
  PyObject* field_error = nullptr;
};
ErrorClasses classes;

PyObject* keep(const py::module_& errors, const char* name) { return py::object(errors.attr(name)).release().ptr(); }

PyObject* class_for(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::Validation: return classes.validation;
    case ErrorKind::NotFound: return classes.not_found;
    case ErrorKind::Conflict: return classes.conflict;
    case ErrorKind::Forbidden: return classes.forbidden;
    case ErrorKind::Storage: return classes.storage;
    case ErrorKind::Unavailable: return classes.unavailable;
  }
  return classes.base;
}

void raise(PyObject* type, const py::object& instance) { PyErr_SetObject(type, instance.ptr()); }

}  // namespace

void register_errors(py::module_& module) {
  const py::module_ errors = py::module_::import("pawnotes.errors");
  // Base class first, then the kinds: the Python classes mirror the C++ hierarchy one to one.
  classes.base = keep(errors, "Error");
  classes.validation = keep(errors, "ValidationError");
  classes.not_found = keep(errors, "NotFound");
  classes.conflict = keep(errors, "Conflict");
  classes.forbidden = keep(errors, "Forbidden");
  classes.storage = keep(errors, "StorageError");
  classes.unavailable = keep(errors, "UnavailableError");
  classes.field_error = keep(errors, "FieldError");
  for (const char* name :
       {"Error", "ValidationError", "NotFound", "Conflict", "Forbidden", "StorageError", "UnavailableError"}) {
    module.attr(name) = errors.attr(name);
  }

  py::register_exception_translator([](std::exception_ptr pending) {
    try {
      if (pending) std::rethrow_exception(pending);
    } catch (const ValidationError& e) {  // before its base: it carries the field errors
      py::list field_errors;
      const py::handle field_error(classes.field_error);
      for (const auto& fe : e.errors()) field_errors.append(field_error(fe.field, fe.code, fe.message));
      raise(classes.validation, py::handle(classes.validation)(e.what(), field_errors));
    } catch (const Error& e) {
      PyObject* type = class_for(e.kind());
      raise(type, py::handle(type)(e.what()));
    }
  });
}

}  // namespace pawnotes::python
