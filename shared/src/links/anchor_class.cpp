#include "anchor_class.h"

#include <array>

#include "text_util.h"

namespace linklens::anchors {
namespace {

// Generic anchors in English, German, French, Spanish, Italian, Portuguese, Dutch, Polish,
// Russian, Japanese and Chinese, compared after normalisation (lowercase, punctuation removed).
constexpr std::string_view kGeneric[] = {
    "click here",
    "click",
    "here",
    "this",
    "this link",
    "link",
    "read more",
    "more",
    "learn more",
    "see more",
    "view more",
    "find out more",
    "continue reading",
    "continue",
    "website",
    "this website",
    "web site",
    "site",
    "visit",
    "visit website",
    "visit site",
    "go",
    "go to",
    "source",
    "homepage",
    "home page",
    "home",
    "details",
    "more info",
    "more information",
    "info",
    "download",
    "page",
    "article",
    "post",
    "view",
    "open",
    "next",
    "previous",
    "back",
    "official site",
    "official website",
    "hier",
    "hier klicken",
    "mehr",
    "weiterlesen",
    "mehr erfahren",
    "webseite",
    "quelle",
    "zur website",
    "ici",
    "cliquez ici",
    "en savoir plus",
    "lire la suite",
    "plus",
    "site web",
    "voir plus",
    "source",
    "aquí",
    "aqui",
    "haga clic aquí",
    "clic aquí",
    "leer más",
    "más",
    "ver más",
    "sitio web",
    "fuente",
    "qui",
    "clicca qui",
    "leggi di più",
    "di più",
    "sito",
    "fonte",
    "clique aqui",
    "leia mais",
    "saiba mais",
    "mais",
    "klik hier",
    "lees meer",
    "meer",
    "bron",
    "tutaj",
    "kliknij tutaj",
    "więcej",
    "czytaj więcej",
    "źródło",
    "здесь",
    "тут",
    "подробнее",
    "читать далее",
    "далее",
    "сайт",
    "источник",
    "ссылка",
    "ここ",
    "こちら",
    "詳細",
    "続きを読む",
    "もっと見る",
    "这里",
    "点击这里",
    "更多",
    "详情",
    "阅读更多",
    "来源",
};

constexpr std::size_t kLongestGeneric = [] {
  std::size_t n = 0;
  for (std::string_view g : kGeneric) n = g.size() > n ? g.size() : n;
  return n;
}();

// Lowercase ASCII, drop punctuation at the ends, collapse spaces.

// Into `out` (cleared first): a link's anchor is normalised into a buffer kept per thread, not a
// new string per link.
void normalise_into(std::string_view s, std::string& out) {
  out.clear();
  out.reserve(s.size());
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x80 && !text::is_ascii_alnum(c) && c != '.' && c != '-' && c != '/' && c != ':' && c != '\'') {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
      continue;
    }
    out.push_back(text::ascii_lower(c));
  }
  text::trim_trailing_space(out);
  while (!out.empty() && (out.back() == '.' || out.back() == ':' || out.back() == '-')) out.pop_back();
  text::trim_trailing_space(out);
}

std::string normalise(std::string_view s) {
  std::string out;
  normalise_into(s, out);
  return out;
}

// Lowercase with spaces, hyphens, dots and underscores removed: "Example Inc." ~ "exampleinc".
// Into `out` (cleared first).
void squash_into(std::string_view s, std::string& out) {
  out.clear();
  out.reserve(s.size());
  for (char c : s) {
    if (c == ' ' || c == '-' || c == '.' || c == '_' || text::is_ascii_ws(c)) continue;
    out.push_back(text::ascii_lower(c));
  }
}

bool looks_like_url(const std::string& a, std::string_view target_host) {
  if (a.starts_with("http://") || a.starts_with("https://") || a.starts_with("www.")) return true;
  if (a.find(' ') != std::string::npos) return false;
  if (!target_host.empty()) {
    std::string_view bare = a;
    if (!bare.empty() && bare.back() == '/') bare.remove_suffix(1);
    // (text::iequals lowercases its first argument only: the host, never the anchor.)
    if (text::iequals(target_host, bare)) return true;
    if (target_host.size() >= 4 && text::iequals(target_host.substr(0, 4), "www.") &&
        text::iequals(target_host.substr(4), bare))
      return true;
  }
  // A bare domain-like token: letters/digits/hyphens with a dot and a 2+ letter ending.
  std::size_t dot = a.rfind('.');
  if (dot == std::string::npos || dot == 0 || a.size() - dot < 3) return false;
  for (std::size_t i = dot + 1; i < a.size(); ++i) {
    if (!text::is_ascii_alpha(a[i]) && a[i] != '/') return false;
  }
  for (char c : a) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x80 && !text::is_ascii_alnum(c) && c != '.' && c != '-' && c != '/') return false;
  }
  return true;
}

// classify's buffers, kept per thread.
struct Scratch {
  std::string anchor, squashed_anchor, squashed_brand;
};

// Gives a buffer's room back when one link made it large (a link left open takes in the rest of
// its page), so a thread keeps only what ordinary anchors need.
struct GiveBackLarge {
  static constexpr std::size_t kKeptBytes = 64 * 1024;
  Scratch& scratch;
  ~GiveBackLarge() {
    for (std::string* s : {&scratch.anchor, &scratch.squashed_anchor, &scratch.squashed_brand}) {
      if (s->capacity() > kKeptBytes) std::string().swap(*s);
    }
  }
};

}  // namespace

std::string brand_of(std::string_view registrable_domain, std::string_view public_suffix) {
  if (registrable_domain.size() <= public_suffix.size() + 1) return {};
  return text::ascii_lowercase(registrable_domain.substr(0, registrable_domain.size() - public_suffix.size() - 1));
}

AnchorClass classify(std::string_view anchor, LinkKind kind, std::string_view target_host, std::string_view brand,
                     const std::vector<std::string>& keywords) {
  if (kind == LinkKind::kImage) return AnchorClass::kImage;
  // Buffers kept per thread: every link of every page is classified, and most anchors are longer
  // than a string holds without allocating.
  static thread_local Scratch scratch;
  const GiveBackLarge give_back{scratch};
  std::string &a = scratch.anchor, &squashed_anchor = scratch.squashed_anchor, &squashed_brand = scratch.squashed_brand;
  normalise_into(anchor, a);
  if (a.empty()) return AnchorClass::kEmpty;
  if (looks_like_url(a, target_host)) return AnchorClass::kNakedUrl;
  for (const auto& k : keywords) {
    if (!k.empty() && a == normalise(k)) return AnchorClass::kExact;
  }
  squash_into(brand, squashed_brand);
  if (squashed_brand.size() >= 2) {
    squash_into(a, squashed_anchor);
    if (squashed_anchor.find(squashed_brand) != std::string::npos) return AnchorClass::kBranded;
  }
  for (const auto& k : keywords) {
    std::string nk = normalise(k);
    if (nk.empty()) continue;
    if (a.find(nk) != std::string::npos) return AnchorClass::kPartial;
    // Any significant keyword word (4+ bytes) in the anchor counts as partial.
    for (auto word : text::split_ws(nk)) {
      if (word.size() >= 4 && a.find(word) != std::string::npos) return AnchorClass::kPartial;
    }
  }
  if (a.size() <= kLongestGeneric) {
    for (std::string_view g : kGeneric) {
      if (a.size() == g.size() && a[0] == g[0] && a == g) return AnchorClass::kGeneric;
    }
  }
  return AnchorClass::kOther;
}

}  // namespace linklens::anchors
