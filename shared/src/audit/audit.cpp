// The audit's arithmetic (linklens/audit.h): profile statistics first (subnets, anchors, links
// per domain), then each backlink's signals, then domains and profile findings.
#include "linklens/audit.h"

#include <algorithm>
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

bool commercial_class(const std::string& c) {
  return c != "branded" && c != "naked_url" && c != "generic" && c != "image" && c != "empty";
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

}  // namespace

std::string action_for(double score, const Thresholds& t) {
  return score >= t.disavow_at ? "disavow" : score >= t.review_at ? "review" : "keep";
}

std::string reasons_text(const std::vector<Reason>& reasons) {
  std::string out;
  for (const Reason& r : reasons) {
    out += (out.empty() ? "" : "; ") + r.signal + " +" + std::to_string(static_cast<int>(r.contribution));
  }
  return out;
}

Report score(const std::vector<Backlink>& backlinks, const Thresholds& t, const History& history) {
  Report report;
  // Profile statistics.
  std::unordered_map<std::string, std::set<std::string>> domains_on_subnet;
  std::unordered_map<std::string, std::set<std::string>> domains_with_anchor;
  std::unordered_map<std::string, int64_t> live_with_anchor, links_from_domain;
  std::map<std::string, int64_t> classes;
  int64_t live = 0, follow_live = 0;
  std::set<std::string> all_domains;
  for (const Backlink& b : backlinks) {
    all_domains.insert(b.source_domain);
    if (!b.source_subnet.empty()) domains_on_subnet[b.source_subnet].insert(b.source_domain);
    ++links_from_domain[b.source_domain];
    if (b.source_status >= 400) continue;
    ++live;
    follow_live += b.follow == "follow";
    ++classes[b.anchor_class];
    const std::string anchor = fold_case(b.anchor);  // the anchors report's key
    domains_with_anchor[anchor].insert(b.source_domain);
    ++live_with_anchor[anchor];
  }
  const std::set<std::string> spam_tlds(t.spammy_tlds.begin(), t.spammy_tlds.end());

  std::map<std::string, DomainScore> domains;
  report.backlinks.reserve(backlinks.size());
  for (const Backlink& b : backlinks) {
    Scored s;
    s.id = b.id;
    auto add = [&](const char* signal, double weight, std::string detail) {
      s.reasons.push_back({signal, weight, std::move(detail)});
      s.score += weight;
    };
    if (b.source_authority_source != "unknown" && b.source_domain_authority < t.low_authority_below) {
      add("low_authority", t.w_low_authority,
          fmt("the linking domain's Authority Score is %.1f (below %.0f)", b.source_domain_authority,
              t.low_authority_below) +
              " from " + b.source_authority_source);
    }
    if (b.source_page_links > t.link_farm_links) {
      add("link_farm", t.w_link_farm,
          fmt("the linking page has %.0f external links (more than %.0f)", b.source_page_links, t.link_farm_links));
    }
    if (!b.source_subnet.empty()) {
      const auto n = domains_on_subnet[b.source_subnet].size();
      if (n >= t.shared_subnet_domains) {
        add("shared_subnet", t.w_shared_subnet,
            fmt("%.0f referring domains share the subnet ", static_cast<double>(n)) + b.source_subnet);
      }
    }
    const std::string anchor = fold_case(b.anchor);  // the anchors report's key
    if (!anchor.empty() && commercial_class(b.anchor_class) && live > 0) {
      const double share = static_cast<double>(live_with_anchor[anchor]) / static_cast<double>(live);
      const auto used_by = domains_with_anchor[anchor].size();
      if (used_by >= t.anchor_overuse_domains && share > t.anchor_overuse_share) {
        add("anchor_overuse", t.w_anchor_overuse,
            "the anchor \"" + b.anchor.substr(0, 80) + "\" is used by " + std::to_string(used_by) +
                " referring domains, " + fmt("%.0f%% of live backlinks", share * 100));
      }
    }
    if ((b.placement == "footer" || b.placement == "sidebar" || b.placement == "navigation") &&
        links_from_domain[b.source_domain] >= t.sitewide_links) {
      add("sitewide", t.w_sitewide,
          "a " + b.placement +
              fmt(" link, one of %.0f from this domain", static_cast<double>(links_from_domain[b.source_domain])));
    }
    if (b.hidden) add("hidden", t.w_hidden, "hidden from readers on the linking page");
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
    s.score = std::min(100.0, s.score);
    s.action = action_for(s.score, t);

    DomainScore& d = domains[b.source_domain];
    d.domain = b.source_domain;
    d.authority = b.source_domain_authority;
    d.authority_source = b.source_authority_source;
    ++d.backlinks;
    d.score = std::max(d.score, s.score);
    for (const Reason& r : s.reasons) {
      auto same =
          std::find_if(d.reasons.begin(), d.reasons.end(), [&](const Reason& x) { return x.signal == r.signal; });
      if (same == d.reasons.end()) d.reasons.push_back(r);
    }
    report.backlinks.push_back(std::move(s));
  }
  int64_t toxic = 0;
  for (auto& [name, d] : domains) {
    d.action = action_for(d.score, t);
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
