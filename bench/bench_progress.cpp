// Training-progress benchmark (issue 12): Database::progress for a dog with two years of sessions, 500
// sessions of 10 goals each (5,000 trials), on a SQLite file with 20 other dogs' plans beside it (1,000
// sessions more) so the index range is a real one. Target: median <= 1 ms in the core.
//   BM_Progress       the query: rows read + the rule (ratios, rolling ratios, readiness)
//   BM_ProgressRows   its first half: the engine reading the goals and the 5,000 trial rows
//   BM_ProgressRule   its second half: the rule on rows already read
//   BM_ProgressJson   the query and its canonical JSON text (what the server would send)
// Run by bench/run.sh (results/progress-<name>.json); PAWNOTES_BENCH_QUICK=1 makes no difference in size.
#include <benchmark/benchmark.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "pawnotes/pawnotes.hpp"

namespace {

using namespace pawnotes;
using nlohmann::json;

constexpr int kSessions = 500;
constexpr int kGoals = 10;
constexpr int kOtherDogs = 20;
constexpr int kOtherSessions = 50;

struct World {
  std::filesystem::path dir;
  std::unique_ptr<Database> db;
  Scope scope;
  Id dog = 0;
};

Id id_of(const json& record) { return record.at("id").get<Id>(); }

// One dog's plan: kGoals goals, `sessions` sessions spread over two years, each with a trial per goal
// whose criteria and success rate climb slowly (so ratios, rolling windows and readiness all vary).
void plan(Database& db, const Scope& scope, Id dog, Id trainer, const std::vector<Id>& skills, int sessions,
          Date today) {
  std::vector<json> goals;
  for (int g = 0; g < kGoals; ++g) {
    goals.push_back({{"dogId", dog},
                     {"skillId", skills[static_cast<std::size_t>(g)]},
                     {"baseline", {{"distanceMetres", 1}, {"durationSeconds", 5}, {"distractionLevel", 0}}},
                     {"target", {{"distanceMetres", 10}, {"durationSeconds", 60}, {"distractionLevel", 3}}},
                     {"status", g == kGoals - 1 ? "paused" : "active"},
                     {"startDate", today.add_days(-740).to_string()}});
  }
  std::vector<Id> goal_ids;
  for (const json& goal : db.create_many(scope, Entity::Goal, goals)) goal_ids.push_back(id_of(goal));
  std::vector<json> batch;
  for (int s = 0; s < sessions; ++s) {
    json trials = json::array();
    for (int g = 0; g < kGoals; ++g) {
      const double progress = static_cast<double>(s) / sessions;
      const int attempts = (s + g) % 17 == 0 ? 0 : 10;
      trials.push_back(
          {{"goalId", goal_ids[static_cast<std::size_t>(g)]},
           {"attempts", attempts},
           {"successes", attempts == 0 ? 0 : std::min(10, 4 + static_cast<int>(progress * 7) + (s + g) % 2)},
           {"distanceMetres", 1 + static_cast<int>(progress * 12)},
           {"durationSeconds", 5 + static_cast<int>(progress * 70)},
           {"distractionLevel", std::min(5, static_cast<int>(progress * 4.5))}});
    }
    batch.push_back({{"dogId", dog},
                     {"trainerId", trainer},
                     {"date", today.add_days(-730 + s * 730 / sessions).to_string()},
                     {"trials", std::move(trials)}});
  }
  db.create_many(scope, Entity::TrainingSession, batch);
}

World& world() {
  static World w = [] {
    World out;
    out.dir = std::filesystem::temp_directory_path() / ("pawnotes-bench-progress-" + std::to_string(::getpid()));
    std::filesystem::remove_all(out.dir);
    std::filesystem::create_directories(out.dir);
    auto clock = std::make_shared<FixedClock>(*Timestamp::parse("2026-12-07T12:00:00.000Z"));
    out.db = std::make_unique<Database>(Database::open((out.dir / "progress.db").string(), clock));
    const Organization org = out.db->create_organization("Bench Org");
    out.scope = Scope{org.id, 1, {Role::Admin}};
    Database& db = *out.db;
    const Date today = clock->today();
    db.transaction([&] {
      const Id trainer = id_of(db.create(out.scope, Entity::Trainer, {{"firstName", "Bea"}, {"lastName", "Bench"}}));
      std::vector<Id> skills;
      for (int g = 0; g < kGoals; ++g)
        skills.push_back(id_of(db.create(out.scope, Entity::Skill, {{"name", "Skill " + std::to_string(g)}})));
      const Id owner = id_of(db.create(out.scope, Entity::Owner,
                                       {{"firstName", "Olga"},
                                        {"lastName", "Owner"},
                                        {"address", "1 Main St"},
                                        {"city", "Madison"},
                                        {"telephone", "6085550000"}}));
      for (int d = 0; d <= kOtherDogs; ++d) {
        const Id dog =
            id_of(db.create(out.scope, Entity::Dog, {{"ownerId", owner}, {"name", "Dog " + std::to_string(d)}}));
        if (d == kOtherDogs / 2) {
          out.dog = dog;
          plan(db, out.scope, dog, trainer, skills, kSessions, today);
        } else {
          plan(db, out.scope, dog, trainer, skills, kOtherSessions, today);
        }
      }
    });
    return out;
  }();
  return w;
}

void BM_Progress(benchmark::State& state) {
  World& w = world();
  ProgressRequest request;
  request.dog_id = w.dog;
  std::size_t points = 0;
  for (auto _ : state) {
    const DogProgress progress = w.db->progress(w.scope, request);
    points = 0;
    for (const GoalProgress& goal : progress.goals) points += goal.points.size();
    benchmark::DoNotOptimize(points);
  }
  state.counters["trials"] = static_cast<double>(points);
}
BENCHMARK(BM_Progress)->Unit(benchmark::kMicrosecond);

// The two halves of BM_Progress: the engine reading the rows, and the rule on rows already read.
void BM_ProgressRows(benchmark::State& state) {
  World& w = world();
  for (auto _ : state) {
    const ProgressRows rows = w.db->storage().progress_rows(w.scope, w.dog);
    benchmark::DoNotOptimize(rows.trials.data());
  }
}
BENCHMARK(BM_ProgressRows)->Unit(benchmark::kMicrosecond);

void BM_ProgressRule(benchmark::State& state) {
  World& w = world();
  const ProgressRows rows = w.db->storage().progress_rows(w.scope, w.dog);
  ProgressRequest request;
  request.dog_id = w.dog;
  for (auto _ : state) {
    const DogProgress progress = compute_progress(rows, request);
    benchmark::DoNotOptimize(progress.goals.data());
  }
}
BENCHMARK(BM_ProgressRule)->Unit(benchmark::kMicrosecond);

void BM_ProgressJson(benchmark::State& state) {
  World& w = world();
  ProgressRequest request;
  request.dog_id = w.dog;
  std::size_t bytes = 0;
  for (auto _ : state) {
    const std::string text = json(w.db->progress(w.scope, request)).dump();
    bytes = text.size();
    benchmark::DoNotOptimize(bytes);
  }
  state.counters["bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_ProgressJson)->Unit(benchmark::kMicrosecond);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::AddCustomContext("engine", "sqlite (file)");
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  if (!world().dir.empty()) {
    world().db.reset();
    std::filesystem::remove_all(world().dir);
  }
  return 0;
}
