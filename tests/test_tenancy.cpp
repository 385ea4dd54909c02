// Tenancy: an id of another organization behaves exactly as a missing one, for every id-taking call.
#include <catch2/catch.hpp>
#include <map>
#include <string>

#include "support/test_support.hpp"

using namespace pawnotes;
using namespace pawnotes::testing;
using nlohmann::json;

namespace {

Id id_of(const json& record) { return record.at("id").get<Id>(); }

// One record of every entity in the other organization.
std::map<Entity, Id> seed_other(TestDb& t) {
  std::map<Entity, Id> ids;
  const Scope& s = t.other_admin;
  ids[Entity::Owner] = id_of(t.db.create(s, Entity::Owner, owner_input("Olga", "Other")));
  ids[Entity::PetType] = id_of(t.db.create(s, Entity::PetType, named_input("Cat")));
  ids[Entity::Specialty] = id_of(t.db.create(s, Entity::Specialty, named_input("Dentistry")));
  json trainer = trainer_input("Otto", "Other");
  trainer["specialtyIds"] = {ids[Entity::Specialty]};
  ids[Entity::Trainer] = id_of(t.db.create(s, Entity::Trainer, trainer));
  ids[Entity::Dog] = id_of(t.db.create(s, Entity::Dog, dog_input(ids[Entity::Owner], "Odin")));
  json visit = visit_input(ids[Entity::Dog]);
  visit["trainerId"] = ids[Entity::Trainer];
  ids[Entity::Visit] = id_of(t.db.create(s, Entity::Visit, visit));
  ids[Entity::Note] = id_of(t.db.create(s, Entity::Note, note_input(ids[Entity::Dog], "Other org's secret")));
  ids[Entity::CareFlag] = id_of(t.db.create(s, Entity::CareFlag, care_flag_input(ids[Entity::Dog])));
  ids[Entity::Vaccination] = id_of(t.db.create(s, Entity::Vaccination, vaccination_input(ids[Entity::Dog])));
  ids[Entity::Skill] = id_of(t.db.create(s, Entity::Skill, skill_input()));
  ids[Entity::Goal] = id_of(t.db.create(s, Entity::Goal, goal_input(ids[Entity::Dog], ids[Entity::Skill])));
  ids[Entity::TrainingSession] = id_of(
      t.db.create(s, Entity::TrainingSession,
                  session_input(ids[Entity::Dog], ids[Entity::Trainer], "2026-11-20",
                                json::array({{{"goalId", ids[Entity::Goal]}, {"attempts", 5}, {"successes", 4}}}))));
  ids[Entity::Homework] = id_of(t.db.create(s, Entity::Homework, homework_input(ids[Entity::Goal])));
  return ids;
}

json valid_input(Entity entity, Id owner, Id dog) {
  switch (entity) {
    case Entity::Owner: return owner_input("Nina", "Mine");
    case Entity::PetType: return named_input("Rabbit");
    case Entity::Specialty: return named_input("Nutrition");
    case Entity::Trainer: return trainer_input("Mia", "Mine");
    case Entity::Dog: return dog_input(owner, "Mine");
    case Entity::Visit: return visit_input(dog);
    case Entity::Note: return note_input(dog);
    case Entity::CareFlag: return care_flag_input(dog);
    case Entity::Vaccination: return vaccination_input(dog);
    case Entity::Skill: return skill_input("Sit");
    case Entity::Goal: return goal_input(dog, 1);
    case Entity::TrainingSession: return session_input(dog, 1);
    case Entity::Homework: return homework_input(1);
    default: return json::object();
  }
}

}  // namespace

TEST_CASE("another organization's records are NotFound for get, update and remove", "[storage][tenancy]") {
  TestDb t(GENERATE(Where::InMemory, Where::OnFile));
  const auto other = seed_other(t);
  const Id my_owner = id_of(t.db.create(t.admin, Entity::Owner, owner_input()));
  const Id my_dog = id_of(t.db.create(t.admin, Entity::Dog, dog_input(my_owner)));
  for (const auto& [entity, id] : other) {
    INFO(entity_name(entity));
    CHECK_THROWS_AS(t.db.get(t.admin, entity, id), NotFound);
    CHECK_THROWS_AS(t.db.update(t.admin, entity, id, valid_input(entity, my_owner, my_dog), std::nullopt), NotFound);
    CHECK_THROWS_AS(t.db.update(t.admin, entity, id, json{{"version", 1}}, std::nullopt, ValidationMode::Patch),
                    NotFound);
    CHECK_THROWS_AS(t.db.remove(t.admin, entity, id), NotFound);
    CHECK_THROWS_AS(t.db.remove(t.admin, entity, id, std::nullopt, true), NotFound);
    // Still there for its own organization, unchanged.
    CHECK(t.db.get(t.other_admin, entity, id).at("version") == 1);
  }
  CHECK_THROWS_AS(t.db.note_revisions(t.admin, other.at(Entity::Note)), NotFound);
}

TEST_CASE("references into another organization are not_found field errors", "[storage][tenancy]") {
  TestDb t(GENERATE(Where::InMemory, Where::OnFile));
  const auto other = seed_other(t);
  const Id my_owner = id_of(t.db.create(t.admin, Entity::Owner, owner_input()));
  const Id my_dog = id_of(t.db.create(t.admin, Entity::Dog, dog_input(my_owner)));

  const auto expect_not_found = [&](Entity entity, json input, const std::string& field) {
    INFO(entity_name(entity) << " " << field);
    const auto errors = field_errors([&] { t.db.create(t.admin, entity, input); });
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].field == field);
    CHECK(errors[0].code == "not_found");
  };
  expect_not_found(Entity::Dog, dog_input(other.at(Entity::Owner), "Stray"), "ownerId");
  json typed = dog_input(my_owner, "Typed");
  typed["typeId"] = other.at(Entity::PetType);
  expect_not_found(Entity::Dog, typed, "typeId");
  expect_not_found(Entity::Visit, visit_input(other.at(Entity::Dog)), "dogId");
  json visit = visit_input(my_dog);
  visit["trainerId"] = other.at(Entity::Trainer);
  expect_not_found(Entity::Visit, visit, "trainerId");
  expect_not_found(Entity::Note, note_input(other.at(Entity::Dog)), "dogId");
  expect_not_found(Entity::CareFlag, care_flag_input(other.at(Entity::Dog)), "dogId");
  expect_not_found(Entity::Vaccination, vaccination_input(other.at(Entity::Dog)), "dogId");
  // Training plans: their skill, their dog, their trainer, their goal.
  const Id my_skill = id_of(t.db.create(t.admin, Entity::Skill, skill_input()));
  expect_not_found(Entity::Goal, goal_input(my_dog, other.at(Entity::Skill)), "skillId");
  expect_not_found(Entity::Goal, goal_input(other.at(Entity::Dog), my_skill), "dogId");
  const Id my_trainer = id_of(t.db.create(t.admin, Entity::Trainer, trainer_input("Mia", "Mine")));
  expect_not_found(Entity::TrainingSession, session_input(my_dog, other.at(Entity::Trainer)), "trainerId");
  expect_not_found(
      Entity::TrainingSession,
      session_input(my_dog, my_trainer, "2026-11-20",
                    json::array({{{"goalId", other.at(Entity::Goal)}, {"attempts", 3}, {"successes", 1}}})),
      "trials[0].goalId");
  expect_not_found(Entity::Homework, homework_input(other.at(Entity::Goal)), "goalId");
  CHECK_THROWS_AS(t.db.progress(t.admin, {other.at(Entity::Dog)}), NotFound);
  json trainer = trainer_input();
  trainer["specialtyIds"] = {other.at(Entity::Specialty)};
  expect_not_found(Entity::Trainer, trainer, "specialtyIds[0]");

  // The same on update: moving my note to their dog.
  const Id note = id_of(t.db.create(t.admin, Entity::Note, note_input(my_dog)));
  const auto errors =
      field_errors([&] { t.db.update(t.admin, Entity::Note, note, note_input(other.at(Entity::Dog)), std::nullopt); });
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].field == "dogId");
  CHECK(errors[0].code == "not_found");
}

TEST_CASE("listings, stats and the change log never show other organizations", "[storage][tenancy]") {
  TestDb t(GENERATE(Where::InMemory, Where::OnFile));
  const auto other = seed_other(t);
  const Id my_owner = id_of(t.db.create(t.admin, Entity::Owner, owner_input()));
  t.db.create(t.admin, Entity::Dog, dog_input(my_owner));
  for (Entity entity : kAllEntities) {
    if (entity == Entity::Organization || entity == Entity::User) continue;
    INFO(entity_name(entity));
    const auto mine = t.db.list(t.admin, entity);
    for (const json& item : mine.items) {
      CHECK(other.at(entity) != id_of(item));  // ids are global, so theirs would show up as theirs
    }
    CHECK(t.db.list(t.other_admin, entity).total == (entity == Entity::PetType ? 2 : 1));  // Cat + default Dog
  }
  CHECK(t.db.list(t.admin, Entity::Owner).total == 1);
  CHECK(t.db.list(t.admin, Entity::Dog).total == 1);
  CHECK(t.db.list(t.admin, Entity::PetType).total == 1);  // the default "Dog" type, created for my dog
  CHECK(t.db.list(t.admin, Entity::Note).total == 0);

  const Stats mine = t.db.stats(t.viewer);
  CHECK(mine.owners == 1);
  CHECK(mine.dogs == 1);
  CHECK(mine.notes == 0);
  CHECK(mine.visits == 0);
  CHECK(mine.trainers == 0);
  CHECK(mine.care_flags == 0);
  CHECK(mine.vaccinations == 0);
  CHECK(mine.changes == 3);  // owner, default pet type, dog

  for (const ChangeRecord& change : t.db.changes_since(t.admin, 0, 1000)) {
    CHECK(change.data.dump().find("Other") == std::string::npos);
  }
  CHECK(t.db.changes_since(t.admin, 0, 1000).size() == 3);
  CHECK(t.db.history(t.admin, {Entity::Note, other.at(Entity::Note), {}}).total == 0);
  CHECK(t.db.history(t.other_admin, {Entity::Note, other.at(Entity::Note), {}}).total == 1);
}
