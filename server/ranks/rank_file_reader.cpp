#include "ranks/rank_file_reader.h"

#include <charconv>

#include "linklens/web_authority.h"

namespace linklens::ranks {
namespace {

// The next tab-separated field of `line` from `at`.
std::string_view field(std::string_view line, std::size_t& at) {
  if (at > line.size()) return {};  // past the last field: a row with too few
  const std::size_t tab = line.find('\t', at);
  std::string_view f = line.substr(at, tab == std::string_view::npos ? std::string_view::npos : tab - at);
  at = tab == std::string_view::npos ? line.size() + 1 : tab + 1;
  return f;
}

template <class T>
bool parse_number(std::string_view text, T& out) {
  if (text.empty()) return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

const char* to_string(Graph graph) { return graph == Graph::kDomain ? "domain" : "host"; }

StatusOr<std::unique_ptr<RankFileReader>> RankFileReader::open(const std::string& path) {
  auto source = ingest::ByteSource::open(path);
  if (!source) return source.error();
  return read(path, std::move(source).value());
}

StatusOr<std::unique_ptr<RankFileReader>> RankFileReader::read(std::string name,
                                                               std::unique_ptr<ingest::ByteSource> source) {
  std::unique_ptr<RankFileReader> reader(new RankFileReader(std::move(name), std::move(source)));
  LINKLENS_RETURN_IF_ERROR(reader->read_header());
  return reader;
}

bool RankFileReader::next_line(std::string_view& line) {
  while (true) {
    const std::size_t nl = buffer_.find('\n', pos_);
    if (nl != std::string::npos) {
      line = std::string_view(buffer_).substr(pos_, nl - pos_);
      pos_ = nl + 1;
      ++line_number_;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      return true;
    }
    buffer_.erase(0, pos_);
    pos_ = 0;
    if (!source_->read(buffer_, 1 << 20)) {
      if (!source_->status().ok()) {
        status_ = source_->status().with_context(path_);
        return false;
      }
      if (buffer_.empty()) return false;
      line = buffer_;  // a last line without its newline
      pos_ = buffer_.size();
      ++line_number_;
      return true;
    }
  }
}

Status RankFileReader::read_header() {
  std::string_view line;
  if (!next_line(line)) {
    return status_.ok() ? Status::failure(path_ + " is empty: not a Common Crawl rank file") : status_;
  }
  if (line == "#harmonicc_pos\t#harmonicc_val\t#pr_pos\t#pr_val\t#host_rev\t#n_hosts") {
    graph_ = Graph::kDomain;
  } else if (line == "#harmonicc_pos\t#harmonicc_val\t#pr_pos\t#pr_val\t#host_rev") {
    graph_ = Graph::kHost;
  } else {
    return Status::failure(path_ +
                           " is not a Common Crawl rank file: its first line must be the header "
                           "#harmonicc_pos #harmonicc_val #pr_pos #pr_val #host_rev [#n_hosts], tab-separated");
  }
  return {};
}

bool RankFileReader::next(RankRow& row) {
  std::string_view line;
  while (next_line(line)) {
    if (line.empty()) continue;
    std::size_t at = 0;
    const std::string_view hc_pos = field(line, at), hc = field(line, at), pr_pos = field(line, at),
                           pr = field(line, at), name = field(line, at);
    const std::string_view hosts = graph_ == Graph::kDomain ? field(line, at) : std::string_view("0");
    const bool complete = at == line.size() + 1;  // no field left over
    if (!complete || !parse_number(hc_pos, row.harmonic_position) || !parse_number(hc, row.harmonic) ||
        !parse_number(pr_pos, row.pagerank_position) || !parse_number(pr, row.pagerank) ||
        !parse_number(hosts, row.hosts) || name.empty() || row.harmonic < 0 || row.pagerank < 0) {
      status_ = Status::failure(path_ + ":" + std::to_string(line_number_) + ": not a row of " +
                                (graph_ == Graph::kDomain ? "6" : "5") +
                                " tab-separated fields (positions, values and a reversed name)");
      return false;
    }
    row.name = rank::unreverse_host(name);
    return true;
  }
  return false;
}

}  // namespace linklens::ranks
