// Backlink Audit: a toxic score 0-100 per backlink and per referring domain, as a documented
// weighted sum of named signals. Every score comes with its reasons and each reason's
// contribution, so a user can see exactly why a link is flagged (docs/audit.md).
//
// Per backlink (each signal adds its weight when it fires):
//   low_authority        the linking domain's Authority Score is below low_authority_below
//   link_farm            the linking page has more than link_farm_links external links
//   shared_subnet        the linking site's /24 hosts at least shared_subnet_domains of the
//                        target's referring domains (a private blog network's fingerprint)
//   anchor_overuse       a commercial anchor (not branded, URL, generic, image or empty) used by at
//                        least anchor_overuse_domains referring domains and over
//                        anchor_overuse_share of the target's live backlinks
//   sitewide             a footer/sidebar/navigation link from a domain with at least
//                        sitewide_links backlinks to the target
//   hidden               hidden from readers (display:none, visibility:hidden, hidden)
//   broken_source        the linking page answered 4xx/5xx
//   spammy_tld           the linking domain's public suffix is in spammy_tlds
//   spammy_name          the linking domain's name looks generated or spammy (digits and
//                        hyphens, or words like "links", "seo", "directory", "free")
//   reciprocal           the target links back to the linking domain, a small site (fewer than
//                        reciprocal_small_domains referring domains of its own): a link exchange
// The score is the sum, at most 100. A referring domain's score is its worst backlink's.
// Action: disavow at or above disavow_at, review at or above review_at, else keep.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace linklens::audit {

struct Thresholds {
  double low_authority_below = 5;
  uint32_t link_farm_links = 100;
  uint32_t shared_subnet_domains = 3;
  uint32_t anchor_overuse_domains = 3;
  double anchor_overuse_share = 0.10;
  uint32_t sitewide_links = 5;
  uint32_t reciprocal_small_domains = 10;
  std::vector<std::string> spammy_tlds = {"xyz",    "top",    "click",   "loan", "win",  "work", "gq",
                                          "tk",     "ml",     "cf",      "ga",   "buzz", "rest", "bid",
                                          "stream", "review", "country", "kim",  "link"};
  double disavow_at = 60, review_at = 30;
  // Weights (the contribution of each signal).
  double w_low_authority = 10, w_link_farm = 25, w_shared_subnet = 30, w_anchor_overuse = 20, w_sitewide = 10,
         w_hidden = 35, w_broken_source = 10, w_spammy_tld = 15, w_spammy_name = 10, w_reciprocal = 15;
};

// What the index knows about one backlink and its source.
struct Backlink {
  int64_t id = 0;
  std::string source_url, source_domain, source_subnet, target_url, anchor, anchor_class, placement, follow;
  double source_domain_authority = 0;
  // Where that score came from: "index" (the local graph's), "commoncrawl:<release>" (the web's),
  // or "unknown" (no score: low_authority does not fire on what nobody measured).
  std::string source_authority_source = "index";
  int64_t source_referring_domains = 0;  // of the linking domain itself
  uint32_t source_page_links = 0;        // live external links on the linking page
  int source_status = 200;
  bool hidden = false;
  bool target_links_back = false;  // the target has a live link to source_domain
};

struct Reason {
  std::string signal;  // low_authority, link_farm, ...
  double contribution = 0;
  std::string detail;  // what fired, with the numbers
};

struct Scored {
  int64_t id = 0;
  double score = 0;
  std::string action;  // keep, review, disavow
  std::vector<Reason> reasons;
};

struct DomainScore {
  std::string domain;
  double score = 0, authority = 0;
  std::string authority_source = "index";
  std::string action;
  int64_t backlinks = 0;
  std::vector<Reason> reasons;  // the union over its backlinks, strongest contribution each
};

struct Finding {         // profile-level: about the target, not one link
  std::string kind;      // anchor_over_optimisation, follow_ratio, shared_subnets, link_velocity
  std::string severity;  // info, warning
  std::string detail;
};

struct Report {
  std::vector<Scored> backlinks;     // in input order
  std::vector<DomainScore> domains;  // worst first
  std::vector<Finding> findings;
  std::vector<std::pair<std::string, int64_t>> anchor_distribution;  // class -> live backlinks
  double toxic_share = 0;                                            // share of referring domains with action disavow
};

struct History {  // new referring domains per snapshot, oldest first (for link velocity)
  std::vector<std::pair<int64_t, int64_t>> new_referring_domains;
};

Report score(const std::vector<Backlink>& backlinks, const Thresholds& thresholds, const History& history = {});

std::string action_for(double score, const Thresholds& thresholds);

// "shared_subnet +30; spammy_tld +15": the reasons in one line (tables, CSV, disavow comments).
std::string reasons_text(const std::vector<Reason>& reasons);

}  // namespace linklens::audit
