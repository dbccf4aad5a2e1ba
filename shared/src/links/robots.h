// Page-level robots directives: <meta name="robots|googlebot" content="..."> and the
// X-Robots-Tag HTTP header, including its user-agent-scoped form ("googlebot: nofollow").
// Linklens applies what Google applies: unscoped directives and those scoped to googlebot.
#pragma once

#include <string_view>

#include "linklens/link_record.h"

namespace linklens::robots {

// Applies a comma-separated directive list ("noindex, nofollow", "none", ...).
void apply_directives(std::string_view content, RobotsDirectives& d);

// Applies one X-Robots-Tag header value. A "name:" prefix that is not a directive scopes what
// follows to that user agent; directives for other agents are ignored.
void apply_x_robots_tag(std::string_view value, RobotsDirectives& d);

// True for the meta names whose directives a search engine applies here.
bool is_applicable_meta_name(std::string_view name);

}  // namespace linklens::robots
