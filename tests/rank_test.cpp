// Authority math judged on real graphs (../shared/data/webgraph):
//  - PageRank on cnr-2000 (325,557 nodes, 3,216,152 arcs) against igraph's PRPACK, same damping,
//    same dangling and self-loop treatment: L1 distance of the two vectors below 1e-6.
//  - Harmonic centrality (HyperBall) against the published HyperBall values, which follow
//    out-links (the harmonic centrality of the transposed graph, MANIFEST.md): Spearman >= 0.99.
//  - Small graphs with known answers, and the Authority Score's ends (0 and 100).
#include <igraph.h>
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <sstream>

#include "gzip_file.h"
#include "linklens/rank.h"
#include "test_data.h"

using namespace linklens::rank;

namespace {

bool load_cnr(std::vector<std::pair<uint32_t, uint32_t>>& edges, uint32_t& nodes) {
  std::string text =
      linklens::test::read_gzip_file(linklens::test::shared_data_dir() + "/webgraph/cnr-2000/cnr-2000.arcs.tsv.gz");
  if (text.empty()) {
    std::printf("SKIPPED: webgraph/cnr-2000 is missing (the real data in ../shared/data)\n");
    return false;
  }
  const char* p = text.data();
  const char* end = p + text.size();
  nodes = 0;
  while (p < end) {
    char* q;
    unsigned long u = std::strtoul(p, &q, 10);
    unsigned long v = std::strtoul(q, &q, 10);
    edges.emplace_back(static_cast<uint32_t>(u), static_cast<uint32_t>(v));
    nodes = std::max<uint32_t>(nodes, static_cast<uint32_t>(std::max(u, v)) + 1);
    p = q;
    while (p < end && (*p == '\n' || *p == '\r')) ++p;
  }
  nodes = std::max<uint32_t>(nodes, 325557);
  return true;
}

}  // namespace

TEST_CASE("PageRank matches igraph on cnr-2000", "[rank][realdata]") {
  std::vector<std::pair<uint32_t, uint32_t>> edges;
  uint32_t nodes;
  if (!load_cnr(edges, nodes)) return;
  REQUIRE(edges.size() == 3216152);
  Graph g = build_graph(nodes, edges, false);
  PageRankOptions options;
  options.tolerance = 1e-13;
  PageRankResult ours = pagerank(g, options);

  igraph_vector_int_t ev;
  igraph_vector_int_init(&ev, static_cast<igraph_integer_t>(edges.size() * 2));
  for (std::size_t i = 0; i < edges.size(); ++i) {
    VECTOR(ev)[2 * i] = edges[i].first;
    VECTOR(ev)[2 * i + 1] = edges[i].second;
  }
  igraph_t ig;
  igraph_create(&ig, &ev, nodes, IGRAPH_DIRECTED);
  igraph_vector_t theirs;
  igraph_vector_init(&theirs, 0);
  igraph_real_t value;
  REQUIRE(igraph_pagerank(&ig, IGRAPH_PAGERANK_ALGO_PRPACK, &theirs, &value, igraph_vss_all(), true, 0.85, nullptr,
                          nullptr) == IGRAPH_SUCCESS);
  double l1 = 0, sum_ours = 0, sum_theirs = 0;
  for (uint32_t i = 0; i < nodes; ++i) {
    l1 += std::fabs(ours.rank[i] - VECTOR(theirs)[i]);
    sum_ours += ours.rank[i];
    sum_theirs += VECTOR(theirs)[i];
  }
  std::printf("pagerank vs igraph PRPACK on cnr-2000: L1 distance %.3e after %d iterations (sums %.12f, %.12f)\n", l1,
              ours.iterations, sum_ours, sum_theirs);
  CHECK(l1 < 1e-6);
  igraph_vector_destroy(&theirs);
  igraph_destroy(&ig);
  igraph_vector_int_destroy(&ev);
}

TEST_CASE("HyperBall harmonic centrality matches the published values on cnr-2000", "[rank][realdata]") {
  std::vector<std::pair<uint32_t, uint32_t>> edges;
  uint32_t nodes;
  if (!load_cnr(edges, nodes)) return;
  std::string text = linklens::test::read_gzip_file(linklens::test::shared_data_dir() +
                                                    "/webgraph/cnr-2000/cnr-2000_hyperball_harmonic_centrality.tsv.gz");
  REQUIRE(!text.empty());
  std::vector<double> published(nodes, 0.0);
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == '#') continue;
    char* q;
    unsigned long node = std::strtoul(line.c_str(), &q, 10);
    if (node < nodes) published[node] = std::strtod(q, nullptr);
  }
  Graph g = build_graph(nodes, edges, false);
  HyperBallOptions options;
  options.incoming = false;  // the published values follow out-links
  HarmonicResult ours = harmonic_centrality(g, options);
  double rho = spearman(ours.harmonic, published);
  double rel = 0;
  for (uint32_t i = 0; i < nodes; ++i)
    rel += published[i] > 0 ? std::fabs(ours.harmonic[i] - published[i]) / published[i] : 0;
  std::printf(
      "harmonic (HyperBall, log2m 8) vs published on cnr-2000: Spearman %.4f, mean relative difference %.3f, "
      "%d rounds\n",
      rho, rel / nodes, ours.iterations);
  CHECK(rho >= 0.99);
}

TEST_CASE("PageRank, harmonic centrality and authority on small graphs", "[rank]") {
  // A star: everyone links to node 0; node 0 links to nobody (dangling).
  Graph star = build_graph(5, {{1, 0}, {2, 0}, {3, 0}, {4, 0}, {1, 0}});
  CHECK(star.edges() == 4);  // the duplicate counts once
  PageRankResult pr = pagerank(star);
  double sum = 0;
  for (double r : pr.rank) sum += r;
  CHECK(sum == Approx(1.0).epsilon(1e-12));
  for (int i = 1; i < 5; ++i) CHECK(pr.rank[0] > pr.rank[i]);
  CHECK(pr.rank[1] == Approx(pr.rank[4]));
  // A cycle: all equal.
  PageRankResult cycle = pagerank(build_graph(3, {{0, 1}, {1, 2}, {2, 0}}));
  CHECK(cycle.rank[0] == Approx(1.0 / 3));
  // Harmonic centrality of a path 0 -> 1 -> 2, incoming: node 2 is reached by 1 (d=1) and 0 (d=2).
  HyperBallOptions exact;
  exact.log2m = 10;  // small sets are counted exactly by linear counting
  HarmonicResult h = harmonic_centrality(build_graph(3, {{0, 1}, {1, 2}}), exact);
  CHECK(h.harmonic[0] == Approx(0.0).margin(0.05));
  CHECK(h.harmonic[1] == Approx(1.0).epsilon(0.05));
  CHECK(h.harmonic[2] == Approx(1.5).epsilon(0.05));
  // Authority: the star's centre is 100, a node nobody links to is 0.
  auto authority = authority_scores(pr.rank, harmonic_centrality(star, exact).harmonic);
  CHECK(authority[0].score == Approx(100.0));
  CHECK(authority[1].score == Approx(0.0).margin(1e-9));
  CHECK(spearman({1, 2, 3, 4}, {10, 20, 30, 40}) == Approx(1.0));
  CHECK(spearman({1, 2, 3, 4}, {4, 3, 2, 1}) == Approx(-1.0));
}
