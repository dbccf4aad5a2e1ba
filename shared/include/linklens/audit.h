// Backlink Audit: a toxic score 0-100 per backlink and per referring domain, as a documented
// weighted sum of named signals. Every score comes with its reasons and each reason's
// contribution, so a user can see exactly why a link is flagged (docs/audit.md).
//
// Per backlink (each signal adds its weight when it fires):
//   low_authority        the linking domain's Authority Score is below low_authority_below
//   link_farm            the linking page has more than link_farm_links external links
//   shared_subnet        a group signal: the linking site is one of at least shared_subnet_domains
//                        referring domains on one /24, and the group shares more than the subnet
//                        (at least pbn_evidence of: interlinks, one money anchor, no referring
//                        domains of their own, links only to inner pages). Sites under a private
//                        public suffix (github.io, blogspot.com, ...) and /24s that host many
//                        domains which do not link to the target (shared hosting, CDNs) are
//                        hosting, not a network: a 0-point `hosting` reason says so
//   anchor_overuse       a money anchor (exact or partial keyword, or several words that are not
//                        the target's brand) used by at least anchor_overuse_domains referring
//                        domains and over anchor_overuse_share of the target's live backlinks;
//                        branded, naked-URL, generic, image and empty anchors never count
//   sitewide             a footer/sidebar/navigation link from a domain with at least
//                        sitewide_links backlinks to the target
//   hidden               hidden from readers (display:none, visibility:hidden, hidden)
//   hidden_keyword       a hidden link whose anchor is a money anchor (written for search engines)
//   broken_source        the linking page answered 4xx/5xx
//   spammy_tld           the linking domain's public suffix is in spammy_tlds
//   spammy_name          the linking domain's name looks generated or spammy (digits and
//                        hyphens, or words like "links", "seo", "directory", "free")
//   reciprocal           the target links back to the linking domain, a small site (fewer than
//                        reciprocal_small_domains referring domains of its own): a link exchange
//   relevant             (subtracts w_relevant) the linking page's title and the link's context
//                        share at least relevance_terms salient words with the target's own pages
// and 0-point reasons that explain: unknown (no Authority Score anywhere), hosting, no_equity,
// kept.
// The score is the sum, from 0 to 100. A referring domain's score is its worst backlink's.
//
// Verdicts (verdict.cpp). Signals belong to families (page, network, anchor, site, placement);
// a family is strong when one of its strong signals fired (link_farm, hidden, shared_subnet,
// anchor_overuse, hidden_keyword on a page about another subject, a sitewide link with a money
// anchor) or, for site, when the name and the suffix both look spammy. low_authority is never strong. Action: disavow
// needs a score at or above disavow_at AND at least disavow_families strong families AND a followed link AND a domain
// not on the keep list; otherwise review at or above review_at (links that pass no equity: at most review; kept
// domains: keep), else keep.
#pragma once

#include <cstdint>
#include <map>
#include <set>
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
  uint32_t hosting_domains = 10;         // a /24 the index saw this many domains on ...
  double hosting_unrelated_share = 0.5;  // ... of which at least this share do not link to the target
  uint32_t pbn_evidence = 2;             // shared traits beyond the subnet a network needs
  uint32_t relevance_terms = 2;
  uint32_t disavow_families = 2;
  double disavow_at = 50, review_at = 30;
  // Weights (the contribution of each signal; w_relevant is subtracted).
  double w_low_authority = 10, w_link_farm = 30, w_shared_subnet = 30, w_anchor_overuse = 20, w_sitewide = 10,
         w_hidden = 35, w_broken_source = 10, w_spammy_tld = 15, w_spammy_name = 10, w_reciprocal = 15, w_relevant = 15,
         w_hidden_keyword = 15;
};

// What the index knows about one backlink and its source.
struct Backlink {
  int64_t id = 0;
  std::string source_url, source_domain, source_subnet, target_url, anchor, anchor_class, placement, follow;
  std::string source_title;  // the linking page's <title>
  std::string context;       // the text around the link on that page
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
  std::string detail;                // what fired, with the numbers
  std::string family;                // page, network, anchor, site, placement, relevance, info
  bool strong = false;               // counts towards disavow_families
  std::vector<std::string> related;  // a group signal's other domains (shared_subnet)
};

// What the audit knows about the target beyond its backlinks (server/reports/audit_run.cpp).
struct Profile {
  std::vector<std::string> brand_terms;   // brand.h: brand_terms()
  std::vector<std::string> topic_titles;  // titles of the target's own pages (for relevance)
  // /24 -> registrable domains the whole index saw on it (shared hosting), for the subnets of
  // the backlinks; a subnet absent here counts only the target's referring domains.
  std::map<std::string, int64_t> subnet_domains;
  std::set<std::pair<std::string, std::string>> interlinks;  // live links among referring domains
  std::set<std::string> keep;                                // the user's keep list for the target
};

struct Scored {
  int64_t id = 0;
  double score = 0;
  std::string action;  // keep, review, disavow
  std::vector<Reason> reasons;
  int strong_families = 0;
};

struct DomainScore {
  std::string domain;
  double score = 0, authority = 0;
  std::string authority_source = "index";
  std::string action;
  int64_t backlinks = 0;
  bool kept = false;            // on the user's keep list
  std::vector<Reason> reasons;  // the union over its backlinks, each signal's first reason
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

Report score(const std::vector<Backlink>& backlinks, const Profile& profile, const Thresholds& thresholds,
             const History& history = {});

// The verdict for one scored backlink (verdict.cpp): `follow` as stored, `kept` from the keep list.
std::string action_for(const Scored& scored, const std::string& follow, bool kept, const Thresholds& thresholds);

// "shared_subnet +30; spammy_tld +15": the reasons in one line (tables, CSV, disavow comments).
std::string reasons_text(const std::vector<Reason>& reasons);

}  // namespace linklens::audit
