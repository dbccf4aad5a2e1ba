#include "linklens/brand.h"

#include <algorithm>
#include <cctype>

#include "../links/anchor_class.h"
#include "folded_words.h"
#include "linklens/case_fold.h"
#include "linklens/public_suffix.h"

namespace linklens::brand {
namespace {

// Case-folded, with spaces, hyphens, dots, underscores and apostrophes removed:
// "Example Inc." ~ "exampleinc".
std::string squash(std::string_view s) {
  std::string folded = fold_case(s), out;
  for (char c : folded) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x80 && !std::isalnum(u)) continue;
    out.push_back(c);
  }
  return out;
}

// Can `label[from..]` be spelled by the beginnings (2+ letters) of words[w..], in order, words
// skipped allowed ("for")? Each (from, w) is answered once (`memo`: -1 unknown), so a hostile
// anchor ("aaaa aaaa ...") against a long label costs label x words steps, not an exponential.
bool spells(const std::string& label, std::size_t from, const std::vector<std::string>& words, std::size_t w,
            std::vector<signed char>& memo) {
  if (from == label.size()) return true;
  if (w == words.size()) return false;
  signed char& known = memo[from * words.size() + w];
  if (known >= 0) return known != 0;
  const std::string& word = words[w];
  bool found = false;
  for (std::size_t n = std::min(word.size(), label.size() - from); n >= 2 && !found; --n) {
    found = word.compare(0, n, label, from, n) == 0 && spells(label, from + n, words, w + 1, memo);
  }
  found = found || spells(label, from, words, w + 1, memo);
  known = found ? 1 : 0;
  return found;
}

bool spells_label(const std::string& label, std::string_view text) {
  if (label.size() < 4) return false;  // "ai", "abc": too many phrases spell them
  const auto words = audit::folded_words(text);
  if (words.empty() || words.size() > 12) return false;
  // The first word must begin the label: "get it here, buy" must not spell "github".
  if (words[0].size() < 2 || words[0][0] != label[0]) return false;
  std::vector<signed char> memo(label.size() * words.size(), -1);
  return spells(label, 0, words, 0, memo);
}

void add(std::vector<std::string>& terms, std::string term) {
  while (!term.empty() && std::isspace(static_cast<unsigned char>(term.back()))) term.pop_back();
  while (!term.empty() && std::isspace(static_cast<unsigned char>(term.front()))) term.erase(0, 1);
  const std::string key = squash(term);
  if (key.size() < 2 || term.size() > 80) return;
  for (const auto& t : terms) {
    if (squash(t) == key) return;
  }
  terms.push_back(std::move(term));
}

// "Home - Allen Institute for AI" -> {"Home", "Allen Institute for AI"}.
std::vector<std::string> title_parts(std::string_view title) {
  std::vector<std::string> parts;
  std::string current;
  const std::string t(title);
  for (std::size_t i = 0; i < t.size(); ++i) {
    bool separator = false;
    for (std::string_view sep :
         {" | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", ": ", " \xC2\xB7 ", " \xE2\x80\xA2 "}) {
      if (t.compare(i, sep.size(), sep) == 0) {
        parts.push_back(std::move(current));
        current.clear();
        i += sep.size() - 1;
        separator = true;
        break;
      }
    }
    if (!separator) current.push_back(t[i]);
  }
  parts.push_back(std::move(current));
  return parts;
}

}  // namespace

std::vector<std::string> brand_terms(std::string_view domain, const SiteNames& home,
                                     const std::vector<std::string>& user_terms) {
  std::vector<std::string> terms;
  const DomainParts parts = PublicSuffixList::builtin().split_host(domain);
  std::string_view registrable = parts.registrable_domain(), suffix = parts.public_suffix();
  if (!registrable.empty() && registrable.size() > suffix.size() + 1) {
    add(terms, std::string(registrable.substr(0, registrable.size() - suffix.size() - 1)));
  }
  const std::string label = terms.empty() ? std::string() : squash(terms.front());
  add(terms, home.site_name);
  add(terms, home.application_name);
  for (const auto& part : title_parts(home.title)) {
    const std::string key = squash(part);
    if (!label.empty() && (key.find(label) != std::string::npos || spells_label(label, part))) add(terms, part);
  }
  for (const auto& t : user_terms) add(terms, t);
  return terms;
}

namespace {

// "Penske Media Corporation" is "pmc": the initials of two words or more, with or without the
// small words ("of", "the", ...).
bool acronym_of(const std::string& label, std::string_view anchor) {
  if (label.size() < 2 || label.size() > 6) return false;
  const auto words = audit::folded_words(anchor);
  if (words.size() < 2) return false;
  std::string initials;  // of the words that carry the name: "a cheap mountain emporium" is not "acme"
  for (const auto& w : words) {
    if (w != "of" && w != "the" && w != "and" && w != "for" && w != "de" && w != "a" && w != "an") {
      initials.push_back(w[0]);
    }
  }
  return initials == label;
}

}  // namespace

bool is_branded(std::string_view anchor, const std::vector<std::string>& terms) {
  const std::string a = squash(anchor);
  if (a.empty()) return false;
  if (!terms.empty() && terms.front().find(' ') == std::string::npos && acronym_of(squash(terms.front()), anchor)) {
    return true;
  }
  const auto anchor_words = audit::folded_words(anchor);
  for (const auto& term : terms) {
    const std::string key = squash(term);
    // A short term ("ace", "ibm") is a brand only as a word of its own: "space heaters" is not Ace.
    if (key.size() >= 4 && a.find(key) != std::string::npos) return true;
    if (key.size() >= 2 && key.size() < 4 &&
        std::find(anchor_words.begin(), anchor_words.end(), key) != anchor_words.end()) {
      return true;
    }
    if (term.find(' ') == std::string::npos && spells_label(key, anchor)) return true;
  }
  return false;
}

const char* anchor_class(std::string_view anchor, std::string_view target_domain,
                         const std::vector<std::string>& terms) {
  const std::string label = terms.empty() ? std::string() : terms.front();
  const AnchorClass c = anchors::classify(anchor, LinkKind::kText, target_domain, label, {});
  if ((c == AnchorClass::kOther) && is_branded(anchor, terms)) return to_string(AnchorClass::kBranded);
  return to_string(c);
}

}  // namespace linklens::brand
