// `linklens keep` and `linklens brand`: the user's keep list and brand terms per target, in the
// state database (state/state_db.h). With no names they list; with names they add, or remove
// with --remove. The audit reads both (docs/audit.md).
#include <cstdio>

#include "cli/audit_options.h"
#include "cli/commands.h"
#include "cli/synopsis.h"

namespace linklens::cli {
namespace {

int change_settings(const std::vector<std::string>& args, const char* command, bool keep_list) {
  auto parsed = parse_args(args, arg_spec(command));
  if (!parsed || parsed->positional.empty()) {
    std::fprintf(stderr, "linklens %s: %s\n", command,
                 parsed ? "give the TARGET domain, then what to change" : parsed.error().message().c_str());
    return 2;
  }
  const std::string target = registrable(parsed->positional[0], command);
  if (target.empty()) return 2;
  std::vector<std::string> names;
  for (std::size_t i = 1; i < parsed->positional.size(); ++i) {
    if (keep_list) {
      const std::string d = registrable(parsed->positional[i], command);
      if (d.empty()) return 2;
      names.push_back(d);
    } else {
      const std::string& term = parsed->positional[i];
      if (term.empty() || term.size() > 80) {
        std::fprintf(stderr, "linklens %s: a brand term is 1 to 80 bytes\n", command);
        return 2;
      }
      names.push_back(term);
    }
  }
  const std::string path = state_path(*parsed);
  state::TargetSettings settings;
  if (names.empty()) {
    if (!read_target_settings(*parsed, target, command, settings)) return 1;
  } else {
    auto state = state::StateDb::open(path, /*create=*/true);
    auto changed = !state      ? StatusOr<state::TargetSettings>(state.error())
                   : keep_list ? (*state)->change_keep(target, names, parsed->has("--remove"), "cli")
                               : (*state)->change_brand_terms(target, names, parsed->has("--remove"));
    if (!changed) {
      std::fprintf(stderr, "linklens %s: %s\n", command, changed.error().message().c_str());
      return 1;
    }
    settings = std::move(changed).value();
  }
  if (keep_list) {
    std::printf("keep list for %s (%s): %zu domains\n", target.c_str(), path.c_str(), settings.keep.size());
    for (const auto& d : settings.keep) std::printf("  %s\n", d.c_str());
  } else {
    std::printf("brand terms for %s (%s), besides its label and home page names: %zu\n", target.c_str(), path.c_str(),
                settings.brand_terms.size());
    for (const auto& t : settings.brand_terms) std::printf("  %s\n", t.c_str());
  }
  return 0;
}

}  // namespace

int run_keep(const std::vector<std::string>& args) { return change_settings(args, "keep", true); }
int run_brand(const std::vector<std::string>& args) { return change_settings(args, "brand", false); }

}  // namespace linklens::cli
