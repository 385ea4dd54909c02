// The native side of wasm/bench: the same seeded data (data.mjs's JSON), loaded the same way, and the
// same owner searches and timeline as bench.mjs, through pawnotes::Database. Timed twice: the typed
// call (what bench/ measures) and the typed call plus its JSON text (what the WASM boundary also does:
// json_text.hpp's writer; "+dom" is the same text built through the nlohmann DOM).
// Prints one JSON object. Usage: native_bench <data.json> [iterations]
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "pawnotes/pawnotes.hpp"

using namespace pawnotes;
using nlohmann::json;

namespace {

double thread_cpu_us() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e6 + static_cast<double>(ts.tv_nsec) / 1e3;
}

json measure(const std::string& name, int iterations, const std::function<void()>& fn) {
  for (int i = 0; i < std::min(100, iterations); ++i) fn();
  std::vector<double> times;
  times.reserve(static_cast<std::size_t>(iterations));
  const double cpu_start = thread_cpu_us();
  for (int i = 0; i < iterations; ++i) {
    const auto start = std::chrono::steady_clock::now();
    fn();
    times.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count());
  }
  const double cpu = (thread_cpu_us() - cpu_start) / iterations;
  std::sort(times.begin(), times.end());
  return {{"name", name}, {"medianUs", times[times.size() / 2]}, {"cpuUs", cpu}};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: native_bench <data.json> [iterations]\n";
    return 2;
  }
  const int iterations = argc > 2 ? std::stoi(argv[2]) : 1000;
  std::ifstream in(argv[1], std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  const json data = json::parse(text.str());
  const auto batch_size = data.at("batch").get<std::size_t>();

  const Timestamp base = *Timestamp::parse("2026-11-24T12:00:00.000Z");
  auto clock = std::make_shared<FixedClock>(base);
  Database db = Database::open(":memory:", clock);
  const Organization org = db.create_organization("Bench");
  const Scope scope{org.id, 1, {Role::Admin}};

  // Inserts `items` in batches (the clock one minute later per batch), mapping each with `make`.
  const auto in_batches = [&](Entity entity, const json& items, const std::function<json(const json&)>& make) {
    std::vector<Id> ids;
    std::vector<json> batch;
    std::int64_t k = 0;
    const auto flush = [&] {
      clock->set(Timestamp{base.millis + k++ * 60000});
      for (const json& created : db.create_many(scope, entity, batch)) ids.push_back(created.at("id").get<Id>());
      batch.clear();
    };
    for (const json& item : items) {
      batch.push_back(make(item));
      if (batch.size() == batch_size) flush();
    }
    if (!batch.empty()) flush();
    return ids;
  };

  const auto load_start = std::chrono::steady_clock::now();
  const auto owner_ids = in_batches(Entity::Owner, data.at("owners"), [](const json& o) { return o; });
  const auto with_id = [](json item, const char* index_name, const char* id_name, const std::vector<Id>& ids) {
    item[id_name] = ids.at(item.at(index_name).get<std::size_t>());
    item.erase(index_name);
    return item;
  };
  const auto dog_ids = in_batches(Entity::Dog, data.at("dogs"),
                                  [&](const json& d) { return with_id(d, "ownerIndex", "ownerId", owner_ids); });
  std::vector<json> visits;
  for (const json& v : data.at("visits")) visits.push_back(with_id(v, "dogIndex", "dogId", dog_ids));
  db.create_many(scope, Entity::Visit, visits);
  in_batches(Entity::Note, data.at("notes"), [&](const json& n) { return with_id(n, "dogIndex", "dogId", dog_ids); });
  const double load_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - load_start).count();
  clock->set(Timestamp{base.millis + 3600000});

  const Id busy = dog_ids.front();
  OwnerSearch mor{"mor", {}};
  OwnerSearch moren{"moren", {}};
  TimelineRequest timeline;
  timeline.dog_id = busy;
  timeline.limit = 50;
  const json checks = {{"mor", db.search_owners(scope, mor).total},
                       {"moren", db.search_owners(scope, moren).total},
                       {"timeline", db.timeline(scope, timeline).items.size()},
                       {"firstTimelineAt", db.timeline(scope, timeline).items.front().at}};
  std::size_t sink = 0;
  const json results = {
      measure("owners mor", iterations, [&] { sink += db.search_owners(scope, mor).items.size(); }),
      measure("owners moren", iterations, [&] { sink += db.search_owners(scope, moren).items.size(); }),
      measure("timeline 50", iterations, [&] { sink += db.timeline(scope, timeline).items.size(); }),
      // The JSON text as the package makes it (json_text.hpp), and through the nlohmann DOM as before.
      measure("owners mor +json", iterations, [&] { sink += to_json_text(db.search_owners(scope, mor)).size(); }),
      measure("owners moren +json", iterations, [&] { sink += to_json_text(db.search_owners(scope, moren)).size(); }),
      measure("timeline 50 +json", iterations, [&] { sink += to_json_text(db.timeline(scope, timeline)).size(); }),
      measure("owners mor +dom", iterations, [&] { sink += json(db.search_owners(scope, mor)).dump().size(); }),
      measure("owners moren +dom", iterations, [&] { sink += json(db.search_owners(scope, moren)).dump().size(); }),
      measure("timeline 50 +dom", iterations, [&] { sink += json(db.timeline(scope, timeline)).dump().size(); }),
  };
  std::cout << json{{"engine", "native"}, {"loadMs", load_ms},  {"stats", json(db.stats(scope))},
                    {"checks", checks},   {"results", results}, {"sink", sink}}
                   .dump()
            << "\n";
  return 0;
}
