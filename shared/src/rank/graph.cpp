#include <algorithm>

#include "linklens/rank.h"

namespace linklens::rank {

Graph build_graph(uint32_t nodes, std::vector<std::pair<uint32_t, uint32_t>> edges, bool remove_duplicates) {
  edges.erase(std::remove_if(edges.begin(), edges.end(),
                             [nodes](const auto& e) { return e.first >= nodes || e.second >= nodes; }),
              edges.end());
  std::sort(edges.begin(), edges.end());
  if (remove_duplicates) edges.erase(std::unique(edges.begin(), edges.end()), edges.end());

  Graph g;
  g.nodes = nodes;
  g.out_offsets.assign(nodes + 1, 0);
  g.in_offsets.assign(nodes + 1, 0);
  for (const auto& [u, v] : edges) {
    ++g.out_offsets[u + 1];
    ++g.in_offsets[v + 1];
  }
  for (uint32_t i = 0; i < nodes; ++i) {
    g.out_offsets[i + 1] += g.out_offsets[i];
    g.in_offsets[i + 1] += g.in_offsets[i];
  }
  g.out_targets.resize(edges.size());
  g.in_sources.resize(edges.size());
  std::vector<uint64_t> fill(g.in_offsets.begin(), g.in_offsets.end() - 1);
  for (std::size_t i = 0; i < edges.size(); ++i) {
    g.out_targets[i] = edges[i].second;  // edges are sorted by source, so this is already CSR
    g.in_sources[fill[edges[i].second]++] = edges[i].first;
  }
  return g;
}

}  // namespace linklens::rank
