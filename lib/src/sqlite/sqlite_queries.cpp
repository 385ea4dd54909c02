// SCAFFOLD: replace every body. Must not land as is.
#include "sqlite/sqlite_storage.hpp"
#include <stdexcept>
namespace pawnotes::sqlite_detail {
Page<Owner> SqliteStorage::search_owners(const Scope&, const OwnerSearch&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
Page<Dog> SqliteStorage::list_dogs(const Scope&, const DogFilter&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
CursorPage<TimelineEntry> SqliteStorage::timeline(const Scope&, const TimelineRequest&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
Page<NoteHit> SqliteStorage::search_notes(const Scope&, const NoteSearch&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
Page<VaccinationDue> SqliteStorage::vaccinations_due(const Scope&, const VaccinationDueRequest&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
Page<Visit> SqliteStorage::trainer_visits(const Scope&, const TrainerVisitsRequest&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
std::vector<CareFlag> SqliteStorage::care_flags(const Scope&, Id, bool) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
std::vector<Vaccination> SqliteStorage::vaccinations(const Scope&, Id) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
}  // namespace pawnotes::sqlite_detail
