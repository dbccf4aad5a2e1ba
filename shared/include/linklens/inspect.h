// inspect_html: a page's bytes (UTF-8), its URL and its HTTP headers in; its page facts and every
// link as a LinkRecord out. Pure and I/O-free, so the same code answers in the browser (wasm), the
// indexer and the CLI. Legacy encodings are converted to UTF-8 by the caller (server/).
//
// What counts as a link: a[href], area[href], form[action], iframe[src], frame[src],
// link[rel=canonical] (kind canonical) and meta refresh (kind redirect). Links inside <template>
// are not links of the page (as in a browser's DOM); links in SVG/MathML are not counted.
// With scripting off (default, a crawler's view) <noscript> content is markup and its links are
// marked in_noscript; with scripting on (a browser's view) it is raw text and has no links.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "linklens/link_record.h"
#include "linklens/result.h"

namespace linklens {

struct InspectOptions {
  std::string page_url;  // required: the document's URL, base of every relative link
  std::vector<std::pair<std::string, std::string>> headers;  // HTTP response headers (name, value)
  bool scripting = false;
  // Anchor classification: the target's brand (default: derived per link from its registrable
  // domain, "example" for www.example.co.uk) and the keywords a target wants to rank for.
  std::string brand;
  std::vector<std::string> keywords;
  bool include_private_suffixes = true;
};

enum class InspectError : uint8_t {
  kInvalidPageUrl = 1,  // page_url is not an absolute URL
};

const char* to_string(InspectError error);

Result<PageReport, InspectError> inspect_html(std::string_view html, const InspectOptions& options);

}  // namespace linklens
