// SCAFFOLD: replace every body. Must not land as is.
#include "pawnotes/database.hpp"
#include <stdexcept>
namespace pawnotes {
Database::Database(std::unique_ptr<Storage> storage, std::shared_ptr<const Clock> clock) : storage_(std::move(storage)), clock_(std::move(clock)) {}
Database Database::open(const std::string&, std::shared_ptr<const Clock>, const SqliteOptions&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
nlohmann::json Database::create(const Scope&, Entity, const nlohmann::json&, const WriteOptions&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
nlohmann::json Database::get(const Scope&, Entity, Id) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
nlohmann::json Database::update(const Scope&, Entity, Id, const nlohmann::json&, std::optional<std::int64_t>, ValidationMode) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
void Database::remove(const Scope&, Entity, Id, std::optional<std::int64_t>, bool) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
Page<nlohmann::json> Database::list(const Scope&, Entity, const ListRequest&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
std::vector<nlohmann::json> Database::create_many(const Scope&, Entity, const std::vector<nlohmann::json>&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
Page<Owner> Database::search_owners(const Scope&, const OwnerSearch&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
Page<Dog> Database::list_dogs(const Scope&, const DogFilter&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
CursorPage<TimelineEntry> Database::timeline(const Scope&, const TimelineRequest&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
Page<NoteHit> Database::search_notes(const Scope&, const NoteSearch&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
Page<VaccinationDue> Database::vaccinations_due(const Scope&, const VaccinationDueRequest&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
Page<Visit> Database::trainer_visits(const Scope&, const TrainerVisitsRequest&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
std::vector<NoteRevision> Database::note_revisions(const Scope&, Id) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
std::vector<CareFlag> Database::care_flags(const Scope&, Id, bool) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
std::vector<Vaccination> Database::vaccinations(const Scope&, Id) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
Page<ChangeRecord> Database::history(const Scope&, const HistoryRequest&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
std::vector<ChangeRecord> Database::changes_since(const Scope&, std::int64_t, int) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
Organization Database::create_organization(const std::string&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
std::vector<Organization> Database::organizations() { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
User Database::create_user(Id, const User&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
User Database::update_user(Id, const User&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
std::optional<std::pair<User, Id>> Database::find_user_for_login(const std::string&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
std::vector<User> Database::users(Id) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
int Database::schema_version() { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
Stats Database::stats(const Scope&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
void Database::backup(const std::string&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
}  // namespace pawnotes
