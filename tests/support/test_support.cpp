#include "support/test_support.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <random>
#include <system_error>

namespace pawnotes::testing {

Timestamp test_now() { return *Timestamp::parse("2026-11-24T12:00:00.000Z"); }

std::shared_ptr<FixedClock> fixed_clock() { return std::make_shared<FixedClock>(test_now()); }

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
  path_ = std::filesystem::temp_directory_path() / ("pawnotes-test-" + std::to_string(::getpid()) + "-" +
                                                    std::to_string(stamp) + "-" + std::to_string(counter++));
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

TestDb::TestDb(Where where) : path(make_path(where, dir)), clock(fixed_clock()), db(Database::open(path, clock)) {
  org = db.create_organization("Test Org");
  other_org = db.create_organization("Other Org");
  admin = Scope{org.id, 1, {Role::Admin}};
  trainer = Scope{org.id, 2, {Role::Trainer}};
  viewer = Scope{org.id, 3, {Role::Viewer}};
  other_admin = Scope{other_org.id, 4, {Role::Admin}};
}

nlohmann::json owner_input(const std::string& first_name, const std::string& last_name) {
  return {{"firstName", first_name}, {"lastName", last_name},     {"address", "12 Park Road"},
          {"city", "Madison"},       {"telephone", "6085551023"}, {"email", nullptr}};
}

nlohmann::json dog_input(Id owner_id, const std::string& name) {
  return {{"ownerId", owner_id}, {"name", name}, {"birthDate", "2020-03-01"}, {"breed", "Collie"}, {"sex", "female"}};
}

nlohmann::json note_input(Id dog_id, const std::string& body) {
  return {{"dogId", dog_id}, {"body", body}, {"category", "progress"}, {"tags", {"recall", "leash"}}};
}

nlohmann::json visit_input(Id dog_id, const std::string& description) {
  return {{"dogId", dog_id}, {"date", "2026-11-20"}, {"description", description}, {"durationMinutes", 45}};
}

nlohmann::json care_flag_input(Id dog_id, const std::string& text) {
  return {{"dogId", dog_id}, {"kind", "behaviour_safety"}, {"severity", "danger"}, {"text", text}};
}

nlohmann::json vaccination_input(Id dog_id, const std::string& name) {
  return {{"dogId", dog_id}, {"name", name}, {"givenOn", "2026-01-10"}, {"expiresOn", "2027-01-10"}};
}

nlohmann::json trainer_input(const std::string& first_name, const std::string& last_name) {
  return {{"firstName", first_name},
          {"lastName", last_name},
          {"email", nullptr},
          {"specialtyIds", nlohmann::json::array()}};
}

nlohmann::json named_input(const std::string& name) { return {{"name", name}}; }

std::vector<FieldError> field_errors(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const ValidationError& error) {
    return error.errors();
  }
  FAIL("expected a ValidationError");
  return {};
}

bool has_error(const std::vector<FieldError>& errors, const std::string& field, const std::string& code) {
  return std::any_of(errors.begin(), errors.end(),
                     [&](const FieldError& e) { return e.field == field && e.code == code; });
}

}  // namespace pawnotes::testing
