// How the index stores links (sqlite/link_rows.h, sqlite/sqlite_store.h): rows wait in the writer
// and go in by INSERTs of many rows, so these cases check what that must not change. A page of
// more rows than one INSERT takes, a link repeated on its page while its first row still waits,
// rows left waiting by a failure, and the snapshot figures and indexes an ingest leaves.
#include <sqlite3.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <string>
#include <vector>

#include "sqlite/link_rows.h"
#include "sqlite/sqlite_rank.h"
#include "sqlite/sqlite_schema.h"
#include "sqlite/sqlite_store.h"

using namespace linklens;
using namespace linklens::store;

namespace {

int64_t count(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* s = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(s) == SQLITE_ROW);
  const int64_t n = sqlite3_column_int64(s, 0);
  sqlite3_finalize(s);
  return n;
}

struct MemoryIndex {
  MemoryIndex() {
    sqlite3_open(":memory:", &db);
    REQUIRE(sqlite3_exec(db, index_schema_sql(), nullptr, nullptr, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db, links_view_sql().c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) == SQLITE_OK);
  }
  ~MemoryIndex() { sqlite3_close(db); }
  sqlite3* db = nullptr;
};

// The i-th link of page `page`: its URL, anchor and ordinal follow from i.
struct Link {
  std::string url, anchor, context;
  LinkRow row;
  Link(int64_t page, int i, int ordinal) {
    url = "https://t" + std::to_string(i % 7) + ".example/p" + std::to_string(i);
    anchor = "Anchor " + std::to_string(i);
    context = "context of link " + std::to_string(i);
    row.id = 1000 * page + i;
    row.source_id = page;
    row.source_domain = "source.example";
    row.target_url = url;
    row.target_host = "t" + std::to_string(i % 7) + ".example";
    row.target_domain = row.target_host;
    row.href = url;
    row.anchor = anchor;
    row.anchor_key = anchor;
    row.context = context;
    row.ordinal = ordinal;
    row.position = 0.5;
    row.first_seen = row.last_seen = 1;
  }
};

}  // namespace

TEST_CASE("a page's rows are stored whole, beyond one INSERT's rows and with a link repeated on it") {
  MemoryIndex index;
  LinkRowWriter writer(index.db);
  // 150 links (three INSERTs of up to 64 rows), and link 70 again at the end: its first row waits
  // in the writer when the repeat updates it.
  for (int i = 0; i < 150; ++i) {
    Link link(1, i, i);
    REQUIRE(writer.write(link.row).ok());
  }
  Link repeat(1, 70, 150);
  REQUIRE(writer.write(repeat.row).ok());
  REQUIRE(writer.flush().ok());
  CHECK(count(index.db, "SELECT count(*) FROM link_rows") == 150);
  // Keys number the page's links in the order first written, with no gap.
  CHECK(count(index.db, "SELECT max(key) - min(key) FROM link_rows") == 149);
  CHECK(count(index.db, "SELECT min(key) FROM link_rows") == first_link_key(1) + 1);
  CHECK(count(index.db, "SELECT ordinal FROM link_rows WHERE id = 1070") == 150);  // the repeat's facts
  CHECK(count(index.db,
              "SELECT count(*) FROM links WHERE target_url = 'https://t3.example/p10' AND"
              " anchor = 'Anchor 10' AND context = 'context of link 10' AND ordinal = 10") == 1);

  // The same page crawled again: every link is one it had (updated in place, no row added),
  // and a new one takes the next number.
  for (int i = 0; i < 150; ++i) {
    Link link(1, i, i + 1);
    link.row.last_seen = 2;
    REQUIRE(writer.write(link.row).ok());
  }
  Link added(1, 500, 0);
  REQUIRE(writer.write(added.row).ok());
  REQUIRE(writer.flush().ok());
  CHECK(count(index.db, "SELECT count(*) FROM link_rows") == 151);
  CHECK(count(index.db, "SELECT count(*) FROM link_rows WHERE last_seen = 2") == 150);
  CHECK(count(index.db, "SELECT key FROM link_rows WHERE id = 1500") == first_link_key(1) + 151);
}

TEST_CASE("rows still waiting when a transaction ends are dropped with it") {
  MemoryIndex index;
  LinkRowWriter writer(index.db);
  for (int i = 0; i < 10; ++i) REQUIRE(writer.write(Link(2, i, i).row).ok());
  REQUIRE(sqlite3_exec(index.db, "ROLLBACK; BEGIN", nullptr, nullptr, nullptr) == SQLITE_OK);
  writer.transaction_ended();
  REQUIRE(writer.write(Link(3, 0, 0).row).ok());
  REQUIRE(writer.flush().ok());
  CHECK(count(index.db, "SELECT count(*) FROM link_rows") == 1);
  CHECK(count(index.db, "SELECT count(*) FROM link_rows WHERE key >> 20 = 2") == 0);
}

TEST_CASE("an ingest counts its snapshot from the tables, indexes its links, and leaves the authority index to rank") {
  const std::string path = "/tmp/linklens-link-rows-test-" + std::to_string(getpid()) + ".db";
  auto remove_files = [&] {
    for (const char* suffix : {"", "-wal", "-shm"}) std::remove((path + suffix).c_str());
  };
  remove_files();
  auto page_with = [](const std::string& url, int links) {
    CrawledPage page;
    page.url = url;
    page.host = "source.example";
    page.domain = "source.example";
    page.status = 200;
    std::vector<LinkRecord> out;
    for (int i = 0; i < links; ++i) {
      LinkRecord l;
      l.href = l.url = "https://target.example/" + std::to_string(i);
      l.host = l.domain = "target.example";
      l.scope = LinkScope::kExternal;
      l.anchor = "a" + std::to_string(i);
      l.ordinal = static_cast<uint32_t>(i);
      out.push_back(l);
    }
    return std::make_pair(page, out);
  };
  auto has_index = [](sqlite3* db, const char* name) {
    return count(db,
                 std::string("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = '") + name + "'") == 1;
  };
  {
    auto opened = SqliteStore::open(path);
    REQUIRE(opened.ok());
    SqliteStore& store = *opened.value();
    // The first snapshot is a bulk load into an empty index: 100 + 3 links, all new.
    REQUIRE(store.begin_snapshot("first", "test").ok());
    auto [a, a_links] = page_with("https://source.example/a", 100);
    auto [b, b_links] = page_with("https://source.example/b", 3);
    REQUIRE(store.add_page(a, a_links).ok());
    REQUIRE(store.add_page(b, b_links).ok());
    SnapshotSummary first;
    REQUIRE(store.commit_snapshot(first).ok());
    CHECK(first.pages == 2);
    CHECK(first.links == 103);
    CHECK(first.new_links == 103);
    CHECK(first.lost_links == 0);
    CHECK(has_index(store.handle(), "link_rows_target"));
    CHECK_FALSE(has_index(store.handle(), "link_rows_target_authority"));

    // The second reads the tables as they are: page a lost 40 links, page b gained 2.
    REQUIRE(store.begin_snapshot("second", "test").ok());
    auto [a2, a2_links] = page_with("https://source.example/a", 60);
    auto [b2, b2_links] = page_with("https://source.example/b", 5);
    REQUIRE(store.add_page(a2, a2_links).ok());
    REQUIRE(store.add_page(b2, b2_links).ok());
    SnapshotSummary second;
    REQUIRE(store.commit_snapshot(second).ok());
    CHECK(second.pages == 2);
    CHECK(second.links == 65);
    CHECK(second.new_links == 2);
    CHECK(second.lost_links == 40);

    // rank writes source_authority and builds the index that orders by it.
    ranking::RankSummary ranked;
    REQUIRE(ranking::rank_index(store, ranked).ok());
    CHECK(has_index(store.handle(), "link_rows_target_authority"));
  }
  remove_files();
}
