#include "json_convert.hpp"

#include <cstdint>
#include <string>
#include <utility>

#include "pawnotes/errors.hpp"

namespace py = pybind11;
using nlohmann::json;

namespace pawnotes::python {
namespace {

// Raised deep in the recursion; each container level prepends its key while the stack unwinds, so the
// path costs nothing when the conversion succeeds.
struct ConversionFailure {
  enum class Kind { TooLarge, TooSmall, NotJson } kind;
  std::string path;
  std::string type_name;
};

void prepend_key(std::string& path, const std::string& key) {
  if (path.empty() || path.front() == '[') {
    path.insert(0, key);
  } else {
    path.insert(0, key + ".");
  }
}

std::string key_text(py::handle key) {
  if (!PyUnicode_Check(key.ptr())) {
    throw py::type_error("JSON object keys must be str, not " + std::string(Py_TYPE(key.ptr())->tp_name));
  }
  Py_ssize_t size = 0;
  const char* data = PyUnicode_AsUTF8AndSize(key.ptr(), &size);
  if (data == nullptr) throw py::error_already_set();
  return std::string(data, static_cast<std::size_t>(size));
}

// Python ints are unbounded; JSON numbers here follow nlohmann's parser, so a dict and the same data as
// JSON text reach the rules alike (the rules then report "too_large" for what does not fit int64):
// int64, else uint64, else a double; only a number beyond double's range cannot be represented.
json integer(PyObject* obj) {
  int overflow = 0;
  const long long number = PyLong_AsLongLongAndOverflow(obj, &overflow);
  if (overflow == 0) {
    if (number == -1 && PyErr_Occurred()) throw py::error_already_set();
    return static_cast<std::int64_t>(number);
  }
  if (overflow > 0) {
    const unsigned long long big = PyLong_AsUnsignedLongLong(obj);
    if (!PyErr_Occurred()) return static_cast<std::uint64_t>(big);
    PyErr_Clear();
  }
  const double approx = PyLong_AsDouble(obj);
  if (approx == -1.0 && PyErr_Occurred()) {
    PyErr_Clear();
    throw ConversionFailure{overflow > 0 ? ConversionFailure::Kind::TooLarge : ConversionFailure::Kind::TooSmall, "",
                            "int"};
  }
  return approx;
}

json convert(py::handle value) {
  PyObject* obj = value.ptr();
  if (obj == Py_None) return nullptr;
  if (PyBool_Check(obj)) return obj == Py_True;
  if (PyLong_Check(obj)) return integer(obj);
  if (PyFloat_Check(obj)) return PyFloat_AS_DOUBLE(obj);
  if (PyUnicode_Check(obj)) {
    Py_ssize_t size = 0;
    const char* data = PyUnicode_AsUTF8AndSize(obj, &size);
    if (data == nullptr) throw py::error_already_set();  // e.g. a lone surrogate
    return std::string(data, static_cast<std::size_t>(size));
  }
  if (PyDict_Check(obj)) {
    json out = json::object();
    PyObject* key = nullptr;
    PyObject* item = nullptr;
    Py_ssize_t pos = 0;
    while (PyDict_Next(obj, &pos, &key, &item)) {
      std::string name = key_text(key);
      try {
        out[name] = convert(item);
      } catch (ConversionFailure& failure) {
        prepend_key(failure.path, name);
        throw;
      }
    }
    return out;
  }
  if (PyList_Check(obj) || PyTuple_Check(obj)) {
    const bool is_list = PyList_Check(obj);
    const Py_ssize_t size = is_list ? PyList_GET_SIZE(obj) : PyTuple_GET_SIZE(obj);
    json out = json::array();
    out.get_ref<json::array_t&>().reserve(static_cast<std::size_t>(size));
    for (Py_ssize_t i = 0; i < size; ++i) {
      PyObject* item = is_list ? PyList_GET_ITEM(obj, i) : PyTuple_GET_ITEM(obj, i);
      try {
        out.push_back(convert(item));
      } catch (ConversionFailure& failure) {
        const bool member_follows = !failure.path.empty() && failure.path.front() != '[';
        failure.path.insert(0, "[" + std::to_string(i) + "]" + (member_follows ? "." : ""));
        throw;
      }
    }
    return out;
  }
  // Rare types last: a calendar date (not a datetime, whose text form would be ambiguous) becomes its ISO text.
  py::module_ datetime = py::module_::import("datetime");
  if (py::isinstance(value, datetime.attr("date")) && !py::isinstance(value, datetime.attr("datetime"))) {
    return value.attr("isoformat")().cast<std::string>();
  }
  throw ConversionFailure{ConversionFailure::Kind::NotJson, "", Py_TYPE(obj)->tp_name};
}

}  // namespace

json to_json(py::handle value) {
  try {
    return convert(value);
  } catch (const ConversionFailure& failure) {
    // The same code and message as the rules give a number too large for int64.
    if (failure.kind == ConversionFailure::Kind::TooLarge) {
      throw ValidationError({FieldError{failure.path, "too_large", "is too large"}});
    }
    if (failure.kind == ConversionFailure::Kind::TooSmall) {
      throw ValidationError({FieldError{failure.path, "too_small", "is too small"}});
    }
    const std::string where = failure.path.empty() ? "value" : "'" + failure.path + "'";
    throw py::type_error(where + ": a " + failure.type_name +
                         " is not a JSON value (use dict, list, str, int, float, bool or None)");
  }
}

py::object to_python(const json& value) {
  switch (value.type()) {
    case json::value_t::null: return py::none();
    case json::value_t::boolean: return py::bool_(value.get<bool>());
    case json::value_t::number_integer: return py::int_(value.get<std::int64_t>());
    case json::value_t::number_unsigned: return py::int_(value.get<std::uint64_t>());
    case json::value_t::number_float: return py::float_(value.get<double>());
    case json::value_t::string: {
      const auto& text = value.get_ref<const std::string&>();
      PyObject* str = PyUnicode_DecodeUTF8(text.data(), static_cast<Py_ssize_t>(text.size()), "replace");
      if (str == nullptr) throw py::error_already_set();
      return py::reinterpret_steal<py::object>(str);
    }
    case json::value_t::array: {
      py::list out(value.size());
      std::size_t i = 0;
      for (const auto& item : value) out[i++] = to_python(item);
      return std::move(out);
    }
    case json::value_t::object: {
      py::dict out;
      for (const auto& [key, item] : value.items()) {
        out[py::str(key)] = to_python(item);
      }
      return std::move(out);
    }
    case json::value_t::binary: {
      const auto& bytes = value.get_binary();
      return py::bytes(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    }
    case json::value_t::discarded: break;
  }
  return py::none();
}

}  // namespace pawnotes::python
