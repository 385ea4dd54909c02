// The training-progress rule (progress.hpp; lib/README.md "Training progress"). Integer arithmetic decides
// readiness (successes * 100 >= 80 * attempts), so 4 of 5 is exactly 80 % on every platform.
#include "pawnotes/progress.hpp"

#include <algorithm>
#include <cstdint>
#include <deque>
#include <unordered_map>
#include <utility>

namespace pawnotes {

bool meets_criteria(const Criteria& used, const Criteria& target) noexcept {
  if (target.distance_metres && (!used.distance_metres || *used.distance_metres < *target.distance_metres))
    return false;
  if (target.duration_seconds && (!used.duration_seconds || *used.duration_seconds < *target.duration_seconds))
    return false;
  if (target.distraction_level && (!used.distraction_level || *used.distraction_level < *target.distraction_level))
    return false;
  return true;
}

namespace {

bool ready(int successes, int attempts) {
  return attempts > 0 &&
         static_cast<std::int64_t>(successes) * 100 >= static_cast<std::int64_t>(kReadyPercent) * attempts;
}

/// Rolling state of one goal: the last `window` scored sessions (attempts > 0), pooled.
struct Rolling {
  std::deque<std::pair<int, int>> last;  // (successes, attempts)
  std::int64_t successes = 0;
  std::int64_t attempts = 0;
};

}  // namespace

DogProgress compute_progress(const ProgressRows& rows, const ProgressRequest& request) {
  DogProgress out;
  out.dog_id = request.dog_id;
  out.window = request.window;
  out.ready_sessions = request.ready_sessions;
  out.goals.reserve(rows.goals.size());
  std::unordered_map<Id, std::size_t> index;
  for (const Goal& goal : rows.goals) {
    index.emplace(goal.id, out.goals.size());
    GoalProgress progress;
    progress.goal = goal;
    out.goals.push_back(std::move(progress));
  }
  std::vector<Rolling> rolling(out.goals.size());
  {
    std::vector<std::size_t> counts(out.goals.size(), 0);  // one allocation per goal's series
    for (const ProgressRow& row : rows.trials) {
      const auto found = index.find(row.goal_id);
      if (found != index.end()) ++counts[found->second];
    }
    for (std::size_t g = 0; g < counts.size(); ++g) out.goals[g].points.reserve(counts[g]);
  }
  for (const ProgressRow& row : rows.trials) {
    const auto found = index.find(row.goal_id);
    if (found == index.end()) continue;  // not one of the dog's goals (cannot happen through the core)
    GoalProgress& goal = out.goals[found->second];
    Rolling& r = rolling[found->second];
    ProgressPoint point;
    point.session_id = row.session_id;
    point.date = row.date;
    point.attempts = row.attempts;
    point.successes = row.successes;
    point.criteria = row.criteria;
    point.meets_target = meets_criteria(row.criteria, goal.goal.target);
    if (row.attempts > 0) {
      point.ratio = static_cast<double>(row.successes) / row.attempts;
      r.last.emplace_back(row.successes, row.attempts);
      r.successes += row.successes;
      r.attempts += row.attempts;
      if (r.last.size() > static_cast<std::size_t>(request.window)) {
        r.successes -= r.last.front().first;
        r.attempts -= r.last.front().second;
        r.last.pop_front();
      }
      ++goal.sessions;
      goal.attempts += row.attempts;
      goal.successes += row.successes;
      goal.latest_ratio = point.ratio;
    }
    if (r.attempts > 0) point.rolling_ratio = static_cast<double>(r.successes) / static_cast<double>(r.attempts);
    goal.rolling_ratio = point.rolling_ratio;
    goal.points.push_back(std::move(point));
  }
  for (GoalProgress& goal : out.goals) {
    if (goal.goal.status != "active") continue;  // met, paused and dropped goals are never "ready"
    int counted = 0;
    bool all_ready = true;
    for (auto it = goal.points.rbegin(); it != goal.points.rend() && counted < request.ready_sessions; ++it) {
      if (!it->meets_target || it->attempts == 0) continue;
      ++counted;
      all_ready = all_ready && ready(it->successes, it->attempts);
    }
    goal.ready_to_raise = counted == request.ready_sessions && all_ready;
  }
  return out;
}

namespace {
nlohmann::json number_or_null(const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(); }
}  // namespace

void to_json(nlohmann::json& j, const ProgressPoint& v) {
  j = {{"sessionId", v.session_id},        {"date", v.date.to_string()},
       {"attempts", v.attempts},           {"successes", v.successes},
       {"ratio", number_or_null(v.ratio)}, {"rollingRatio", number_or_null(v.rolling_ratio)},
       {"criteria", v.criteria},           {"meetsTarget", v.meets_target}};
}

void to_json(nlohmann::json& j, const GoalProgress& v) {
  j = {{"goal", v.goal},
       {"points", v.points},
       {"sessions", v.sessions},
       {"attempts", v.attempts},
       {"successes", v.successes},
       {"latestRatio", number_or_null(v.latest_ratio)},
       {"rollingRatio", number_or_null(v.rolling_ratio)},
       {"readyToRaise", v.ready_to_raise}};
}

void to_json(nlohmann::json& j, const DogProgress& v) {
  j = {{"dogId", v.dog_id}, {"window", v.window}, {"readySessions", v.ready_sessions}, {"goals", v.goals}};
}

}  // namespace pawnotes
