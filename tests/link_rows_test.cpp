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
// The row's text fields are views into the strings above it.
struct Link {
  std::string host, url, anchor, context;
  LinkRow row;
  Link(int64_t page, int i, int ordinal) {
    // Appended, not "a" + b + "c": GCC 12 warns falsely (-Wrestrict) on that.
    host.append("t").append(std::to_string(i % 7)).append(".example");
    url.append("https://").append(host).append("/p").append(std::to_string(i));
    anchor.append("Anchor ").append(std::to_string(i));
    context.append("context of link ").append(std::to_string(i));
    row.id = 1000 * page + i;
    row.source_id = page;
    row.source_domain = "source.example";
    row.target_url = url;
    row.target_host = host;
    row.target_domain = host;
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
  // Page 1's links 0 to 149, with ordinals shifted by `shift`, seen in snapshot `seen`.
  auto write_page = [&](int shift, int64_t seen) {
    for (int i = 0; i < 150; ++i) {
      Link link(1, i, i + shift);
      link.row.last_seen = seen;
      REQUIRE(writer.write(link.row).ok());
    }
  };
  write_page(0, 1);
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
  write_page(1, 2);
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
      l.url.append("https://target.example/").append(std::to_string(i));
      l.href = l.url;
      l.host = l.domain = "target.example";
      l.scope = LinkScope::kExternal;
      l.anchor.append("a").append(std::to_string(i));
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
    // One snapshot of pages a and b, with that many links each.
    auto crawl = [&](const char* name, int a_links, int b_links) {
      REQUIRE(store.begin_snapshot(name, "test").ok());
      for (auto [url, links] :
           {std::pair{"https://source.example/a", a_links}, {"https://source.example/b", b_links}}) {
        auto [page, records] = page_with(url, links);
        REQUIRE(store.add_page(page, records).ok());
      }
      SnapshotSummary summary;
      REQUIRE(store.commit_snapshot(summary).ok());
      return summary;
    };
    // The first snapshot is a bulk load into an empty index: 100 + 3 links, all new.
    const SnapshotSummary first = crawl("first", 100, 3);
    CHECK(first.pages == 2);
    CHECK(first.links == 103);
    CHECK(first.new_links == 103);
    CHECK(first.lost_links == 0);
    CHECK(has_index(store.handle(), "link_rows_target"));
    CHECK_FALSE(has_index(store.handle(), "link_rows_target_authority"));

    // The second reads the tables as they are: page a lost 40 links, page b gained 2.
    const SnapshotSummary second = crawl("second", 60, 5);
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
