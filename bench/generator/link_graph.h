// A synthetic crawl drawn straight as pages and LinkRecords (no HTML), for store benchmarks at
// sizes real samples and generated WARCs do not reach: tens of millions of links.
//
// The graph is a power law, as the web's: D domains with Zipf-distributed page counts; each page
// has ~30 internal links and ~10 external ones whose target domain is drawn with probability
// proportional to rank^-1 (a few domains get most backlinks, most get a handful). Links carry the
// rel mix (80% follow, 10% nofollow, 6% sponsored, 4% ugc), kinds, placements, anchors of every
// class and, rarely, hidden links; domains have IPv4 addresses and some groups share a /24.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "index/store.h"
#include "linklens/link_record.h"

namespace linklens::bench {

struct LinkGraphOptions {
  uint64_t links = 20'000'000;  // about; pages = links / 40
  uint64_t seed = 1;
};

// Calls `page` for every page in order; returns the links generated.
uint64_t generate_link_graph(
    const LinkGraphOptions& options,
    const std::function<void(const store::CrawledPage&, const std::vector<LinkRecord>&)>& page);

// The domain name of the i-th domain (0 = the most linked).
std::string graph_domain(uint32_t i);

}  // namespace linklens::bench
