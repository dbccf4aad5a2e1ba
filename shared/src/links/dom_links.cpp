// classify_links: DOM observations in, LinkRecords out, through the classifier inspect_html uses.
#include <algorithm>
#include <unordered_set>

#include "content_scorer.h"
#include "element_stack.h"
#include "link_classifier.h"
#include "linklens/classify_links.h"
#include "linklens/url.h"
#include "placement.h"
#include "robots.h"
#include "text_util.h"

namespace linklens {
namespace {

using placement::Signal;

// The innermost ancestor signal decides, as on the inspector's element stack; an ancestor inside
// a content container sees header/footer as the article's own.
void placement_evidence(const std::vector<DomElement>& ancestors, placement::TokenSignalCache& cache,
                        classify::LinkEvidence& ev) {
  bool inside_content = false;
  Signal inherited = Signal::kNone;
  bool inline_signal = false;  // the signal comes from an inline element below the link's block
  for (const DomElement& a : ancestors) {
    placement::ElementSignals e{a.tag, a.role, a.id, a.class_name, a.itemprop, a.itemtype, a.aria_label};
    Signal s = placement::signal_of(e, inside_content, cache);
    const bool block = (html::element_flags(text::ascii_lowercase(a.tag)) & html::kBlock) != 0;
    if (s != Signal::kNone) {
      inherited = s;
      inline_signal = !block;
    } else if (block) {
      inline_signal = false;  // a block below the signalling element holds the link
    }
    if (s == Signal::kContent) {
      inside_content = true;
      ev.in_container = true;
      ev.container_chars = a.text_chars;  // the innermost container counts
    }
  }
  ev.signalled = inherited != Signal::kNone;
  ev.inline_furniture = inline_signal && inherited != Signal::kContent;
  ev.placement = ev.signalled ? placement::to_placement(inherited) : Placement::kOther;
}

// The content scorer's verdict for each block of the page, as inspect_html reaches it from the
// same blocks in raw HTML. A parent index that does not come before its child is dropped.
std::vector<content::Verdict> score_dom_blocks(const std::vector<DomBlock>& blocks,
                                               placement::TokenSignalCache& cache) {
  std::vector<content::BlockFacts> facts(blocks.size());
  std::vector<uint8_t> inside_content(blocks.size(), 0);
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const DomBlock& b = blocks[i];
    const DomElement& a = b.element;
    content::BlockFacts& f = facts[i];
    f.parent = b.parent >= 0 && static_cast<std::size_t>(b.parent) < i ? b.parent : -1;
    const bool in_content = f.parent >= 0 && inside_content[static_cast<std::size_t>(f.parent)];
    const std::string tag = text::ascii_lowercase(a.tag);
    placement::ElementSignals e{tag, a.role, a.id, a.class_name, a.itemprop, a.itemtype, a.aria_label};
    f.signal = placement::signal_of(e, in_content, cache);
    inside_content[i] = in_content || f.signal == Signal::kContent;
    f.tag = content::block_tag_of(tag);
    if (!a.class_name.empty() || !a.id.empty()) {
      const placement::ClassWeight w = placement::class_weight(a.class_name, a.id, cache);
      f.class_weight = w.weight;
      f.positive = w.positive;
    }
    f.chars = b.chars;
    f.link_chars = std::min(b.link_chars, b.chars);
    f.commas = b.commas;
    f.links = b.links;
  }
  return content::score_blocks(facts);
}

}  // namespace

Result<PageReport, InspectError> classify_links(const DomPage& dom_page, const std::vector<DomLink>& links,
                                                const InspectOptions& options) {
  auto page_url = parse_url(dom_page.url);
  if (!page_url) return InspectError::kInvalidPageUrl;
  Url base = *page_url;
  if (!dom_page.base_url.empty()) {
    if (auto b = parse_url(dom_page.base_url)) base = std::move(b).value();
  }

  PageReport report;
  PageFacts& page = report.page;
  page.url = std::string(page_url->href());
  if (base.href() != page_url->href()) page.base = std::string(base.href());
  page.title = std::string(text::trim(dom_page.title));
  page.lang = dom_page.lang;
  if (!dom_page.canonical.empty()) {
    if (auto c = parse_url(dom_page.canonical, base)) page.canonical = std::string(c->href());
  }
  const SuffixOptions suffix_options{.include_private = options.include_private_suffixes};
  page.host = std::string(page_url->hostname());
  if (page_url->host_type() == HostType::kDomain) {
    page.domain = std::string(PublicSuffixList::builtin().split_host(page.host, suffix_options).registrable_domain());
  }
  for (const auto& [name, content] : dom_page.metas) {
    // The content script sends meta[property=og:site_name] under its property.
    const std::string key = text::ascii_lowercase(text::trim(name));
    if (key == "og:site_name" && page.site_name.empty()) page.site_name = std::string(text::trim(content));
    if (key == "application-name" && page.application_name.empty()) {
      page.application_name = std::string(text::trim(content));
    }
    if (robots::is_applicable_meta_name(name)) {
      robots::apply_directives(content, page.meta_robots);
      page.robots_sources.push_back("meta " + name + ": " + content);
    }
  }
  classify::apply_page_robots(page, options.headers);

  const classify::PageContext context{base,
                                      page.host,
                                      page.domain,
                                      suffix_options,
                                      options,
                                      page.robots.nofollow,
                                      classify::count_factor(links.size())};
  placement::TokenSignalCache cache;
  const std::vector<content::Verdict> verdicts = score_dom_blocks(dom_page.blocks, cache);
  const double height = std::max(1.0, dom_page.height);
  report.links.reserve(links.size());
  uint32_t ordinal = 0;
  for (const DomLink& d : links) {
    LinkRecord link;
    link.href = d.href;
    link.kind = d.tag == "area" ? LinkKind::kArea : LinkKind::kText;
    link.anchor = d.text;
    link.title = d.title;
    link.target = d.target;
    link.hidden = d.hidden;
    link.ordinal = ordinal++;
    link.position = std::clamp(d.top / height, 0.0, 1.0);
    link.in_shadow_root = d.in_shadow_root;
    link.in_iframe = d.in_iframe;
    classify::LinkEvidence ev;
    ev.has_image = d.has_image;
    ev.image_alt = d.image_alt;
    ev.aria_label = d.aria_label;
    ev.rel_attribute = d.rel;
    placement_evidence(d.ancestors, cache, ev);
    if (d.block_index >= 0 && static_cast<std::size_t>(d.block_index) < verdicts.size())
      ev.verdict = verdicts[static_cast<std::size_t>(d.block_index)];
    if (d.block_chars > 0 || !d.block_text.empty()) {
      ev.has_block = true;
      ev.block_text = d.block_text;
      ev.block_chars = d.block_chars;
      ev.block_link_chars = d.block_link_chars;
    }
    if (d.block_index >= 0 && static_cast<std::size_t>(d.block_index) < dom_page.blocks.size()) {
      // The block's own text as the inspector counts it (no whitespace, nested blocks apart),
      // so the rules that read it decide alike in the browser and the CLI.
      const DomBlock& b = dom_page.blocks[static_cast<std::size_t>(d.block_index)];
      ev.has_block = true;
      ev.block_chars = b.chars;
      ev.block_link_chars = std::min(b.link_chars, b.chars);
    }
    classify::classify_link(link, ev, context);
    report.links.push_back(std::move(link));
  }
  page.link_count = static_cast<uint32_t>(report.links.size());
  return report;
}

std::size_t mark_rendered_only(PageReport& rendered, const PageReport& raw) {
  std::unordered_set<std::string_view> raw_urls;
  raw_urls.reserve(raw.links.size());
  for (const LinkRecord& l : raw.links) raw_urls.insert(l.url);
  for (LinkRecord& l : rendered.links) l.rendered_only = !l.url.empty() && raw_urls.count(l.url) == 0;
  return raw.links.size();
}

}  // namespace linklens
