// The classification every link producer shares, once a link's evidence is gathered: anchor
// (text, image alt, aria-label, title), target and scope, anchor class, follow status, placement
// (an ancestor's signal, or decided from the link's block) and weight. The HTML inspector gathers
// the evidence from its token stream, classify_links() from the browser's live DOM; both call
// classify_link(), so a link means the same thing in the crawler's view and the browser's.
#pragma once

#include <string>
#include <string_view>

#include "content_scorer.h"
#include "linklens/inspect.h"
#include "linklens/link_record.h"
#include "linklens/public_suffix.h"
#include "linklens/url.h"

namespace linklens::classify {

constexpr std::size_t kContextBytes = 200;  // a link's context text, at most

// Views into what the caller keeps until classify_link returns (a page has a link per block of
// a menu: a copy of the block's text for each was a large part of a link's cost).
struct LinkEvidence {
  bool has_image = false;
  std::string_view image_alt, aria_label, rel_attribute;
  Placement placement = Placement::kOther;  // from the innermost ancestor with a placement signal
  bool signalled = false;                   // an ancestor gave the placement
  bool has_block = false;                   // the paragraph-like container around the link
  std::string_view block_text;
  uint32_t block_chars = 0, block_link_chars = 0;
  content::Verdict verdict = content::Verdict::kUndecided;  // the content scorer's, for the block
  bool inline_furniture = false;  // the placement signal comes from an inline element inside the block
  bool in_container = false;      // inside a content container (article, post-body...)
  uint32_t container_chars = 0;   // its visible characters
};

struct PageContext {
  const Url& base;
  std::string_view page_host, page_domain;
  SuffixOptions suffix_options;
  const InspectOptions& options;
  bool page_nofollow = false;
  double count_factor = 1;  // from the page's link count (count_factor())
};

double count_factor(std::size_t link_count);

// REQUIRES: link.href, kind, anchor (raw text), title, hidden and position are set.
void classify_link(LinkRecord& link, const LinkEvidence& evidence, const PageContext& page);

// Combines meta robots and X-Robots-Tag headers into page.robots (and records the sources).
void apply_page_robots(PageFacts& page, const std::vector<std::pair<std::string, std::string>>& headers);

// Truncates UTF-8 at a character boundary near `max` bytes, with an ellipsis.
std::string cap_utf8(std::string_view s, std::size_t max);

}  // namespace linklens::classify
