// Fuzzes the reader of Common Crawl's rank files (ranks/rank_file_reader.h), which sees every
// byte of a file a user downloads, and the score each row would get.
//
// Properties: the reader ends (at most one row per line), a refusal or a malformed line always
// says why, every row has a name and values that are not negative, and its score is in [0, 100].
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "linklens/web_authority.h"
#include "ranks/rank_file_reader.h"

using namespace linklens;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  auto reader = ranks::RankFileReader::read("fuzz", ingest::ByteSource::from_memory(input));
  if (!reader) {
    if (reader.error().message().empty()) std::abort();
    return 0;
  }
  ranks::RankRow row;
  std::size_t rows = 0;
  const std::size_t lines = static_cast<std::size_t>(std::count(input.begin(), input.end(), '\n')) + 1;
  const rank::ReleaseScale scale{1e8, 0.02, 3e7};
  while (reader.value()->next(row)) {
    if (++rows > lines) std::abort();
    if (row.name.empty() || row.pagerank < 0 || row.harmonic < 0) std::abort();
    const double score = rank::web_authority(row.pagerank, row.harmonic, scale).score;
    if (!(score >= 0 && score <= 100)) std::abort();
  }
  if (!reader.value()->status().ok() && reader.value()->status().message().empty()) std::abort();
  return 0;
}
