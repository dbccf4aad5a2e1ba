// Strings stored once in the index (schema 9): host and domain names in `names` (looked up by
// value in every query, so UNIQUE), and URLs, hrefs, anchors, anchor keys, context snippets and
// rel values in `strings` (found by a 31-bit hash of the value, so the index holds a small integer
// per string instead of a second copy of it). Link rows refer to both by small integer ids.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "index/status.h"

namespace linklens::store {

// The hash `strings.hash` holds: FNV-1a folded to 31 bits (stable across builds and platforms:
// it is stored; SQLite keeps a value under 2^31 in 4 bytes).
int64_t string_hash(std::string_view value);

// Finds or adds ids inside the caller's write transaction. The caches hold ids added in that
// transaction: forget() must be called when it ends, whichever way.
class StringIds {
 public:
  explicit StringIds(sqlite3* db);
  ~StringIds();
  StringIds(const StringIds&) = delete;
  StringIds& operator=(const StringIds&) = delete;

  StatusOr<int64_t> name(std::string_view value);
  StatusOr<int64_t> string(std::string_view value);
  void forget();

 private:
  sqlite3* db_;
  sqlite3_stmt *find_name_ = nullptr, *add_name_ = nullptr, *find_string_ = nullptr, *add_string_ = nullptr;
  // Bounded: a 100-million-link ingest meets tens of millions of strings; past the bound the cache
  // starts again (a miss is one indexed lookup).
  struct Hash {
    using is_transparent = void;  // looked up by string_view: no string is made for a lookup
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, int64_t, Hash, std::equal_to<>> names_, strings_;
  // The cache holds every row of its table (the table was empty when the cache started, and the
  // cache has not been cut back since): a value it lacks is new, and is added without a lookup.
  // Only this class writes the two tables.
  bool names_complete_ = false, strings_complete_ = false;
};

}  // namespace linklens::store
