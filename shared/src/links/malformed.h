// Why a link is malformed, for people: the href does not parse as a URL, it names a scheme a
// letter or two off http(s) (a real page's "ttps://"), or it is an absolute URL written without
// its scheme ("www.example.com", "https//example.com"), which a browser reads as a path on the
// page's own site. Other schemes (mailto:, tel:, app links) are not problems.
#pragma once

#include <string>
#include <string_view>

namespace linklens::links {

// "" when the link is fine. `parsed`: the href resolved against the page's base.
std::string malformed_reason(std::string_view href, bool parsed);

}  // namespace linklens::links
