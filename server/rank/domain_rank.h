// Ranks the index's domain graph and explains a domain's score.
//
// Domain graph: registrable domains are nodes; u -> v when a live, followed (effective_follow),
// visible link of kind text/image/area/redirect goes from a page of u to a page of v (internal
// and subdomain links excluded). Sources that share a /24 (or IPv6 /48) count once against the
// same target, so a private blog network on one subnet cannot vote many times. Links the target's
// own disavow file covers (the disavowed table, `linklens disavow --apply`) do not count.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "linklens/rank.h"
#include "store/sqlite_store.h"

namespace linklens::ranking {

struct RankSummary {
  uint32_t pages = 0;
  uint64_t page_edges = 0;
  uint32_t domains = 0;
  uint64_t edges = 0, collapsed_by_subnet = 0;
  int pagerank_iterations = 0, harmonic_rounds = 0;
  std::vector<std::pair<std::string, double>> top;  // the best domains and their scores
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

// Computes PageRank, harmonic centrality and the Authority Score for every domain and replaces
// the domain_authority table in one transaction. False and `error` on failure. With
// own_transaction = false it runs inside the caller's open transaction (`linklens ingest` ranks
// before its commit, so a server never sees new links with old scores and tables).
bool rank_index(store::SqliteStore& store, RankSummary& summary, std::string& error, bool own_transaction = true);

// A readable account of `domain`'s score: its parts, its referring domains by strength, and the
// links that did not count and why.
bool explain_domain(store::SqliteStore& store, const std::string& domain, std::string& out, std::string& error);

}  // namespace linklens::ranking
