#include "linklens/gap.h"

#include <algorithm>
#include <map>

namespace linklens::gap {

std::vector<std::string> categories_of(const std::vector<int64_t>& b) {
  std::vector<std::string> out;
  const std::size_t n = b.size();
  std::size_t competitors_linked = 0;
  int64_t best_competitor = 0;
  for (std::size_t i = 1; i < n; ++i) {
    competitors_linked += b[i] > 0;
    best_competitor = std::max(best_competitor, b[i]);
  }
  const bool you = n > 0 && b[0] > 0;
  if (!you && competitors_linked == n - 1 && n > 1) out.push_back("best");
  if (you && b[0] < best_competitor) out.push_back("weak");
  if (you && competitors_linked == 0) out.push_back("strong");
  if (you && competitors_linked == n - 1) out.push_back("shared");
  if (!you && competitors_linked == 1) out.push_back("unique");
  return out;
}

Result compute(const std::vector<std::vector<Link>>& per_target,
               const std::unordered_map<std::string, double>& authority) {
  Result result;
  const std::size_t n = per_target.size();
  std::map<std::string, Row> rows;
  for (std::size_t t = 0; t < n; ++t) {
    for (const Link& l : per_target[t]) {
      Row& row = rows[l.referring_domain];
      if (row.backlinks.empty()) {
        row.domain = l.referring_domain;
        row.backlinks.assign(n, 0);
        auto a = authority.find(l.referring_domain);
        row.authority = a == authority.end() ? 0 : a->second;
      }
      row.backlinks[t] += l.backlinks;
      if (l.backlinks > 0) row.mask |= 1u << t;
    }
  }
  std::map<uint32_t, int64_t> venn;
  std::map<std::string, int64_t> counts;
  for (auto& [domain, row] : rows) {
    if (row.mask == 0) continue;
    row.categories = categories_of(row.backlinks);
    ++venn[row.mask];
    for (const auto& c : row.categories) ++counts[c];
    result.rows.push_back(std::move(row));
  }
  std::stable_sort(result.rows.begin(), result.rows.end(),
                   [](const Row& a, const Row& b) { return a.authority > b.authority; });  // names already ordered
  for (uint32_t mask = 1; mask < (1u << n); ++mask) result.venn.emplace_back(mask, venn.count(mask) ? venn[mask] : 0);
  for (const char* c : {"best", "weak", "strong", "shared", "unique"})
    result.category_counts.emplace_back(c, counts[c]);
  return result;
}

}  // namespace linklens::gap
