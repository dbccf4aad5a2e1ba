// Timing for the benchmarks: a pass over the corpus is repeated until a minimum time has passed,
// several times, and the least disturbed trial is kept.
#pragma once

#include <algorithm>
#include <chrono>

namespace linklens::bench {

// Best seconds per pass of `body` over `trials` trials of at least `min_seconds` each.
template <class F>
double best_seconds_per_pass(F&& body, int trials = 5, double min_seconds = 0.5) {
  double best = 1e300;
  for (int t = 0; t < trials; ++t) {
    const auto start = std::chrono::steady_clock::now();
    int passes = 0;
    double elapsed = 0;
    do {
      body();
      ++passes;
      elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    } while (elapsed < min_seconds);
    best = std::min(best, elapsed / passes);
  }
  return best;
}

}  // namespace linklens::bench
