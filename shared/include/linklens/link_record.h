// LinkRecord: the one record type that flows through Linklens (DESIGN.md). The HTML inspector
// produces it, the extension's DOM walker produces the same fields, the store keeps it and the
// API returns it. Its JSON form is documented in docs/link-record.md and written by
// report_to_json() (report_json.h); every producer is tested against that document.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace linklens {

// Internal: same host. Subdomain: same registrable domain, other host. External: other
// registrable domain. Other: not a web link (mailto:, tel:, javascript:, data:, ...).
enum class LinkScope : uint8_t { kInternal, kSubdomain, kExternal, kOther };

// The strongest of the rel hints a link carries: sponsored > ugc > nofollow > follow.
enum class FollowStatus : uint8_t { kFollow, kNofollow, kSponsored, kUgc };

enum class LinkKind : uint8_t { kText, kImage, kArea, kForm, kFrame, kCanonical, kRedirect, kOther };

enum class AnchorClass : uint8_t { kBranded, kExact, kPartial, kNakedUrl, kGeneric, kImage, kEmpty, kOther };

enum class Placement : uint8_t { kContent, kNavigation, kHeader, kFooter, kSidebar, kComment, kBreadcrumb, kOther };

const char* to_string(LinkScope v);
const char* to_string(FollowStatus v);
const char* to_string(LinkKind v);
const char* to_string(AnchorClass v);
const char* to_string(Placement v);

struct LinkRecord {
  std::string href;    // as written (attribute value, entities decoded, untrimmed)
  std::string url;     // resolved against the page's base, normalised (WHATWG), without fragment;
                       // empty when the href does not parse
  std::string host;    // url's host ("" when none)
  std::string domain;  // registrable domain of host ("" for IPs and suffix-only hosts)
  LinkScope scope = LinkScope::kOther;
  std::vector<std::string> rel;                           // tokens, ASCII-lowercased, in document order, no duplicates
  bool nofollow = false, sponsored = false, ugc = false;  // each rel hint present
  FollowStatus follow = FollowStatus::kFollow;            // from rel alone
  FollowStatus effective_follow = FollowStatus::kFollow;  // with page-level robots nofollow
  LinkKind kind = LinkKind::kText;
  std::string anchor;  // normalised visible text; image alt for image links; aria-label/title fallback
  AnchorClass anchor_class = AnchorClass::kOther;
  Placement placement = Placement::kOther;
  uint32_t ordinal = 0;         // document order among the page's links, from 0
  double position = 0;          // start offset / page length, 0..1
  double weight = 0;            // reasonable-surfer prominence 0..1 (docs/link-record.md)
  bool hidden = false;          // raw HTML: hidden attribute, display:none / visibility:hidden inline style
  bool in_noscript = false;     // inside <noscript> in the crawler view (scripting off)
  bool rendered_only = false;   // browser producer only: in the live DOM, not in the raw HTML
  bool in_shadow_root = false;  // browser producer only: inside an (open) shadow root
  bool in_iframe = false;       // browser producer only: inside a same-origin iframe
  std::string problem;          // why the link is malformed, for people; "" when it is not (docs/link-record.md)
  std::string context;          // text of the enclosing block (paragraph, list item, cell...),
                                // whitespace-collapsed, at most ~200 bytes
  std::string title;            // title attribute
  std::string target;           // target attribute (_blank, ...)
  uint32_t offset = 0;          // byte offset of the element in the (UTF-8) page
};

struct RobotsDirectives {
  bool noindex = false, nofollow = false, noarchive = false, nosnippet = false, noimageindex = false;
};

struct PageFacts {
  std::string url;   // the page's URL as given (final URL after redirects)
  std::string base;  // first <base href>, resolved; "" when none
  std::string title;
  std::string site_name;         // <meta property=og:site_name>: the site's own name (the audit's brand terms)
  std::string application_name;  // <meta name=application-name>
  std::string lang;
  std::string canonical;                    // resolved; "" when none
  std::string meta_refresh;                 // resolved target of <meta http-equiv=refresh>; "" when none
  std::string charset;                      // declared in <meta charset> / http-equiv, "" when none
  std::string host, domain;                 // of url
  RobotsDirectives meta_robots;             // <meta name=robots> and <meta name=googlebot>
  RobotsDirectives x_robots_tag;            // X-Robots-Tag headers, unscoped or for googlebot
  RobotsDirectives robots;                  // the two combined: what a search engine applies
  std::vector<std::string> robots_sources;  // each directive source as found, for explanation
  uint32_t link_count = 0;
  uint32_t bytes = 0;
};

struct PageReport {
  PageFacts page;
  std::vector<LinkRecord> links;
};

}  // namespace linklens
