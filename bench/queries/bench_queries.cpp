// Benchmark: the lookups the API will serve, on an index built by `linklens ingest` + `rank`
// (scripts/bench.sh builds one from generated pages), each beside the same answer computed from
// the links table at query time:
//   - a domain overview, from domain_overview vs aggregating the domain's links;
//   - the 100 strongest backlinks of a domain, through the (target_domain, source_authority)
//     index vs joining pages and sorting.
// Median and p99 over the 50 most linked domains, 20 runs each.
// Usage: bench_queries INDEX.db
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

using Clock = std::chrono::steady_clock;

namespace {

struct Timing {
  double median_ms, p99_ms;
};

Timing time_query(sqlite3* db, const char* sql, const std::vector<std::string>& domains) {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &s, nullptr) != SQLITE_OK) {
    std::fprintf(stderr, "bench_queries: %s\n", sqlite3_errmsg(db));
    std::exit(1);
  }
  std::vector<double> ms;
  for (int run = 0; run < 20; ++run) {
    for (const auto& d : domains) {
      auto start = Clock::now();
      sqlite3_reset(s);
      sqlite3_bind_text(s, 1, d.c_str(), -1, SQLITE_TRANSIENT);
      while (sqlite3_step(s) == SQLITE_ROW) {
      }
      ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    }
  }
  sqlite3_finalize(s);
  std::sort(ms.begin(), ms.end());
  return {ms[ms.size() / 2], ms[ms.size() * 99 / 100]};
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
  sqlite3_exec(db, "PRAGMA cache_size=-262144", nullptr, nullptr, nullptr);
  std::vector<std::string> domains;
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(db, "SELECT domain FROM domain_overview ORDER BY backlinks DESC LIMIT 50", -1, &s, nullptr);
  while (sqlite3_step(s) == SQLITE_ROW) domains.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)));
  sqlite3_finalize(s);
  long long links = 0;
  sqlite3_prepare_v2(db, "SELECT count(*) FROM links", -1, &s, nullptr);
  if (sqlite3_step(s) == SQLITE_ROW) links = sqlite3_column_int64(s, 0);
  sqlite3_finalize(s);
  if (domains.empty()) {
    std::fprintf(stderr, "bench_queries: %s has no ranked domains (run linklens rank)\n", argv[1]);
    return 1;
  }
  Timing overview = time_query(db, "SELECT * FROM domain_overview WHERE domain = ?1", domains);
  Timing overview_peer =
      time_query(db,
                 "SELECT count(*), sum(lost_in IS NULL), count(DISTINCT source_domain), count(DISTINCT source_id),"
                 " sum(follow = 'follow'), sum(follow = 'nofollow'), sum(kind = 'text'), sum(kind = 'image')"
                 " FROM links WHERE target_domain = ?1 AND scope = 'external'",
                 domains);
  Timing top = time_query(db,
                          "SELECT target_url, anchor, source_authority FROM links WHERE target_domain = ?1"
                          " AND scope = 'external' ORDER BY source_authority DESC LIMIT 100",
                          domains);
  Timing top_peer =
      time_query(db,
                 "SELECT l.target_url, l.anchor, p.authority FROM links l JOIN pages p ON p.id = l.source_id"
                 " WHERE l.target_domain = ?1 AND l.scope = 'external' ORDER BY p.authority DESC LIMIT 100",
                 domains);
  std::printf(
      "index: %lld links; the 50 most linked domains, 20 runs each; p99: overview %.3f ms (peer %.3f), "
      "top-100 %.3f ms (peer %.3f)\n",
      links, overview.p99_ms, overview_peer.p99_ms, top.p99_ms, top_peer.p99_ms);
  std::printf("bench: query_overview %.3f ms vs aggregate_links %.3f ms ratio %.1f\n", overview.median_ms,
              overview_peer.median_ms, overview_peer.median_ms / overview.median_ms);
  std::printf("bench: query_backlinks_top100 %.3f ms vs join_and_sort %.3f ms ratio %.1f\n", top.median_ms,
              top_peer.median_ms, top_peer.median_ms / top.median_ms);
  sqlite3_close(db);
  return 0;
}
