// Tokens are matched on class, id, role, itemprop and aria-label, split on anything that is not
// an ASCII letter or digit ("site-footer" -> site, footer). Short words match whole tokens only
// ("nav" but not "unavailable"); long, unambiguous words also match inside compounds
// ("leftsidebar", "sitefooter").
#include "placement.h"

#include <array>
#include <bit>
#include <cstdint>
#include <string>

#include "text_util.h"

namespace linklens::placement {
namespace {

struct Word {
  std::string_view word;
  Signal signal;
  bool substring;  // also matches inside a compound token
};

// Boilerplate words first: within one element they beat content words ("main-nav").
constexpr std::array kWords = {
    Word{"breadcrumb", Signal::kBreadcrumb, true},
    Word{"breadcrumbs", Signal::kBreadcrumb, true},
    Word{"crumbs", Signal::kBreadcrumb, false},
    Word{"nav", Signal::kNavigation, false},
    Word{"navbar", Signal::kNavigation, true},
    Word{"navigation", Signal::kNavigation, true},
    Word{"menu", Signal::kNavigation, false},
    Word{"menubar", Signal::kNavigation, true},
    Word{"megamenu", Signal::kNavigation, true},
    Word{"topnav", Signal::kNavigation, true},
    Word{"pagination", Signal::kNavigation, true},
    Word{"pager", Signal::kNavigation, false},
    Word{"toc", Signal::kNavigation, false},
    Word{"skip", Signal::kNavigation, false},
    Word{"footer", Signal::kFooter, true},
    Word{"foot", Signal::kFooter, false},
    Word{"copyright", Signal::kFooter, true},
    Word{"colophon", Signal::kFooter, false},
    Word{"header", Signal::kHeader, true},
    Word{"masthead", Signal::kHeader, true},
    Word{"banner", Signal::kHeader, false},
    Word{"topbar", Signal::kHeader, true},
    Word{"sidebar", Signal::kSidebar, true},
    Word{"aside", Signal::kSidebar, false},
    Word{"widget", Signal::kSidebar, true},
    Word{"widgets", Signal::kSidebar, true},
    Word{"rail", Signal::kSidebar, false},
    Word{"secondary", Signal::kSidebar, false},
    Word{"comment", Signal::kComment, true},
    Word{"comments", Signal::kComment, true},
    Word{"disqus", Signal::kComment, true},
    Word{"respond", Signal::kComment, false},
    Word{"replies", Signal::kComment, false},
    Word{"discussion", Signal::kComment, false},
    Word{"related", Signal::kBoilerplate, false},
    Word{"share", Signal::kBoilerplate, false},
    Word{"sharing", Signal::kBoilerplate, false},
    Word{"social", Signal::kBoilerplate, false},
    Word{"newsletter", Signal::kBoilerplate, true},
    Word{"subscribe", Signal::kBoilerplate, false},
    Word{"promo", Signal::kBoilerplate, false},
    Word{"advert", Signal::kBoilerplate, true},
    Word{"advertisement", Signal::kBoilerplate, true},
    Word{"ad", Signal::kBoilerplate, false},
    Word{"ads", Signal::kBoilerplate, false},
    Word{"sponsored", Signal::kBoilerplate, false},
    Word{"recommended", Signal::kBoilerplate, false},
    Word{"trending", Signal::kBoilerplate, false},
    Word{"popular", Signal::kBoilerplate, false},
    Word{"outbrain", Signal::kBoilerplate, true},
    Word{"taboola", Signal::kBoilerplate, true},
    Word{"cookie", Signal::kBoilerplate, false},
    Word{"byline", Signal::kBoilerplate, true},
    Word{"author", Signal::kBoilerplate, false},
    Word{"authors", Signal::kBoilerplate, false},
    Word{"meta", Signal::kBoilerplate, false},
    Word{"tags", Signal::kBoilerplate, false},
    Word{"tag", Signal::kBoilerplate, false},
    Word{"categories", Signal::kBoilerplate, false},
    Word{"category", Signal::kBoilerplate, false},
    Word{"dateline", Signal::kBoilerplate, false},
    Word{"signup", Signal::kBoilerplate, false},
    Word{"paywall", Signal::kBoilerplate, true},
    Word{"rollover", Signal::kBoilerplate, true},
    Word{"tooltip", Signal::kBoilerplate, true},
    Word{"popover", Signal::kBoilerplate, true},
    Word{"hovercard", Signal::kBoilerplate, true},
};

bool is_article_word(std::string_view t) {
  return t == "article" || t == "post" || t == "entry" || t == "story" || t == "blog" || t == "news";
}
bool is_body_word(std::string_view t) { return t == "body" || t == "content" || t == "text" || t == "prose"; }

// Content needs both halves, as in "article-body", "post-content", "entry-content", "storyBody"
// or one compound token: a lone "content" or "main" names a page wrapper, not the article.
bool is_content_compound(std::string_view t) {
  for (std::string_view a : {"article", "post", "entry", "story", "blog"}) {
    if (t.substr(0, a.size()) != a) continue;
    std::string_view rest = t.substr(a.size());
    if (rest == "body" || rest == "content" || rest == "text" || rest == "prose") return true;
  }
  return false;
}

// `article`, `body` and `compound`: is_article_word(t), is_body_word(t), is_content_compound(t).
bool is_positive_word(std::string_view t, bool article, bool body, bool compound) {
  return article || body || compound || t == "main" || t == "hentry" || t == "page" || t == "column" || t == "embed";
}

struct TokenFacts {
  Signal signal = Signal::kNone;
  bool positive = false;
};

// Sets of kWords (bit i of the 128: kWords[i]), so a token is compared with the few words that
// can match it, not all of them. (Every word is lowercase ASCII letters.)
static_assert(kWords.size() <= 128);
using WordSet = std::array<uint64_t, 2>;

int letter(char c) { return c >= 'a' && c <= 'z' ? c - 'a' : -1; }

struct WordIndex {
  std::array<WordSet, 26> by_first_letter{};  // every word, by its first letter (whole-token matches)
  std::array<WordSet, 26 * 26> by_opening{};  // words that match inside compounds, by their first two letters
  constexpr WordIndex() {
    for (std::size_t i = 0; i < kWords.size(); ++i) {
      const std::string_view w = kWords[i].word;
      by_first_letter[static_cast<std::size_t>(w[0] - 'a')][i / 64] |= uint64_t{1} << (i % 64);
      if (kWords[i].substring)
        by_opening[static_cast<std::size_t>((w[0] - 'a') * 26 + (w[1] - 'a'))][i / 64] |= uint64_t{1} << (i % 64);
    }
  }
};
constexpr WordIndex kWordIndex;

// The first word of `set` below `limit` for which `matches(word)` holds, or `limit`.
template <class Matches>
std::size_t first_in(const WordSet& set, std::size_t limit, Matches&& matches) {
  for (std::size_t half = 0; half < 2; ++half) {
    for (uint64_t m = set[half]; m != 0; m &= m - 1) {
      const std::size_t i = half * 64 + static_cast<std::size_t>(std::countr_zero(m));
      if (i >= limit) return limit;
      if (matches(kWords[i].word)) return i;
    }
  }
  return limit;
}

// The signal of the first word of kWords that a (lowercase) token is, or holds when the word
// matches inside compounds.
Signal furniture_signal(std::string_view token) {
  std::size_t best = kWords.size();
  if (!token.empty() && letter(token[0]) >= 0) {
    best = first_in(kWordIndex.by_first_letter[static_cast<std::size_t>(letter(token[0]))], best,
                    [&](std::string_view w) { return token == w; });
  }
  // A word inside the token starts at a letter pair that opens it.
  for (std::size_t at = 0; at + 1 < token.size(); ++at) {
    const int a = letter(token[at]), b = letter(token[at + 1]);
    if (a < 0 || b < 0) continue;
    best = first_in(kWordIndex.by_opening[static_cast<std::size_t>(a * 26 + b)], best,
                    [&](std::string_view w) { return token.substr(at).starts_with(w); });
  }
  return best < kWords.size() ? kWords[best].signal : Signal::kNone;
}

TokenFacts facts_of_tokens(std::string_view value) {
  bool article = false, body = false, compound = false, positive = false;
  Signal boilerplate = Signal::kNone;
  char lowered[64];  // a token, lowercased; longer ones go to `long_token`
  std::string long_token;
  std::size_t i = 0;
  while (i < value.size()) {
    while (i < value.size() && !text::is_ascii_alnum(value[i])) ++i;
    std::size_t start = i;
    while (i < value.size() && text::is_ascii_alnum(value[i])) ++i;
    if (i == start) break;
    const std::string_view raw = value.substr(start, i - start);
    std::string_view token;
    if (raw.size() <= sizeof lowered) {
      for (std::size_t k = 0; k < raw.size(); ++k) lowered[k] = text::ascii_lower(raw[k]);
      token = std::string_view(lowered, raw.size());
    } else {
      long_token = text::ascii_lowercase(raw);
      token = long_token;
    }
    const bool article_word = is_article_word(token), body_word = is_body_word(token),
               compound_word = is_content_compound(token);
    positive |= is_positive_word(token, article_word, body_word, compound_word);
    if (boilerplate != Signal::kNone) continue;  // the first furniture word decides the signal
    boilerplate = furniture_signal(token);
    article |= article_word;
    body |= body_word;
    compound |= compound_word;
  }
  if (boilerplate != Signal::kNone) return {boilerplate, positive};
  return {(compound || (article && body)) ? Signal::kContent : Signal::kNone, positive};
}

Signal signal_of_role(std::string_view role) {
  role = text::trim(role);
  if (text::iequals(role, "navigation") || text::iequals(role, "menu") || text::iequals(role, "menubar"))
    return Signal::kNavigation;
  if (text::iequals(role, "banner")) return Signal::kHeader;
  if (text::iequals(role, "contentinfo")) return Signal::kFooter;
  if (text::iequals(role, "complementary")) return Signal::kSidebar;
  if (text::iequals(role, "article")) return Signal::kContent;
  return Signal::kNone;
}

}  // namespace

TokenSignalCache::Facts TokenSignalCache::facts(std::string_view value) {
  if (value.empty()) return {};
  if (slots_.empty()) slots_.resize(256);
  const uint64_t hash = std::hash<std::string_view>{}(value);
  const std::size_t mask = slots_.size() - 1;
  std::size_t at = hash & mask;
  for (; slots_[at].used; at = (at + 1) & mask) {
    const Slot& s = slots_[at];
    if (s.hash == hash && std::string_view(bytes_).substr(s.offset, s.size) == value) return s.facts;
  }
  const TokenFacts t = facts_of_tokens(value);
  const Facts f{t.signal, t.positive};
  if (entries_ < kMaxEntries && value.size() <= kMaxBytes - bytes_.size()) {
    Slot& s = slots_[at];
    s = Slot{hash, static_cast<uint32_t>(bytes_.size()), static_cast<uint32_t>(value.size()), f, true};
    bytes_.append(value);
    if (++entries_ * 2 > slots_.size()) grow();
  }
  return f;
}

void TokenSignalCache::grow() {
  std::vector<Slot> old(slots_.size() * 2);
  old.swap(slots_);
  const std::size_t mask = slots_.size() - 1;
  for (const Slot& s : old) {
    if (!s.used) continue;
    std::size_t at = s.hash & mask;
    while (slots_[at].used) at = (at + 1) & mask;
    slots_[at] = s;
  }
}

ClassWeight class_weight(std::string_view cls, std::string_view id, TokenSignalCache& cache) {
  ClassWeight w;
  int weight = 0;
  for (std::string_view value : {cls, id}) {
    if (value.empty()) continue;
    const TokenSignalCache::Facts f = cache.facts(value);
    if (f.signal != Signal::kNone && f.signal != Signal::kContent) weight -= 25;
    if (f.positive) weight += 25;
    w.positive |= f.positive;
  }
  w.weight = static_cast<int8_t>(weight);
  return w;
}

ElementSignals element_signals(const html::Token& tag) {
  // One pass over the attributes for the ones that carry placement.
  ElementSignals e;
  e.name = tag.name;
  for (std::size_t i = 0; i < tag.attribute_count; ++i) {
    const auto& a = tag.attributes[i];
    switch (a.name.size()) {
      case 2:
        if (a.name == "id") e.id = a.value;
        break;
      case 4:
        if (a.name == "role") e.role = a.value;
        break;
      case 5:
        if (a.name == "class") e.cls = a.value;
        break;
      case 8:
        if (a.name == "itemprop")
          e.itemprop = a.value;
        else if (a.name == "itemtype")
          e.itemtype = a.value;
        break;
      case 10:
        if (a.name == "aria-label") e.aria_label = a.value;
        break;
      default: break;
    }
  }
  return e;
}

Signal signal_of(const html::Token& tag, bool inside_content, TokenSignalCache& cache) {
  return signal_of(element_signals(tag), inside_content, cache);
}

Signal signal_of(const ElementSignals& e, bool inside_content, TokenSignalCache& cache) {
  std::string_view name = e.name;
  // html and body wrap everything: their classes ("page-article", "single-post") describe the
  // page type, not a part of it.
  if (name == "html" || name == "body" || name == "head") return Signal::kNone;
  Signal by_tag = Signal::kNone;
  if (name == "nav" || name == "menu")
    by_tag = Signal::kNavigation;
  else if (name == "aside")
    by_tag = Signal::kSidebar;
  else if (name == "article")
    by_tag = Signal::kContent;
  else if (name == "header")
    by_tag = inside_content ? Signal::kNone : Signal::kHeader;
  else if (name == "footer")
    by_tag = inside_content ? Signal::kNone : Signal::kFooter;
  const std::string_view role = e.role, itemprop = e.itemprop, itemtype = e.itemtype, label = e.aria_label, cls = e.cls,
                         id = e.id;

  // Explicit ARIA roles and itemprop/aria-label beat the tag; class/id tokens beat nothing but
  // an absent signal, except that a boilerplate word inside content is still boilerplate.
  if (!role.empty()) {
    Signal s = signal_of_role(role);
    if (s != Signal::kNone) return s;
  }
  if (!itemprop.empty()) {
    if (text::icontains(itemprop, "articlebody")) return Signal::kContent;
    if (text::icontains(itemprop, "breadcrumb")) return Signal::kBreadcrumb;
  }
  if (!itemtype.empty() && text::icontains(itemtype, "breadcrumblist")) return Signal::kBreadcrumb;
  if (!label.empty() && text::icontains(label, "breadcrumb")) return Signal::kBreadcrumb;
  Signal by_class = cache.lookup(cls);
  if (by_class == Signal::kNone || by_class == Signal::kContent) {
    Signal s = cache.lookup(id);
    if (s != Signal::kNone) by_class = s;
  }
  if (by_tag != Signal::kNone && (by_class == Signal::kNone || by_class == Signal::kContent)) return by_tag;
  if (by_class == Signal::kHeader || by_class == Signal::kFooter) {
    // "entry-header", "post-footer" inside an article belong to the article.
    if (inside_content) return Signal::kNone;
  }
  return by_class != Signal::kNone ? by_class : by_tag;
}

Placement to_placement(Signal signal) {
  switch (signal) {
    case Signal::kContent: return Placement::kContent;
    case Signal::kNavigation: return Placement::kNavigation;
    case Signal::kHeader: return Placement::kHeader;
    case Signal::kFooter: return Placement::kFooter;
    case Signal::kSidebar: return Placement::kSidebar;
    case Signal::kComment: return Placement::kComment;
    case Signal::kBreadcrumb: return Placement::kBreadcrumb;
    case Signal::kBoilerplate:
    case Signal::kNone: return Placement::kOther;
  }
  return Placement::kOther;
}

}  // namespace linklens::placement
