// Common Crawl's published web-graph rank files, read as a stream: `cc-main-<release>-domain-
// ranks.txt.gz` and `...-host-ranks.txt.gz`, plain or gzip. Tab-separated, one header line
//   #harmonicc_pos  #harmonicc_val  #pr_pos  #pr_val  #host_rev  [#n_hosts]
// (`#n_hosts` on domain files only, which is how a domain file is told from a host file), names
// reversed (`com.example` is example.com), values in E-notation.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "index/status.h"
#include "ingest/byte_source.h"

namespace linklens::ranks {

enum class Graph { kDomain, kHost };
const char* to_string(Graph graph);

struct RankRow {
  std::string name;  // forward: "www.example.com"
  uint64_t harmonic_position = 0, pagerank_position = 0, hosts = 0;
  double harmonic = 0, pagerank = 0;
};

class RankFileReader {
 public:
  // Opens `path` and reads its header: a file that is not a rank file is refused here.
  static StatusOr<std::unique_ptr<RankFileReader>> open(const std::string& path);
  // The same over a source already open (`name` says where it came from in errors); fuzzers.
  static StatusOr<std::unique_ptr<RankFileReader>> read(std::string name, std::unique_ptr<ingest::ByteSource> source);

  Graph graph() const { return graph_; }
  // The next row; false at the end, or at a malformed line (status() then names it).
  bool next(RankRow& row);
  const Status& status() const { return status_; }
  uint64_t compressed_bytes_read() const { return source_->compressed_bytes_read(); }
  uint64_t file_size() const { return source_->file_size(); }

 private:
  RankFileReader(std::string path, std::unique_ptr<ingest::ByteSource> source)
      : path_(std::move(path)), source_(std::move(source)) {}
  bool next_line(std::string_view& line);
  Status read_header();

  std::string path_;
  std::unique_ptr<ingest::ByteSource> source_;
  std::string buffer_;
  std::size_t pos_ = 0;
  uint64_t line_number_ = 0;
  Graph graph_ = Graph::kDomain;
  Status status_;
};

}  // namespace linklens::ranks
