#include "index/index_queries.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace linklens::api {

void add_top_lists(IndexQueries& queries, const Target& target, Overview& out) {
  ListQuery top{target, {"backlinks", true}, std::nullopt, 10};
  out.top_anchors = std::move(queries.anchors(top).table);
  out.top_tlds = queries.tlds(target);
  out.top_countries = queries.countries(target);
  if (out.top_tlds.rows.size() > 10) out.top_tlds.rows.resize(10);
  if (out.top_countries.rows.size() > 10) out.top_countries.rows.resize(10);
}

ResultTable authority_buckets(const std::vector<double>& authorities, int width) {
  const int buckets = (100 + width - 1) / width;
  std::vector<int64_t> counts(static_cast<std::size_t>(buckets), 0);
  for (double authority : authorities) {
    counts[static_cast<std::size_t>(std::clamp(static_cast<int>(authority / width), 0, buckets - 1))] += 1;
  }
  ResultTable t{{"from", "to", "referring_domains"}, {}};
  for (int i = 0; i < buckets; ++i)
    t.rows.push_back({i * width, std::min(100, (i + 1) * width), counts[static_cast<std::size_t>(i)]});
  return t;
}

ResultTable assign_countries(const std::vector<DomainCountry>& rows) {
  struct Choice {
    std::string country;
    int64_t links = -1;
    int64_t total = 0;
  };
  std::map<std::string, Choice> by_domain;
  for (const auto& r : rows) {
    Choice& c = by_domain[r.domain];
    c.total += r.links;
    const auto rank = [](const std::string& country, int64_t links) {
      return std::make_tuple(country == "unknown", -links, country);
    };
    if (c.links < 0 || rank(r.country, r.links) < rank(c.country, c.links)) {
      c.country = r.country;
      c.links = r.links;
    }
  }
  std::map<std::string, std::pair<int64_t, int64_t>> by_country;
  for (const auto& [domain, c] : by_domain) {
    by_country[c.country].first += 1;
    by_country[c.country].second += c.total;
  }
  std::vector<std::pair<std::string, std::pair<int64_t, int64_t>>> sorted(by_country.begin(), by_country.end());
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.second.first > b.second.first; });
  ResultTable t{{"country", "referring_domains", "backlinks"}, {}};
  for (const auto& [country, counts] : sorted) t.rows.push_back({country, counts.first, counts.second});
  return t;
}

void split_domain_lists(ResultPage& page) {
  const std::size_t column = page.table.columns.size() - 1;
  for (auto& row : page.table.rows) {
    const std::string text = row[column].is_string() ? row[column].get<std::string>() : "";
    std::vector<std::string> names;
    for (std::size_t start = 0; start < text.size();) {
      std::size_t comma = text.find(',', start);
      names.push_back(text.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    std::sort(names.begin(), names.end());
    Json list = Json::array();
    for (auto& n : names) list.push_back(n);
    row[column] = list;
  }
}

}  // namespace linklens::api
