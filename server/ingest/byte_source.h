// A file read as a stream of bytes, gunzipped on the fly when it is gzip: one member (whole-file
// gzip) or many (a member per WARC record, as Common Crawl writes them). Plain files pass through.
//
// Errors are values: a truncated or corrupt gzip stream ends the stream, and status() says why;
// the bytes decoded before it are still delivered.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

#include "index/status.h"

namespace linklens::ingest {

class ByteSource {
 public:
  // Opens `path`, or says why it cannot be read.
  static StatusOr<std::unique_ptr<ByteSource>> open(const std::string& path);
  // The same over bytes in memory (gzip detected the same way); for tests and fuzzers.
  static std::unique_ptr<ByteSource> from_memory(std::string bytes);
  virtual ~ByteSource() = default;

  // Appends up to `max` more bytes to `out`. Returns false at end of stream (or on error).
  virtual bool read(std::string& out, std::size_t max) = 0;

  // Ok, or why the stream ended before the end of its file.
  const Status& status() const { return status_; }
  uint64_t compressed_bytes_read() const { return compressed_read_; }
  uint64_t file_size() const { return file_size_; }

 protected:
  Status status_;
  // The bytes of a from_memory source. A base-class member, so it outlives the derived class's
  // FILE* over it.
  std::unique_ptr<std::string> owned_;
  uint64_t compressed_read_ = 0;
  uint64_t file_size_ = 0;
};

}  // namespace linklens::ingest
