// Who is asking: every core call takes a Scope. Nothing is read or written without one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pawnotes {

enum class Role { Admin, Trainer, Viewer };

[[nodiscard]] std::string_view role_name(Role role) noexcept;  // "admin", "trainer", "viewer"
[[nodiscard]] std::optional<Role> role_from_name(std::string_view name) noexcept;

struct Scope {
  std::int64_t organization_id = 0;
  std::int64_t actor_id = 0;  // the acting User's id (0 = the system, e.g. an import)
  std::vector<Role> roles;

  [[nodiscard]] bool has(Role role) const noexcept;
  /// Admin may write everything; Trainer may write owners, dogs, visits, notes, care flags,
  /// vaccinations; Viewer may only read. Throws Forbidden otherwise.
  void require_admin() const;
  void require_writer() const;
  void require_reader() const;
};

}  // namespace pawnotes
