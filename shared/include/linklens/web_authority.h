// The Authority Score of a domain or host from a published web graph (Common Crawl's ranks:
// README, "Authority Score"), 0-100:
//   score = 100 * (0.5 * P + 0.5 * H)
//   P = log(pagerank / floor) / log(max_pagerank / floor), clamped to [0, 1],
//       floor = (1 - d) / nodes, the PageRank of a node nobody links to (d = 0.85);
//   H = harmonic / max_harmonic, in [0, 1]: 0 for a node nobody reaches (its harmonic
//       centrality is 0), 1 for the release's most central node.
// PageRank is log-scaled as in the local index's score (link equity is multiplicative: it spans
// nine orders of magnitude). Harmonic centrality is not: it is already a sum of reciprocal
// distances, and a log of it squeezes the web's top thousand domains into 3% of the scale
// (against Majestic's referring subnets, Spearman 0.797 with log(1 + harmonic) at 0.7/0.3, 0.809
// with this; README, "Authority Score"). The floor comes from the graph's node count and the
// maxima from the release, so a score means the same whether the whole graph or an excerpt of it
// was imported.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "linklens/rank.h"

namespace linklens::rank {

struct ReleaseScale {
  double nodes = 0;         // the graph's node count
  double max_pagerank = 0;  // the release's largest PageRank value
  double max_harmonic = 0;  // the release's largest harmonic centrality
  double damping = 0.85;    // Common Crawl's PageRank damping factor
};

AuthorityParts web_authority(double pagerank, double harmonic, const ReleaseScale& scale);

// Common Crawl writes names reversed ("com.example.www"); this gives "www.example.com".
std::string unreverse_host(std::string_view reversed);

}  // namespace linklens::rank
