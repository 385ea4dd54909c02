// SCAFFOLD: replace every body. Must not land as is.
#include "pawnotes/datasets.hpp"
#include <stdexcept>
namespace pawnotes::datasets {
ImportSummary generate_synthetic(Database&, const Scope&, const SyntheticOptions&, const Progress&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
}  // namespace pawnotes::datasets
