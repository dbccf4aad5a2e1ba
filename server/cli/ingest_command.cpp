// `linklens ingest [--db PATH | --store LOCATION] [--crawl NAME] [--no-rank] [--batch-pages N]
// FILE|DIR...`
//
// Reads WARC/WAT files (directories are searched for *.warc, *.warc.gz, *.wat, *.wat.gz) into the
// index (a SQLite file, or a ClickHouse cluster: index/index.h) as one snapshot, then ranks the index (as
// `linklens rank`) before committing. The run is one transaction: if it fails or is killed part-way, the index is
// exactly as it was before, and a server reading the index moves from the old state to the new one in one step.
// --no-rank skips ranking (for several ingests in a row; run `linklens rank` after the last).
// Malformed records are counted, reported and skipped.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>

#include "api/server_config.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/publish_alerts.h"
#include "cli/synopsis.h"
#include "cli/targets_file.h"
#include "index/index.h"
#include "index/pipelined_store.h"
#include "ingest/ingester.h"
#include "rank/graph_scoring.h"
#include "state/state_db.h"

namespace linklens::cli {
namespace {

bool is_crawl_file(const std::filesystem::path& p) {
  std::string n = p.filename().string();
  for (const char* ext : {".warc", ".warc.gz", ".wat", ".wat.gz"}) {
    std::string e(ext);
    if (n.size() > e.size() && n.compare(n.size() - e.size(), e.size(), e) == 0) return true;
  }
  return false;
}

std::string default_snapshot_name() {
  std::time_t t = std::time(nullptr);
  char buf[40];
  std::strftime(buf, sizeof buf, "run-%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

struct ScanOutcome {
  std::size_t scanned = 0, already = 0;
  std::vector<std::pair<std::string, std::string>> unreadable;  // file, why
};

// Whether a file that failed with `read` is kept anyway: --allow-partial keeps the records read
// before a cut; every other failure makes the file bad.
bool kept_anyway(const Status& read, bool allow_partial) { return allow_partial && read.code() == "partial_file"; }

// The whole run is one transaction, each file a savepoint in it: a file that cannot be read is
// taken back alone and named, and the others are stored (exit status 3); when no file can be
// read, or the store cannot take one back, the index is left as it was.
int ingest_in_one_step(index::Index& index, store::PipelinedStore& pipeline, ingest::Ingester& ingester,
                       const std::vector<std::string>& files, bool rank, bool allow_partial,
                       store::SnapshotSummary& summary, ranking::RankSummary& ranked, ScanOutcome& outcome) {
  auto failed = [&](const Status& why) {
    pipeline.rollback();
    for (const auto& [file, reason] : outcome.unreadable)
      std::fprintf(stderr, "linklens ingest: %s: %s\n", file.c_str(), reason.c_str());
    std::fprintf(stderr, "\nlinklens ingest: %s\nThe index was left as it was before this run.\n",
                 why.message().c_str());
    return 1;
  };
  for (const auto& f : files) {
    if (Status begun = pipeline.begin_file(); !begun.ok()) return failed(begun);
    Status read = ingester.ingest_file(f);
    if (read.ok() || kept_anyway(read, allow_partial)) {
      if (!read.ok()) ingester.note(f + ": kept what was read before the cut (--allow-partial): " + read.message());
      if (Status kept = pipeline.keep_file(); !kept.ok()) return failed(kept);
      ++outcome.scanned;
      continue;
    }
    outcome.unreadable.emplace_back(f, read.message());
    if (Status dropped = pipeline.drop_file(); !dropped.ok()) return failed(dropped);
  }
  if (outcome.scanned == 0) {
    return failed(Status::failure(files.size() == 1 ? "the file could not be read" : "no file could be read"));
  }
  if (Status written = pipeline.drain(); !written.ok()) return failed(written);
  if (Status committed = index.commit(summary, rank, ranked); !committed.ok()) return failed(committed);
  return 0;
}

// A targeted scan of many files commits file by file, recording each in the snapshot: a file that
// cannot be read is rolled back alone and reported, and a scan that is interrupted resumes where it
// stopped when run again with the same --crawl NAME (files already in the snapshot are skipped).
// Ranking and the snapshot's figures come last, in one more step.
int scan_for_targets(index::Index& index, store::PipelinedStore& pipeline, ingest::Ingester& ingester,
                     const std::vector<std::string>& files, const std::string& snapshot, bool rank, bool allow_partial,
                     store::SnapshotSummary& summary, ranking::RankSummary& ranked, ScanOutcome& outcome) {
  namespace fs = std::filesystem;
  auto fatal = [&](const std::string& what, const Status& why) {
    pipeline.rollback();
    std::fprintf(stderr,
                 "\nlinklens ingest: %s: %s\nThe files stored before it are kept: run the same command again to"
                 " resume.\n",
                 what.c_str(), why.message().c_str());
    return 1;
  };
  bool open = true;  // run_ingest began the snapshot
  for (const auto& f : files) {
    std::error_code ec;
    store::ScannedFile file{fs::absolute(f, ec).lexically_normal().string(), fs::file_size(f, ec), 0};
    file.modified =
        std::chrono::duration_cast<std::chrono::seconds>(fs::last_write_time(f, ec).time_since_epoch()).count();
    if (!open) {
      if (Status begun = pipeline.begin_snapshot(snapshot, "targeted scan"); !begun.ok()) return fatal(f, begun);
    }
    open = false;
    auto held = pipeline.holds_file(file);
    if (!held) return fatal(f, held.error());
    if (*held) {
      pipeline.rollback();
      ++outcome.already;
      continue;
    }
    if (Status read = ingester.ingest_file(f); !read.ok()) {
      if (kept_anyway(read, allow_partial)) {
        ingester.note(f + ": kept what was read before the cut (--allow-partial): " + read.message());
      } else {
        pipeline.rollback();
        outcome.unreadable.emplace_back(f, read.message());
        std::fprintf(stderr, "\nlinklens ingest: skipped %s: %s\n", f.c_str(), read.message().c_str());
        continue;
      }
    }
    if (Status written = pipeline.drain(); !written.ok()) return fatal(f, written);
    if (Status recorded = pipeline.record_file(file); !recorded.ok()) return fatal(f, recorded);
    ranking::RankSummary unranked;
    if (Status committed = index.commit(summary, false, unranked); !committed.ok()) return fatal(f, committed);
    ++outcome.scanned;
  }
  if (!open) {
    if (Status begun = pipeline.begin_snapshot(snapshot, "targeted scan"); !begun.ok()) return fatal("ranking", begun);
  }
  if (Status written = pipeline.drain(); !written.ok()) return fatal("ranking", written);
  if (Status committed = index.commit(summary, rank, ranked); !committed.ok()) return fatal("ranking", committed);
  return 0;
}

// --targets FILE, else "targets" in --config FILE; none: every link is kept.
StatusOr<std::vector<std::string>> requested_targets(const ParsedArgs& parsed, const api::ServerConfig& config) {
  if (auto file = parsed.last("--targets")) return read_targets_file(*file);
  if (!config.targets_file.empty()) return read_targets_file(config.targets_file);
  if (!config.targets.empty()) return target_domains(config.targets, *parsed.last("--config") + " (targets)");
  return std::vector<std::string>{};
}

}  // namespace

int run_ingest(const std::vector<std::string>& args) {
  auto parsed = parse_args(args, arg_spec("ingest"));
  if (!parsed) {
    std::fprintf(stderr, "linklens ingest: %s\n", parsed.error().message().c_str());
    return 2;
  }
  if (parsed->positional.empty()) {
    std::fprintf(stderr, "linklens ingest: give WARC/WAT files or folders to read\n");
    return 2;
  }
  namespace fs = std::filesystem;
  std::vector<std::string> files;
  uint64_t total_bytes = 0;
  for (const std::string& input : parsed->positional) {
    std::error_code ec;
    if (fs::is_directory(input, ec)) {
      std::vector<std::string> found;
      for (const auto& e : fs::recursive_directory_iterator(input, ec)) {
        if (e.is_regular_file() && is_crawl_file(e.path())) found.push_back(e.path().string());
      }
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::is_regular_file(input, ec)) {
      files.push_back(input);
    } else {
      std::fprintf(stderr, "linklens ingest: %s: no such file or folder\n", input.c_str());
      return 1;
    }
  }
  if (files.empty()) {
    std::fprintf(stderr, "linklens ingest: no .warc, .warc.gz, .wat or .wat.gz files found\n");
    return 1;
  }
  for (const auto& f : files) {
    std::error_code ec;
    total_bytes += fs::file_size(f, ec);
  }

  api::ServerConfig config;  // --config: "targets" and "db" (the server's config file)
  if (auto config_path = parsed->last("--config")) {
    if (Status loaded = api::load_server_config(*config_path, config); !loaded.ok()) {
      std::fprintf(stderr, "linklens ingest: %s\n", loaded.message().c_str());
      return 1;
    }
  }
  auto requested = requested_targets(*parsed, config);
  if (!requested) {
    std::fprintf(stderr, "linklens ingest: %s\n", requested.error().message().c_str());
    return 1;
  }
  const std::vector<std::string> targets = std::move(requested).value();
  const std::string db_path = parsed->last("--store").value_or(
      parsed->last("--db").value_or(config.db_path));  // linklens.db unless the config names one
  index::OpenOptions options;
  options.for_writing = true;
  options.ranks_path = index::ranks_path_for(db_path, parsed->last("--ranks").value_or(config.ranks_path));
  if (auto batch = parsed->last("--batch-pages")) {
    // Pages per batch of a cluster store (one lookup and two inserts each); larger batches write faster.
    const long n = std::strtol(batch->c_str(), nullptr, 10);
    if (n < 1 || n > 1000000) {
      std::fprintf(stderr, "linklens ingest: --batch-pages takes 1 to 1000000\n");
      return 2;
    }
    options.batch_pages = static_cast<std::size_t>(n);
  }
  auto opened = index::Index::open(db_path, options);
  if (!opened) {
    std::fprintf(stderr, "linklens ingest: %s\n", opened.error().message().c_str());
    return 1;
  }
  index::Index& index = *opened.value();
  // Pages are extracted on this thread and written on another (one core each).
  store::PipelinedStore pipeline(index.store());
  store::Store* store = &pipeline;
  if (!targets.empty()) {
    if (Status kept = store->set_targets(targets); !kept.ok()) {
      std::fprintf(stderr, "linklens ingest: %s\n", kept.message().c_str());
      return 1;
    }
  }
  const std::string snapshot = parsed->last("--crawl").value_or(default_snapshot_name());
  if (!targets.empty() && !parsed->last("--crawl") && !parsed->has("--quiet")) {
    std::fprintf(stderr,
                 "linklens ingest: a targeted scan into snapshot %s (if it stops, run it again with --crawl %s)\n",
                 snapshot.c_str(), snapshot.c_str());
  }
  if (Status begun = store->begin_snapshot(snapshot, std::to_string(files.size()) + " files"); !begun.ok()) {
    std::fprintf(stderr, "linklens ingest: %s\n", begun.message().c_str());
    return 1;
  }

  ingest::Ingester ingester(*store);
  const bool progress = !parsed->has("--quiet") && isatty(STDERR_FILENO);
  const auto start = std::chrono::steady_clock::now();
  uint64_t done_bytes = 0;
  if (progress) {
    ingester.on_progress([&](const ingest::IngestStats& s) {
      double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      double read = static_cast<double>(done_bytes + s.compressed_bytes);
      double rate = elapsed > 0 ? s.bytes / elapsed / 1e6 : 0;
      double eta = read > 0 && total_bytes > read ? elapsed * (total_bytes - read) / read : 0;
      std::fprintf(stderr, "\r%llu records, %llu pages, %llu links, %.1f MB/s, %.0fs elapsed, ETA %.0fs   ",
                   static_cast<unsigned long long>(s.records), static_cast<unsigned long long>(s.pages),
                   static_cast<unsigned long long>(s.links), rate, elapsed, eta);
    });
  }
  store::SnapshotSummary summary;
  ranking::RankSummary ranked;
  const bool rank = !parsed->has("--no-rank");
  ScanOutcome scan;
  const bool allow_partial = parsed->has("--allow-partial");
  if (targets.empty()) {
    if (int failed = ingest_in_one_step(index, pipeline, ingester, files, rank, allow_partial, summary, ranked, scan)) {
      return failed;
    }
  } else {
    if (int failed =
            scan_for_targets(index, pipeline, ingester, files, snapshot, rank, allow_partial, summary, ranked, scan)) {
      return failed;
    }
  }
  write_alerts_after_publish(index, state::state_path_for(db_path, parsed->last("--state").value_or(config.state_path)),
                             options.ranks_path, config.audit_thresholds, parsed->has("--quiet"));
  const auto& s = ingester.stats();
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (progress) std::fputc('\n', stderr);
  std::printf("snapshot %s (#%lld) in %s\n", summary.name.c_str(), static_cast<long long>(summary.id), db_path.c_str());
  std::printf("  files %llu, records %llu (responses %llu, WAT %llu, skipped %llu, malformed %llu)\n",
              static_cast<unsigned long long>(s.files), static_cast<unsigned long long>(s.records),
              static_cast<unsigned long long>(s.responses), static_cast<unsigned long long>(s.wat_records),
              static_cast<unsigned long long>(s.skipped_records), static_cast<unsigned long long>(s.malformed));
  // Two link counts that differ: every <a>/<img>/... the pages hold, and the distinct links stored.
  std::printf("  pages %llu (HTML %llu); links extracted %llu\n", static_cast<unsigned long long>(s.pages),
              static_cast<unsigned long long>(s.html_pages), static_cast<unsigned long long>(s.links));
  std::printf("  in this snapshot: %llu pages, %llu distinct links (%llu new, %llu lost)\n",
              static_cast<unsigned long long>(summary.pages), static_cast<unsigned long long>(summary.links),
              static_cast<unsigned long long>(summary.new_links), static_cast<unsigned long long>(summary.lost_links));
  std::printf(
      "    a link is stored once per page, target, kind and anchor, so identical links on one page count\n"
      "    once; an href that does not resolve to a URL is not stored\n");
  std::printf("  %.1f MB read in %.2fs\n", s.bytes / 1e6, elapsed);
  if (rank) {
    std::printf("  ranked %u domains over %llu domain links (Authority Score, query tables)\n", ranked.domains,
                static_cast<unsigned long long>(ranked.edges));
    if (!options.ranks_path.empty()) {
      std::printf("  %u of them scored from the web graph (%s)\n", ranked.web_scored, options.ranks_path.c_str());
    }
  } else {
    std::printf("  not ranked (--no-rank): run `linklens rank` before serving this index\n");
  }
  for (const auto& m : s.messages) std::printf("  note: %s\n", m.c_str());
  if (!targets.empty()) {
    std::printf(
        "  targeted: links to %zu domains kept, with the pages that hold them; %zu files read, %zu already in"
        " this snapshot\n",
        targets.size(), scan.scanned, scan.already);
  }
  for (const auto& [file, why] : scan.unreadable) std::printf("  skipped %s: %s\n", file.c_str(), why.c_str());
  if (!scan.unreadable.empty()) {
    std::printf("  %zu files could not be read and were skipped; the others are stored (exit status 3)\n",
                scan.unreadable.size());
    return 3;
  }
  return 0;
}

}  // namespace linklens::cli
