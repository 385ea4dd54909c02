// Organizations and user accounts of the SQLite engine. Usernames are unique across organizations
// (people log in without naming one), compared case-insensitively through username_fold.
#include <string>
#include <utility>
#include <vector>

#include "pawnotes/text.hpp"
#include "sqlite/sqlite_storage.hpp"

namespace pawnotes::sqlite_detail {
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

User read_user(const SQLite::Statement& row, bool with_hash) {
  User user;
  user.id = row.getColumn(0).getInt64();
  user.username = row.getColumn(2).getString();
  user.display_name = row.getColumn(3).getString();
  if (with_hash) user.password_hash = row.getColumn(4).getString();
  user.roles = split_roles(row.getColumn(5).getString());
  user.enabled = row.getColumn(6).getInt() != 0;
  user.version = row.getColumn(7).getInt64();
  return user;
}

Organization read_organization(const SQLite::Statement& row) {
  Organization organization;
  organization.id = row.getColumn(0).getInt64();
  organization.name = row.getColumn(1).getString();
  organization.created_at = Timestamp::parse(row.getColumn(2).getString()).value_or(Timestamp{});
  organization.version = row.getColumn(3).getInt64();
  return organization;
}

}  // namespace

Organization SqliteStorage::create_organization(const std::string& name) {
  return translate_sqlite_errors("could not save the organization", [&] {
    WriteTransaction transaction(*this);
    SQLite::Statement& insert = statement("INSERT INTO organizations (name, created_at, version) VALUES (?1, ?2, 1)");
    insert.bindNoCopy(1, name);
    insert.bind(2, clock().now().to_string());
    insert.exec();
    const Id id = db().getLastInsertRowid();
    transaction.commit();
    SQLite::Statement& query = statement("SELECT id, name, created_at, version FROM organizations WHERE id = ?1");
    query.bind(1, id);
    query.executeStep();
    Organization organization = read_organization(query);
    query.tryReset();
    return organization;
  });
}

std::vector<Organization> SqliteStorage::organizations() {
  return translate_sqlite_errors("could not list the organizations", [&] {
    SQLite::Statement& query = statement("SELECT id, name, created_at, version FROM organizations ORDER BY id");
    std::vector<Organization> out;
    while (query.executeStep()) out.push_back(read_organization(query));
    return out;
  });
}

namespace {

void require_organization(SqliteStorage& storage, Id organization_id) {
  SQLite::Statement& query = storage.statement("SELECT 1 FROM organizations WHERE id = ?1");
  query.bind(1, organization_id);
  const bool found = query.executeStep();
  query.tryReset();
  if (!found) throw NotFound("Organization " + std::to_string(organization_id) + " was not found");
}

void require_free_username(SqliteStorage& storage, const std::string& fold, Id self) {
  SQLite::Statement& query = storage.statement("SELECT 1 FROM users WHERE username_fold = ?1 AND id <> ?2");
  query.bindNoCopy(1, fold);
  query.bind(2, self);
  const bool taken = query.executeStep();
  query.tryReset();
  if (taken) throw ValidationError({{"username", "unique", "is already used by another user"}});
}

User load_user(SqliteStorage& storage, Id organization_id, Id id) {
  SQLite::Statement& query = storage.statement(std::string(kUserColumns) + " WHERE organization_id = ?1 AND id = ?2");
  query.bind(1, organization_id);
  query.bind(2, id);
  if (!query.executeStep()) throw NotFound("User " + std::to_string(id) + " was not found");
  User user = read_user(query, false);
  query.tryReset();
  return user;
}

}  // namespace

User SqliteStorage::create_user(Id organization_id, const User& user) {
  return translate_sqlite_errors("could not save the user", [&] {
    WriteTransaction transaction(*this);
    require_organization(*this, organization_id);
    const std::string fold = text::fold(user.username);
    require_free_username(*this, fold, 0);
    SQLite::Statement& insert = statement(
        "INSERT INTO users (organization_id, username, username_fold, display_name, password_hash, roles, enabled)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    insert.bind(1, organization_id);
    insert.bindNoCopy(2, user.username);
    insert.bindNoCopy(3, fold);
    insert.bindNoCopy(4, user.display_name);
    insert.bindNoCopy(5, user.password_hash);
    insert.bind(6, join_roles(user.roles));
    insert.bind(7, user.enabled ? 1 : 0);
    insert.exec();
    User created = load_user(*this, organization_id, db().getLastInsertRowid());
    transaction.commit();
    return created;
  });
}

User SqliteStorage::update_user(Id organization_id, const User& user) {
  return translate_sqlite_errors("could not save the user", [&] {
    WriteTransaction transaction(*this);
    const User current = load_user(*this, organization_id, user.id);
    // version 0 means "not known": the last write wins (operators' tools).
    if (user.version != 0 && user.version != current.version) {
      throw Conflict("the user was changed by someone else (version " + std::to_string(current.version) + ", you had " +
                     std::to_string(user.version) + ")");
    }
    const std::string fold = text::fold(user.username);
    require_free_username(*this, fold, user.id);
    // An empty password hash keeps the current one (an update of the name or roles only).
    SQLite::Statement& change = statement(
        "UPDATE users SET username = ?3, username_fold = ?4, display_name = ?5,"
        " password_hash = CASE WHEN ?6 = '' THEN password_hash ELSE ?6 END, roles = ?7, enabled = ?8,"
        " version = version + 1 WHERE organization_id = ?1 AND id = ?2");
    change.bind(1, organization_id);
    change.bind(2, user.id);
    change.bindNoCopy(3, user.username);
    change.bindNoCopy(4, fold);
    change.bindNoCopy(5, user.display_name);
    change.bindNoCopy(6, user.password_hash);
    change.bind(7, join_roles(user.roles));
    change.bind(8, user.enabled ? 1 : 0);
    change.exec();
    User updated = load_user(*this, organization_id, user.id);
    transaction.commit();
    return updated;
  });
}

std::optional<std::pair<User, Id>> SqliteStorage::find_user_for_login(const std::string& username) {
  return translate_sqlite_errors("could not read the user", [&]() -> std::optional<std::pair<User, Id>> {
    SQLite::Statement& query = statement(std::string(kUserColumns) + " WHERE username_fold = ?1");
    query.bind(1, text::fold(username));
    if (!query.executeStep()) return std::nullopt;
    std::pair<User, Id> found{read_user(query, true), query.getColumn(1).getInt64()};
    query.tryReset();
    return found;
  });
}

std::vector<User> SqliteStorage::users(Id organization_id) {
  return translate_sqlite_errors("could not list the users", [&] {
    SQLite::Statement& query = statement(std::string(kUserColumns) + " WHERE organization_id = ?1 ORDER BY id");
    query.bind(1, organization_id);
    std::vector<User> out;
    while (query.executeStep()) out.push_back(read_user(query, false));
    return out;
  });
}

}  // namespace pawnotes::sqlite_detail
