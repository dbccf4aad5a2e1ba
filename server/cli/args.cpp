#include "cli/args.h"

namespace linklens::cli {

std::optional<std::string> ParsedArgs::last(const std::string& name) const {
  auto it = options.find(name);
  if (it == options.end() || it->second.empty()) return std::nullopt;
  return it->second.back();
}

StatusOr<ParsedArgs> parse_args(const std::vector<std::string>& args, const ArgSpec& spec) {
  ParsedArgs out;
  bool only_positional = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (only_positional || a == "-" || a.size() < 2 || a.compare(0, 2, "--") != 0) {
      out.positional.push_back(a);
      continue;
    }
    if (a == "--") {
      only_positional = true;
      continue;
    }
    std::string name = a, value;
    bool inline_value = false;
    if (auto eq = a.find('='); eq != std::string::npos) {
      name = a.substr(0, eq);
      value = a.substr(eq + 1);
      inline_value = true;
    }
    if (spec.flags.count(name)) {
      if (inline_value) {
        return Status(400, "usage", "option " + name + " takes no value");
      }
      out.flags.insert(name);
    } else if (spec.with_value.count(name)) {
      if (!inline_value) {
        if (i + 1 >= args.size()) {
          return Status(400, "usage", "option " + name + " needs a value");
        }
        value = args[++i];
      }
      out.options[name].push_back(value);
    } else {
      return Status(400, "usage", "unknown option " + name);
    }
  }
  return out;
}

}  // namespace linklens::cli
