// The vocabulary: the kinds of records pawnotes keeps.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace pawnotes {

enum class Entity {
  Organization,
  User,
  Owner,
  PetType,
  Dog,
  Trainer,
  Specialty,
  Visit,
  Note,
  CareFlag,
  Vaccination,
  Skill,
  Goal,
  TrainingSession,
  Homework,
};

inline constexpr std::array<Entity, 15> kAllEntities = {
    Entity::Organization, Entity::User,
    Entity::Owner,        Entity::PetType,
    Entity::Dog,          Entity::Trainer,
    Entity::Specialty,    Entity::Visit,
    Entity::Note,         Entity::CareFlag,
    Entity::Vaccination,  Entity::Skill,
    Entity::Goal,         Entity::TrainingSession,
    Entity::Homework,
};

/// camelCase singular name used in JSON, the change log and the schema ids: "owner", "petType", "careFlag",
/// "trainingSession".
[[nodiscard]] std::string_view entity_name(Entity entity) noexcept;
[[nodiscard]] std::optional<Entity> entity_from_name(std::string_view name) noexcept;

}  // namespace pawnotes
