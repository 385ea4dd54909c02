// Organizations and user accounts: validation, usernames unique across organizations ignoring case,
// roles, login lookup, updates with versions and kept password hashes.
#include <catch2/catch.hpp>
#include <string>

#include "support/test_support.hpp"

using namespace pawnotes;
using namespace pawnotes::testing;

namespace {

User make_user(const std::string& username, std::vector<Role> roles = {Role::Trainer}) {
  User user;
  user.username = username;
  user.display_name = "Display " + username;
  user.password_hash = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA";
  user.roles = std::move(roles);
  return user;
}

}  // namespace

TEST_CASE("organizations are created with a timestamp and listed in order", "[storage][accounts]") {
  TestDb t(GENERATE(Where::InMemory, Where::OnFile));
  CHECK(t.org.name == "Test Org");
  CHECK(t.org.version == 1);
  CHECK(t.org.created_at.to_string() == "2026-11-24T12:00:00.000Z");
  const Organization third = t.db.create_organization("  Third Clinic ");
  CHECK(third.name == "Third Clinic");  // trimmed by the rules
  const auto all = t.db.organizations();
  REQUIRE(all.size() == 3);
  CHECK(all[0].id == t.org.id);
  CHECK(all[1].id == t.other_org.id);
  CHECK(all[2].id == third.id);
  const auto errors = field_errors([&] { t.db.create_organization(""); });
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].field == "name");
  CHECK(t.db.organizations().size() == 3);
}

TEST_CASE("users: create, list per organization, login lookup ignoring case", "[storage][accounts]") {
  TestDb t(GENERATE(Where::InMemory, Where::OnFile));
  const User created = t.db.create_user(t.org.id, make_user("Ada.Admin", {Role::Admin, Role::Trainer}));
  CHECK(created.id > 0);
  CHECK(created.username == "Ada.Admin");
  CHECK(created.display_name == "Display Ada.Admin");
  CHECK(created.roles == std::vector<Role>{Role::Admin, Role::Trainer});
  CHECK(created.enabled);
  CHECK(created.version == 1);
  CHECK(created.password_hash.empty());  // hashes only leave through find_user_for_login
  t.db.create_user(t.other_org.id, make_user("eve"));

  const auto mine = t.db.users(t.org.id);
  REQUIRE(mine.size() == 1);
  CHECK(mine[0].username == "Ada.Admin");
  CHECK(t.db.users(t.other_org.id).size() == 1);

  const auto login = t.db.find_user_for_login("ada.ADMIN");
  REQUIRE(login.has_value());
  CHECK(login->first.id == created.id);
  CHECK(login->first.password_hash == "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA");
  CHECK(login->second == t.org.id);
  CHECK_FALSE(t.db.find_user_for_login("nobody").has_value());
}

TEST_CASE("usernames are unique across organizations, ignoring case", "[storage][accounts]") {
  TestDb t(GENERATE(Where::InMemory, Where::OnFile));
  t.db.create_user(t.org.id, make_user("sam"));
  const auto errors = field_errors([&] { t.db.create_user(t.other_org.id, make_user("SAM")); });
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].field == "username");
  CHECK(errors[0].code == "unique");
  CHECK(t.db.users(t.other_org.id).empty());
}

TEST_CASE("users are validated with the User rules", "[storage][accounts]") {
  TestDb t(Where::InMemory);
  CHECK(has_error(field_errors([&] { t.db.create_user(t.org.id, make_user("bad name!")); }), "username", "pattern"));
  CHECK(!field_errors([&] { t.db.create_user(t.org.id, make_user("noroles", {})); }).empty());
  User no_hash = make_user("nohash");
  no_hash.password_hash.clear();
  CHECK(has_error(field_errors([&] { t.db.create_user(t.org.id, no_hash); }), "passwordHash", "required"));
  CHECK_THROWS_AS(t.db.create_user(99999, make_user("orphan")), NotFound);
  CHECK(t.db.users(t.org.id).empty());
}

TEST_CASE("users: updates check versions and keep the hash unless a new one is given", "[storage][accounts]") {
  TestDb t(GENERATE(Where::InMemory, Where::OnFile));
  User user = t.db.create_user(t.org.id, make_user("kim"));
  t.db.create_user(t.org.id, make_user("lee"));

  user.display_name = "Kim K.";
  user.roles = {Role::Viewer};
  user.enabled = false;
  const User updated = t.db.update_user(t.org.id, user);  // no hash: keep the stored one
  CHECK(updated.display_name == "Kim K.");
  CHECK(updated.roles == std::vector<Role>{Role::Viewer});
  CHECK_FALSE(updated.enabled);
  CHECK(updated.version == 2);
  CHECK(t.db.find_user_for_login("kim")->first.password_hash == "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA");

  CHECK_THROWS_AS(t.db.update_user(t.org.id, user), Conflict);  // user.version is 1, stored 2
  User again = updated;
  again.password_hash = "$argon2id$new";
  CHECK(t.db.update_user(t.org.id, again).version == 3);
  CHECK(t.db.find_user_for_login("KIM")->first.password_hash == "$argon2id$new");

  User rename = t.db.find_user_for_login("kim")->first;
  rename.password_hash.clear();
  rename.username = "LEE";
  CHECK(has_error(field_errors([&] { t.db.update_user(t.org.id, rename); }), "username", "unique"));
  CHECK_THROWS_AS(t.db.update_user(t.other_org.id, again), NotFound);  // another organization's user
}
