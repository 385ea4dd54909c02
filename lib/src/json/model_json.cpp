// SCAFFOLD: replace every body. Must not land as is.
#include "pawnotes/model.hpp"
#include "pawnotes/query.hpp"
#include <stdexcept>
namespace pawnotes {
void to_json(nlohmann::json&, const Organization&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
void from_json(const nlohmann::json&, Organization&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
void to_json(nlohmann::json&, const User&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
void from_json(const nlohmann::json&, User&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
void to_json(nlohmann::json&, const PetType&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
void from_json(const nlohmann::json&, PetType&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
void to_json(nlohmann::json&, const Specialty&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
void from_json(const nlohmann::json&, Specialty&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
void to_json(nlohmann::json&, const Visit&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
void from_json(const nlohmann::json&, Visit&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
void to_json(nlohmann::json&, const Dog&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
void from_json(const nlohmann::json&, Dog&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
void to_json(nlohmann::json&, const Owner&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
void from_json(const nlohmann::json&, Owner&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
void to_json(nlohmann::json&, const Trainer&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
void from_json(const nlohmann::json&, Trainer&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
void to_json(nlohmann::json&, const Note&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
void from_json(const nlohmann::json&, Note&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
void to_json(nlohmann::json&, const CareFlag&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
void from_json(const nlohmann::json&, CareFlag&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
void to_json(nlohmann::json&, const Vaccination&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
void from_json(const nlohmann::json&, Vaccination&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
void to_json(nlohmann::json&, const NoteRevision&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
void to_json(nlohmann::json&, const ChangeRecord&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
void to_json(nlohmann::json&, const TimelineEntry&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
void to_json(nlohmann::json&, const NoteHit&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
void to_json(nlohmann::json&, const VaccinationDue&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
void to_json(nlohmann::json&, const Stats&) { throw std::logic_error(std::string("scaffold, not yet implemented: ") + __func__); }
}  // namespace pawnotes
