// pawnotes._core: the private native module under the `pawnotes` package. Its boundary is narrow and
// JSON-shaped (dicts in, canonical dicts out); the typed classes live in the Python package.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <atomic>
#include <memory>
#include <optional>
#include <string>

#include "bindings.hpp"
#include "conversions.hpp"
#include "errors.hpp"
#include "json_convert.hpp"
#include "pawnotes/pawnotes.hpp"

namespace py = pybind11;
using nlohmann::json;

namespace pawnotes::python {
namespace {

// pawnotes::FixedClock is not safe to move from one thread while a call reads it in another (the GIL is
// released during calls); this one keeps its time in an atomic.
class SettableClock final : public Clock {
 public:
  explicit SettableClock(Timestamp now) : millis_(now.millis) {}
  [[nodiscard]] Timestamp now() const override { return Timestamp{millis_.load()}; }
  void set(Timestamp now) { millis_.store(now.millis); }
  void advance(std::int64_t millis) { millis_.fetch_add(millis); }

 private:
  std::atomic<std::int64_t> millis_;
};

}  // namespace

void bind_clocks(py::module_& m) {
  py::class_<Clock, std::shared_ptr<Clock>>(m, "Clock", "Where the core's 'now' and 'today' come from.")
      .def(
          "now", [](const Clock& c) { return c.now().to_string(); }, "Now as 'YYYY-MM-DDTHH:MM:SS.mmmZ'.")
      .def(
          "today", [](const Clock& c) { return c.today().to_string(); }, "Today (UTC) as 'YYYY-MM-DD'.");
  py::class_<SystemClock, Clock, std::shared_ptr<SystemClock>>(m, "SystemClock", "The real clock (UTC).")
      .def(py::init<>());
  py::class_<SettableClock, Clock, std::shared_ptr<SettableClock>>(m, "FixedClock",
                                                                   "A clock that says what it is told.")
      .def(py::init([](const std::string& now) { return std::make_shared<SettableClock>(to_timestamp(now, "now")); }),
           py::arg("now"))
      .def(
          "set", [](SettableClock& c, const std::string& now) { c.set(to_timestamp(now, "now")); }, py::arg("now"))
      .def("advance", &SettableClock::advance, py::arg("millis"), "Moves the clock forward (or back, if negative).");
}

void bind_validation(py::module_& m) {
  m.def(
      "validate",
      [](const std::string& entity, py::handle data, const std::string& today, const std::string& mode) {
        const Entity e = to_entity(entity);
        const json input = to_json(data);
        const Date day = to_date(today, "today");
        const ValidationMode vm = to_mode(mode);
        json result;
        {
          py::gil_scoped_release release;
          result = validate(e, input, day, vm);
        }
        return to_python(result);
      },
      py::arg("entity"), py::arg("data"), py::arg("today"), py::arg("mode") = "create");
  m.def(
      "check",
      [](const std::string& entity, py::handle data, const std::string& today, const std::string& mode) {
        const Entity e = to_entity(entity);
        const json input = to_json(data);
        const Date day = to_date(today, "today");
        const ValidationMode vm = to_mode(mode);
        json result;
        {
          py::gil_scoped_release release;
          result = pawnotes::to_json(check(e, input, day, vm));
        }
        return to_python(result);
      },
      py::arg("entity"), py::arg("data"), py::arg("today"), py::arg("mode") = "create");
  m.def(
      "decode_and_validate",
      [](const std::string& entity, const std::string& json_text, const std::string& today, const std::string& mode) {
        const Entity e = to_entity(entity);
        const Date day = to_date(today, "today");
        const ValidationMode vm = to_mode(mode);
        json result;
        {
          py::gil_scoped_release release;
          result = decode_and_validate(e, json_text, day, vm);
        }
        return to_python(result);
      },
      py::arg("entity"), py::arg("json_text"), py::arg("today"), py::arg("mode") = "create");
  m.def(
      "json_schema", [](const std::string& entity) { return to_python(json_schema(to_entity(entity))); },
      py::arg("entity"));
  m.def("entities", [] {
    py::list names;
    for (Entity e : kAllEntities) names.append(py::str(std::string(entity_name(e))));
    return names;
  });
  m.def("version", [] { return std::string(pawnotes::version()); });
  m.def("sqlite_schema_version", [] { return sqlite_schema_version(); });
}

}  // namespace pawnotes::python

PYBIND11_MODULE(_core, m) {
  m.doc() = "Private native core of the pawnotes package; use `import pawnotes` instead.";
  pawnotes::python::register_errors(m);
  pawnotes::python::bind_clocks(m);
  pawnotes::python::bind_validation(m);
  pawnotes::python::bind_database(m);
}
