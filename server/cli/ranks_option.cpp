#include "cli/ranks_option.h"

#include <cstdio>

#include "index/index.h"

namespace linklens::cli {

bool open_ranks_option(const ParsedArgs& parsed, const std::string& index_location, const char* command,
                       std::unique_ptr<ranks::RanksReader>& out) {
  const std::string path = index::ranks_path_for(index_location, parsed.last("--ranks").value_or(""));
  if (path.empty()) return true;
  auto opened = ranks::RanksReader::open(path);
  if (!opened) {
    std::fprintf(stderr, "linklens %s: %s\n", command, opened.error().message().c_str());
    return false;
  }
  out = std::move(opened).value();
  return true;
}

}  // namespace linklens::cli
