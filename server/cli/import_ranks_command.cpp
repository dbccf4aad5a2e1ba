// `linklens import-ranks [--ranks PATH] --release NAME --date YYYY-MM[-DD] [--nodes N] [--excerpt]
// FILE...`: Common Crawl's published web-graph ranks (a domain file, a host file, or both) into the
// ranks file (ranks/ranks_file.h), as one release. See README, "Authority Score".
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "api/server_config.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/publish_alerts.h"
#include "cli/synopsis.h"
#include "index/index.h"
#include "ranks/ranks_file.h"
#include "state/state_db.h"

namespace linklens::cli {

int run_import_ranks(const std::vector<std::string>& args) {
  auto parsed = parse_args(args, arg_spec("import-ranks"));
  if (!parsed || parsed->positional.empty()) {
    std::fprintf(stderr, "linklens import-ranks: %s\n",
                 parsed ? "give one or more rank files" : parsed.error().message().c_str());
    return 2;
  }
  ranks::ImportOptions options;
  options.release = parsed->last("--release").value_or("");
  options.date = parsed->last("--date").value_or("");
  options.excerpt = parsed->has("--excerpt");
  if (options.release.empty() || options.date.empty()) {
    std::fprintf(stderr, "linklens import-ranks: --release NAME and --date YYYY-MM[-DD] are required\n");
    return 2;
  }
  if (auto nodes = parsed->last("--nodes")) {
    char* end = nullptr;
    const unsigned long long n = std::strtoull(nodes->c_str(), &end, 10);
    if (*end != '\0' || n == 0 || nodes->front() == '-') {
      std::fprintf(stderr, "linklens import-ranks: --nodes is the graph's node count, a whole number above 0\n");
      return 2;
    }
    options.nodes = n;
  }
  const std::string path = parsed->last("--ranks").value_or("linklens-ranks.db");
  const bool progress = isatty(STDERR_FILENO);
  const auto start = std::chrono::steady_clock::now();
  auto seconds = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  ranks::ImportProgress show;
  if (progress) {
    show = [&](uint64_t rows, uint64_t bytes, uint64_t total) {
      const double elapsed = seconds();
      const double eta = bytes > 0 && total > bytes ? elapsed * static_cast<double>(total - bytes) / bytes : 0;
      std::fprintf(stderr, "\r%llu rows, %.1f of %.1f MB read, %.0fs elapsed, ETA %.0fs   ",
                   static_cast<unsigned long long>(rows), bytes / 1e6, total / 1e6, elapsed, eta);
    };
  }
  auto imported = ranks::import_ranks(path, options, parsed->positional, show);
  if (progress) std::fputc('\n', stderr);
  if (!imported) {
    std::fprintf(stderr, "linklens import-ranks: %s\nThe ranks file was left as it was.\n",
                 imported.error().message().c_str());
    return imported.error().code() == "usage" ? 2 : 1;
  }
  const double elapsed = seconds();
  uint64_t rows = 0;
  std::printf("release %s (%s%s) in %s\n", options.release.c_str(), options.date.c_str(),
              options.excerpt ? ", an excerpt" : "", path.c_str());
  for (const auto& f : *imported) {
    rows += f.rows;
    std::printf("  %s graph: %llu rows", ranks::to_string(f.graph), static_cast<unsigned long long>(f.rows));
    if (f.duplicates) std::printf(" (%llu repeated names kept once)", static_cast<unsigned long long>(f.duplicates));
    std::printf(" from %s\n", f.path.c_str());
  }
  std::printf("  %.1f s, %.0f rows/s\n", elapsed, elapsed > 0 ? rows / elapsed : 0.0);
  // With the index it scores (--db): the watches' Authority Score alerts of the new release. (A
  // running server also computes them when it sees the ranks file change.)
  if (auto db = parsed->last("--db")) {
    auto opened = index::Index::open(*db, {});
    if (!opened) {
      std::fprintf(stderr, "linklens import-ranks: the release is imported; no alerts: %s\n",
                   opened.error().message().c_str());
      return 1;
    }
    // The server's config, for its audit thresholds (the toxic alerts judge as the server does).
    api::ServerConfig config;
    if (auto config_path = parsed->last("--config")) {
      if (Status loaded = api::load_server_config(*config_path, config); !loaded.ok()) {
        std::fprintf(stderr, "linklens import-ranks: the release is imported; no alerts: %s\n",
                     loaded.message().c_str());
        return 1;
      }
    }
    write_alerts_after_publish(**opened,
                               state::state_path_for(*db, parsed->last("--state").value_or(config.state_path)), path,
                               config.audit_thresholds, false, "import-ranks");
  }
  return 0;
}

}  // namespace linklens::cli
