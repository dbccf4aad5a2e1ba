#include "link_classifier.h"

#include <algorithm>
#include <cmath>

#include "anchor_class.h"
#include "linklens/link_fields.h"
#include "robots.h"
#include "text_util.h"

namespace linklens::classify {
namespace {

// A block reads as prose when it has this much text of its own around its links...
constexpr uint32_t kProseMinChars = 40;
constexpr double kProseMaxDensity = 0.5;
// An article container (article element, "post-content"...) with less text is a teaser card.
constexpr uint32_t kArticleMinChars = 600;
// A link alone in its block, with an anchor shorter than this, is article furniture.
constexpr uint32_t kBareLinkMaxOwnChars = 3;
constexpr std::size_t kBareLinkMaxAnchorChars = 25;
// A link cut with a list inside the article is cited with this much text of its own around it
// ("Get it on Amazon for $39 (save 20%)"), or with an anchor of kBareLinkMaxAnchorChars.
constexpr uint32_t kCitedMinOwnChars = 20;
// A paragraph this long and sparse in links is content even under a header/sidebar/other signal.
constexpr uint32_t kStrongProseMinChars = 120;
constexpr double kStrongProseMaxDensity = 0.3;

// Characters as a reader counts them (spaces included): "Get it on Amazon for $39" is a sentence
// of a product box, "The Verge" a label.
std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

double placement_factor(Placement p) {
  switch (p) {
    case Placement::kContent: return 1.0;
    case Placement::kBreadcrumb: return 0.5;
    case Placement::kOther: return 0.4;
    case Placement::kNavigation: return 0.35;
    case Placement::kHeader: return 0.3;
    case Placement::kSidebar: return 0.3;
    case Placement::kComment: return 0.25;
    case Placement::kFooter: return 0.15;
  }
  return 0.4;
}

}  // namespace

std::string cap_utf8(std::string_view s, std::size_t max) {
  if (s.size() <= max) return std::string(s);
  std::size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  std::string out(s.substr(0, cut));
  text::trim_trailing_space(out);
  out += "…";
  return out;
}

double count_factor(std::size_t link_count) {
  return 1.0 / std::sqrt(std::max(1.0, static_cast<double>(link_count) / 25.0));
}

void apply_page_robots(PageFacts& page, const std::vector<std::pair<std::string, std::string>>& headers) {
  for (const auto& [name, value] : headers) {
    if (text::iequals(text::trim(name), "x-robots-tag")) {
      robots::apply_x_robots_tag(value, page.x_robots_tag);
      page.robots_sources.push_back("X-Robots-Tag: " + value);
    }
  }
  page.robots = page.meta_robots;
  page.robots.noindex |= page.x_robots_tag.noindex;
  page.robots.nofollow |= page.x_robots_tag.nofollow;
  page.robots.noarchive |= page.x_robots_tag.noarchive;
  page.robots.nosnippet |= page.x_robots_tag.nosnippet;
  page.robots.noimageindex |= page.x_robots_tag.noimageindex;
}

void classify_link(LinkRecord& link, const LinkEvidence& ev, const PageContext& page) {
  // Anchor: innerText-like text; an image link's alt; then aria-label, then title.
  text::trim_trailing_space(link.anchor);
  link.anchor = std::string(text::trim(link.anchor));
  if (link.kind == LinkKind::kText && link.anchor.empty() && ev.has_image) {
    link.kind = LinkKind::kImage;
    link.anchor = std::string(text::trim(ev.image_alt));
  }
  if (link.anchor.empty() && !ev.aria_label.empty()) text::append_collapsed(link.anchor, ev.aria_label);
  if (link.anchor.empty() && !link.title.empty()) text::append_collapsed(link.anchor, link.title);
  text::trim_trailing_space(link.anchor);

  // Target and follow status, derived as every producer derives them (link_fields.h).
  std::string brand = set_target_fields(link, page.base, page.page_host, page.page_domain, page.suffix_options);
  if (!page.options.brand.empty()) brand = page.options.brand;
  link.anchor_class = anchors::classify(link.anchor, link.kind, link.host, brand, page.options.keywords);
  if (link.kind == LinkKind::kCanonical || link.kind == LinkKind::kRedirect || link.kind == LinkKind::kForm ||
      link.kind == LinkKind::kFrame) {
    link.anchor_class = link.anchor.empty() ? AnchorClass::kEmpty : link.anchor_class;
  }
  set_follow_fields(link, ev.rel_attribute, page.page_nofollow);

  // Placement, context and weight. Without an ancestor's signal a link is content when its
  // block reads as prose: enough text of its own around the links (docs/link-record.md).
  link.placement = ev.placement;
  bool signalled = ev.signalled;
  double density = 1.0;
  uint32_t own_text = 0;
  if (ev.has_block) {
    link.context = cap_utf8(text::trim(ev.block_text), kContextBytes);
    if (ev.block_chars > 0) density = std::min(1.0, static_cast<double>(ev.block_link_chars) / ev.block_chars);
    own_text = ev.block_chars - std::min(ev.block_chars, ev.block_link_chars);
  }
  const bool text_link = link.kind == LinkKind::kText || link.kind == LinkKind::kImage;
  // A short link standing alone in its block ("Twitter", "News", "Subscribe") is furniture
  // (share bar, section label), not text, even inside the article.
  const bool bare = own_text < kBareLinkMaxOwnChars && text::visible_chars(link.anchor) < kBareLinkMaxAnchorChars;
  if (ev.verdict != content::Verdict::kUndecided) {
    // The content scorer decided (it also cut blocks of links alone): main text is content;
    // elsewhere an ancestor's signal names the part of the page (navigation, footer...), or other.
    // A link to another site from a list of links inside the article's flow (a product box, a
    // source line, an embedded post) is cited by the article; one to the site itself is its
    // furniture (related stories, sections).
    // A short name with a word or two ("See it now: Amazon", "The Verge") is a button or a
    // source label, not a citation.
    const bool cited = ev.verdict == content::Verdict::kLinkList && link.scope == LinkScope::kExternal &&
                       (own_text >= kCitedMinOwnChars || code_points(link.anchor) >= kBareLinkMaxAnchorChars);
    if ((ev.verdict == content::Verdict::kMain || cited) && text_link && !ev.inline_furniture) {
      link.placement = Placement::kContent;
    } else if (link.placement == Placement::kContent) {
      link.placement = Placement::kOther;
    }
  } else {
    // A page with too little text for the scorer (a card, a stub): the block's own evidence.
    const bool prose = own_text >= kProseMinChars && density <= kProseMaxDensity;
    if (link.placement == Placement::kContent && (!ev.in_container || ev.container_chars < kArticleMinChars)) {
      signalled = false;  // a teaser card, not an article: decide from the block
      link.placement = Placement::kOther;
    }
    if (link.placement == Placement::kContent && bare) {
      link.placement = Placement::kOther;
    } else if (!signalled && prose && text_link) {
      link.placement = Placement::kContent;
    } else if (own_text >= kStrongProseMinChars && density <= kStrongProseMaxDensity &&
               (link.placement == Placement::kHeader || link.placement == Placement::kSidebar ||
                link.placement == Placement::kOther)) {
      // A real paragraph outweighs a loose class word ("rail", "header") on some wrapper far up.
      link.placement = Placement::kContent;
    }
  }
  if (link.kind == LinkKind::kCanonical || link.kind == LinkKind::kRedirect) {
    link.weight = 1.0;  // they pass a page's signals whole
  } else if (link.kind == LinkKind::kForm || link.hidden) {
    link.weight = 0.0;
  } else {
    double w =
        placement_factor(link.placement) * (1.0 - 0.5 * link.position) * (1.0 - 0.7 * density) * page.count_factor;
    if (link.kind == LinkKind::kFrame) w *= 0.5;
    link.weight = std::clamp(w, 0.0, 1.0);
  }
}

}  // namespace linklens::classify
