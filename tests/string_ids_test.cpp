// The index's interned strings (schema 9, sqlite/string_ids.h): strings that share a hash get
// their own ids, an id found again is the same id, and a rolled-back transaction's ids are
// forgotten with it. On an in-memory SQLite database with the index's own schema.
#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <string>
#include <unordered_map>

#include "sqlite/sqlite_schema.h"
#include "sqlite/string_ids.h"

using namespace linklens::store;

namespace {

struct MemoryIndex {
  MemoryIndex() {
    sqlite3_open(":memory:", &db);
    REQUIRE(sqlite3_exec(db, index_schema_sql(), nullptr, nullptr, nullptr) == SQLITE_OK);
  }
  ~MemoryIndex() { sqlite3_close(db); }
  std::string value_of(int64_t id) {
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(db, "SELECT value FROM strings WHERE id = ?1", -1, &s, nullptr);
    sqlite3_bind_int64(s, 1, id);
    std::string out = sqlite3_step(s) == SQLITE_ROW ? reinterpret_cast<const char*>(sqlite3_column_text(s, 0)) : "?";
    sqlite3_finalize(s);
    return out;
  }
  sqlite3* db = nullptr;
};

// Two different strings with the same 31-bit hash (found by the birthday bound: a few 10^4 tries).
std::pair<std::string, std::string> colliding_pair() {
  std::unordered_map<int64_t, std::string> seen;
  for (int i = 0;; ++i) {
    std::string s = "https://example.com/page/" + std::to_string(i);
    auto [it, added] = seen.emplace(string_hash(s), s);
    if (!added) return {it->second, s};
  }
}

}  // namespace

TEST_CASE("strings that share a hash keep their own ids") {
  MemoryIndex index;
  const auto [a, b] = colliding_pair();
  REQUIRE(string_hash(a) == string_hash(b));
  StringIds ids(index.db);
  const int64_t id_a = ids.string(a).value(), id_b = ids.string(b).value();
  CHECK(id_a != id_b);
  CHECK(index.value_of(id_a) == a);
  CHECK(index.value_of(id_b) == b);
  // Found again, from the cache and then from the table.
  CHECK(ids.string(b).value() == id_b);
  ids.forget();
  CHECK(ids.string(a).value() == id_a);
  CHECK(ids.string(b).value() == id_b);
  StringIds fresh(index.db);
  CHECK(fresh.string(b).value() == id_b);
}

TEST_CASE("names are stored once, the empty one too") {
  MemoryIndex index;
  StringIds ids(index.db);
  const int64_t a = ids.name("example.com").value(), empty = ids.name("").value();
  CHECK(a != empty);
  ids.forget();
  CHECK(ids.name("example.com").value() == a);
  CHECK(ids.name("").value() == empty);
}

TEST_CASE("ids added in a rolled-back transaction are not remembered") {
  MemoryIndex index;
  StringIds ids(index.db);
  REQUIRE(sqlite3_exec(index.db, "BEGIN", nullptr, nullptr, nullptr) == SQLITE_OK);
  const int64_t gone = ids.string("rolled back").value();
  REQUIRE(sqlite3_exec(index.db, "ROLLBACK", nullptr, nullptr, nullptr) == SQLITE_OK);
  ids.forget();
  const int64_t other = ids.string("another").value();
  const int64_t again = ids.string("rolled back").value();
  CHECK(index.value_of(again) == "rolled back");
  CHECK(index.value_of(other) == "another");
  (void)gone;
}
