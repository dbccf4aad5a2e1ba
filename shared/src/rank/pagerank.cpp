// Power iteration in "pull" form over the in-edges, as Gauss-Seidel sweeps: each node gathers
// rank/outdegree from the nodes that link to it, and the inner loop is one indexed load and one
// add per edge.
#include <cmath>

#include "linklens/rank.h"

namespace linklens::rank {

PageRankResult pagerank(const Graph& g, const PageRankOptions& options) {
  PageRankResult result;
  const uint32_t n = g.nodes;
  if (n == 0) return result;
  const double d = options.damping;
  std::vector<double> rank(n, 1.0 / n), next(n), contribution(n);
  std::vector<double> inverse_degree(n, 0.0);
  for (uint32_t u = 0; u < n; ++u) {
    uint64_t deg = g.out_offsets[u + 1] - g.out_offsets[u];
    inverse_degree[u] = deg ? 1.0 / static_cast<double>(deg) : 0.0;
  }
  for (uint32_t u = 0; u < n; ++u) contribution[u] = rank[u] * inverse_degree[u];
  for (int it = 1; it <= options.max_iterations; ++it) {
    double dangling = 0;
    for (uint32_t u = 0; u < n; ++u) {
      if (inverse_degree[u] == 0) dangling += rank[u];
    }
    // Gauss-Seidel: a node's new rank is used (through its contribution) by the nodes after it in
    // the same sweep, which roughly halves the sweeps needed; the fixed point is the same. The
    // dangling mass is the previous sweep's.
    const double base = (1.0 - d) / n + d * dangling / n;
    double total = 0;
    for (uint32_t v = 0; v < n; ++v) {
      double sum = 0;
      for (uint64_t e = g.in_offsets[v]; e < g.in_offsets[v + 1]; ++e) sum += contribution[g.in_sources[e]];
      next[v] = base + d * sum;
      contribution[v] = next[v] * inverse_degree[v];
      total += next[v];
    }
    double change = 0;
    const double scale = 1.0 / total;  // keep the sum exactly 1
    for (uint32_t v = 0; v < n; ++v) {
      next[v] *= scale;
      contribution[v] *= scale;
      change += std::fabs(next[v] - rank[v]);
    }
    rank.swap(next);
    result.iterations = it;
    result.last_change = change;
    if (change < options.tolerance) break;
  }
  result.rank = std::move(rank);
  return result;
}

}  // namespace linklens::rank
