// classify_links: the browser's view of a page's links. The extension's content script walks the
// live DOM (after scripts ran: links added later, open shadow roots, same-origin iframes) and
// reports what it sees of each link; this turns those observations into LinkRecords with the
// same rules inspect_html applies to raw HTML (shared: follow status, scope, anchor class,
// placement from ancestors and blocks, weight). One call per page.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "linklens/inspect.h"
#include "linklens/link_record.h"
#include "linklens/result.h"

namespace linklens {

// An ancestor of a link, as far as placement goes.
struct DomElement {
  std::string tag;  // lowercase local name
  std::string role, id, class_name, itemprop, itemtype, aria_label;
  uint32_t text_chars = 0;  // its visible text length, when the producer measured it (content containers)
};

// A block element of the page (the inspector's paragraph-like set: p, li, td, div, section,
// article...), for the content scorer. The content script sends every one in document order
// (parents first) with the text whose nearest block it is, so the browser's page is scored as the
// same page's raw HTML is.
struct DomBlock {
  int32_t parent = -1;      // index in DomPage::blocks of the enclosing block, or -1
  DomElement element;       // tag, role, id, class...
  uint32_t chars = 0;       // visible characters of its own text (whitespace aside), links included
  uint32_t link_chars = 0;  // of which inside links
  uint32_t commas = 0;      // commas in its own text
  uint32_t links = 0;       // a[href] whose nearest block it is
};

struct DomLink {
  std::string href;       // the attribute as written
  std::string tag = "a";  // "a" or "area"
  std::string rel, text, title, target, aria_label;
  bool has_image = false;  // contains an <img> (or role=img)
  std::string image_alt;
  bool hidden = false;                // not rendered (checkVisibility() false, zero box)
  std::vector<DomElement> ancestors;  // outermost first; the link's parent last
  double top = 0;                     // document y of its box, CSS px
  // The nearest block-level ancestor (p, li, td, div...): its text and how much of it is link text.
  std::string block_text;
  uint32_t block_chars = 0, block_link_chars = 0;
  bool in_shadow_root = false, in_iframe = false;
  int32_t block_index = -1;  // its nearest block in DomPage::blocks; -1 when none was sent
};

struct DomPage {
  std::string url;                                         // document.URL
  std::string base_url;                                    // document.baseURI ("" = url)
  std::string title, lang, canonical;                      // canonical: link[rel=canonical] href as written
  std::vector<std::pair<std::string, std::string>> metas;  // (name, content) of every meta[name]
  double height = 0;                                       // document height, CSS px (for position)
  std::vector<DomBlock> blocks;  // the block tree; empty: placement from ancestors and blocks only
};

// `options.page_url` is ignored (the page's URL is page.url); headers (X-Robots-Tag), brand,
// keywords and include_private_suffixes apply as in inspect_html.
Result<PageReport, InspectError> classify_links(const DomPage& page, const std::vector<DomLink>& links,
                                                const InspectOptions& options);

// Marks the links of `rendered` (from classify_links) that the raw HTML of the same page does not
// have (by resolved URL): links a non-rendering crawler never sees. Returns how many links the
// raw HTML has.
std::size_t mark_rendered_only(PageReport& rendered, const PageReport& raw);

}  // namespace linklens
