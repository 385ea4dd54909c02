// Command-line parsing for the pawnotes CLI: a command word, positional arguments and `--name value`
// (or `--name=value`) options, checked against what each command accepts.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace pawnotes_cli {

/// Bad command-line input: printed with a usage hint, exit code 2.
class UsageError : public std::runtime_error {
 public:
  UsageError(const std::string& message, std::string command)
      : std::runtime_error(message), command_(std::move(command)) {}
  [[nodiscard]] const std::string& command() const noexcept { return command_; }

 private:
  std::string command_;
};

struct Args {
  std::string command;                         // empty when none was given
  std::vector<std::string> positionals;        // after the command
  std::map<std::string, std::string> options;  // without the leading "--"
  bool help = false;

  /// Parses argv; every option but --help/-h takes a value.
  static Args parse(int argc, const char* const* argv);

  /// Throws UsageError for an option not in `allowed` (--db and --help are always allowed) or a
  /// number of positionals outside [min, max].
  void check(const std::set<std::string>& allowed, std::size_t min_positionals, std::size_t max_positionals,
             const std::string& positional_names) const;

  [[nodiscard]] std::optional<std::string> option(const std::string& name) const;
  /// A whole number in [minimum, maximum]; UsageError naming the option otherwise.
  [[nodiscard]] std::optional<std::int64_t> integer(const std::string& name, std::int64_t minimum,
                                                    std::int64_t maximum) const;
};

}  // namespace pawnotes_cli
