// Scoring a link graph, whichever store listed it: the domain graph (PageRank, harmonic
// centrality, the Authority Score) and the page graph (page authority), numbered so that the
// same graph scores the same to the bit in every store. What a rank did: RankSummary.
#pragma once

#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "linklens/rank.h"

namespace linklens::ranking {

struct RankSummary {
  uint32_t pages = 0;
  uint64_t page_edges = 0;
  uint32_t domains = 0;
  uint64_t edges = 0, collapsed_by_subnet = 0;
  int pagerank_iterations = 0, harmonic_rounds = 0;
  std::vector<std::pair<std::string, double>> top;  // the best domains and their scores (this index's)
  uint32_t web_scored = 0;                          // domains whose answers carry a web-graph release's score
};

// Names to node ids in order of first appearance (graph building: every store's rank).
struct NameIds {
  std::unordered_map<std::string, uint32_t> ids;
  std::vector<std::string> names;
  uint32_t operator()(const std::string& name) {
    auto [it, inserted] = ids.emplace(name, static_cast<uint32_t>(names.size()));
    if (inserted) names.push_back(name);
    return it->second;
  }
};

// The scores of a domain graph given by names and edges between them. Nodes are numbered in name
// order first, so the same graph scores the same (to the bit) whichever store listed it, in
// whatever order: SQLite and ClickHouse indexes of one crawl agree.
struct DomainScores {
  std::vector<std::string> names;  // sorted
  rank::Graph graph;
  rank::PageRankResult pagerank;
  rank::HarmonicResult harmonic;
  std::vector<rank::AuthorityParts> scores;
};
// Edges are taken (renumbered in place and moved into the graph): one copy of the edge list at a
// time, the peak memory of a large rank.
DomainScores score_domain_graph(std::vector<std::string> names, std::vector<std::pair<uint32_t, uint32_t>> edges);
// Page authority over the page graph, pages given in URL order.
std::vector<double> score_page_graph(uint32_t pages, std::vector<std::pair<uint32_t, uint32_t>> edges,
                                     uint64_t& edge_count);
// The best ten domains of a ranking.
std::vector<std::pair<std::string, double>> top_domains(const DomainScores& d);

}  // namespace linklens::ranking
