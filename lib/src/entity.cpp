#include "pawnotes/entity.hpp"

namespace pawnotes {

std::string_view entity_name(Entity entity) noexcept {
  switch (entity) {
    case Entity::Organization: return "organization";
    case Entity::User: return "user";
    case Entity::Owner: return "owner";
    case Entity::PetType: return "petType";
    case Entity::Dog: return "dog";
    case Entity::Trainer: return "trainer";
    case Entity::Specialty: return "specialty";
    case Entity::Visit: return "visit";
    case Entity::Note: return "note";
    case Entity::CareFlag: return "careFlag";
    case Entity::Vaccination: return "vaccination";
    case Entity::Skill: return "skill";
    case Entity::Goal: return "goal";
    case Entity::TrainingSession: return "trainingSession";
    case Entity::Homework: return "homework";
  }
  return "owner";
}

std::optional<Entity> entity_from_name(std::string_view name) noexcept {
  for (Entity entity : kAllEntities) {
    if (entity_name(entity) == name) return entity;
  }
  return std::nullopt;
}

}  // namespace pawnotes
