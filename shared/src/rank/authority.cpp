#include <algorithm>
#include <cmath>
#include <numeric>

#include "linklens/rank.h"

namespace linklens::rank {
namespace {

// L(v) = log(v/floor) / log(max/floor), in [0, 1]; floor = the smallest positive value.
std::vector<double> log_scale(const std::vector<double>& values) {
  double floor = 0, max = 0;
  for (double v : values) {
    if (v > 0 && (floor == 0 || v < floor)) floor = v;
    max = std::max(max, v);
  }
  std::vector<double> out(values.size(), 0.0);
  if (floor <= 0) return out;
  if (max <= floor) {  // every positive value is the same: those nodes are the top
    for (std::size_t i = 0; i < values.size(); ++i) out[i] = values[i] > 0 ? 1.0 : 0.0;
    return out;
  }
  const double top = std::log(max / floor);
  for (std::size_t i = 0; i < values.size(); ++i) {
    out[i] = values[i] <= floor ? 0.0 : std::log(values[i] / floor) / top;
  }
  return out;
}

std::vector<double> ranks_of(const std::vector<double>& v) {
  std::vector<std::size_t> order(v.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
  std::vector<double> r(v.size());
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j + 1 < order.size() && v[order[j + 1]] == v[order[i]]) ++j;
    double average = (i + j) / 2.0 + 1;
    for (std::size_t k = i; k <= j; ++k) r[order[k]] = average;
    i = j + 1;
  }
  return r;
}

}  // namespace

std::vector<AuthorityParts> authority_scores(const std::vector<double>& pagerank, const std::vector<double>& harmonic) {
  // The floor of PageRank is the rank of a node nobody links to; dividing by it makes the scale
  // independent of the graph's size. Harmonic centrality is 0 for such a node: its floor is the
  // smallest positive value.
  std::vector<double> pr = log_scale(pagerank), hc = log_scale(harmonic);
  std::vector<AuthorityParts> out(pagerank.size());
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i].pagerank_part = pr[i];
    out[i].harmonic_part = i < hc.size() ? hc[i] : 0.0;
    out[i].score = 100.0 * (0.7 * out[i].pagerank_part + 0.3 * out[i].harmonic_part);
  }
  return out;
}

double spearman(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size() || a.size() < 2) return 0;
  std::vector<double> ra = ranks_of(a), rb = ranks_of(b);
  double mean = (a.size() + 1) / 2.0, cov = 0, va = 0, vb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    cov += (ra[i] - mean) * (rb[i] - mean);
    va += (ra[i] - mean) * (ra[i] - mean);
    vb += (rb[i] - mean) * (rb[i] - mean);
  }
  return cov / std::sqrt(va * vb);
}

}  // namespace linklens::rank
