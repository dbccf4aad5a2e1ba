// Authority math over a compact graph: PageRank, harmonic centrality (HyperBall, the way Common
// Crawl ranks its web graphs) and the Linklens Authority Score that combines them (0-100).
//
// Pure functions of their inputs: no I/O, no threads, so the same code ranks a domain graph in
// the server and a graph in a test.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

namespace linklens::rank {

// A directed graph in compressed sparse row form, out-edges and in-edges.
// Invariants: out_offsets.size() == in_offsets.size() == nodes + 1; the edges of node u are
// out_targets[out_offsets[u] .. out_offsets[u+1]), sorted; in_* is the exact transpose.
struct Graph {
  uint32_t nodes = 0;
  std::vector<uint64_t> out_offsets, in_offsets;
  std::vector<uint32_t> out_targets, in_sources;
  uint64_t edges() const { return out_targets.size(); }
};

// Builds the graph; edges to or from ids >= nodes are ignored. With `remove_duplicates`, an edge
// given twice counts once (self-loops are kept: they are edges like any other).
Graph build_graph(uint32_t nodes, std::vector<std::pair<uint32_t, uint32_t>> edges, bool remove_duplicates = true);

struct PageRankOptions {
  double damping = 0.85;
  double tolerance = 1e-10;  // stop when the L1 change of an iteration is below this
  int max_iterations = 1000;
};

struct PageRankResult {
  std::vector<double> rank;  // sums to 1
  int iterations = 0;
  double last_change = 0;  // L1 change of the last iteration
};

// PageRank by power iteration: rank(v) = (1-d)/N + d * (sum over u->v of rank(u)/outdeg(u)
// + dangling/N), where dangling is the rank held by nodes without out-edges (spread uniformly,
// as igraph's PRPACK does).
PageRankResult pagerank(const Graph& graph, const PageRankOptions& options = {});

struct HyperBallOptions {
  int log2m = 8;  // 2^log2m HyperLogLog registers per node (8: about 6.5% error per count)
  uint64_t seed = 42;
  bool incoming = true;  // true: sum over y of 1/d(y -> x) (who can reach x); false: d(x -> y)
  int max_distance = 10000;
};

struct HarmonicResult {
  std::vector<double> harmonic;
  int iterations = 0;  // the (estimated) radius reached
};

// Harmonic centrality estimated with HyperBall (Boldi & Vigna): one HyperLogLog counter per
// node, unioned along edges once per distance.
HarmonicResult harmonic_centrality(const Graph& graph, const HyperBallOptions& options = {});

// The Linklens Authority Score, 0-100 (README, "Authority Score"):
//   score = 100 * (0.7 * L(pagerank) + 0.3 * L(harmonic)),
//   L(v) = log(v / floor) / log(max / floor), clamped to [0, 1],
// floor being the smallest positive value (for PageRank, what a node nobody links to gets), so
// such a node scores 0, and a node leading on both measures 100. Log-scaled because link equity is
// multiplicative: each step up the scale takes a comparable multiple of links in.
struct AuthorityParts {
  double score = 0;
  double pagerank_part = 0;  // 0-1, L(pagerank)
  double harmonic_part = 0;  // 0-1, L(harmonic)
};
std::vector<AuthorityParts> authority_scores(const std::vector<double>& pagerank, const std::vector<double>& harmonic);

// Spearman rank correlation of two equally long vectors (ties get their average rank).
double spearman(const std::vector<double>& a, const std::vector<double>& b);

}  // namespace linklens::rank
