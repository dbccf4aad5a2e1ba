// A streaming WARC reader: WARC/1.0 and 1.1, and the older 0.17 / 0.18 found in real archives
// (Heritrix, ClueWeb09), plain or gzipped (a member per record, or the whole file).
//
// Malformed records (no WARC version line where one is expected, a missing or bad
// Content-Length, a record cut short by the end of the file) are counted and skipped with a
// message; they never end the run. Memory stays bounded by the largest record kept
// (kMaxRecordBytes; larger ones are skipped, counted).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ingest/byte_source.h"

namespace linklens::ingest {

struct WarcRecord {
  std::string version;  // "WARC/1.0"
  std::vector<std::pair<std::string, std::string>> headers;
  std::string block;    // the Content-Length bytes after the header
  uint64_t offset = 0;  // of the record in the (decompressed) stream

  // The value of header `name` (ASCII case-insensitive), or "" when absent.
  std::string_view header(std::string_view name) const;
  std::string_view type() const { return header("WARC-Type"); }
  // WARC-Target-URI without the angle brackets wget writes around it.
  std::string target_uri() const;
};

struct WarcStats {
  uint64_t records = 0;
  uint64_t malformed = 0;
  uint64_t skipped_bytes = 0;         // bytes between records that were not a record
  std::vector<std::string> messages;  // the first few problems, for the user
  std::string cut_short;              // the file ended inside a record: where ("" when it did not)
};

class WarcReader {
 public:
  static constexpr std::size_t kMaxRecordBytes = 256u << 20;

  explicit WarcReader(std::unique_ptr<ByteSource> source);

  // Reads the next record into `record`. Returns false at the end of the file.
  bool next(WarcRecord& record);

  const WarcStats& stats() const { return stats_; }
  const ByteSource& source() const { return *source_; }

 private:
  bool fill(std::size_t at_least);  // ensures buffer_ holds pos_ + at_least bytes, if the file has them
  void note(std::string message);

  std::unique_ptr<ByteSource> source_;
  std::string buffer_;
  std::size_t pos_ = 0;    // parse position in buffer_
  uint64_t consumed_ = 0;  // bytes dropped from the front of buffer_
  bool eof_ = false;
  WarcStats stats_;
};

}  // namespace linklens::ingest
