// pawnotes: the admin CLI of a pawnotes database (init, migrate, import, demo data, search, export,
// backup, stats). Exit codes: 0 success, 1 runtime error, 2 usage error.
#include <iostream>

#include <pawnotes/pawnotes.hpp>

#include "args.hpp"
#include "commands.hpp"

int main(int argc, char** argv) {
  using namespace pawnotes_cli;
  std::string command;
  try {
    const Args args = Args::parse(argc, argv);
    command = args.command;
    if (args.command.empty() || args.command == "help") {
      if (args.help || args.command == "help") {
        std::cout << overview();
        return 0;
      }
      throw UsageError("no command given", "");
    }
    const std::string help = command_help(args.command);
    if (help.empty()) throw UsageError("unknown command '" + args.command + "'", "");
    if (args.help) {
      std::cout << help;
      return 0;
    }
    return run_command(args);
  } catch (const UsageError& e) {
    std::cerr << "pawnotes: " << e.what() << "\n";
    if (e.command().empty()) {
      std::cerr << "Run 'pawnotes --help' for the list of commands.\n";
    } else {
      std::cerr << "Run 'pawnotes " << e.command() << " --help' for its usage.\n";
    }
    return 2;
  } catch (const pawnotes::ValidationError& e) {
    std::cerr << "pawnotes: " << e.what() << "\n";
    for (const pawnotes::FieldError& error : e.errors()) {
      std::cerr << "  " << (error.field.empty() ? "(input)" : error.field) << ": " << error.message << " ["
                << error.code << "]\n";
    }
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "pawnotes: " << e.what() << "\n";
    return 1;
  }
}
