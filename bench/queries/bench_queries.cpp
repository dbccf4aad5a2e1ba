// Benchmark: the lookups the API serves, on an index built by `linklens ingest` + `rank`
// (scripts/bench.sh builds one from generated pages; scripts/bench_100m.sh one of 100 million
// links), timed through the same SqliteIndexQueries the server calls, each inside a read
// transaction as a request is, beside the same answer computed from the link rows at query time:
//   - a domain overview (the precomputed query tables) vs aggregating the domain's links;
//   - the first page (100) of a domain's strongest backlinks vs joining pages and sorting.
// Median and p99 over the 50 most linked domains (20 runs each), and p99 of 200 runs on the most
// linked domain alone: the answers users wait longest for. The peers read every link of a domain
// (seconds each at 100 million links), so the ratio lines compare medians on the five most linked
// domains, and the most linked domain's p99 with the peer's slowest of three runs on it.
// Usage: bench_queries INDEX.db
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "index/index_queries.h"
#include "sqlite/sqlite_functions.h"
#include "sqlite/sqlite_index_queries.h"

using namespace linklens;
using Clock = std::chrono::steady_clock;

namespace {

struct Timing {
  double median_ms, p99_ms;
};

Timing summarise(std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  return {ms[ms.size() / 2], ms[std::min(ms.size() - 1, ms.size() * 99 / 100)]};
}

void exec(sqlite3* db, const char* sql) {
  if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) {
    std::fprintf(stderr, "bench_queries: %s: %s\n", sql, sqlite3_errmsg(db));
    std::exit(1);
  }
}

api::Target target_of(const std::string& domain) {
  api::Target t;
  t.input = t.domain = t.host = domain;
  return t;
}

api::BacklinkQuery first_backlinks_page(const std::string& domain) {
  api::BacklinkQuery q;
  q.target = target_of(domain);
  q.sort = {"authority", true};
  q.limit = 100;
  q.select = api::default_backlink_fields();
  return q;
}

// `runs` passes over `domains`, each call in its own read transaction, as the server answers.
template <class F>
Timing time_calls(sqlite3* db, const std::vector<std::string>& domains, int runs, F&& call) {
  std::vector<double> ms;
  for (int run = 0; run < runs; ++run) {
    for (const auto& d : domains) {
      auto start = Clock::now();
      exec(db, "BEGIN");
      call(d);
      exec(db, "COMMIT");
      ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    }
  }
  return summarise(std::move(ms));
}

// The peer: the same figures straight from the link rows, with no query table.
Timing time_sql(sqlite3* db, const char* sql, const std::vector<std::string>& domains, int runs) {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &s, nullptr) != SQLITE_OK) {
    std::fprintf(stderr, "bench_queries: %s\n", sqlite3_errmsg(db));
    std::exit(1);
  }
  Timing t = time_calls(db, domains, runs, [&](const std::string& d) {
    sqlite3_reset(s);
    sqlite3_bind_text(s, 1, d.c_str(), -1, SQLITE_TRANSIENT);
    while (sqlite3_step(s) == SQLITE_ROW) {
    }
  });
  sqlite3_finalize(s);
  return t;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_queries INDEX.db\n");
    return 2;
  }
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    std::fprintf(stderr, "bench_queries: cannot open %s\n", argv[1]);
    return 1;
  }
  store::register_sql_functions(db);
  std::vector<std::string> domains;
  std::vector<long long> backlinks;
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT domain, backlinks FROM domain_overview ORDER BY backlinks DESC LIMIT 50", -1, &s,
                         nullptr) != SQLITE_OK) {
    std::fprintf(stderr, "bench_queries: %s is not a ranked index: %s\n", argv[1], sqlite3_errmsg(db));
    return 1;
  }
  while (sqlite3_step(s) == SQLITE_ROW) {
    domains.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)));
    backlinks.push_back(sqlite3_column_int64(s, 1));
  }
  sqlite3_finalize(s);
  long long links = 0;
  sqlite3_prepare_v2(db, "SELECT count(*) FROM link_rows", -1, &s, nullptr);
  if (sqlite3_step(s) == SQLITE_ROW) links = sqlite3_column_int64(s, 0);
  sqlite3_finalize(s);
  if (domains.empty() || links == 0) {
    std::fprintf(stderr, "bench_queries: %s has no ranked domains (run linklens rank)\n", argv[1]);
    return 1;
  }
  std::printf("index: %lld links; the %zu most linked domains, the first %s with %lld backlinks\n", links,
              domains.size(), domains[0].c_str(), backlinks[0]);

  api::SqliteIndexQueries queries(db);
  size_t rows = 0;
  auto overview = [&](const std::string& d) { rows += queries.overview(target_of(d)).indexed; };
  auto page = [&](const std::string& d) { rows += queries.backlinks(first_backlinks_page(d)).table.rows.size(); };
  // The peers read every link of a domain: a few runs on the five most linked domains (seconds
  // each at 100 million links).
  const std::vector<std::string> biggest(domains.begin(), domains.begin() + 1);
  const std::vector<std::string> five(domains.begin(), domains.begin() + std::min<size_t>(5, domains.size()));
  Timing overview_all = time_calls(db, domains, 20, overview);
  Timing overview_five = time_calls(db, five, 20, overview);
  Timing overview_top = time_calls(db, biggest, 200, overview);
  Timing page_all = time_calls(db, domains, 20, page);
  Timing page_five = time_calls(db, five, 20, page);
  Timing page_top = time_calls(db, biggest, 200, page);
  if (rows == 0) {
    std::fprintf(stderr, "bench_queries: the lookups answered nothing\n");
    return 1;
  }
  const char* aggregate_sql =
      "SELECT count(*), sum(lost_in IS NULL), count(DISTINCT source_domain), count(DISTINCT source_id),"
      " sum(follow = 'follow'), sum(follow = 'nofollow'), sum(kind = 'text'), sum(kind = 'image')"
      " FROM links WHERE target_domain = ?1 AND scope = 'external'";
  const char* join_sql =
      "SELECT l.target_url, l.anchor, p.authority FROM links l JOIN pages p ON p.id = l.source_id"
      " WHERE l.target_domain = ?1 AND l.scope = 'external' ORDER BY p.authority DESC LIMIT 100";
  // Like for like: medians on the same five domains, and the most linked one's p99 beside the
  // peer's slowest of three runs on it.
  Timing overview_peer = time_sql(db, aggregate_sql, five, 3);
  Timing page_peer = time_sql(db, join_sql, five, 3);
  Timing overview_peer_top = time_sql(db, aggregate_sql, biggest, 3);
  Timing page_peer_top = time_sql(db, join_sql, biggest, 3);
  std::printf(
      "50 domains x 20 runs: overview median %.3f ms p99 %.3f ms; first backlinks page median %.3f ms p99 %.3f ms\n",
      overview_all.median_ms, overview_all.p99_ms, page_all.median_ms, page_all.p99_ms);
  std::printf("%s x 200 runs: overview median %.3f ms p99 %.3f ms; first backlinks page median %.3f ms p99 %.3f ms\n",
              domains[0].c_str(), overview_top.median_ms, overview_top.p99_ms, page_top.median_ms, page_top.p99_ms);
  std::printf("the %zu most linked domains: the medians of the ratio lines below\n", five.size());
  std::printf("bench: query_overview %.3f ms vs aggregate_links %.3f ms ratio %.1f\n", overview_five.median_ms,
              overview_peer.median_ms, overview_peer.median_ms / overview_five.median_ms);
  std::printf("bench: query_backlinks_top100 %.3f ms vs join_and_sort %.3f ms ratio %.1f\n", page_five.median_ms,
              page_peer.median_ms, page_peer.median_ms / page_five.median_ms);
  std::printf("bench: query_overview_biggest_p99 %.3f ms vs aggregate_links_p99 %.3f ms ratio %.1f\n",
              overview_top.p99_ms, overview_peer_top.p99_ms, overview_peer_top.p99_ms / overview_top.p99_ms);
  std::printf("bench: query_backlinks_biggest_p99 %.3f ms vs join_and_sort_p99 %.3f ms ratio %.1f\n", page_top.p99_ms,
              page_peer_top.p99_ms, page_peer_top.p99_ms / page_top.p99_ms);
  sqlite3_close(db);
  return 0;
}
