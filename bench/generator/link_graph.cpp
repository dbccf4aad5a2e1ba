#include "link_graph.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace linklens::bench {
namespace {

const char* kTlds[] = {".com", ".com", ".com", ".org", ".net", ".co.uk", ".de", ".fr", ".io", ".com.au"};
const char* kWords[] = {"travel",  "garden",   "running", "shoes",    "recipes", "finance", "insurance",
                        "loans",   "software", "cloud",   "security", "music",   "guitar",  "photography",
                        "cameras", "health",   "fitness", "yoga",     "coffee",  "wine",    "books",
                        "history", "science",  "space",   "cars",     "bikes",   "hiking",  "camping"};
const char* kGeneric[] = {"click here", "read more", "here", "this website", "learn more", "source", "more"};

// Draws 0..n-1 with P(i) proportional to (i+1)^-s, by inverting the cumulative weights.
class Zipf {
 public:
  Zipf(uint32_t n, double s) : cumulative_(n) {
    double total = 0;
    for (uint32_t i = 0; i < n; ++i) cumulative_[i] = total += std::pow(i + 1.0, -s);
  }
  uint32_t operator()(std::mt19937_64& rng) const {
    const double x = std::uniform_real_distribution<double>(0, cumulative_.back())(rng);
    return static_cast<uint32_t>(std::lower_bound(cumulative_.begin(), cumulative_.end(), x) - cumulative_.begin());
  }

 private:
  std::vector<double> cumulative_;
};

}  // namespace

std::string graph_domain(uint32_t i) {
  return kWords[i % 28] + std::string("-") + std::to_string(i) + kTlds[(i / 28) % 10];
}

uint64_t generate_link_graph(
    const LinkGraphOptions& options,
    const std::function<void(const store::CrawledPage&, const std::vector<LinkRecord>&)>& page) {
  std::mt19937_64 rng(options.seed);
  const uint64_t pages_total = std::max<uint64_t>(options.links / 40, 10);
  const uint32_t domains = static_cast<uint32_t>(std::max<uint64_t>(pages_total / 10, 2));
  // Pages per domain: Zipf over domains (big sites have thousands of pages), at least 1 each.
  Zipf size(domains, 0.9);
  std::vector<uint32_t> pages_of(domains, 1);
  for (uint64_t i = domains; i < pages_total; ++i) ++pages_of[size(rng)];
  Zipf popular(domains, 1.0);
  std::uniform_real_distribution<double> unit(0, 1);
  uint64_t links_made = 0;
  std::vector<LinkRecord> links;
  for (uint32_t d = 0; d < domains; ++d) {
    const std::string domain = graph_domain(d);
    // A /24 per domain, except groups of 8 consecutive domains in every 50 sharing one (a network).
    const uint32_t net = d % 50 < 8 ? d / 50 * 50 : d;
    const std::string address = "10." + std::to_string((net >> 16) & 255) + "." + std::to_string((net >> 8) & 255) +
                                "." + std::to_string(d % 250 + 1);
    for (uint32_t p = 0; p < pages_of[d]; ++p) {
      store::CrawledPage pg;
      pg.host = "www." + domain;
      pg.domain = domain;
      pg.url = "https://" + pg.host + (p == 0 ? "/" : "/p/" + std::to_string(p));
      pg.status = unit(rng) < 0.02 ? 404 : 200;
      pg.content_type = "text/html";
      pg.fetched_at = "2026-11-01T00:00:00Z";
      pg.ip = address;
      pg.country = (d % 7 == 0) ? "DE" : (d % 3 == 0) ? "US" : "";
      pg.country_source = pg.country.empty() ? "" : "geoip";
      pg.title = kWords[(d + p) % 28] + std::string(" page ") + std::to_string(p);
      links.clear();
      if (pg.status == 200) {
        const int internal = 20 + static_cast<int>(rng() % 20), external = 5 + static_cast<int>(rng() % 11);
        for (int i = 0; i < internal + external; ++i) {
          LinkRecord l;
          const bool ext = i >= internal;
          const uint32_t t = ext ? popular(rng) : d;
          const std::string target = graph_domain(t);
          l.host = "www." + target;
          l.domain = target;
          const uint32_t target_page =
              pages_of[t] > 1 && unit(rng) < 0.5 ? static_cast<uint32_t>(rng() % pages_of[t]) : 0;
          l.url = "https://" + l.host + (target_page == 0 ? "/" : "/p/" + std::to_string(target_page));
          l.href = l.url;
          l.scope = t == d ? LinkScope::kInternal : LinkScope::kExternal;
          const double r = unit(rng);
          l.follow = !ext || r < 0.80 ? FollowStatus::kFollow
                     : r < 0.90       ? FollowStatus::kNofollow
                     : r < 0.96       ? FollowStatus::kSponsored
                                      : FollowStatus::kUgc;
          if (l.follow == FollowStatus::kNofollow) l.rel = {"nofollow"};
          if (l.follow == FollowStatus::kSponsored) l.rel = {"sponsored"};
          if (l.follow == FollowStatus::kUgc) l.rel = {"ugc"};
          l.effective_follow = l.follow;
          l.kind = unit(rng) < 0.1 ? LinkKind::kImage : LinkKind::kText;
          const double a = unit(rng);
          if (l.kind == LinkKind::kImage) {
            l.anchor = kWords[t % 28] + std::string(" logo");
            l.anchor_class = AnchorClass::kImage;
          } else if (a < 0.35) {
            l.anchor = kWords[t % 28] + std::string(" ") + std::to_string(t);
            l.anchor_class = AnchorClass::kBranded;
          } else if (a < 0.6) {
            l.anchor = std::string("best ") + kWords[(t + i) % 28] + " " + kWords[(t * 7 + i) % 28];
            l.anchor_class = AnchorClass::kPartial;
          } else if (a < 0.85) {
            l.anchor = kGeneric[rng() % 7];
            l.anchor_class = AnchorClass::kGeneric;
          } else {
            l.anchor = target;
            l.anchor_class = AnchorClass::kNakedUrl;
          }
          l.placement = !ext ? (i < 8    ? Placement::kNavigation
                                : i < 14 ? Placement::kFooter
                                         : Placement::kContent)
                             : (unit(rng) < 0.7   ? Placement::kContent
                                : unit(rng) < 0.5 ? Placement::kSidebar
                                                  : Placement::kComment);
          l.ordinal = static_cast<uint32_t>(i);
          l.position = (i + 0.5) / (internal + external);
          l.weight = ext ? 0.05 : 0.01;
          l.hidden = ext && unit(rng) < 0.005;
          l.context = l.anchor + " and more about " + kWords[(d + i) % 28];
          links.push_back(std::move(l));
        }
      }
      links_made += links.size();
      page(pg, links);
    }
  }
  return links_made;
}

}  // namespace linklens::bench
