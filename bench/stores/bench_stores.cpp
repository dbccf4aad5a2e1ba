// Benchmark: the SQLite and ClickHouse stores on the same generated link set (link_graph.h, tens of
// millions of links), side by side: ingest rate, rank time, bytes per link on disk, and the API's
// per-target queries (overview, a page of backlinks, a page of referring domains) for a top, a
// middle and a tail domain, through the same IndexQueries the server calls.
//
// Usage: bench_stores --links N --sqlite FILE --clickhouse clickhouse://... [--queries-only]
//        bench_stores --links N --sqlite FILE --sqlite-only
// (bench/bench_stores.sh starts two local shards and runs it). --queries-only measures the queries
// of stores an earlier run with the same --links left behind: for working on the queries.
// --sqlite-only builds the SQLite index alone (ingest beside the generator alone, rank, bytes per
// link) and leaves it for bench_queries: the 100-million-link run (scripts/bench_100m.sh).
#include <sqlite3.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "clickhouse/clickhouse_index_queries.h"
#include "clickhouse/clickhouse_rank.h"
#include "clickhouse/clickhouse_store.h"
#include "link_graph.h"
#include "sqlite/sqlite_functions.h"
#include "sqlite/sqlite_index_queries.h"
#include "sqlite/sqlite_rank.h"
#include "sqlite/sqlite_store.h"

using namespace linklens;
using Clock = std::chrono::steady_clock;

namespace {

// A benchmark whose store fails measures nothing: it stops and says why.
void or_exit(const Status& status, const char* what) {
  if (status.ok()) return;
  std::fprintf(stderr, "bench_stores: %s: %s\n", what, status.message().c_str());
  std::exit(1);
}

template <class T>
T value_or_exit(StatusOr<T> result, const char* what) {
  or_exit(result ? Status() : result.error(), what);
  return std::move(result).value();
}

// What a link's text fields weigh before any storage: the peer of bytes per link (an index that
// stored each link's strings once per link, as schema 8 did, needs at least this much).
uint64_t stored_text_bytes(const store::CrawledPage& page, const LinkRecord& r) {
  uint64_t n = page.host.size() + page.domain.size() + r.url.size() + r.host.size() + r.domain.size() + r.href.size() +
               r.anchor.size() + r.context.size();
  for (const auto& rel : r.rel) n += rel.size() + 1;
  return n;
}

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

void line(const std::string& name, double value, const char* unit, double peer, const char* peer_name) {
  std::printf("bench: %s %.4g %s vs %s %.4g %s ratio %.3g\n", name.c_str(), value, unit, peer_name, peer, unit,
              peer > 0 ? value / peer : 0.0);
}

uint64_t file_bytes(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? static_cast<uint64_t>(st.st_size) : 0;
}

// The median of `runs` timings of `fn`, in milliseconds.
template <class F>
double median_ms(F&& fn, int runs = 7) {
  std::vector<double> ms;
  for (int i = 0; i < runs; ++i) {
    auto t = Clock::now();
    fn();
    ms.push_back(seconds_since(t) * 1000);
  }
  std::sort(ms.begin(), ms.end());
  return ms[ms.size() / 2];
}

}  // namespace

void ingest_and_rank(const bench::LinkGraphOptions& options, const std::string& sqlite_path,
                     const std::string& clickhouse_url);
void measure_queries(const bench::LinkGraphOptions& options, const std::string& sqlite_path,
                     const std::string& clickhouse_url);

int main(int argc, char** argv) {
  bench::LinkGraphOptions options;
  std::string sqlite_path = "bench-stores.db", clickhouse_url;
  bool queries_only = false, sqlite_only = false;
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--queries-only") queries_only = true;
    if (std::string(argv[i]) == "--sqlite-only") sqlite_only = true;
  }
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--queries-only" || a == "--sqlite-only")
      --i;
    else if (a == "--links")
      options.links = std::strtoull(argv[i + 1], nullptr, 10);
    else if (a == "--sqlite")
      sqlite_path = argv[i + 1];
    else if (a == "--clickhouse")
      clickhouse_url = argv[i + 1];
  }
  if (sqlite_only) {
    ingest_and_rank(options, sqlite_path, "");
    return 0;
  }
  if (clickhouse_url.empty()) {
    std::fprintf(stderr,
                 "usage: bench_stores --links N --sqlite FILE --clickhouse clickhouse://... [--queries-only]\n");
    return 2;
  }
  if (!queries_only) ingest_and_rank(options, sqlite_path, clickhouse_url);
  measure_queries(options, sqlite_path, clickhouse_url);
  return 0;
}

void ingest_and_rank(const bench::LinkGraphOptions& options, const std::string& sqlite_path,
                     const std::string& clickhouse_url) {
  std::remove(sqlite_path.c_str());
  std::remove((sqlite_path + "-wal").c_str());

  // Ingest: the same pages in the same order into each store, one snapshot, then rank.
  auto sqlite = value_or_exit(store::SqliteStore::open(sqlite_path), "sqlite");
  const bool with_clickhouse = !clickhouse_url.empty();
  std::unique_ptr<store::ClickHouseStore> cluster;
  if (with_clickhouse) cluster = value_or_exit(store::ClickHouseStore::open(clickhouse_url), "clickhouse");
  // SQLite runs with its default 256 MB page cache: since schema 9 the links are clustered by
  // source page and a first load builds its indexes after the load (schema 8 needed a 12 GB cache
  // here: every insert touched three target-ordered indexes at random).
  uint64_t links = 0, pages = 0, raw_bytes = 0;
  auto progress = [](const char* what) {
    static const auto start = Clock::now();
    std::fprintf(stderr, "[%6.0f s] %s\n", seconds_since(start), what);
  };
  progress("sqlite ingest");
  double sqlite_ingest = 0, clickhouse_ingest = 0;
  {
    auto t = Clock::now();
    or_exit(sqlite->begin_snapshot("bench", "generated"), "sqlite");
    links = bench::generate_link_graph(options, [&](const store::CrawledPage& p, const std::vector<LinkRecord>& l) {
      or_exit(sqlite->add_page(p, l), "sqlite");
      ++pages;
      for (const LinkRecord& r : l) raw_bytes += stored_text_bytes(p, r);
    });
    store::SnapshotSummary s;
    or_exit(sqlite->commit_snapshot(s), "sqlite");
    sqlite_ingest = seconds_since(t);
  }
  double generate_only = 0;  // SQLite's peer when there is no cluster: the generator alone
  if (!with_clickhouse) {
    progress("generator alone");
    auto t = Clock::now();
    bench::generate_link_graph(options, [](const store::CrawledPage&, const std::vector<LinkRecord>&) {});
    generate_only = seconds_since(t);
  } else {
    progress("clickhouse ingest");
    auto t = Clock::now();
    cluster->batch_pages = 20000;
    or_exit(cluster->begin_snapshot("bench", "generated"), "clickhouse");
    bench::generate_link_graph(options, [&](const store::CrawledPage& p, const std::vector<LinkRecord>& l) {
      or_exit(cluster->add_page(p, l), "clickhouse");
    });
    store::SnapshotSummary s;
    or_exit(cluster->commit_snapshot(s), "clickhouse");
    clickhouse_ingest = seconds_since(t);
  }
  std::fprintf(stderr, "generated %llu pages, %llu links\n", static_cast<unsigned long long>(pages),
               static_cast<unsigned long long>(links));
  double sqlite_rank = 0, clickhouse_rank = 0;
  progress("sqlite rank");
  {
    auto t = Clock::now();
    ranking::RankSummary summary;
    or_exit(ranking::rank_index(*sqlite, summary), "sqlite rank");
    sqlite_rank = seconds_since(t);
  }
  const double n = static_cast<double>(links);
  if (!with_clickhouse) {
    sqlite3_exec(sqlite->handle(), "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr);
    const double sqlite_bytes = static_cast<double>(file_bytes(sqlite_path) + file_bytes(sqlite_path + "-wal"));
    line("ingest_sqlite", n / sqlite_ingest, "links/s", n / generate_only, "generator_alone");
    line("rank_sqlite", sqlite_rank, "s", sqlite_ingest, "ingest_sqlite");
    line("bytes_per_link_sqlite", sqlite_bytes / n, "B", raw_bytes / n, "text_fields");
    return;
  }
  progress("clickhouse rank");
  {
    auto t = Clock::now();
    ranking::RankSummary summary;
    clickhouse::Publication next = cluster->index().publication();
    next.seq += 1;
    or_exit(ranking::rank_clickhouse(cluster->index(), next, summary), "clickhouse rank");
    cluster->index().publish(next);
    clickhouse_rank = seconds_since(t);
  }
  line("ingest_clickhouse_2_shards", n / clickhouse_ingest, "links/s", n / sqlite_ingest, "sqlite");
  line("rank_clickhouse_2_shards", clickhouse_rank, "s", sqlite_rank, "sqlite");

  // Bytes per link: SQLite's file (links, pages, indexes and query tables) against the cluster's
  // compressed parts (every table), summed over the shards.
  uint64_t clickhouse_bytes = 0, clickhouse_raw = 0, event_bytes = 0;
  for (std::size_t i = 0; i < cluster->index().shards(); ++i) {
    auto r = cluster->index().node(i).query(
        "SELECT sum(data_compressed_bytes), sum(data_uncompressed_bytes), sumIf(data_compressed_bytes, table = "
        "'link_events_local')"
        " FROM system.parts WHERE active AND database = currentDatabase()");
    clickhouse_bytes += static_cast<uint64_t>(r.integer(0, 0));
    clickhouse_raw += static_cast<uint64_t>(r.integer(0, 1));
    event_bytes += static_cast<uint64_t>(r.integer(0, 2));
  }
  // The index as a user's file holds it: the WAL checkpointed into it and truncated (it is deleted
  // when the last connection closes; an open one keeps its largest size, 1.3 GB after this rank).
  sqlite3_exec(sqlite->handle(), "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr);
  const double sqlite_bytes = static_cast<double>(file_bytes(sqlite_path) + file_bytes(sqlite_path + "-wal"));
  line("bytes_per_link_clickhouse", clickhouse_bytes / n, "B", sqlite_bytes / n, "sqlite");
  line("bytes_per_link_sqlite", sqlite_bytes / n, "B", raw_bytes / n, "text_fields");
  std::printf(
      "  clickhouse: %.1f B/link compressed (link events %.1f B/link), %.1f B/link uncompressed: %.1fx compression\n",
      clickhouse_bytes / n, event_bytes / n, clickhouse_raw / n,
      clickhouse_raw / std::max(1.0, double(clickhouse_bytes)));
}

void measure_queries(const bench::LinkGraphOptions& options, const std::string& sqlite_path,
                     const std::string& clickhouse_url) {
  // Per-target queries: the most linked domain, one in the middle and one in the tail.
  sqlite3* db = nullptr;
  sqlite3_open_v2(sqlite_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  store::register_sql_functions(db);
  api::SqliteIndexQueries on_sqlite(db);
  auto location = value_or_exit(clickhouse::parse_location(clickhouse_url), "clickhouse");
  auto reader = value_or_exit(clickhouse::ClickHouseIndex::connect(location, false), "clickhouse");
  const uint32_t domains = static_cast<uint32_t>(std::max<uint64_t>(options.links / 400, 2));
  for (auto [label, index] :
       {std::pair<const char*, uint32_t>{"top", 0}, {"middle", domains / 100}, {"tail", domains / 2}}) {
    api::Target t;
    t.input = t.domain = t.host = bench::graph_domain(index);
    api::ListQuery list{t, {"authority", true}, std::nullopt, 100};
    api::BacklinkQuery backlinks;
    static_cast<api::ListQuery&>(backlinks) = list;
    backlinks.select = api::default_backlink_fields();
    int64_t count = 0;
    double s_overview = median_ms([&] { count = on_sqlite.overview(t).counts[0]; });
    double c_overview = median_ms([&] { api::ClickHouseIndexQueries(*reader, 60000).overview(t); });
    double s_backlinks = median_ms([&] { on_sqlite.backlinks(backlinks); });
    double c_backlinks = median_ms([&] { api::ClickHouseIndexQueries(*reader, 60000).backlinks(backlinks); });
    double s_refdomains = median_ms([&] { on_sqlite.refdomains(list); });
    double c_refdomains = median_ms([&] { api::ClickHouseIndexQueries(*reader, 60000).refdomains(list); });
    std::printf("  %s domain %s: %lld backlinks\n", label, t.domain.c_str(), static_cast<long long>(count));
    line(std::string("overview_") + label + "_clickhouse", c_overview, "ms", s_overview, "sqlite");
    line(std::string("backlinks_page_") + label + "_clickhouse", c_backlinks, "ms", s_backlinks, "sqlite");
    line(std::string("refdomains_page_") + label + "_clickhouse", c_refdomains, "ms", s_refdomains, "sqlite");
  }
  sqlite3_close(db);
}
