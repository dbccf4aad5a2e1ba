// A shortcut through the URL parser for the hrefs most pages are made of. Internal to the URL
// parser; the tests compare it with the full state machine.
#pragma once

#include <string_view>

#include "linklens/result.h"
#include "linklens/url.h"
#include "url_writer.h"

namespace linklens::url_detail {

// Fills `parts` for an href of one of the common shapes, as the basic URL parser would, and
// returns true:
//   - "http://host/path?query#fragment" or "https://...";
//   - "//host/path..." or "/path..." against an http or https base.
// The host must be letters, digits, '-' and '.' (an ASCII domain, only lowercased by the parser)
// without a port, credentials or a final label that could be an IPv4 number; the path, query
// and fragment printable ASCII that their percent-encode sets leave alone, and the path without
// dot segments or backslashes. Anything else returns false, and the caller runs the full parser.
bool parse_common_url(std::string_view input, const Url* base, UrlParts& parts);

// The full parser alone (without the shortcut), for the tests that check one against the other.
Result<Url, UrlError> parse_url_without_shortcut(std::string_view input, const Url* base);

}  // namespace linklens::url_detail
