// The one error hierarchy of pawnotes. Every core call throws only these (or std::bad_alloc).
// Messages are for people: they never contain SQL, file offsets or other internals.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace pawnotes {

/// One invalid field of a request. `field` is the camelCase JSON name (nested: "tags[2]"),
/// `code` a stable machine-readable word ("required", "too_long", "pattern", "unique", ...),
/// `message` an English sentence that can be shown to the user as is.
struct FieldError {
  std::string field;
  std::string code;
  std::string message;
  friend bool operator==(const FieldError& a, const FieldError& b) {
    return a.field == b.field && a.code == b.code && a.message == b.message;
  }
};

/// Stable names of the error kinds, as used by the bindings and problem+json ("validation", ...).
enum class ErrorKind { Validation, NotFound, Conflict, Forbidden, Storage, Unavailable };

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  [[nodiscard]] ErrorKind kind() const noexcept { return kind_; }
  /// "validation", "not_found", "conflict", "forbidden", "storage", "unavailable".
  [[nodiscard]] const char* kind_name() const noexcept;

 private:
  ErrorKind kind_;
};

/// The request is invalid; `errors()` lists every invalid field at once (never empty).
class ValidationError : public Error {
 public:
  explicit ValidationError(std::vector<FieldError> errors);
  [[nodiscard]] const std::vector<FieldError>& errors() const noexcept { return errors_; }

 private:
  std::vector<FieldError> errors_;
};

/// The entity does not exist in the caller's organization (ids of other organizations are missing too).
class NotFound : public Error {
 public:
  explicit NotFound(const std::string& message) : Error(ErrorKind::NotFound, message) {}
};

/// The write is based on a stale version, or would break a rule that involves other rows
/// (deleting an owner that still has dogs, a pet type still in use, ...).
class Conflict : public Error {
 public:
  explicit Conflict(const std::string& message) : Error(ErrorKind::Conflict, message) {}
};

/// The acting user's roles do not allow this call.
class Forbidden : public Error {
 public:
  explicit Forbidden(const std::string& message) : Error(ErrorKind::Forbidden, message) {}
};

/// The storage engine failed (disk full, I/O error, corrupt or too-new database). Nothing was written.
class StorageError : public Error {
 public:
  explicit StorageError(const std::string& message) : Error(ErrorKind::Storage, message) {}
};

/// The database server cannot be reached right now (PostgreSQL down, restarting or shutting down, the
/// connection lost). Try again shortly: the next call reconnects by itself. The server answers 503.
class Unavailable : public Error {
 public:
  explicit Unavailable(const std::string& message) : Error(ErrorKind::Unavailable, message) {}
};

}  // namespace pawnotes
