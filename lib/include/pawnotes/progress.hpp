// A dog's training progress: per goal, the success ratio of each session over time, a rolling ratio, the
// criteria used, and whether the goal is ready to raise its criteria. The rule (lib/README.md, "Training
// progress") lives here once; both storage engines only read the rows (Storage::progress_rows).
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <vector>

#include "pawnotes/date_time.hpp"
#include "pawnotes/model.hpp"

namespace pawnotes {

/// Database::progress. `window`: sessions in the rolling ratio (1..100); `ready_sessions`: how many of
/// the latest sessions at the target criteria must all reach `kReadyPercent` (1..100).
struct ProgressRequest {
  Id dog_id = 0;
  int window = 5;
  int ready_sessions = 3;
};

/// A session's successes / attempts is "ready" at this percentage or more (compared exactly in integers).
inline constexpr int kReadyPercent = 80;

/// One session of one goal.
struct ProgressPoint {
  Id session_id = 0;
  Date date;
  int attempts = 0;
  int successes = 0;
  std::optional<double> ratio;          // successes / attempts; null with zero attempts
  std::optional<double> rolling_ratio;  // pooled over the last `window` sessions with attempts, up to this one
  Criteria criteria;                    // as used that day
  bool meets_target = false;            // criteria at or beyond the goal's target in every D the target sets
};

struct GoalProgress {
  Goal goal;
  std::vector<ProgressPoint> points;  // oldest first (date, then session id)
  int sessions = 0;                   // points with at least one attempt
  int attempts = 0;
  int successes = 0;
  std::optional<double> latest_ratio;   // ratio of the last point with attempts
  std::optional<double> rolling_ratio;  // rolling ratio after the last point
  bool ready_to_raise = false;
};

struct DogProgress {
  Id dog_id = 0;
  int window = 5;
  int ready_sessions = 3;
  std::vector<GoalProgress> goals;  // by goal id, every status
};

/// What an engine reads for Database::progress: the dog's goals (by id) and every trial of its sessions,
/// ordered by session date, then session id.
struct ProgressRow {
  Id session_id = 0;
  Date date;
  Id goal_id = 0;
  int attempts = 0;
  int successes = 0;
  Criteria criteria;
};
struct ProgressRows {
  std::vector<Goal> goals;
  std::vector<ProgressRow> trials;
};

/// Whether `used` is at or beyond `target` in every D the target sets (a D the target sets but `used`
/// lacks is not met).
[[nodiscard]] bool meets_criteria(const Criteria& used, const Criteria& target) noexcept;

/// The rule itself, engine-independent: builds the progress from the rows (request already checked).
[[nodiscard]] DogProgress compute_progress(const ProgressRows& rows, const ProgressRequest& request);

void to_json(nlohmann::json& j, const ProgressPoint& v);
void to_json(nlohmann::json& j, const GoalProgress& v);
void to_json(nlohmann::json& j, const DogProgress& v);

}  // namespace pawnotes
