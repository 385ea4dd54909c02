#include "support/test_support.hpp"

#include <atomic>
#include <chrono>
#include <random>
#include <system_error>
#include <unistd.h>

namespace pawnotes::testing {

Timestamp test_now() { return *Timestamp::parse("2026-11-24T12:00:00.000Z"); }

std::shared_ptr<FixedClock> fixed_clock() { return std::make_shared<FixedClock>(test_now()); }

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
  path_ = std::filesystem::temp_directory_path() /
          ("pawnotes-test-" + std::to_string(::getpid()) + "-" + std::to_string(stamp) + "-" +
           std::to_string(counter++));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

namespace {
std::string make_path(Where where, std::unique_ptr<TempDir>& dir) {
  if (where == Where::InMemory) return ":memory:";
  dir = std::make_unique<TempDir>();
  return dir->file("pawnotes.db");
}
}  // namespace

TestDb::TestDb(Where where)
    : path(make_path(where, dir)), clock(fixed_clock()), db(Database::open(path, clock)) {
  org = db.create_organization("Test Org");
  other_org = db.create_organization("Other Org");
  admin = Scope{org.id, 1, {Role::Admin}};
  trainer = Scope{org.id, 2, {Role::Trainer}};
  viewer = Scope{org.id, 3, {Role::Viewer}};
  other_admin = Scope{other_org.id, 4, {Role::Admin}};
}

}  // namespace pawnotes::testing
