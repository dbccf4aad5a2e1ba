// Benchmark: ingest of every WARC/WAT sample in ../shared/data/warc (Common Crawl, ClueWeb,
// Heritrix, wget), three ways in the same run:
//   - decompress only (zlib through the same byte source): the floor;
//   - read + decompress + parse records + HTTP + charset + extract and classify links, no store;
//   - end to end into a fresh SQLite index (one transaction, prepared statements, written on a
//     second thread while the first extracts, as `linklens ingest` does).
// Usage: bench_ingest [DATA_DIR | FILE.warc.gz]  (a file: e.g. one written by generate_warc)
#include <unistd.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "bench_timing.h"
#include "index/pipelined_store.h"
#include "ingest/byte_source.h"
#include "ingest/ingester.h"
#include "sqlite/sqlite_rank.h"
#include "sqlite/sqlite_store.h"

using linklens::bench::best_seconds_per_pass;
using namespace linklens;

namespace {

// A benchmark whose store fails measures nothing: it stops and says why.
void or_exit(const Status& status, const char* what) {
  if (status.ok()) return;
  std::fprintf(stderr, "bench_ingest: %s: %s\n", what, status.message().c_str());
  std::exit(1);
}

// A store that keeps nothing: measures extraction alone.
class NullStore : public store::Store {
 public:
  Status begin_snapshot(const std::string&, const std::string&) override { return {}; }
  Status add_page(const store::CrawledPage& page, const std::vector<LinkRecord>& links) override {
    links_ += links.size();
    for (const LinkRecord& l : links) {
      if (l.scope == LinkScope::kExternal && !l.domain.empty()) ++targets_[l.domain];
      if (l.url.empty()) continue;
      ++resolved_;
      text_bytes_ += page.host.size() + page.domain.size() + l.url.size() + l.host.size() + l.domain.size() +
                     l.href.size() + l.anchor.size() + l.context.size();
      for (const auto& rel : l.rel) text_bytes_ += rel.size() + 1;
    }
    return {};
  }
  // The `n` domains with the most backlinks: what a targeted scan would keep.
  std::vector<std::string> top_targets(std::size_t n) const {
    std::vector<std::pair<uint64_t, std::string>> ranked;
    for (const auto& [domain, count] : targets_) ranked.emplace_back(count, domain);
    std::sort(ranked.rbegin(), ranked.rend());
    std::vector<std::string> out;
    for (std::size_t i = 0; i < ranked.size() && i < n; ++i) out.push_back(ranked[i].second);
    return out;
  }
  Status commit_snapshot(store::SnapshotSummary&) override { return {}; }
  void rollback() override {}
  uint64_t links_ = 0, resolved_ = 0, text_bytes_ = 0;  // text: what a link's strings weigh, once per link
  std::map<std::string, uint64_t> targets_;
};

}  // namespace

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  std::vector<std::string> files;
  std::string arg = argc > 1 ? std::string(argv[1]) : std::string(LINKLENS_SHARED_DATA_DIR);
  std::string dir = arg + "/warc";
  if (fs::is_regular_file(arg)) {
    files.push_back(arg);
    dir.clear();
  } else if (!fs::is_directory(dir)) {
    std::fprintf(stderr, "SKIPPED: %s is missing\n", dir.c_str());
    return 0;
  }
  if (!dir.empty())
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
      std::string n = e.path().filename().string();
      if (e.is_regular_file() &&
          (n.ends_with(".warc") || n.ends_with(".warc.gz") || n.ends_with(".wat") || n.ends_with(".wat.gz")))
        files.push_back(e.path().string());
    }
  std::sort(files.begin(), files.end());

  uint64_t bytes = 0;
  double t_decompress = best_seconds_per_pass(
      [&] {
        bytes = 0;
        for (const auto& f : files) {
          std::string buf;
          auto src = ingest::ByteSource::open(f);
          while (src && src.value()->read(buf, 1 << 20)) {
            bytes += buf.size();
            buf.clear();
          }
        }
      },
      5, 0);

  uint64_t links = 0, pages = 0;
  std::vector<std::string> targets;
  double text_per_link = 0;
  auto extract = [&] {
    NullStore null;
    ingest::Ingester ingester(null);
    for (const auto& f : files) or_exit(ingester.ingest_file(f), f.c_str());
    links = null.links_;
    pages = ingester.stats().pages;
    targets = null.top_targets(10);
    text_per_link = static_cast<double>(null.text_bytes_) / std::max<uint64_t>(1, null.resolved_);
  };

  uint64_t stored_links = 0, targeted_links = 0;
  double bytes_per_link = 0;
  const std::string path =
      (fs::temp_directory_path() / ("linklens-bench-" + std::to_string(getpid()) + ".db")).string();
  auto remove_index = [&] {
    fs::remove(path);
    fs::remove(path + "-wal");
    fs::remove(path + "-shm");
  };
  // One SQLite ingest into a fresh index: every link, or (`keep` not empty) a targeted scan's.
  auto sqlite_ingest = [&](const std::vector<std::string>& keep, uint64_t& stored) {
    remove_index();
    auto opened = store::SqliteStore::open(path);
    or_exit(opened ? Status() : opened.error(), path.c_str());
    // As `linklens ingest` writes: extraction on this thread, the store on another.
    store::PipelinedStore store(*opened.value());
    if (!keep.empty()) or_exit(store.set_targets(keep), "set_targets");
    or_exit(store.begin_snapshot("bench", "bench"), "begin_snapshot");
    ingest::Ingester ingester(store);
    for (const auto& f : files) or_exit(ingester.ingest_file(f), f.c_str());
    store::SnapshotSummary summary;
    or_exit(store.commit_snapshot(summary), "commit_snapshot");
    stored = summary.links;
  };
  // Each round runs the no-store pass, the SQLite ingest and the targeted scan one after the
  // other, and each figure is its best round: the figures a ratio compares are measured in the
  // same minutes (this machine's speed drifts by a third from one half hour to the next), and
  // each gets as many tries.
  double t_extract = 1e300, t_sqlite = 1e300, t_targeted = 1e300;
  for (int round = 0; round < 3; ++round) {
    t_extract = std::min(t_extract, best_seconds_per_pass(extract, 1, 0));
    t_sqlite = std::min(t_sqlite, best_seconds_per_pass([&] { sqlite_ingest({}, stored_links); }, 1, 0));
    if (round == 0) {
      // Bytes per link of the index as `linklens ingest` leaves it: ranked (untimed).
      auto reopened = store::SqliteStore::open(path);
      or_exit(reopened ? Status() : reopened.error(), path.c_str());
      ranking::RankSummary ranked;
      or_exit(ranking::rank_index(*reopened.value(), ranked), "rank");
      reopened.value().reset();
      bytes_per_link = static_cast<double>(fs::file_size(path)) / std::max<uint64_t>(1, stored_links);
    }
    t_targeted = std::min(t_targeted, best_seconds_per_pass([&] { sqlite_ingest(targets, targeted_links); }, 1, 0));
  }
  remove_index();

  // A benchmark loads what it says it loads: an empty corpus measures nothing.
  if (files.empty() || pages == 0 || links == 0) {
    std::fprintf(stderr, "bench_ingest: the corpus gave %zu files, %llu pages, %llu links: nothing to measure\n",
                 files.size(), static_cast<unsigned long long>(pages), static_cast<unsigned long long>(links));
    return 1;
  }
  const double mb = bytes / 1e6;
  std::printf("corpus: %zu files, %.1f MB uncompressed, %llu pages, %llu links extracted, %llu stored (distinct)\n",
              files.size(), mb, static_cast<unsigned long long>(pages), static_cast<unsigned long long>(links),
              static_cast<unsigned long long>(stored_links));
  std::printf("bench: ingest_extract %.1f MB/s vs zlib_decompress %.1f MB/s ratio %.3f\n", mb / t_extract,
              mb / t_decompress, t_decompress / t_extract);
  std::printf("bench: ingest_sqlite_links %.0f links/s vs no_store %.0f links/s ratio %.2f\n", links / t_sqlite,
              links / t_extract, t_extract / t_sqlite);
  std::printf("bench: ingest_sqlite_pages %.0f pages/s vs no_store %.0f pages/s ratio %.2f\n", pages / t_sqlite,
              pages / t_extract, t_extract / t_sqlite);
  // Links read per second by a scan that keeps the links to the 10 most linked domains.
  std::printf("targeted: %zu domains, %llu links kept\n", targets.size(),
              static_cast<unsigned long long>(targeted_links));
  std::printf("bench: ingest_sqlite_targeted_links %.0f links/s vs no_store %.0f links/s ratio %.2f\n",
              links / t_targeted, links / t_extract, t_extract / t_targeted);
  // The ranked index's size per stored link against what the links' text fields weigh as extracted.
  std::printf("bench: sqlite_bytes_per_link %.1f B vs text_fields %.1f B ratio %.3f\n", bytes_per_link, text_per_link,
              bytes_per_link / std::max(1.0, text_per_link));
  return 0;
}
