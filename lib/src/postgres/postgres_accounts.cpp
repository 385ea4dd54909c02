// Organizations and user accounts of the PostgreSQL engine (as sqlite_accounts.cpp). Usernames are unique
// across organizations, compared case-insensitively through username_fold; the unique constraint decides
// between two processes creating the same username at once (the loser gets the same field error).
#include <string>
#include <utility>
#include <vector>

#include "pawnotes/text.hpp"
#include "postgres/postgres_storage.hpp"

namespace pawnotes::postgres_detail {
namespace {

std::string join_roles(const std::vector<Role>& roles) {
  std::string out;
  for (Role role : roles) {
    if (!out.empty()) out += ',';
    out += role_name(role);
  }
  return out;
}

std::vector<Role> split_roles(const std::string& text) {
  std::vector<Role> roles;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    if (auto role = role_from_name(std::string_view(text).substr(start, end - start))) roles.push_back(*role);
    start = end + 1;
  }
  return roles;
}

constexpr const char* kUserColumns =
    "SELECT id, organization_id, username, display_name, password_hash, roles, enabled, version FROM users";

User read_user(const Result& r, int i, bool with_hash) {
  User user;
  user.id = r.int64(i, 0);
  user.username = r.text(i, 2);
  user.display_name = r.text(i, 3);
  if (with_hash) user.password_hash = r.text(i, 4);
  user.roles = split_roles(r.text(i, 5));
  user.enabled = r.boolean(i, 6);
  user.version = r.int64(i, 7);
  return user;
}

Organization read_organization(const Result& r, int i) {
  Organization organization;
  organization.id = r.int64(i, 0);
  organization.name = r.text(i, 1);
  organization.created_at = Timestamp::parse(r.text(i, 2)).value_or(Timestamp{});
  organization.version = r.int64(i, 3);
  return organization;
}

Params one(std::int64_t value) {
  Params params;
  params.add(value);
  return params;
}

void require_organization(PostgresStorage& storage, Id organization_id) {
  if (storage.exec("SELECT 1 FROM organizations WHERE id = $1", one(organization_id)).empty()) {
    throw NotFound("Organization " + std::to_string(organization_id) + " was not found");
  }
}

void require_free_username(PostgresStorage& storage, const std::string& fold, Id self) {
  Params params;
  params.add(fold);
  params.add(static_cast<std::int64_t>(self));
  if (!storage.exec("SELECT 1 FROM users WHERE username_fold = $1 AND id <> $2", params).empty()) {
    throw ValidationError({{"username", "unique", "is already used by another user"}});
  }
}

User load_user(PostgresStorage& storage, Id organization_id, Id id, bool lock = false) {
  Params params;
  params.add(static_cast<std::int64_t>(organization_id));
  params.add(static_cast<std::int64_t>(id));
  const Result rows = storage.exec(
      std::string(kUserColumns) + " WHERE organization_id = $1 AND id = $2" + (lock ? " FOR UPDATE" : ""), params);
  if (rows.empty()) throw NotFound("User " + std::to_string(id) + " was not found");
  return read_user(rows, 0, false);
}

}  // namespace

Organization PostgresStorage::create_organization(const std::string& name) {
  return translate_pg_errors(*this, "could not save the organization", [&] {
    WriteTransaction transaction(*this);  // a write starts with BEGIN (translate_pg_errors may retry a BEGIN)
    Params params;
    params.add(name);
    params.add(clock().now().to_string());
    const Result rows = exec(
        "INSERT INTO organizations (name, created_at, version) VALUES ($1, $2, 1) RETURNING id, name, created_at, "
        "version",
        params);
    Organization organization = read_organization(rows, 0);
    transaction.commit();
    return organization;
  });
}

std::vector<Organization> PostgresStorage::organizations() {
  return translate_pg_errors(*this, "could not list the organizations", [&] {
    const Result rows = exec("SELECT id, name, created_at, version FROM organizations ORDER BY id");
    std::vector<Organization> out;
    for (int i = 0; i < rows.rows(); ++i) out.push_back(read_organization(rows, i));
    return out;
  });
}

User PostgresStorage::create_user(Id organization_id, const User& user) {
  return translate_pg_errors(*this, "could not save the user", [&] {
    WriteTransaction transaction(*this);
    require_organization(*this, organization_id);
    const std::string fold = text::fold(user.username);
    require_free_username(*this, fold, 0);
    Params params;
    params.add(static_cast<std::int64_t>(organization_id));
    params.add(user.username);
    params.add(fold);
    params.add(user.display_name);
    params.add(user.password_hash);
    params.add(join_roles(user.roles));
    params.add(user.enabled);
    const Result inserted = exec(
        "INSERT INTO users (organization_id, username, username_fold, display_name, password_hash, roles, enabled)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        params);
    User created = load_user(*this, organization_id, inserted.int64(0, 0));
    transaction.commit();
    return created;
  });
}

User PostgresStorage::update_user(Id organization_id, const User& user) {
  return translate_pg_errors(*this, "could not save the user", [&] {
    WriteTransaction transaction(*this);
    const User current = load_user(*this, organization_id, user.id, true);
    // version 0 means "not known": the last write wins (operators' tools).
    if (user.version != 0 && user.version != current.version) {
      throw Conflict("the user was changed by someone else (version " + std::to_string(current.version) + ", you had " +
                     std::to_string(user.version) + ")");
    }
    const std::string fold = text::fold(user.username);
    require_free_username(*this, fold, user.id);
    // An empty password hash keeps the current one (an update of the name or roles only).
    Params params;
    params.add(static_cast<std::int64_t>(organization_id));
    params.add(static_cast<std::int64_t>(user.id));
    params.add(user.username);
    params.add(fold);
    params.add(user.display_name);
    params.add(user.password_hash);
    params.add(join_roles(user.roles));
    params.add(user.enabled);
    exec(
        "UPDATE users SET username = $3, username_fold = $4, display_name = $5,"
        " password_hash = CASE WHEN $6::text = '' THEN password_hash ELSE $6::text END, roles = $7, enabled = $8,"
        " version = version + 1 WHERE organization_id = $1 AND id = $2",
        params);
    User updated = load_user(*this, organization_id, user.id);
    transaction.commit();
    return updated;
  });
}

std::optional<std::pair<User, Id>> PostgresStorage::find_user_for_login(const std::string& username) {
  return translate_pg_errors(*this, "could not read the user", [&]() -> std::optional<std::pair<User, Id>> {
    Params params;
    params.add(text::fold(username));
    const Result rows = exec(std::string(kUserColumns) + " WHERE username_fold = $1", params);
    if (rows.empty()) return std::nullopt;
    return std::pair<User, Id>{read_user(rows, 0, true), rows.int64(0, 1)};
  });
}

std::vector<User> PostgresStorage::users(Id organization_id) {
  return translate_pg_errors(*this, "could not list the users", [&] {
    const Result rows =
        exec(std::string(kUserColumns) + " WHERE organization_id = $1 ORDER BY id", one(organization_id));
    std::vector<User> out;
    for (int i = 0; i < rows.rows(); ++i) out.push_back(read_user(rows, i, false));
    return out;
  });
}

}  // namespace pawnotes::postgres_detail
