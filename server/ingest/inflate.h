// Inflates gzip, zlib or raw deflate data held in memory (HTTP bodies, Common Crawl path lists).
#pragma once

#include <string>
#include <string_view>

namespace linklens::ingest {

// gzip and zlib are detected from the header; `raw` reads headerless deflate. Output stops at
// `max_output` bytes (a decompression bomb stops there). True when the stream decoded to its end
// (or produced output before being cut short).
bool inflate_data(std::string_view in, std::string& out, bool raw = false, std::size_t max_output = 512u << 20);

}  // namespace linklens::ingest
