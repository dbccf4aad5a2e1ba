#include "cli/audit_options.h"

#include <cstdio>

#include "index/target.h"

namespace linklens::cli {

std::string registrable(const std::string& input, const char* command) {
  api::Target t;
  if (Status e = api::parse_target(input, "domain", t); !e.ok()) {
    std::fprintf(stderr, "linklens %s: %s\n", command, e.message().c_str());
    return {};
  }
  return t.domain;
}

std::string state_path(const ParsedArgs& parsed) {
  const std::string index = parsed.last("--store").value_or(parsed.last("--db").value_or("linklens.db"));
  return state::state_path_for(index, parsed.last("--state").value_or(""));
}

bool read_target_settings(const ParsedArgs& parsed, const std::string& domain, const char* command,
                          state::TargetSettings& out) {
  auto settings = state::read_settings(state_path(parsed), domain);
  if (!settings) {
    std::fprintf(stderr, "linklens %s: %s\n", command, settings.error().message().c_str());
    return false;
  }
  out = std::move(settings).value();
  return true;
}

}  // namespace linklens::cli
