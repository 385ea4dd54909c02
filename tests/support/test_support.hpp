// Shared by the tests: a fixed clock, temporary directories, and a database with one organization and
// scopes for each role.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "pawnotes/pawnotes.hpp"

namespace pawnotes::testing {

/// 2026-11-24T12:00:00.000Z: "today" in every test unless a test moves the clock.
Timestamp test_now();
std::shared_ptr<FixedClock> fixed_clock();

/// A fresh directory removed (with its contents) when the object dies.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }
  [[nodiscard]] std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

enum class Where { InMemory, OnFile };

/// A database with organization "Test Org" (and a second, "Other Org", for tenancy tests), and
/// scopes for admin, trainer and viewer in each.
struct TestDb {
  explicit TestDb(Where where = Where::InMemory);
  std::unique_ptr<TempDir> dir;  // set when OnFile
  std::string path;
  std::shared_ptr<FixedClock> clock;
  Database db;
  Organization org, other_org;
  Scope admin, trainer, viewer;  // in org
  Scope other_admin;             // in other_org
};

}  // namespace pawnotes::testing
