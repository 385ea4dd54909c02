#include "args.hpp"

#include <cerrno>
#include <cstdlib>

namespace pawnotes_cli {

Args Args::parse(int argc, const char* const* argv) {
  Args args;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      args.help = true;
    } else if (arg.size() > 2 && arg.compare(0, 2, "--") == 0) {
      const std::size_t equals = arg.find('=');
      if (equals != std::string::npos) {
        args.options[arg.substr(2, equals - 2)] = arg.substr(equals + 1);
      } else {
        if (i + 1 >= argc) throw UsageError("option " + arg + " needs a value", args.command);
        args.options[arg.substr(2)] = argv[++i];
      }
    } else if (arg.size() > 1 && arg[0] == '-' && arg != "-") {
      throw UsageError("unknown option " + arg, args.command);
    } else if (args.command.empty()) {
      args.command = arg;
    } else {
      args.positionals.push_back(arg);
    }
  }
  return args;
}

void Args::check(const std::set<std::string>& allowed, std::size_t min_positionals, std::size_t max_positionals,
                 const std::string& positional_names) const {
  for (const auto& [name, value] : options) {
    if (name != "db" && allowed.count(name) == 0) throw UsageError("unknown option --" + name, command);
  }
  if (positionals.size() < min_positionals) throw UsageError("missing " + positional_names, command);
  if (positionals.size() > max_positionals)
    throw UsageError("unexpected argument '" + positionals[max_positionals] + "'", command);
}

std::optional<std::string> Args::option(const std::string& name) const {
  const auto found = options.find(name);
  if (found == options.end()) return std::nullopt;
  return found->second;
}

std::optional<std::int64_t> Args::integer(const std::string& name, std::int64_t minimum, std::int64_t maximum) const {
  const std::optional<std::string> text = option(name);
  if (!text) return std::nullopt;
  const std::string expected =
      "expected a whole number from " + std::to_string(minimum) + " to " + std::to_string(maximum);
  bool digits_only = !text->empty();
  for (char c : *text) digits_only = digits_only && c >= '0' && c <= '9';
  if (!digits_only) throw UsageError("invalid value '" + *text + "' for --" + name + " (" + expected + ")", command);
  errno = 0;
  const long long value = std::strtoll(text->c_str(), nullptr, 10);
  if (errno == ERANGE || value < minimum || value > maximum) {
    throw UsageError("invalid value '" + *text + "' for --" + name + " (" + expected + ")", command);
  }
  return value;
}

}  // namespace pawnotes_cli
