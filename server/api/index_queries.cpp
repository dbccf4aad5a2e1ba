#include "index_queries.h"

#include <algorithm>

namespace linklens::api {

void add_top_lists(IndexQueries& queries, const Target& target, Json& out) {
  ListQuery top{target, {"backlinks", true}, std::nullopt, 10};
  out["top_anchors"] = queries.anchors(top).table.to_json();
  ResultTable tld_table = queries.tlds(target), country_table = queries.countries(target);
  if (tld_table.rows.size() > 10) tld_table.rows.resize(10);
  if (country_table.rows.size() > 10) country_table.rows.resize(10);
  out["top_tlds"] = tld_table.to_json();
  out["top_countries"] = country_table.to_json();
}

ResultTable authority_buckets(const std::vector<double>& authorities, int width) {
  const int buckets = (100 + width - 1) / width;
  std::vector<int64_t> counts(static_cast<std::size_t>(buckets), 0);
  for (double authority : authorities) {
    counts[static_cast<std::size_t>(std::clamp(static_cast<int>(authority / width), 0, buckets - 1))] += 1;
  }
  ResultTable t{{"from", "to", "referring_domains"}, {}};
  for (int i = 0; i < buckets; ++i) t.rows.push_back({i * width, std::min(100, (i + 1) * width), counts[static_cast<std::size_t>(i)]});
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
