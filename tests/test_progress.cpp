// A dog's training progress (progress.hpp): the rule with hand-computed expectations, then the same query
// through Database on every engine (rows in date order, tenancy, request checks).

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "support/test_support.hpp"

using namespace pawnotes;
using namespace pawnotes::testing;
using nlohmann::json;

namespace {

Id id_of(const json& record) { return record.at("id").get<Id>(); }

Criteria criteria(std::optional<double> distance, std::optional<int> duration, std::optional<int> distraction) {
  Criteria c;
  c.distance_metres = distance;
  c.duration_seconds = duration;
  c.distraction_level = distraction;
  return c;
}

Goal goal(Id id, const std::string& status = "active") {
  Goal g;
  g.id = id;
  g.dog_id = 1;
  g.skill_id = 1;
  g.target = criteria(10.0, std::nullopt, 2);
  g.status = status;
  g.start_date = *Date::parse("2026-11-01");
  return g;
}

ProgressRow row(Id session, const char* date, Id goal_id, int attempts, int successes, Criteria used) {
  ProgressRow r;
  r.session_id = session;
  r.date = *Date::parse(date);
  r.goal_id = goal_id;
  r.attempts = attempts;
  r.successes = successes;
  r.criteria = used;
  return r;
}

// Goal 1 (target: 10 m at distraction 2). By hand, window 3:
//   s1 11-01  5/10 at 5 m, d1   ratio 0.5   rolling 5/10  = 0.5    below target
//   s2 11-03  8/10 at 10 m, d2  ratio 0.8   rolling 13/20 = 0.65   at target
//   s3 11-05  0/0  at 10 m, d2  ratio null  rolling 0.65 (no attempts: unchanged), not counted
//   s4 11-07  4/5  at 12 m, d3  ratio 0.8   rolling (5+8+4)/(10+10+5) = 17/25 = 0.68
//   s5 11-09  9/10 at 10 m, d2  ratio 0.9   rolling (8+4+9)/(10+5+10) = 21/25 = 0.84
// The last 3 sessions at target with attempts (s5, s4, s2) are 90 %, 80 %, 80 %: ready to raise.
ProgressRows sample(int last_successes = 9, const std::string& status = "active") {
  ProgressRows rows;
  rows.goals = {goal(1, status), goal(2)};
  const Criteria at_target = criteria(10.0, std::nullopt, 2);
  rows.trials = {row(1, "2026-11-01", 1, 10, 5, criteria(5.0, std::nullopt, 1)),
                 row(2, "2026-11-03", 1, 10, 8, at_target), row(3, "2026-11-05", 1, 0, 0, at_target),
                 row(4, "2026-11-07", 1, 5, 4, criteria(12.0, 20, 3)),
                 row(5, "2026-11-09", 1, 10, last_successes, at_target)};
  return rows;
}

ProgressRequest request(int window = 3, int ready = 3) {
  ProgressRequest r;
  r.dog_id = 1;
  r.window = window;
  r.ready_sessions = ready;
  return r;
}

}  // namespace

TEST_CASE("criteria meet a target in every D the target sets", "[progress]") {
  const Criteria target = criteria(10.0, std::nullopt, 2);
  CHECK(meets_criteria(criteria(10.0, std::nullopt, 2), target));
  CHECK(meets_criteria(criteria(12.5, 60, 5), target));
  CHECK_FALSE(meets_criteria(criteria(9.5, 60, 5), target));
  CHECK_FALSE(meets_criteria(criteria(10.0, 60, 1), target));
  CHECK_FALSE(meets_criteria(criteria(std::nullopt, 60, 5), target));  // the distance was not recorded
  CHECK(meets_criteria(criteria(std::nullopt, std::nullopt, std::nullopt), Criteria{}));  // no target: any day
  CHECK_FALSE(meets_criteria(Criteria{}, criteria(std::nullopt, 30, std::nullopt)));
}

TEST_CASE("progress: ratio per session, rolling ratio, ready to raise (hand-computed)", "[progress]") {
  const DogProgress progress = compute_progress(sample(), request());
  CHECK(progress.dog_id == 1);
  CHECK(progress.window == 3);
  REQUIRE(progress.goals.size() == 2);
  const GoalProgress& g = progress.goals[0];
  CHECK(g.goal.id == 1);
  REQUIRE(g.points.size() == 5);
  const std::vector<std::optional<double>> ratios = {0.5, 0.8, std::nullopt, 0.8, 0.9};
  const std::vector<double> rolling = {0.5, 0.65, 0.65, 0.68, 0.84};
  const std::vector<bool> at_target = {false, true, true, true, true};
  for (std::size_t i = 0; i < g.points.size(); ++i) {
    INFO("session " << i + 1);
    CHECK(g.points[i].session_id == static_cast<Id>(i + 1));
    CHECK(g.points[i].ratio.has_value() == ratios[i].has_value());
    if (ratios[i]) CHECK(*g.points[i].ratio == Approx(*ratios[i]));
    REQUIRE(g.points[i].rolling_ratio);
    CHECK(*g.points[i].rolling_ratio == Approx(rolling[i]));
    CHECK(g.points[i].meets_target == at_target[i]);
  }
  CHECK(g.points[3].criteria.duration_seconds == 20);
  CHECK(g.points[3].date.to_string() == "2026-11-07");
  CHECK(g.sessions == 4);  // s3 had no attempts
  CHECK(g.attempts == 35);
  CHECK(g.successes == 26);
  CHECK(*g.latest_ratio == Approx(0.9));
  CHECK(*g.rolling_ratio == Approx(0.84));
  CHECK(g.ready_to_raise);

  // The goal without sessions: nothing to show, never ready.
  const GoalProgress& empty = progress.goals[1];
  CHECK(empty.points.empty());
  CHECK(empty.sessions == 0);
  CHECK_FALSE(empty.latest_ratio);
  CHECK_FALSE(empty.rolling_ratio);
  CHECK_FALSE(empty.ready_to_raise);

  const json j = progress;
  CHECK(j.at("readySessions") == 3);
  CHECK(j.at("goals")[0].at("readyToRaise") == true);
  CHECK(j.at("goals")[0].at("points")[2].at("ratio").is_null());
  CHECK(j.at("goals")[0].at("points")[2].at("criteria") ==
        json{{"distanceMetres", 10.0}, {"durationSeconds", nullptr}, {"distractionLevel", 2}});
  CHECK(j.at("goals")[1].at("latestRatio").is_null());
}

TEST_CASE("progress: when a goal is not ready to raise", "[progress]") {
  // The last session at target at 70 %: not all of the last 3 reach 80 %.
  CHECK_FALSE(compute_progress(sample(7), request()).goals[0].ready_to_raise);
  // 80 % exactly counts (8 of 10): integer comparison, no rounding.
  CHECK(compute_progress(sample(8), request()).goals[0].ready_to_raise);
  // Only 3 sessions at target with attempts: 4 are asked for.
  CHECK_FALSE(compute_progress(sample(), request(3, 4)).goals[0].ready_to_raise);
  // 1 asked for: the last one (90 %) is enough.
  CHECK(compute_progress(sample(), request(3, 1)).goals[0].ready_to_raise);
  // Paused, met and dropped goals are never ready, whatever their sessions; their series is still there.
  for (const char* status : {"paused", "met", "dropped"}) {
    INFO(status);
    const GoalProgress g = compute_progress(sample(9, status), request()).goals[0];
    CHECK_FALSE(g.ready_to_raise);
    CHECK(g.points.size() == 5);
  }
  // Window 1: the rolling ratio is the session's own (the zero-attempt session keeps the previous one).
  const GoalProgress one = compute_progress(sample(), request(1, 3)).goals[0];
  CHECK(*one.points[1].rolling_ratio == Approx(0.8));
  CHECK(*one.points[2].rolling_ratio == Approx(0.8));
  CHECK(*one.points[3].rolling_ratio == Approx(0.8));
  // Only zero-attempt sessions: no ratio, no rolling ratio, not ready.
  ProgressRows zero;
  zero.goals = {goal(1)};
  zero.trials = {row(1, "2026-11-01", 1, 0, 0, criteria(10.0, std::nullopt, 2))};
  const GoalProgress z = compute_progress(zero, request(3, 1)).goals[0];
  REQUIRE(z.points.size() == 1);
  CHECK_FALSE(z.points[0].ratio);
  CHECK_FALSE(z.points[0].rolling_ratio);
  CHECK_FALSE(z.ready_to_raise);
  CHECK(z.sessions == 0);
}

TEST_CASE("Database::progress reads a dog's sessions in date order on every engine", "[storage][progress]") {
  TestDb t(GENERATE(Where::InMemory, Where::OnFile));
  const Id owner = id_of(t.db.create(t.admin, Entity::Owner, owner_input()));
  const Id dog = id_of(t.db.create(t.admin, Entity::Dog, dog_input(owner)));
  const Id other_dog = id_of(t.db.create(t.admin, Entity::Dog, dog_input(owner, "Bella")));
  const Id trainer = id_of(t.db.create(t.admin, Entity::Trainer, trainer_input()));
  const Id skill = id_of(t.db.create(t.admin, Entity::Skill, skill_input()));
  json input = goal_input(dog, skill);
  input["target"] = {{"distanceMetres", 10}, {"distractionLevel", 2}};
  const Id recall = id_of(t.db.create(t.trainer, Entity::Goal, input));
  input["status"] = "paused";
  const Id paused = id_of(t.db.create(t.trainer, Entity::Goal, input));
  const Id theirs = id_of(t.db.create(t.trainer, Entity::Goal, goal_input(other_dog, skill)));

  const auto log = [&](Id for_dog, const char* date, json trials) {
    return id_of(t.db.create(t.trainer, Entity::TrainingSession, session_input(for_dog, trainer, date, trials)));
  };
  const auto at = [](Id goal_id, int attempts, int successes, double distance, int distraction) {
    return json{{"goalId", goal_id},
                {"attempts", attempts},
                {"successes", successes},
                {"distanceMetres", distance},
                {"distractionLevel", distraction}};
  };
  // Logged out of order: the query orders by date, then session id.
  const Id s5 = log(dog, "2026-11-09", {at(recall, 10, 9, 10, 2), at(paused, 10, 10, 10, 2)});
  const Id s1 = log(dog, "2026-11-01", {at(recall, 10, 5, 5, 1)});
  const Id s4 = log(dog, "2026-11-07", {at(recall, 5, 4, 12, 3), at(paused, 10, 10, 10, 2)});
  const Id s2 = log(dog, "2026-11-03", {at(recall, 10, 8, 10, 2), at(paused, 10, 10, 10, 2)});
  const Id s3 = log(dog, "2026-11-05", {at(recall, 0, 0, 10, 2)});
  log(other_dog, "2026-11-04", {at(theirs, 3, 3, 10, 2)});

  ProgressRequest r;
  r.dog_id = dog;
  r.window = 3;
  const DogProgress progress = t.db.progress(t.viewer, r);
  REQUIRE(progress.goals.size() == 2);  // the other dog's goal is not there
  const GoalProgress& g = progress.goals[0];
  CHECK(g.goal.id == recall);
  REQUIRE(g.points.size() == 5);
  CHECK(g.points[0].session_id == s1);
  CHECK(g.points[1].session_id == s2);
  CHECK(g.points[2].session_id == s3);
  CHECK(g.points[3].session_id == s4);
  CHECK(g.points[4].session_id == s5);
  CHECK(g.points[0].date.to_string() == "2026-11-01");
  CHECK(g.points[0].criteria.distance_metres == 5.0);
  CHECK(*g.rolling_ratio == Approx(0.84));
  CHECK(g.ready_to_raise);
  const GoalProgress& p = progress.goals[1];
  CHECK(p.goal.id == paused);
  CHECK(p.sessions == 3);
  CHECK(*p.latest_ratio == 1.0);
  CHECK_FALSE(p.ready_to_raise);  // paused

  // Sessions on one day come in id order.
  const Id same_day = log(dog, "2026-11-09", {at(recall, 1, 0, 10, 2)});
  const GoalProgress later = t.db.progress(t.viewer, r).goals[0];
  REQUIRE(later.points.size() == 6);
  CHECK(later.points[5].session_id == same_day);
  CHECK_FALSE(later.ready_to_raise);  // 0 of 1 in the latest session at target

  // A dog without goals; request checks; NotFound.
  r.dog_id = other_dog;
  CHECK(t.db.progress(t.viewer, r).goals.size() == 1);
  const Id owner2 = id_of(t.db.create(t.admin, Entity::Owner, owner_input("Ben", "Nogoals")));
  r.dog_id = id_of(t.db.create(t.admin, Entity::Dog, dog_input(owner2, "Solo")));
  CHECK(t.db.progress(t.viewer, r).goals.empty());
  r.window = 0;
  r.ready_sessions = 101;
  const auto errors = field_errors([&] { (void)t.db.progress(t.viewer, r); });
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].field == "window");
  CHECK(errors[1].field == "readySessions");
  r.window = 5;
  r.ready_sessions = 3;
  r.dog_id = 999999;
  CHECK_THROWS_AS(t.db.progress(t.viewer, r), NotFound);
}
