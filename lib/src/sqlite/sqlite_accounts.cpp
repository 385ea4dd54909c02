// SCAFFOLD: replace every body. Must not land as is.
#include "sqlite/sqlite_storage.hpp"
#include <stdexcept>
namespace pawnotes::sqlite_detail {
Organization SqliteStorage::create_organization(const std::string&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
std::vector<Organization> SqliteStorage::organizations() { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
User SqliteStorage::create_user(Id, const User&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
User SqliteStorage::update_user(Id, const User&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
std::optional<std::pair<User, Id>> SqliteStorage::find_user_for_login(const std::string&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
std::vector<User> SqliteStorage::users(Id) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
}  // namespace pawnotes::sqlite_detail
