#include "pawnotes/errors.hpp"

#include <utility>

namespace pawnotes {

const char* Error::kind_name() const noexcept {
  switch (kind_) {
    case ErrorKind::Validation: return "validation";
    case ErrorKind::NotFound: return "not_found";
    case ErrorKind::Conflict: return "conflict";
    case ErrorKind::Forbidden: return "forbidden";
    case ErrorKind::Storage: return "storage";
    case ErrorKind::Unavailable: return "unavailable";
  }
  return "storage";
}

namespace {
std::string summary(const std::vector<FieldError>& errors) {
  if (errors.empty()) return "invalid input";
  std::string text =
      errors.front().field.empty() ? errors.front().message : errors.front().field + ": " + errors.front().message;
  if (errors.size() > 1) text += " (and " + std::to_string(errors.size() - 1) + " more)";
  return text;
}
}  // namespace

ValidationError::ValidationError(std::vector<FieldError> errors)
    : Error(ErrorKind::Validation, summary(errors)), errors_(std::move(errors)) {}

}  // namespace pawnotes
