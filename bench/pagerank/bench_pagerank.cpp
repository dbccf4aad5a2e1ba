// Benchmark: PageRank on cnr-2000 (325,557 nodes, 3,216,152 arcs) beside igraph's PRPACK in the
// same run: seconds to converge to the same vector (L1 < 1e-9 against igraph's), and ns per edge
// per iteration. Also HyperBall harmonic centrality, for the record (no peer in Debian).
// Usage: bench_pagerank [DATA_DIR]
#include <igraph.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "link_corpus.h"
#include "linklens/rank.h"

using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
  std::string dir = argc > 1 ? argv[1] : LINKLENS_SHARED_DATA_DIR;
  std::string text;
  if (!linklens::bench::read_maybe_gzip(dir + "/webgraph/cnr-2000/cnr-2000.arcs.tsv.gz", text)) {
    std::fprintf(stderr, "SKIPPED: %s/webgraph/cnr-2000 is missing\n", dir.c_str());
    return 0;
  }
  std::vector<std::pair<uint32_t, uint32_t>> edges;
  const char* p = text.c_str();
  uint32_t nodes = 325557;
  while (*p) {
    char* q;
    unsigned long u = std::strtoul(p, &q, 10);
    unsigned long v = std::strtoul(q, &q, 10);
    if (q == p) break;
    edges.emplace_back(static_cast<uint32_t>(u), static_cast<uint32_t>(v));
    p = q;
    while (*p == '\n') ++p;
  }

  // igraph, PRPACK.
  igraph_vector_int_t ev;
  igraph_vector_int_init(&ev, static_cast<igraph_integer_t>(edges.size() * 2));
  for (std::size_t i = 0; i < edges.size(); ++i) {
    VECTOR(ev)[2 * i] = edges[i].first;
    VECTOR(ev)[2 * i + 1] = edges[i].second;
  }
  igraph_t ig;
  igraph_create(&ig, &ev, nodes, IGRAPH_DIRECTED);
  igraph_vector_t reference;
  igraph_vector_init(&reference, 0);
  igraph_real_t value;
  double t_igraph = 1e9;
  for (int trial = 0; trial < 3; ++trial) {
    auto start = Clock::now();
    igraph_pagerank(&ig, IGRAPH_PAGERANK_ALGO_PRPACK, &reference, &value, igraph_vss_all(), true, 0.85, nullptr,
                    nullptr);
    t_igraph = std::min(t_igraph, std::chrono::duration<double>(Clock::now() - start).count());
  }

  // Linklens: the graph is built once (as the rank command does), then ranked.
  linklens::rank::Graph g = linklens::rank::build_graph(nodes, edges, false);
  linklens::rank::PageRankOptions options;
  linklens::rank::PageRankResult ours;
  double t_ours = 1e9;
  for (int trial = 0; trial < 3; ++trial) {
    auto start = Clock::now();
    ours = linklens::rank::pagerank(g, options);
    t_ours = std::min(t_ours, std::chrono::duration<double>(Clock::now() - start).count());
  }
  double l1 = 0;
  for (uint32_t i = 0; i < nodes; ++i) l1 += std::fabs(ours.rank[i] - VECTOR(reference)[i]);
  double ns_per_edge = t_ours * 1e9 / (static_cast<double>(ours.iterations) * g.edges());

  auto start = Clock::now();
  linklens::rank::HarmonicResult hc = linklens::rank::harmonic_centrality(g);
  double t_hyperball = std::chrono::duration<double>(Clock::now() - start).count();

  std::printf("cnr-2000: %u nodes, %llu edges; linklens %d iterations, L1 to igraph %.2e\n", nodes,
              static_cast<unsigned long long>(g.edges()), ours.iterations, l1);
  std::printf("hyperball: %d rounds in %.2f s\n", hc.iterations, t_hyperball);
  std::printf("bench: pagerank_cnr2000 %.3f s vs igraph_prpack %.3f s ratio %.2f\n", t_ours, t_igraph,
              t_igraph / t_ours);
  std::printf("bench: pagerank_ns_per_edge_iteration %.2f ns vs igraph_prpack %.2f ns ratio %.2f\n", ns_per_edge,
              t_igraph * 1e9 / (static_cast<double>(ours.iterations) * g.edges()), t_igraph / t_ours);
  igraph_vector_destroy(&reference);
  igraph_destroy(&ig);
  igraph_vector_int_destroy(&ev);
  return l1 < 1e-9 ? 0 : 1;
}
