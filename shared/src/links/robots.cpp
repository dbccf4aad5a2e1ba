#include "robots.h"

#include "text_util.h"

namespace linklens::robots {
namespace {

void apply_one(std::string_view directive, RobotsDirectives& d) {
  directive = text::trim(directive);
  if (text::iequals(directive, "noindex"))
    d.noindex = true;
  else if (text::iequals(directive, "nofollow"))
    d.nofollow = true;
  else if (text::iequals(directive, "none"))
    d.noindex = d.nofollow = true;
  else if (text::iequals(directive, "noarchive"))
    d.noarchive = true;
  else if (text::iequals(directive, "nosnippet"))
    d.nosnippet = true;
  else if (text::iequals(directive, "noimageindex"))
    d.noimageindex = true;
}

// Directives that carry a value after ':' (so their ':' is not a user-agent scope).
bool is_valued_directive(std::string_view name) {
  return text::iequals(name, "unavailable_after") || text::iequals(name, "max-snippet") ||
         text::iequals(name, "max-image-preview") || text::iequals(name, "max-video-preview");
}

bool agent_applies(std::string_view agent) {
  agent = text::trim(agent);
  return agent.empty() || agent == "*" || text::iequals(agent, "googlebot");
}

}  // namespace

void apply_directives(std::string_view content, RobotsDirectives& d) {
  std::size_t start = 0;
  while (start <= content.size()) {
    std::size_t comma = content.find(',', start);
    if (comma == std::string_view::npos) comma = content.size();
    apply_one(content.substr(start, comma - start), d);
    start = comma + 1;
  }
}

void apply_x_robots_tag(std::string_view value, RobotsDirectives& d) {
  std::string_view agent;  // empty: applies to all
  std::size_t start = 0;
  while (start <= value.size()) {
    std::size_t comma = value.find(',', start);
    if (comma == std::string_view::npos) comma = value.size();
    std::string_view part = text::trim(value.substr(start, comma - start));
    std::size_t colon = part.find(':');
    if (colon != std::string_view::npos && !is_valued_directive(text::trim(part.substr(0, colon)))) {
      agent = text::trim(part.substr(0, colon));
      part = part.substr(colon + 1);
    }
    if (agent_applies(agent)) apply_one(part, d);
    start = comma + 1;
  }
}

bool is_applicable_meta_name(std::string_view name) {
  name = text::trim(name);
  return text::iequals(name, "robots") || text::iequals(name, "googlebot");
}

}  // namespace linklens::robots
