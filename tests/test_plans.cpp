// Training plans through Database on every engine: skills (the organization's catalogue), goals, training
// sessions with per-goal trials, homework. CRUD, canonical JSON, references, delete rules and cascades,
// versions, the change log and roles.

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "support/test_support.hpp"

using namespace pawnotes;
using namespace pawnotes::testing;
using nlohmann::json;

namespace {

Id id_of(const json& record) { return record.at("id").get<Id>(); }

std::string conflict_message(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const Conflict& error) {
    return error.what();
  }
  FAIL("expected a Conflict");
  return "";
}

json trial(Id goal, int attempts, int successes) {
  return {{"goalId", goal}, {"attempts", attempts}, {"successes", successes}};
}

/// A dog with a trainer, a skill and a goal, ready for sessions.
struct Plan {
  Id owner = 0, dog = 0, trainer = 0, skill = 0, goal = 0;
};

Plan make_plan(TestDb& t, const std::string& dog_name = "Rex") {
  Plan p;
  p.owner = id_of(t.db.create(t.admin, Entity::Owner, owner_input()));
  p.dog = id_of(t.db.create(t.admin, Entity::Dog, dog_input(p.owner, dog_name)));
  p.trainer = id_of(t.db.create(t.admin, Entity::Trainer, trainer_input()));
  p.skill = id_of(t.db.create(t.admin, Entity::Skill, skill_input("Recall " + dog_name)));
  p.goal = id_of(t.db.create(t.trainer, Entity::Goal, goal_input(p.dog, p.skill)));
  return p;
}

}  // namespace

TEST_CASE("skills: the organization's catalogue, names unique ignoring case, admin-managed", "[storage][plans]") {
  TestDb t(GENERATE(Where::InMemory, Where::OnFile));
  const json recall = t.db.create(t.admin, Entity::Skill, skill_input("Recall"));
  CHECK(recall ==
        json{{"id", recall.at("id")}, {"name", "Recall"}, {"description", "Comes when called"}, {"version", 1}});
  CHECK(t.db.get<Skill>(t.viewer, id_of(recall)).name == "Recall");

  const auto errors = field_errors([&] { t.db.create(t.admin, Entity::Skill, skill_input("  rECALL ")); });
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].field == "name");
  CHECK(errors[0].code == "unique");
  CHECK(errors[0].message == "is already used by another skill");
  CHECK_NOTHROW(t.db.create(t.other_admin, Entity::Skill, skill_input("Recall")));  // per organization

  CHECK_THROWS_AS(t.db.create(t.trainer, Entity::Skill, skill_input("Sit")), Forbidden);
  const json renamed =
      t.db.update(t.admin, Entity::Skill, id_of(recall), {{"name", "Emergency recall"}}, 1, ValidationMode::Patch);
  CHECK(renamed.at("name") == "Emergency recall");
  CHECK(renamed.at("description") == "Comes when called");
  CHECK(renamed.at("version") == 2);

  const auto page = t.db.list(t.admin, Entity::Skill, {{0, 20, "-name"}});
  REQUIRE(page.total == 1);

  // In use by a goal: cannot go.
  const Id owner = id_of(t.db.create(t.admin, Entity::Owner, owner_input()));
  const Id dog = id_of(t.db.create(t.admin, Entity::Dog, dog_input(owner)));
  const Id goal = id_of(t.db.create(t.trainer, Entity::Goal, goal_input(dog, id_of(recall))));
  CHECK(conflict_message([&] { t.db.remove(t.admin, Entity::Skill, id_of(recall)); }) ==
        "the skill is used by 1 goals; it cannot be deleted");
  t.db.remove(t.trainer, Entity::Goal, goal);
  t.db.remove(t.admin, Entity::Skill, id_of(recall));
  CHECK_THROWS_AS(t.db.get(t.admin, Entity::Skill, id_of(recall)), NotFound);
}

TEST_CASE("goals: canonical JSON, defaults, the three Ds, dates in order", "[storage][plans]") {
  TestDb t(GENERATE(Where::InMemory, Where::OnFile));
  const Plan p = make_plan(t);
  const json goal = t.db.get(t.viewer, Entity::Goal, p.goal);
  CHECK(goal == json{{"id", p.goal},
                     {"dogId", p.dog},
                     {"skillId", p.skill},
                     {"baseline", {{"distanceMetres", 2}, {"durationSeconds", 5}, {"distractionLevel", 0}}},
                     {"target", {{"distanceMetres", 10}, {"durationSeconds", 30}, {"distractionLevel", 2}}},
                     {"status", "active"},
                     {"startDate", "2026-11-01"},
                     {"targetDate", "2027-01-31"},
                     {"version", 1}});
  const Goal typed = t.db.get<Goal>(t.viewer, p.goal);
  REQUIRE(typed.baseline);
  CHECK(typed.baseline->distance_metres == 2.0);
  CHECK(typed.target.distraction_level == 2);

  // Only a target: no baseline (null), status active, start today; a fractional distance survives.
  const json minimal = t.db.create(t.trainer, Entity::Goal,
                                   {{"dogId", p.dog}, {"skillId", p.skill}, {"target", {{"distanceMetres", 2.5}}}});
  CHECK(minimal.at("baseline").is_null());
  CHECK(minimal.at("target") ==
        json{{"distanceMetres", 2.5}, {"durationSeconds", nullptr}, {"distractionLevel", nullptr}});
  CHECK(minimal.at("startDate") == "2026-11-24");
  CHECK(minimal.at("targetDate").is_null());
  CHECK(minimal.at("status") == "active");

  // Rules: target required, distraction 0-5, target date not before the start.
  json bad = goal_input(p.dog, p.skill);
  bad.erase("target");
  bad["baseline"]["distractionLevel"] = 6;
  bad["targetDate"] = "2026-10-31";
  const auto errors = field_errors([&] { t.db.create(t.trainer, Entity::Goal, bad); });
  REQUIRE(errors.size() == 3);
  CHECK(errors[0].field == "baseline.distractionLevel");
  CHECK(errors[0].code == "too_large");
  CHECK(errors[1].field == "target");
  CHECK(errors[1].code == "required");
  CHECK(errors[2].field == "targetDate");
  CHECK(errors[2].message == "must not be before startDate");
  json same_day = goal_input(p.dog, p.skill);
  same_day["targetDate"] = "2026-11-01";
  CHECK_NOTHROW(t.db.create(t.trainer, Entity::Goal, same_day));

  // Status changes by patch, with versions.
  const json paused = t.db.update(t.trainer, Entity::Goal, p.goal, {{"status", "paused"}}, 1, ValidationMode::Patch);
  CHECK(paused.at("status") == "paused");
  CHECK(paused.at("target") == goal.at("target"));
  CHECK_THROWS_AS(t.db.update(t.trainer, Entity::Goal, p.goal, {{"status", "met"}}, 1, ValidationMode::Patch),
                  Conflict);
  CHECK_THROWS_AS(t.db.create(t.viewer, Entity::Goal, goal_input(p.dog, p.skill)), Forbidden);
  const auto by_date = t.db.list(t.viewer, Entity::Goal, {{0, 20, "-startDate"}});
  REQUIRE(by_date.total == 3);
  CHECK(by_date.items[0].at("startDate") == "2026-11-24");
}

TEST_CASE("training sessions: per-goal trials at the criteria of the day", "[storage][plans]") {
  TestDb t(GENERATE(Where::InMemory, Where::OnFile));
  const Plan p = make_plan(t);
  const Id down = id_of(t.db.create(t.admin, Entity::Skill, skill_input("Down-stay")));
  const Id second = id_of(t.db.create(t.trainer, Entity::Goal, goal_input(p.dog, down)));
  json first = trial(p.goal, 10, 7);
  first["distanceMetres"] = 5;
  first["distractionLevel"] = 1;
  const json created = t.db.create(t.trainer, Entity::TrainingSession,
                                   session_input(p.dog, p.trainer, "2026-11-20", {trial(second, 4, 4), first}));
  CHECK(created.at("date") == "2026-11-20");
  CHECK(created.at("note").is_null());
  CHECK(created.at("version") == 1);
  // In the order given, each with all three Ds (null when not used).
  CHECK(created.at("trials") == json::array({{{"goalId", second},
                                              {"attempts", 4},
                                              {"successes", 4},
                                              {"distanceMetres", nullptr},
                                              {"durationSeconds", nullptr},
                                              {"distractionLevel", nullptr}},
                                             {{"goalId", p.goal},
                                              {"attempts", 10},
                                              {"successes", 7},
                                              {"distanceMetres", 5},
                                              {"durationSeconds", nullptr},
                                              {"distractionLevel", 1}}}));
  const TrainingSession typed = t.db.get<TrainingSession>(t.viewer, id_of(created));
  REQUIRE(typed.trials.size() == 2);
  CHECK(typed.trials[1].criteria.distance_metres == 5.0);

  // A session without a date is today's; with a note, without trials.
  const json today =
      t.db.create(t.trainer, Entity::TrainingSession, {{"dogId", p.dog}, {"trainerId", p.trainer}, {"note", " Calm "}});
  CHECK(today.at("date") == "2026-11-24");
  CHECK(today.at("note") == "Calm");
  CHECK(today.at("trials") == json::array());

  // Rules in the core: successes <= attempts, one trial per goal, not in the future.
  auto errors = field_errors([&] {
    t.db.create(
        t.trainer, Entity::TrainingSession,
        session_input(p.dog, p.trainer, "2026-11-25", {trial(p.goal, 3, 4), trial(second, 1, 0), trial(second, 2, 1)}));
  });
  REQUIRE(errors.size() == 3);
  CHECK(errors[0].field == "date");
  CHECK(errors[0].code == "future_date");
  CHECK(errors[1].field == "trials[0].successes");
  CHECK(errors[1].message == "must be at most attempts");
  CHECK(errors[2].field == "trials[2].goalId");
  CHECK(errors[2].code == "duplicate");

  // The goal must be one of the session's dog: another dog's goal, or none.
  const Id rival = id_of(t.db.create(t.admin, Entity::Dog, dog_input(p.owner, "Bella")));
  const Id rival_goal = id_of(t.db.create(t.trainer, Entity::Goal, goal_input(rival, p.skill)));
  errors = field_errors([&] {
    t.db.create(t.trainer, Entity::TrainingSession,
                session_input(p.dog, p.trainer, "2026-11-20", {trial(rival_goal, 1, 1), trial(999999, 1, 1)}));
  });
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].field == "trials[0].goalId");
  CHECK(errors[0].code == "other_dog");
  CHECK(errors[0].message == "refers to a goal of another dog");
  CHECK(errors[1].field == "trials[1].goalId");
  CHECK(errors[1].code == "not_found");

  // An update replaces the trials; the change log has every state.
  const json updated = t.db.update(t.trainer, Entity::TrainingSession, id_of(created),
                                   session_input(p.dog, p.trainer, "2026-11-21", {trial(p.goal, 6, 6)}), 1);
  CHECK(updated.at("version") == 2);
  CHECK(updated.at("date") == "2026-11-21");
  REQUIRE(updated.at("trials").size() == 1);
  CHECK(updated.at("trials")[0].at("successes") == 6);
  const auto history = t.db.history(t.viewer, {Entity::TrainingSession, id_of(created), {}});
  REQUIRE(history.total == 2);
  CHECK(history.items[0].operation == "update");
  CHECK(history.items[1].data.at("trials").size() == 2);

  // Listing attaches the trials of every session on the page.
  const auto page = t.db.list(t.viewer, Entity::TrainingSession, {{0, 20, "date"}});
  REQUIRE(page.total == 2);
  CHECK(page.items[0].at("trials").size() == 1);
  CHECK(page.items[1].at("trials").empty());

  t.db.remove(t.trainer, Entity::TrainingSession, id_of(created), 2);
  CHECK_THROWS_AS(t.db.get(t.viewer, Entity::TrainingSession, id_of(created)), NotFound);
  CHECK(t.db.history(t.viewer, {Entity::TrainingSession, id_of(created), {}}).items[0].operation == "delete");
}

TEST_CASE("homework: tied to a goal, marked done with a comment at the clock's time", "[storage][plans]") {
  TestDb t(GENERATE(Where::InMemory, Where::OnFile));
  const Plan p = make_plan(t);
  const json created = t.db.create(t.trainer, Entity::Homework, homework_input(p.goal));
  CHECK(created == json{{"id", created.at("id")},
                        {"goalId", p.goal},
                        {"dogId", p.dog},
                        {"exercise", "Five recalls in the garden a day"},
                        {"assignedOn", "2026-11-20"},
                        {"dueDate", "2026-11-27"},
                        {"done", false},
                        {"ownerComment", nullptr},
                        {"doneAt", nullptr},
                        {"version", 1}});
  const Id id = id_of(created);
  const json done = t.db.update(t.trainer, Entity::Homework, id,
                                {{"done", true}, {"ownerComment", "Did it every morning"}}, 1, ValidationMode::Patch);
  CHECK(done.at("done") == true);
  CHECK(done.at("doneAt") == "2026-11-24T12:00:00.000Z");
  // Edited again later while done: doneAt stays; undone: cleared.
  t.clock->advance_millis(3600 * 1000);
  const json edited =
      t.db.update(t.trainer, Entity::Homework, id, {{"ownerComment", "Every morning"}}, 2, ValidationMode::Patch);
  CHECK(edited.at("doneAt") == "2026-11-24T12:00:00.000Z");
  const json undone = t.db.update(t.trainer, Entity::Homework, id, {{"done", false}}, 3, ValidationMode::Patch);
  CHECK(undone.at("doneAt").is_null());
  CHECK(undone.at("ownerComment") == "Every morning");

  // Due date not before the day it was assigned; doneAt cannot be written.
  json bad = homework_input(p.goal);
  bad["dueDate"] = "2026-11-19";
  bad["doneAt"] = "2020-01-01T00:00:00.000Z";
  const auto errors = field_errors([&] { t.db.create(t.trainer, Entity::Homework, bad); });
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].field == "dueDate");
  CHECK(errors[0].code == "before_field");
  json created_done = homework_input(p.goal);
  created_done["done"] = true;
  CHECK(t.db.create(t.trainer, Entity::Homework, created_done).at("doneAt") == "2026-11-24T13:00:00.000Z");
}

TEST_CASE("plans: delete rules and cascades keep the change log whole", "[storage][plans]") {
  TestDb t(GENERATE(Where::InMemory, Where::OnFile));
  const Plan p = make_plan(t);
  const Id other_goal = id_of(t.db.create(t.trainer, Entity::Goal, goal_input(p.dog, p.skill)));
  const Id session =
      id_of(t.db.create(t.trainer, Entity::TrainingSession,
                        session_input(p.dog, p.trainer, "2026-11-20", {trial(p.goal, 5, 4), trial(other_goal, 2, 1)})));
  const Id homework = id_of(t.db.create(t.trainer, Entity::Homework, homework_input(p.goal)));

  CHECK(conflict_message([&] { t.db.remove(t.trainer, Entity::Goal, p.goal); }) ==
        "the goal has trials in 1 training sessions and 1 homework; set its status to dropped, or delete with cascade "
        "(removes its trials and homework)");
  // A goal with logged work keeps its dog.
  const Id rival = id_of(t.db.create(t.admin, Entity::Dog, dog_input(p.owner, "Bella")));
  const auto moved = field_errors([&] {
    t.db.update(t.trainer, Entity::Goal, p.goal, {{"dogId", rival}}, std::nullopt, ValidationMode::Patch);
  });
  REQUIRE(moved.size() == 1);
  CHECK(moved[0].code == "immutable");
  // A trainer with sessions stays.
  CHECK(conflict_message([&] { t.db.remove(t.admin, Entity::Trainer, p.trainer, std::nullopt, true); }) ==
        "the trainer logged 1 training sessions, which keep their trainer; it cannot be deleted");

  // Cascade: the homework goes, the session loses the goal's trial and says so in its version.
  t.db.remove(t.trainer, Entity::Goal, p.goal, 1, true);
  CHECK_THROWS_AS(t.db.get(t.viewer, Entity::Homework, homework), NotFound);
  const json after = t.db.get(t.viewer, Entity::TrainingSession, session);
  CHECK(after.at("version") == 2);
  REQUIRE(after.at("trials").size() == 1);
  CHECK(after.at("trials")[0].at("goalId") == other_goal);
  CHECK(t.db.history(t.viewer, {Entity::Homework, homework, {}}).items[0].operation == "delete");

  // The dog: its plans count as dependants, and go with it on cascade.
  CHECK(conflict_message([&] { t.db.remove(t.admin, Entity::Dog, p.dog); }) ==
        "the dog still has 0 visits, 0 notes, 0 care flags, 0 vaccinations, 1 goals and 1 training sessions; delete "
        "them first or delete with cascade");
  t.db.remove(t.admin, Entity::Dog, p.dog, std::nullopt, true);
  CHECK_THROWS_AS(t.db.get(t.viewer, Entity::TrainingSession, session), NotFound);
  CHECK_THROWS_AS(t.db.get(t.viewer, Entity::Goal, other_goal), NotFound);
  CHECK(t.db.history(t.viewer, {Entity::Goal, other_goal, {}}).items[0].operation == "delete");
  t.db.remove(t.admin, Entity::Trainer, p.trainer);  // no sessions left
  t.db.remove(t.admin, Entity::Skill, p.skill);      // no goals left
}

TEST_CASE("plans: idempotent creates and create_many", "[storage][plans]") {
  TestDb t(GENERATE(Where::InMemory, Where::OnFile));
  const Plan p = make_plan(t);
  WriteOptions keyed;
  keyed.client_key = "7d4e0a52-6c1b-4bb8-9a57-1f3c2b9d8e01";
  const json input = session_input(p.dog, p.trainer, "2026-11-22", {trial(p.goal, 3, 3)});
  const json first = t.db.create(t.trainer, Entity::TrainingSession, input, keyed);
  const json replay = t.db.create(t.trainer, Entity::TrainingSession, input, keyed);
  CHECK(replay == first);
  CHECK(t.db.list(t.viewer, Entity::TrainingSession).total == 1);

  const auto errors = field_errors([&] {
    t.db.create_many(t.trainer, Entity::Homework, {homework_input(p.goal), homework_input(p.goal, "  ")});
  });
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].field == "[1].exercise");
  CHECK(t.db.list(t.viewer, Entity::Homework).total == 0);
  CHECK(t.db.create_many(t.trainer, Entity::Homework, {homework_input(p.goal), homework_input(p.goal, "Sit")}).size() ==
        2);
}
