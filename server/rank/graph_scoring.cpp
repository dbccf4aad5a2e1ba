#include "rank/graph_scoring.h"

#include <algorithm>

namespace linklens::ranking {

DomainScores score_domain_graph(std::vector<std::string> names, std::vector<std::pair<uint32_t, uint32_t>> edges) {
  DomainScores d;
  std::vector<uint32_t> order(names.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return names[a] < names[b]; });
  std::vector<uint32_t> renumbered(names.size());
  for (uint32_t i = 0; i < order.size(); ++i) renumbered[order[i]] = i;
  d.names.reserve(names.size());
  for (uint32_t i : order) d.names.push_back(std::move(names[i]));
  for (auto& [u, v] : edges) {
    u = renumbered[u];
    v = renumbered[v];
  }
  d.graph = rank::build_graph(static_cast<uint32_t>(d.names.size()), std::move(edges));
  d.pagerank = rank::pagerank(d.graph);
  d.harmonic = rank::harmonic_centrality(d.graph);
  d.scores = rank::authority_scores(d.pagerank.rank, d.harmonic.harmonic);
  return d;
}

std::vector<double> score_page_graph(uint32_t pages, std::vector<std::pair<uint32_t, uint32_t>> edges,
                                     uint64_t& edge_count) {
  rank::Graph graph = rank::build_graph(pages, std::move(edges));
  rank::HyperBallOptions hb;
  hb.log2m = 6;  // 64 bytes a page: page graphs are much larger than domain graphs
  auto scores = rank::authority_scores(rank::pagerank(graph).rank, rank::harmonic_centrality(graph, hb).harmonic);
  edge_count = graph.edges();
  std::vector<double> out(pages);
  for (uint32_t i = 0; i < pages; ++i) out[i] = scores[i].score;
  return out;
}

std::vector<std::pair<std::string, double>> top_domains(const DomainScores& d) {
  std::vector<uint32_t> order(d.graph.nodes);
  for (uint32_t i = 0; i < d.graph.nodes; ++i) order[i] = i;
  const std::size_t n = std::min<std::size_t>(10, order.size());
  std::partial_sort(order.begin(), order.begin() + n, order.end(),
                    [&](uint32_t a, uint32_t b) { return d.scores[a].score > d.scores[b].score; });
  std::vector<std::pair<std::string, double>> top;
  for (std::size_t i = 0; i < n; ++i) top.emplace_back(d.names[order[i]], d.scores[order[i]].score);
  return top;
}

}  // namespace linklens::ranking
