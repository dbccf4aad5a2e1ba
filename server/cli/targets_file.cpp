#include "cli/targets_file.h"

#include <algorithm>
#include <fstream>

#include "index/target.h"

namespace linklens::cli {

StatusOr<std::vector<std::string>> target_domains(const std::vector<std::string>& lines, const std::string& source) {
  std::vector<std::string> domains;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string line = lines[i];
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') continue;
    line = line.substr(first, line.find_last_not_of(" \t\r") - first + 1);
    api::Target target;
    if (Status s = api::parse_target(line, "domain", target); !s.ok()) {
      return Status::failure(source + " line " + std::to_string(i + 1) + ": " + s.message());
    }
    domains.push_back(target.domain);
  }
  std::sort(domains.begin(), domains.end());
  domains.erase(std::unique(domains.begin(), domains.end()), domains.end());
  if (domains.empty()) return Status::failure(source + " names no domain (one per line)");
  return domains;
}

StatusOr<std::vector<std::string>> read_targets_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::failure("cannot read the targets file " + path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return target_domains(lines, path);
}

}  // namespace linklens::cli
