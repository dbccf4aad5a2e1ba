// The audit's arithmetic (linklens/audit.h): profile statistics first (subnets, anchors, links
// per domain), then each backlink's signals, then domains and profile findings.
#include "linklens/audit.h"

#include "audit_signals.h"
#include "linklens/brand.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <unordered_map>

#include "linklens/case_fold.h"
#include "linklens/public_suffix.h"

namespace linklens::audit {
namespace {

std::string fmt(const char* format, double a, double b = 0) {
  char buf[160];
  std::snprintf(buf, sizeof buf, format, a, b);
  return buf;
}

// A generated-looking or spammy name: several digits and hyphens, or spam words in the label.
bool spammy_name(std::string_view domain) {
  DomainParts parts = PublicSuffixList::builtin().split_host(domain);
  std::string_view label = parts.registrable_domain();
  if (const auto suffix = parts.public_suffix(); !suffix.empty() && label.size() > suffix.size()) {
    label = label.substr(0, label.size() - suffix.size() - 1);
  }
  int digits = 0, hyphens = 0;
  for (char c : label) {
    digits += std::isdigit(static_cast<unsigned char>(c)) != 0;
    hyphens += c == '-';
  }
  if (digits >= 4 || hyphens >= 3 || (digits >= 2 && hyphens >= 2)) return true;
  for (const char* word : {"links", "seo", "directory", "backlink", "linkfarm", "freelinks", "casino", "pharma",
                           "viagra", "loans", "payday"}) {
    if (label.find(word) != std::string_view::npos) return true;
  }
  return false;
}

// The family each signal belongs to: disavow needs strong evidence from two of them.
const char* family_of(std::string_view signal) {
  if (signal == "link_farm" || signal == "hidden" || signal == "broken_source") return "page";
  if (signal == "shared_subnet" || signal == "reciprocal") return "network";
  if (signal == "anchor_overuse" || signal == "hidden_keyword") return "anchor";
  if (signal == "low_authority" || signal == "spammy_tld" || signal == "spammy_name") return "site";
  if (signal == "sitewide") return "placement";
  if (signal == "relevant") return "relevance";
  return "info";
}

int strong_families(const std::vector<Reason>& reasons) {
  std::set<std::string> strong;
  int site_weak = 0;
  for (const Reason& r : reasons) {
    if (r.strong) strong.insert(r.family);
    site_weak += r.signal == "spammy_tld" || r.signal == "spammy_name";
  }
  if (site_weak >= 2) strong.insert("site");  // a generated name on a spam-favoured suffix
  return static_cast<int>(strong.size());
}

// The case-folded salient terms of the target's own pages and names.
std::set<std::string> target_terms(const Profile& profile) {
  std::set<std::string> out;
  for (const auto& title : profile.topic_titles)
    for (auto& t : signals::salient_terms(title)) out.insert(t);
  for (const auto& name : profile.brand_terms)
    for (auto& t : signals::salient_terms(name)) out.insert(t);
  return out;
}

std::string join(const std::vector<std::string>& v, std::size_t at_most) {
  std::string out;
  for (std::size_t i = 0; i < v.size() && i < at_most; ++i) out += (i ? ", " : "") + v[i];
  if (v.size() > at_most) out += " and " + std::to_string(v.size() - at_most) + " more";
  return out;
}

}  // namespace

// "shared_subnet +30; relevant -15; hosting 0".
std::string reasons_text(const std::vector<Reason>& reasons) {
  std::string out;
  for (const Reason& r : reasons) {
    const int n = static_cast<int>(std::lround(r.contribution));
    out += (out.empty() ? "" : "; ") + r.signal + (n > 0 ? " +" : " ") + std::to_string(n);
  }
  return out;
}

Report score(const std::vector<Backlink>& backlinks, const Profile& profile, const Thresholds& t,
             const History& history) {
  Report report;
  // Anchor classes as the target's brand terms see them: "Allen Institute for AI" is branded.
  std::vector<std::string> anchor_class(backlinks.size());
  for (std::size_t i = 0; i < backlinks.size(); ++i) {
    const Backlink& b = backlinks[i];
    const bool may_be_brand = b.anchor_class == "other" || b.anchor_class == "exact" || b.anchor_class == "partial";
    anchor_class[i] = may_be_brand && brand::is_branded(b.anchor, profile.brand_terms) ? "branded" : b.anchor_class;
  }
  // Profile statistics.
  std::unordered_map<std::string, std::set<std::string>> domains_on_subnet;
  std::unordered_map<std::string, std::set<std::string>> domains_with_anchor;
  std::unordered_map<std::string, int64_t> live_with_anchor, links_from_domain;
  std::map<std::string, int64_t> classes;
  int64_t live = 0, follow_live = 0;
  std::set<std::string> all_domains;
  for (std::size_t i = 0; i < backlinks.size(); ++i) {
    const Backlink& b = backlinks[i];
    all_domains.insert(b.source_domain);
    if (!b.source_subnet.empty()) domains_on_subnet[b.source_subnet].insert(b.source_domain);
    ++links_from_domain[b.source_domain];
    if (b.source_status >= 400) continue;
    ++live;
    follow_live += b.follow == "follow";
    ++classes[anchor_class[i]];
    const std::string anchor = fold_case(b.anchor);  // the anchors report's key
    domains_with_anchor[anchor].insert(b.source_domain);
    ++live_with_anchor[anchor];
  }
  const std::set<std::string> spam_tlds(t.spammy_tlds.begin(), t.spammy_tlds.end());
  const std::set<std::string> topic = target_terms(profile);  // pages and names: relevance
  std::set<std::string> page_topic;                           // the pages alone: what a keyword anchor must name
  for (const auto& title : profile.topic_titles)
    for (auto& term : signals::salient_terms(title)) page_topic.insert(term);
  const auto groups = signals::subnet_groups(backlinks, profile, page_topic, t);

  std::map<std::string, DomainScore> domains;
  std::map<std::string, std::string> domain_action;
  report.backlinks.reserve(backlinks.size());
  for (std::size_t i = 0; i < backlinks.size(); ++i) {
    const Backlink& b = backlinks[i];
    Scored s;
    s.id = b.id;
    auto add = [&](const char* signal, double weight, std::string detail, bool strong = false) -> Reason& {
      s.reasons.push_back({signal, weight, std::move(detail), family_of(signal), strong, {}});
      s.score += weight;
      return s.reasons.back();
    };
    const bool money = signals::money_anchor(b, profile.brand_terms, page_topic) && anchor_class[i] != "branded";
    const std::vector<std::string> shared_with_target = signals::shared_terms(b, topic);
    const bool relevant_page = shared_with_target.size() >= t.relevance_terms;
    if (b.source_authority_source == "unknown") {
      add("unknown", 0,
          "no Authority Score: the domain is in no imported web-graph release and this index has not ranked it "
          "(unknown is not low: no penalty)");
    } else if (b.source_domain_authority < t.low_authority_below) {
      add("low_authority", t.w_low_authority,
          fmt("the linking domain's Authority Score is %.1f (below %.0f)", b.source_domain_authority,
              t.low_authority_below) +
              " from " + b.source_authority_source + "; never a reason to disavow on its own");
    }
    if (b.source_page_links > t.link_farm_links) {
      add("link_farm", t.w_link_farm,
          fmt("the linking page has %.0f external links (more than %.0f)", b.source_page_links, t.link_farm_links),
          true);
    }
    if (const auto g = groups.find(b.source_domain); g != groups.end()) {
      const signals::SubnetGroup& group = g->second;
      std::vector<std::string> others;
      for (const auto& m : group.members)
        if (m != b.source_domain) others.push_back(m);
      if (group.network) {
        std::string shared;
        for (const auto& x : group.shared) shared += (shared.empty() ? "" : "; ") + x;
        add("shared_subnet", t.w_shared_subnet,
            fmt("%.0f referring domains on ", static_cast<double>(group.members.size())) + group.subnet +
                " that share more than the subnet: " + shared,
            true)
            .related = others;
      } else if (!group.hosting.empty()) {
        add("hosting", 0, group.hosting).related = others;
      }
    }
    const std::string anchor = fold_case(b.anchor);  // the anchors report's key
    if (money && live > 0) {
      const double share = static_cast<double>(live_with_anchor[anchor]) / static_cast<double>(live);
      const auto used_by = domains_with_anchor[anchor].size();
      if (used_by >= t.anchor_overuse_domains && share > t.anchor_overuse_share) {
        add("anchor_overuse", t.w_anchor_overuse,
            "the money anchor \"" + b.anchor.substr(0, 80) + "\" is used by " + std::to_string(used_by) +
                " referring domains, " + fmt("%.0f%% of live backlinks", share * 100),
            true);
      }
    }
    if ((b.placement == "footer" || b.placement == "sidebar" || b.placement == "navigation") &&
        links_from_domain[b.source_domain] >= t.sitewide_links) {
      add("sitewide", t.w_sitewide,
          "a " + b.placement +
              fmt(" link, one of %.0f from this domain", static_cast<double>(links_from_domain[b.source_domain])) +
              (money ? ", with a money anchor: a bought sitewide link" : ""),
          money);
    }
    const bool in_menu =
        b.placement == "navigation" || b.placement == "header" || b.placement == "footer" || b.placement == "sidebar";
    if (b.hidden && (in_menu || b.anchor.empty())) {
      add("hidden_menu", 0,
          "hidden in a " + (in_menu ? b.placement : std::string("link without anchor text")) +
              ": collapsed menus, share buttons and tracking frames hide links by design, not evidence");
    } else if (b.hidden) {
      add("hidden", t.w_hidden, "hidden from readers in the linking page's " + b.placement, true);
      // A keyword anchor no reader sees, injected into a page about something else, was written
      // for search engines: the anchor's own evidence. Keyword means what the target is about, so
      // its pages must be known ("Open in App" is not one); on a page about the same thing, a
      // hidden tab or accordion is likelier than an injection, so it is not strong there.
      if (money && !page_topic.empty() && signals::topical(b.anchor, page_topic)) {
        add("hidden_keyword", t.w_hidden_keyword,
            "the hidden link's anchor \"" + b.anchor.substr(0, 80) + "\" is a keyword, not a name" +
                (relevant_page ? " (on a page about the same subject: not strong evidence)" : ""),
            !relevant_page);
      }
    }
    if (b.source_status >= 400)
      add("broken_source", t.w_broken_source, fmt("the linking page answered %.0f", b.source_status));
    const std::string suffix = PublicSuffixList::builtin().public_suffix(b.source_domain);
    if (spam_tlds.count(suffix))
      add("spammy_tld", t.w_spammy_tld, "the ." + suffix + " suffix is common among spam sites");
    if (spammy_name(b.source_domain)) add("spammy_name", t.w_spammy_name, "the domain name looks generated or spammy");
    if (b.target_links_back && b.source_referring_domains < static_cast<int64_t>(t.reciprocal_small_domains)) {
      add("reciprocal", t.w_reciprocal,
          fmt("the target links back to this small site (%.0f referring domains): a link exchange",
              static_cast<double>(b.source_referring_domains)));
    }
    // Relevance lowers the score of links without strong evidence on two counts; it cannot clear
    // one that has it (a private blog network is written to be on topic).
    if (const auto& shared = shared_with_target;
        relevant_page && s.score > 0 && strong_families(s.reasons) < static_cast<int>(t.disavow_families)) {
      // At most the score so far: every score stays the sum of its reasons.
      add("relevant", -std::min(t.w_relevant, s.score),
          "the linking page is about what the target is about: it shares " + join(shared, 6) +
              " with the target's own pages");
    }
    if (b.follow != "follow") {
      add("no_equity", 0, "a " + b.follow + " link passes no equity: at most review, never disavow");
    }
    const bool kept = profile.keep.count(b.source_domain) > 0;
    if (kept) add("kept", 0, "on your keep list for this target: never review or disavow");
    s.score = std::clamp(s.score, 0.0, 100.0);
    s.strong_families = strong_families(s.reasons);
    s.action = action_for(s, b.follow, kept, t);

    DomainScore& d = domains[b.source_domain];
    d.domain = b.source_domain;
    d.authority = b.source_domain_authority;
    d.authority_source = b.source_authority_source;
    d.kept = kept;
    ++d.backlinks;
    d.score = std::max(d.score, s.score);
    std::string& worst = domain_action[b.source_domain];
    if (s.action == "disavow" || (s.action == "review" && worst != "disavow") || worst.empty()) worst = s.action;
    for (const Reason& r : s.reasons) {
      auto same =
          std::find_if(d.reasons.begin(), d.reasons.end(), [&](const Reason& x) { return x.signal == r.signal; });
      if (same == d.reasons.end()) d.reasons.push_back(r);
    }
    report.backlinks.push_back(std::move(s));
  }
  int64_t toxic = 0;
  for (auto& [name, d] : domains) {
    d.action = domain_action[name];
    toxic += d.action == "disavow";
    report.domains.push_back(std::move(d));
  }
  std::stable_sort(report.domains.begin(), report.domains.end(),
                   [](const DomainScore& a, const DomainScore& b) { return a.score > b.score; });
  report.toxic_share =
      report.domains.empty() ? 0 : static_cast<double>(toxic) / static_cast<double>(report.domains.size());
  for (const auto& [c, n] : classes) report.anchor_distribution.emplace_back(c, n);

  // Profile findings.
  if (live > 0) {
    const double exact_share = static_cast<double>(classes["exact"] + classes["partial"]) / static_cast<double>(live);
    if (exact_share > 0.3) {
      report.findings.push_back(
          {"anchor_over_optimisation", "warning",
           fmt("%.0f%% of live backlinks use exact or partial keyword anchors (natural profiles stay under 30%%)",
               exact_share * 100)});
    }
    const double follow_share = static_cast<double>(follow_live) / static_cast<double>(live);
    if (all_domains.size() >= 10 && follow_share > 0.95) {
      report.findings.push_back(
          {"follow_ratio", "warning",
           fmt("%.0f%% of live backlinks are followed; natural profiles carry more nofollow, ugc and sponsored links",
               follow_share * 100)});
    }
  }
  int64_t on_shared = 0;
  for (const auto& [subnet, ds] : domains_on_subnet) on_shared += ds.size() >= 2 ? static_cast<int64_t>(ds.size()) : 0;
  if (!all_domains.empty() && on_shared > 0) {
    const double share = static_cast<double>(on_shared) / static_cast<double>(all_domains.size());
    report.findings.push_back({"shared_subnets", share > 0.2 ? "warning" : "info",
                               fmt("%.0f referring domains (%.0f%%) share a /24 with another referring domain",
                                   static_cast<double>(on_shared), share * 100)});
  }
  const auto& v = history.new_referring_domains;
  for (std::size_t i = 1; i < v.size(); ++i) {
    double before = 0;
    for (std::size_t k = 0; k < i; ++k) before += static_cast<double>(v[k].second);
    before /= static_cast<double>(i);
    if (v[i].second >= 5 && v[i].second > 3 * std::max(1.0, before)) {
      report.findings.push_back({"link_velocity", "warning",
                                 fmt("snapshot %.0f brought %.0f new referring domains",
                                     static_cast<double>(v[i].first), static_cast<double>(v[i].second)) +
                                     fmt(", over three times the %.1f of the snapshots before", before)});
    }
  }
  return report;
}

}  // namespace linklens::audit
