// Reading gzipped test data (native tests only: the WebAssembly test build has no zlib).
#pragma once

#include <string>

namespace linklens::test {

// The whole decompressed content of `path` (plain files pass through); "" when unreadable.
std::string read_gzip_file(const std::string& path);

}  // namespace linklens::test
