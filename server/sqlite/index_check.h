// Is an index file whole enough to serve? Run by `linklens serve` before it listens.
//
// SQLite's quick_check reads every page: about a second for 256 MB here, minutes for a crawl's
// index of tens of GB. So a file up to `full_check_bytes` is quick_checked, and a bigger one is
// sampled where damage shows first: the header and the schema (opening it), then the root and
// the first and last leaves of every table and the root and first leaf of every index. A damaged
// page met later answers 503 index_damaged (docs/http-api.md).
#pragma once

#include <cstdint>
#include <string>

#include "index/status.h"

struct sqlite3;

namespace linklens::store {

struct IndexCheck {
  std::uint64_t full_check_bytes = 256ull << 20;
  // The sampled check stops (passing what it has read) after this long: a start is never held
  // by a schema of thousands of tables.
  int budget_ms = 5000;
};

// Ok, or a failure that says the file is damaged, what SQLite found, and what to do.
Status check_index_file(sqlite3* db, const std::string& path, std::uint64_t file_bytes, const IndexCheck& check = {});

}  // namespace linklens::store
