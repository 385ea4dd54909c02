// Registration functions of the pawnotes._core module, one per area.
#pragma once

#include <pybind11/pybind11.h>

namespace pawnotes::python {

void bind_clocks(pybind11::module_& module);
void bind_validation(pybind11::module_& module);
void bind_database(pybind11::module_& module);

}  // namespace pawnotes::python
