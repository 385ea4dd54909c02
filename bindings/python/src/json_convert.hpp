// Python objects <-> nlohmann::json. The binding boundary is JSON-shaped: data dicts go in, canonical
// JSON comes back. Both directions need the GIL; do them before releasing it and after reacquiring it.
#pragma once

#include <pybind11/pybind11.h>

#include <nlohmann/json.hpp>

namespace pawnotes::python {

/// dict/list/tuple/str/int/float/bool/None (and datetime.date, as "YYYY-MM-DD") to JSON. Ints become
/// int64, uint64 or double as nlohmann's parser would read the same number; an int beyond double's range
/// is a pawnotes::ValidationError ("too_large"/"too_small", field = the value's path). Anything that is not
/// a JSON value is a Python TypeError naming its path.
nlohmann::json to_json(pybind11::handle value);

/// JSON to plain Python objects (objects keep nlohmann's sorted key order).
pybind11::object to_python(const nlohmann::json& value);

}  // namespace pawnotes::python
