// The domains a targeted ingest keeps (`linklens ingest --targets FILE`, or "targets" in the
// config): one per line, given as a domain, a host or a URL and kept as its registrable domain
// ("https://www.example.co.uk/x" keeps example.co.uk); blank lines and lines starting with '#'
// are skipped. A line that is not a domain is an error naming its line.
#pragma once

#include <string>
#include <vector>

#include "index/status.h"

namespace linklens::cli {

StatusOr<std::vector<std::string>> target_domains(const std::vector<std::string>& lines, const std::string& source);
StatusOr<std::vector<std::string>> read_targets_file(const std::string& path);

}  // namespace linklens::cli
