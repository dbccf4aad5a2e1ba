#include "linklens/web_authority.h"

#include <algorithm>
#include <cmath>

namespace linklens::rank {

AuthorityParts web_authority(double pagerank, double harmonic, const ReleaseScale& scale) {
  AuthorityParts out;
  if (scale.nodes >= 1 && scale.max_pagerank > 0) {
    const double floor = (1.0 - scale.damping) / scale.nodes;
    if (scale.max_pagerank > floor && pagerank > floor) {
      out.pagerank_part = std::min(1.0, std::log(pagerank / floor) / std::log(scale.max_pagerank / floor));
    }
  }
  if (scale.max_harmonic > 0 && harmonic > 0) out.harmonic_part = std::min(1.0, harmonic / scale.max_harmonic);
  out.score = 100.0 * (0.5 * out.pagerank_part + 0.5 * out.harmonic_part);
  return out;
}

std::string unreverse_host(std::string_view reversed) {
  std::string out;
  out.reserve(reversed.size());
  std::size_t end = reversed.size();
  while (true) {
    const std::size_t dot = reversed.rfind('.', end == 0 ? 0 : end - 1);
    const std::size_t start = dot == std::string_view::npos || dot >= end ? 0 : dot + 1;
    if (!out.empty()) out += '.';
    out.append(reversed.substr(start, end - start));
    if (start == 0) break;
    end = start - 1;
  }
  return out;
}

}  // namespace linklens::rank
