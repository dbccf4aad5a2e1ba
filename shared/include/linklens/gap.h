// Backlink Gap: which referring domains link to which of 2 to 5 targets (the first is "you"),
// with the prospect categories SEO tools use. Pure set logic over per-target referring domains.
//
//   best     links to every competitor, not to you
//   weak     links to you, but with fewer backlinks than to some competitor
//   strong   links only to you
//   shared   links to every target, you included
//   unique   links to exactly one competitor, not to you
// A domain can be in several categories (shared and weak, say).
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace linklens::gap {

struct Link {
  std::string referring_domain;
  int64_t backlinks = 0;  // to that target
};

struct Row {
  std::string domain;
  double authority = 0;                    // of the referring domain
  std::string authority_source = "index";  // where that score came from (see audit::Backlink)
  std::vector<int64_t> backlinks;          // per target, in the order given (0: does not link)
  std::vector<std::string> categories;     // best, weak, strong, shared, unique
  uint32_t mask = 0;                       // bit i: links to target i
};

struct Result {
  std::vector<Row> rows;  // by authority, then name
  std::vector<std::pair<uint32_t, int64_t>>
      venn;  // every non-empty target subset (bit mask) and how many domains link to exactly it
  std::vector<std::pair<std::string, int64_t>> category_counts;
};

// The categories of one row (its per-target backlinks, index 0 being "you").
std::vector<std::string> categories_of(const std::vector<int64_t>& backlinks);

// per_target[i] lists target i's referring domains (2 to 5 targets); `authority` gives each
// referring domain's score (absent: 0).
Result compute(const std::vector<std::vector<Link>>& per_target,
               const std::unordered_map<std::string, double>& authority);

}  // namespace linklens::gap
