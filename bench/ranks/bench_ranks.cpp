// The ranks file at web scale: a generated rank file in Common Crawl's published format (20
// million rows by default, gzip), imported by `import-ranks`'s code beside a plain `zcat | wc -l`
// of the same file; the bytes per name it keeps beside the gzip text's; and lookups of random
// domains beside an in-memory hash set of the same names.
//   bench: ranks_import ROWS/s vs zcat_wc ROWS/s ratio X
//   bench: ranks_bytes_per_domain B vs gzip_text B ratio X
//   bench: ranks_lookup LOOKUPS/s vs hash_set LOOKUPS/s ratio X
// Usage: bench_ranks [--rows N] [--dir DIR]
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <unordered_set>
#include <vector>

#include "ranks/ranks_file.h"

using namespace linklens;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// Name i of the generated graph, forward ("d1f3a9.com"); written reversed, as Common Crawl does.
std::string name_of(uint64_t i) {
  static const char* const kTlds[] = {"com", "org", "net", "de", "co.uk", "io", "fr", "info"};
  char buf[48];
  std::snprintf(buf, sizeof buf, "d%llx.%s", static_cast<unsigned long long>(i * 2654435761ULL % 1000000007ULL),
                kTlds[i % 8]);
  return buf;
}

std::string reversed(const std::string& name) {
  std::string out;
  std::size_t end = name.size();
  while (true) {
    const std::size_t dot = name.rfind('.', end - 1);
    const std::size_t start = dot == std::string::npos ? 0 : dot + 1;
    if (!out.empty()) out += '.';
    out.append(name, start, end - start);
    if (start == 0) break;
    end = start - 1;
  }
  return out;
}

// Rows in harmonic-centrality order, with power-law values, as the published files are.
bool generate(const std::string& path, uint64_t rows) {
  gzFile out = gzopen(path.c_str(), "wb1");
  if (!out) return false;
  gzputs(out, "#harmonicc_pos\t#harmonicc_val\t#pr_pos\t#pr_val\t#host_rev\t#n_hosts\n");
  std::mt19937_64 rng(7);
  char line[160];
  for (uint64_t i = 1; i <= rows; ++i) {
    const double hc = 3.0e7 / std::pow(static_cast<double>(i), 0.35);
    const uint64_t pr_pos = std::max<uint64_t>(1, i + (rng() % 1000) - 500);
    const double pr = 0.02 / std::pow(static_cast<double>(pr_pos), 0.9);
    const int n = std::snprintf(line, sizeof line, "%llu\t%.7E\t%llu\t%.17g\t%s\t%llu\n",
                                static_cast<unsigned long long>(i), hc, static_cast<unsigned long long>(pr_pos), pr,
                                reversed(name_of(i)).c_str(), static_cast<unsigned long long>(1 + rng() % 50));
    if (gzwrite(out, line, static_cast<unsigned>(n)) != n) return false;
  }
  return gzclose(out) == Z_OK;
}

uint64_t file_size(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? static_cast<uint64_t>(st.st_size) : 0;
}

}  // namespace

int main(int argc, char** argv) {
  uint64_t rows = 20000000;
  std::string dir = "build/release/bench";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--rows") rows = std::strtoull(argv[i + 1], nullptr, 10);
    if (a == "--dir") dir = argv[i + 1];
  }
  if (rows == 0) {
    std::fprintf(stderr, "bench_ranks: --rows must be above 0\n");
    return 2;
  }
  std::filesystem::create_directories(dir);
  const std::string file = dir + "/generated-ranks-" + std::to_string(rows) + ".txt.gz";
  if (file_size(file) == 0) {
    const auto t = Clock::now();
    if (!generate(file, rows)) {
      std::fprintf(stderr, "bench_ranks: cannot write %s\n", file.c_str());
      return 1;
    }
    std::fprintf(stderr, "generated %s in %.1f s\n", file.c_str(), seconds_since(t));
  }

  // The peer: reading the same file with the standard tools, decompression and a line count.
  auto t = Clock::now();
  const std::string command = "zcat '" + file + "' | wc -l";
  FILE* pipe = popen(command.c_str(), "r");
  unsigned long long lines = 0;
  if (!pipe || std::fscanf(pipe, "%llu", &lines) != 1) {
    std::fprintf(stderr, "bench_ranks: %s failed\n", command.c_str());
    return 1;
  }
  pclose(pipe);
  const double zcat_seconds = seconds_since(t);

  const std::string ranks_path = dir + "/bench-ranks-" + std::to_string(::getpid()) + ".db";
  std::remove(ranks_path.c_str());
  ranks::ImportOptions options;
  options.release = "bench";
  options.date = "2026-06";
  t = Clock::now();
  auto imported = ranks::import_ranks(ranks_path, options, {file});
  const double import_seconds = seconds_since(t);
  if (!imported) {
    std::fprintf(stderr, "bench_ranks: import: %s\n", imported.error().message().c_str());
    return 1;
  }
  const uint64_t read = imported->front().rows;
  std::printf("inputs: %s, %llu lines (zcat | wc -l), %llu rows imported\n", file.c_str(), lines,
              static_cast<unsigned long long>(read));
  if (read == 0 || read + 1 != lines) {
    std::fprintf(stderr, "bench_ranks: the import read %llu rows of %llu lines\n",
                 static_cast<unsigned long long>(read), lines);
    return 1;
  }

  // Lookups of random domains (nine in ten listed, one in ten not), against a hash set's.
  std::mt19937_64 rng(11);
  std::vector<std::string> probes;
  const std::size_t n_probes = 200000;
  for (std::size_t i = 0; i < n_probes; ++i) {
    const uint64_t k = 1 + rng() % rows;
    probes.push_back(i % 10 == 9 ? "absent-" + name_of(k) : name_of(k));
  }
  auto reader = ranks::RanksReader::open(ranks_path);
  if (!reader) {
    std::fprintf(stderr, "bench_ranks: %s\n", reader.error().message().c_str());
    return 1;
  }
  t = Clock::now();
  std::size_t found = 0;
  for (const auto& p : probes) {
    const auto web = reader.value()->lookup(p);  // a complete release answers every name
    found += web && web->listed;
  }
  const double lookup_seconds = seconds_since(t);
  std::unordered_set<std::string> names;
  names.reserve(rows);
  for (uint64_t i = 1; i <= rows; ++i) names.insert(name_of(i));
  t = Clock::now();
  std::size_t found_in_set = 0;
  for (int pass = 0; pass < 10; ++pass)
    for (const auto& p : probes) found_in_set += names.count(p);
  const double set_seconds = seconds_since(t) / 10;
  if (found == 0 || found * 10 != found_in_set) {
    std::fprintf(stderr, "bench_ranks: lookups found %zu, the hash set %zu\n", found, found_in_set / 10);
    return 1;
  }

  const double bytes_per_row = static_cast<double>(file_size(ranks_path)) / read;
  const double gzip_per_row = static_cast<double>(file_size(file)) / read;
  std::remove(ranks_path.c_str());
  std::printf("bench: ranks_import %.0f rows/s vs zcat_wc %.0f rows/s ratio %.3f\n", read / import_seconds,
              lines / zcat_seconds, zcat_seconds / import_seconds);
  std::printf("bench: ranks_bytes_per_domain %.1f B vs gzip_text %.1f B ratio %.2f\n", bytes_per_row, gzip_per_row,
              bytes_per_row / gzip_per_row);
  std::printf("bench: ranks_lookup %.0f lookups/s vs hash_set %.0f lookups/s ratio %.4f\n", n_probes / lookup_seconds,
              n_probes / set_seconds, set_seconds / lookup_seconds);
  std::printf("  (a lookup takes %.3f ms; %zu of %zu probes listed)\n", lookup_seconds / n_probes * 1e3, found,
              n_probes);
  return 0;
}
