// Replays the shared validation vectors (tests/vectors/validation/*.json). Python and WASM replay the same
// files: the results must agree exactly (errors in order; result JSON equal).
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "pawnotes/validation.hpp"

using namespace pawnotes;
using nlohmann::json;

namespace {

std::vector<std::filesystem::path> vector_files() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(PAWNOTES_VECTORS_DIR) + "/validation")) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

json load(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return json::parse(buffer.str());
}

ValidationMode mode_of(const std::string& name) {
  if (name == "create") return ValidationMode::Create;
  if (name == "replace") return ValidationMode::Replace;
  if (name == "patch") return ValidationMode::Patch;
  FAIL("unknown mode " << name);
  return ValidationMode::Create;
}

/// What the core answers for one case, in the vectors' "expect" form.
json run_case(const json& c) {
  const auto entity = entity_from_name(c.at("entity").get<std::string>());
  REQUIRE(entity);
  const auto today = Date::parse(c.at("today").get<std::string>());
  REQUIRE(today);
  const ValidationMode mode = mode_of(c.at("mode").get<std::string>());
  try {
    if (c.contains("inputText"))
      return {{"result", decode_and_validate(*entity, c.at("inputText").get<std::string>(), *today, mode)}};
    return {{"result", validate(*entity, c.at("input"), *today, mode)}};
  } catch (const ValidationError& e) {
    return {{"errors", to_json(e.errors())}};
  }
}

}  // namespace

TEST_CASE("validation vectors replay exactly", "[vectors][validation]") {
  const auto files = vector_files();
  REQUIRE(files.size() >= 11);
  std::size_t cases = 0;
  for (const auto& path : files) {
    const json doc = load(path);
    REQUIRE(doc.at("cases").is_array());
    for (const json& c : doc.at("cases")) {
      INFO(path.filename().string() << ": " << c.at("name").get<std::string>());
      const json expect = c.at("expect");
      REQUIRE((expect.contains("errors") != expect.contains("result")));
      CHECK(run_case(c) == expect);
      ++cases;
    }
  }
  CHECK(cases >= 150);
}

TEST_CASE("check() agrees with validate() on every vector", "[vectors][validation]") {
  for (const auto& path : vector_files()) {
    const json doc = load(path);  // named: a range-for over load(path).at(...) would dangle
    for (const json& c : doc.at("cases")) {
      if (c.contains("inputText")) continue;
      INFO(path.filename().string() << ": " << c.at("name").get<std::string>());
      const auto errors =
          check(*entity_from_name(c.at("entity").get<std::string>()), c.at("input"),
                *Date::parse(c.at("today").get<std::string>()), mode_of(c.at("mode").get<std::string>()));
      const json& expect = c.at("expect");
      if (expect.contains("errors")) {
        CHECK(to_json(errors) == expect.at("errors"));
      } else {
        CHECK(errors.empty());
      }
    }
  }
}
