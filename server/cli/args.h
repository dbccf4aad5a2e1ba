// A small argument reader for the CLI subcommands: "--name value", "--name=value", flags, and
// positional arguments. Unknown options are errors that name the option (never ignored).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "index/status.h"

namespace linklens::cli {

struct ParsedArgs {
  std::map<std::string, std::vector<std::string>> options;  // "--base" -> values
  std::set<std::string> flags;                              // "--json"
  std::vector<std::string> positional;

  std::optional<std::string> last(const std::string& name) const;
  bool has(const std::string& flag) const { return flags.count(flag) != 0; }
};

struct ArgSpec {
  std::set<std::string> with_value;  // options that take a value
  std::set<std::string> flags;       // options that do not
};

// Returns the parsed arguments, or a usage error naming the offending argument.
StatusOr<ParsedArgs> parse_args(const std::vector<std::string>& args, const ArgSpec& spec);

}  // namespace linklens::cli
