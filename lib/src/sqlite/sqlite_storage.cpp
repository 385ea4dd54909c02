// SCAFFOLD: replace every body. Must not land as is.
#include "sqlite/sqlite_storage.hpp"
#include <stdexcept>
namespace pawnotes::sqlite_detail {
SqliteStorage::SqliteStorage(const std::string& path, std::shared_ptr<const Clock> clock, const SqliteOptions& options) : db_(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE), clock_(std::move(clock)), options_(options) {}
SqliteStorage::~SqliteStorage() = default;
SQLite::Statement& SqliteStorage::statement(const std::string&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
int SqliteStorage::schema_version() { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
Stats SqliteStorage::stats(const Scope&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
void SqliteStorage::backup(const std::string&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
}  // namespace pawnotes::sqlite_detail
namespace pawnotes {
std::unique_ptr<Storage> open_sqlite(const std::string&, std::shared_ptr<const Clock>, const SqliteOptions&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
int sqlite_schema_version() noexcept { return 1; }
}  // namespace pawnotes
