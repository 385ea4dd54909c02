// The commands of the pawnotes CLI. Each returns the process exit code; errors are thrown
// (UsageError, pawnotes::Error) and reported by main.
#pragma once

#include <string>

#include "args.hpp"

namespace pawnotes_cli {

/// The overview printed by `pawnotes --help`.
std::string overview();
/// The help of one command; empty when the command does not exist.
std::string command_help(const std::string& command);
/// Runs args.command (which exists).
int run_command(const Args& args);

}  // namespace pawnotes_cli
