// SCAFFOLD: replace every body. Must not land as is.
#include "sqlite/sqlite_storage.hpp"
#include <stdexcept>
namespace pawnotes::sqlite_detail {
nlohmann::json SqliteStorage::create(const Scope&, Entity, const nlohmann::json&, const WriteOptions&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
std::vector<nlohmann::json> SqliteStorage::create_many(const Scope&, Entity, const std::vector<nlohmann::json>&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
nlohmann::json SqliteStorage::get(const Scope&, Entity, Id) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
nlohmann::json SqliteStorage::update(const Scope&, Entity, Id, const nlohmann::json&, std::optional<std::int64_t>) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
void SqliteStorage::remove(const Scope&, Entity, Id, std::optional<std::int64_t>, bool) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
Page<nlohmann::json> SqliteStorage::list(const Scope&, Entity, const ListRequest&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
Page<ChangeRecord> SqliteStorage::history(const Scope&, const HistoryRequest&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
std::vector<ChangeRecord> SqliteStorage::changes_since(const Scope&, std::int64_t, int) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
std::vector<NoteRevision> SqliteStorage::note_revisions(const Scope&, Id) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
}  // namespace pawnotes::sqlite_detail
