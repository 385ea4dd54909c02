#include "pawnotes/scope.hpp"

#include <algorithm>

#include "pawnotes/errors.hpp"

namespace pawnotes {

std::string_view role_name(Role role) noexcept {
  switch (role) {
    case Role::Admin: return "admin";
    case Role::Trainer: return "trainer";
    case Role::Viewer: return "viewer";
  }
  return "viewer";
}

std::optional<Role> role_from_name(std::string_view name) noexcept {
  if (name == "admin") return Role::Admin;
  if (name == "trainer") return Role::Trainer;
  if (name == "viewer") return Role::Viewer;
  return std::nullopt;
}

bool Scope::has(Role role) const noexcept { return std::find(roles.begin(), roles.end(), role) != roles.end(); }

void Scope::require_admin() const {
  if (!has(Role::Admin)) throw Forbidden("this action needs the admin role");
}

void Scope::require_writer() const {
  if (!has(Role::Admin) && !has(Role::Trainer)) throw Forbidden("this action needs the trainer or admin role");
}

void Scope::require_reader() const {
  if (roles.empty()) throw Forbidden("this action needs a role (viewer, trainer or admin)");
}

}  // namespace pawnotes
