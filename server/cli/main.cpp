// linklens: the command-line entry point. Dispatches to one subcommand per job; the usage text
// and every command's options come from one table (synopsis.h).
#include <sqlite3.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "cli/commands.h"
#include "cli/synopsis.h"
#include "linklens/case_fold.h"
#include "linklens/idna.h"
#include "linklens/version.h"

namespace linklens::cli {
std::string_view license_text();  // generated from LICENSE and THIRD_PARTY_NOTICES.md
}

namespace {

using linklens::cli::find_synopsis;

int run_version(const std::vector<std::string>& args) {
  auto parsed = linklens::cli::parse_args(args, linklens::cli::arg_spec("version"));
  if (!parsed || !parsed->positional.empty()) {
    std::fprintf(stderr, "linklens version: %s\n", parsed ? "takes no arguments" : parsed.error().message().c_str());
    return 2;
  }
  if (parsed->has("--licenses")) {
    const std::string_view text = linklens::cli::license_text();
    std::fwrite(text.data(), 1, text.size(), stdout);
    return 0;
  }
  std::printf("linklens %s (public suffix list %s, IDNA tables Unicode %s, case folding Unicode %s)\n",
              linklens::core_version(), linklens::builtin_suffix_list_date(), linklens::idna_unicode_version(),
              linklens::case_fold_unicode_version());
  std::printf("Apache License 2.0; third-party notices: linklens version --licenses\n");
  return 0;
}

int run_help(const std::vector<std::string>& args) {
  auto parsed = linklens::cli::parse_args(args, linklens::cli::arg_spec("help"));
  if (!parsed) {
    std::fprintf(stderr, "linklens help: %s\n", parsed.error().message().c_str());
    return 2;
  }
  if (parsed->has("--synopsis")) {
    linklens::cli::print_synopsis(stdout);
  } else if (!parsed->positional.empty()) {
    const auto* command = find_synopsis(parsed->positional.front());
    if (!command) {
      std::fprintf(stderr, "linklens help: unknown command '%s'\n", parsed->positional.front().c_str());
      return 2;
    }
    linklens::cli::print_command_usage(stdout, *command);
  } else {
    linklens::cli::print_usage(stdout);
  }
  return 0;
}

using Runner = int (*)(const std::vector<std::string>&);

struct Command {
  const char* name;
  Runner run;
};

constexpr Command kCommands[] = {
    {"url", linklens::cli::run_url},
    {"inspect", linklens::cli::run_inspect},
    {"ingest", linklens::cli::run_ingest},
    {"rank", linklens::cli::run_rank},
    {"import-ranks", linklens::cli::run_import_ranks},
    {"explain", linklens::cli::run_explain},
    {"migrate", linklens::cli::run_migrate},
    {"fetch-cc", linklens::cli::run_fetch_cc},
    {"serve", linklens::cli::run_serve},
    {"hash-key", linklens::cli::run_hash_key},
    {"audit", linklens::cli::run_audit},
    {"disavow", linklens::cli::run_disavow},
    {"gap", linklens::cli::run_gap},
    {"keep", linklens::cli::run_keep},
    {"brand", linklens::cli::run_brand},
    {"compare", linklens::cli::run_compare},
    {"version", run_version},
    {"help", run_help},
};

}  // namespace

int main(int argc, char** argv) {
  // SQLite counts every allocation under one global mutex by default (memory statistics nobody
  // here reads): with the server's threads preparing statements at once, that mutex was the top
  // of the profile. Off before SQLite initialises.
  sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  if (argc < 2) {
    linklens::cli::print_usage(stderr);
    return 2;
  }
  std::string command = argv[1];
  std::vector<std::string> args(argv + 2, argv + argc);
  if (command == "--version") command = "version";
  if (command == "--help" || command == "-h") command = "help";
  for (const Command& c : kCommands) {
    if (command != c.name) continue;
    // `linklens COMMAND --help` before the command's own parser, so it works with any other words.
    for (const auto& a : args) {
      if (a == "--help" || a == "-h") {
        linklens::cli::print_command_usage(stdout, *find_synopsis(command));
        return 0;
      }
    }
    return c.run(args);
  }
  std::fprintf(stderr, "linklens: unknown command '%s'\n\n", command.c_str());
  linklens::cli::print_usage(stderr);
  return 2;
}
