// Money anchors, relevance and subnet groups (audit_signals.h).
#include <algorithm>
#include <cctype>
#include <unordered_map>

#include "audit_signals.h"
#include "folded_words.h"
#include "linklens/brand.h"
#include "linklens/case_fold.h"
#include "linklens/public_suffix.h"

namespace linklens::audit::signals {
namespace {

// Words that say nothing about a topic: English function words and the words every web page
// uses (the anchor classes' generic list covers "click here" and its kind).
bool stop_word(const std::string& w) {
  static const std::set<std::string> kStop = {
      "about", "after",  "again",   "also",  "been",    "before",    "being",    "best",   "both",    "could",
      "does",  "each",   "find",    "first", "from",    "have",      "here",     "home",   "into",    "just",
      "like",  "more",   "most",    "much",  "must",    "need",      "news",     "next",   "only",    "other",
      "over",  "page",   "post",    "read",  "same",    "should",    "some",     "such",   "than",    "that",
      "their", "them",   "then",    "there", "these",   "they",      "this",     "those",  "through", "very",
      "want",  "were",   "what",    "when",  "where",   "which",     "while",    "will",   "with",    "would",
      "your",  "yours",  "blog",    "site",  "website", "welcome",   "official", "online", "free",    "click",
      "link",  "links",  "view",    "more",  "menu",    "login",     "sign",     "search", "contact", "privacy",
      "terms", "cookie", "cookies", "share", "follow",  "subscribe", "2019",     "2020",   "2021",    "2022",
      "2023",  "2024",   "2025",    "2026",  "http",    "https",     "html",     "index"};
  return kStop.count(w) > 0;
}

bool is_private_suffix_site(const std::string& domain) {
  const auto& psl = PublicSuffixList::builtin();
  return psl.public_suffix(domain, {.include_private = true}) != psl.public_suffix(domain, {.include_private = false});
}

std::string path_of(const std::string& url) {
  const auto scheme = url.find("://");
  const auto slash = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  return slash == std::string::npos ? "/" : url.substr(slash);
}

std::string join(const std::vector<std::string>& v, std::size_t at_most = 5) {
  std::string out;
  for (std::size_t i = 0; i < v.size() && i < at_most; ++i) out += (i ? ", " : "") + v[i];
  if (v.size() > at_most) out += " and " + std::to_string(v.size() - at_most) + " more";
  return out;
}

}  // namespace

bool money_anchor(const Backlink& b, const std::vector<std::string>& brand_terms,
                  const std::set<std::string>& target_terms) {
  if (b.anchor_class == "exact" || b.anchor_class == "partial") return !brand::is_branded(b.anchor, brand_terms);
  if (b.anchor_class != "other") return false;  // branded, naked_url, generic, image, empty
  const auto w = folded_words(b.anchor);
  if (w.size() < 2 || w.size() > 8 || brand::is_branded(b.anchor, brand_terms)) return false;
  // A site's furniture: the legal, corporate and account links every footer and menu carries.
  static const std::set<std::string> kFurniture = {
      "privacy",     "terms",      "cookie",    "cookies",     "policy",        "policies",  "contact",   "careers",
      "career",      "jobs",       "advertise", "advertising", "accessibility", "licensing", "license",   "copyright",
      "subscribe",   "newsletter", "login",     "sign",        "account",       "sitemap",   "help",      "faq",
      "support",     "about",      "press",     "feedback",    "disclaimer",    "imprint",   "impressum", "settings",
      "preferences", "adchoices",  "ethics",    "rss",         "feed",          "share",     "tweet",     "follow",
      "notice",      "rights",     "reserved",  "conditions",  "standards"};
  for (const auto& x : w) {
    if (kFurniture.count(x)) return false;
  }
  // Without the target's pages nothing says what it is about, so no such anchor is called a
  // keyword ("Download on the App Store" to apple.com was, on the real samples).
  return !target_terms.empty() && topical(b.anchor, target_terms);
}

bool topical(std::string_view anchor, const std::set<std::string>& target_terms) {
  for (const auto& t : salient_terms(anchor)) {
    if (target_terms.count(t)) return true;
  }
  return false;
}

std::set<std::string> salient_terms(std::string_view text) {
  std::set<std::string> out;
  for (auto& w : folded_words(text)) {
    if (w.size() < 4 || stop_word(w)) continue;
    if (std::all_of(w.begin(), w.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) continue;
    // A light plural fold ("bikes" ~ "bike"), enough to match titles with contexts.
    if (w.size() > 4 && w.back() == 's' && w[w.size() - 2] != 's') w.pop_back();
    out.insert(std::move(w));
  }
  return out;
}

std::vector<std::string> shared_terms(const Backlink& b, const std::set<std::string>& target_terms) {
  const std::set<std::string> anchor = salient_terms(b.anchor);
  std::set<std::string> source = salient_terms(b.source_title);
  for (auto& t : salient_terms(b.context)) source.insert(t);
  std::vector<std::string> out;
  for (const auto& t : source) {
    if (!anchor.count(t) && target_terms.count(t)) out.push_back(t);
  }
  return out;
}

std::map<std::string, SubnetGroup> subnet_groups(const std::vector<Backlink>& backlinks, const Profile& profile,
                                                 const std::set<std::string>& target_terms, const Thresholds& t) {
  std::map<std::string, std::vector<const Backlink*>> by_subnet;  // non-private sites
  std::map<std::string, std::set<std::string>> platform_sites;    // private-suffix sites per subnet
  for (const Backlink& b : backlinks) {
    if (b.source_subnet.empty()) continue;
    if (is_private_suffix_site(b.source_domain)) {
      platform_sites[b.source_subnet].insert(b.source_domain);
    } else {
      by_subnet[b.source_subnet].push_back(&b);
    }
  }
  std::map<std::string, SubnetGroup> out;
  for (const auto& [subnet, sites] : platform_sites) {
    const auto others = by_subnet.count(subnet) ? by_subnet[subnet].size() : 0;
    if (sites.size() + others < 2) continue;
    for (const auto& d : sites) {
      SubnetGroup g;
      g.subnet = subnet;
      g.members.assign(sites.begin(), sites.end());
      const std::string suffix = PublicSuffixList::builtin().public_suffix(d, {.include_private = true});
      g.hosting = d + " is a site on " + suffix +
                  ", a hosting platform whose sites share its servers: not evidence of a network";
      out[d] = std::move(g);
    }
  }
  for (const auto& [subnet, links] : by_subnet) {
    std::set<std::string> member_set;
    for (const Backlink* b : links) member_set.insert(b->source_domain);
    if (member_set.size() < t.shared_subnet_domains) continue;
    SubnetGroup g;
    g.subnet = subnet;
    g.members.assign(member_set.begin(), member_set.end());
    const auto seen = profile.subnet_domains.find(subnet);
    const int64_t hosted = std::max<int64_t>(seen == profile.subnet_domains.end() ? 0 : seen->second,
                                             static_cast<int64_t>(member_set.size()));
    const int64_t unrelated = hosted - static_cast<int64_t>(member_set.size());
    if (hosted >= static_cast<int64_t>(t.hosting_domains) &&
        static_cast<double>(unrelated) >= t.hosting_unrelated_share * static_cast<double>(hosted)) {
      g.hosting = subnet + " hosts " + std::to_string(hosted) + " domains in the index, " + std::to_string(unrelated) +
                  " of which do not link to the target: shared hosting or a CDN, not evidence of a network";
    }
    // Traits beyond the subnet.
    std::vector<std::string> interlinked;
    for (const auto& [from, to] : profile.interlinks) {
      if (member_set.count(from) && member_set.count(to)) interlinked.push_back(from + " \u2192 " + to);
    }
    if (!interlinked.empty()) g.shared.push_back("they link to each other (" + join(interlinked, 3) + ")");
    std::map<std::string, std::set<std::string>> anchor_users;
    std::map<std::string, std::string> anchor_spelling;
    for (const Backlink* b : links) {
      if (!money_anchor(*b, profile.brand_terms, target_terms)) continue;
      const std::string key = fold_case(b->anchor);
      anchor_users[key].insert(b->source_domain);
      anchor_spelling.emplace(key, b->anchor);
    }
    for (const auto& [key, users] : anchor_users) {
      if (users.size() >= 2) {
        g.shared.push_back(std::to_string(users.size()) + " of them use the money anchor \"" +
                           anchor_spelling[key].substr(0, 80) + "\"");
        break;
      }
    }
    if (std::all_of(links.begin(), links.end(), [](const Backlink* b) { return b->source_referring_domains < 3; })) {
      g.shared.push_back("none has more than 2 referring domains of its own");
    }
    std::set<std::string> targets;
    for (const Backlink* b : links) targets.insert(b->target_url);
    if (targets.size() == 1 && path_of(*targets.begin()) != "/") {
      g.shared.push_back("all link to the same inner page " + *targets.begin());
    }
    g.network = g.hosting.empty() && g.shared.size() >= t.pbn_evidence;
    for (const auto& d : member_set) out[d] = g;
  }
  return out;
}

}  // namespace linklens::audit::signals
