// The CLI's one synopsis: every command's forms and summary, in one table. `linklens help` prints
// it, README's CLI block is tested against it (tests/cli/synopsis_test.py), and each command's
// argument parser is derived from it (arg_spec), so the usage cannot list an option the parser
// refuses, nor the parser take one the usage hides.
#pragma once

#include <cstdio>
#include <string_view>
#include <vector>

#include "cli/args.h"

namespace linklens::cli {

struct CommandSynopsis {
  std::string_view name;
  std::vector<std::string_view> forms;  // "[--db PATH] [--quiet] FILE|DIR..." (after the name)
  std::string_view summary;             // one or two lines, each indented under the forms
};

const std::vector<CommandSynopsis>& command_synopses();
const CommandSynopsis* find_synopsis(std::string_view name);

// The options the forms name: "--name WORD" takes a value, "--name" alone is a flag.
ArgSpec arg_spec(std::string_view command);

// `linklens help`: the forms with their summaries.
void print_usage(std::FILE* out);
// `linklens help --synopsis`: one line per form, as README's CLI block shows them.
void print_synopsis(std::FILE* out);
// `linklens COMMAND --help`: that command's forms and summary.
void print_command_usage(std::FILE* out, const CommandSynopsis& command);

}  // namespace linklens::cli
