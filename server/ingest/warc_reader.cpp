#include "ingest/warc_reader.h"

#include <algorithm>
#include <charconv>

#include <cstring>
#include "ingest/ascii.h"

namespace linklens::ingest {
namespace {

using ascii::iequals;
using ascii::trim;

constexpr std::size_t kChunk = 1 << 20;

}  // namespace

std::string_view WarcRecord::header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (iequals(k, name)) return v;
  }
  return {};
}

std::string WarcRecord::target_uri() const {
  std::string_view uri = trim(header("WARC-Target-URI"));
  if (uri.size() >= 2 && uri.front() == '<' && uri.back() == '>') uri = uri.substr(1, uri.size() - 2);
  return std::string(uri);
}

WarcReader::WarcReader(std::unique_ptr<ByteSource> source) : source_(std::move(source)) {}

void WarcReader::note(std::string message) {
  if (stats_.messages.size() < 20) stats_.messages.push_back(std::move(message));
}

bool WarcReader::fill(std::size_t at_least) {
  while (buffer_.size() - pos_ < at_least && !eof_) {
    if (pos_ > kChunk && pos_ * 2 > buffer_.size()) {  // drop what was parsed
      buffer_.erase(0, pos_);
      consumed_ += pos_;
      pos_ = 0;
    }
    std::size_t want = std::max(kChunk, at_least - (buffer_.size() - pos_));
    if (!source_->read(buffer_, want)) eof_ = true;
  }
  return buffer_.size() - pos_ >= at_least;
}

bool WarcReader::next(WarcRecord& record) {
  for (;;) {
    // Find the next "WARC/" at the start of a line; anything before it is not a record.
    std::size_t start;
    for (;;) {
      fill(6);
      start = buffer_.find("WARC/", pos_);
      while (start != std::string::npos && start > pos_ && buffer_[start - 1] != '\n')
        start = buffer_.find("WARC/", start + 1);
      if (start != std::string::npos) break;
      if (eof_) {
        std::string_view rest = trim(std::string_view(buffer_).substr(pos_));
        if (!rest.empty() && rest.find_first_not_of("\r\n") != std::string_view::npos) {
          stats_.skipped_bytes += rest.size();
          note("trailing bytes after the last record");
        }
        pos_ = buffer_.size();
        return false;
      }
      // Keep the last few bytes: "WARC/" may straddle the chunk boundary.
      std::size_t keep = std::min<std::size_t>(5, buffer_.size() - pos_);
      stats_.skipped_bytes += buffer_.size() - pos_ - keep;
      pos_ = buffer_.size() - keep;
      fill(kChunk);
    }
    std::string_view gap = trim(std::string_view(buffer_).substr(pos_, start - pos_));
    if (gap.find_first_not_of("\r\n") != std::string_view::npos) {
      stats_.skipped_bytes += start - pos_;
      ++stats_.malformed;
      note("bytes that are not a WARC record at offset " + std::to_string(consumed_ + pos_));
    }
    pos_ = start;

    // The header ends at the first blank line.
    std::size_t head_end, body_start;
    for (;;) {
      head_end = buffer_.find("\r\n\r\n", pos_);
      // A bare "\n\n" ends the header only before the "\r\n\r\n"; it is searched no further,
      // or every record would scan the body behind it (and the buffer after it) for one.
      const std::size_t lf_limit = head_end == std::string::npos ? buffer_.size() : head_end + 2;
      std::size_t lf = std::string_view(buffer_).substr(0, lf_limit).find("\n\n", pos_);
      if (head_end != std::string::npos && (lf == std::string::npos || head_end < lf)) {
        body_start = head_end + 4;
        break;
      }
      if (lf != std::string::npos) {
        head_end = lf;
        body_start = lf + 2;
        break;
      }
      if (eof_ || buffer_.size() - pos_ > (1u << 20)) {
        ++stats_.malformed;
        note("WARC header without an end at offset " + std::to_string(consumed_ + pos_));
        pos_ += 5;
        if (eof_) {
          stats_.cut_short =
              "a record header is cut short by the end of the file at offset " + std::to_string(consumed_ + pos_ - 5);
          pos_ = buffer_.size();
          return false;
        }
        goto next_record;
      }
      fill(buffer_.size() - pos_ + kChunk);
    }
    {
      record.offset = consumed_ + pos_;
      record.headers.clear();
      std::string_view head(buffer_.data() + pos_, head_end - pos_);
      std::size_t eol = head.find('\n');
      record.version = std::string(trim(head.substr(0, eol)));
      head = eol == std::string_view::npos ? std::string_view() : head.substr(eol + 1);
      while (!head.empty()) {
        eol = head.find('\n');
        std::string_view line = trim(head.substr(0, eol));
        head = eol == std::string_view::npos ? std::string_view() : head.substr(eol + 1);
        std::size_t colon = line.find(':');
        if (colon == std::string_view::npos) continue;
        record.headers.emplace_back(std::string(trim(line.substr(0, colon))),
                                    std::string(trim(line.substr(colon + 1))));
      }
      std::string_view length_text = record.header("Content-Length");
      uint64_t length = 0;
      auto [ptr, ec] = std::from_chars(length_text.data(), length_text.data() + length_text.size(), length);
      if (length_text.empty() || ec != std::errc() || ptr != length_text.data() + length_text.size()) {
        ++stats_.malformed;
        note("record without a valid Content-Length at offset " + std::to_string(record.offset));
        pos_ = body_start;
        continue;
      }
      pos_ = body_start;
      if (length > kMaxRecordBytes) {
        ++stats_.malformed;
        note("record of " + std::to_string(length) + " bytes skipped (limit " + std::to_string(kMaxRecordBytes) + ")");
        uint64_t left = length;
        while (left > 0) {  // stream past it without keeping it
          std::size_t have = buffer_.size() - pos_;
          std::size_t take = static_cast<std::size_t>(std::min<uint64_t>(left, have));
          pos_ += take;
          left -= take;
          if (left > 0 && !fill(1)) break;
        }
        continue;
      }
      if (!fill(static_cast<std::size_t>(length))) {
        ++stats_.malformed;
        stats_.cut_short = "a record is cut short by the end of the file at offset " + std::to_string(record.offset);
        note(stats_.cut_short + (source_->status().ok() ? "" : " (" + source_->status().message() + ")"));
        pos_ = buffer_.size();
        return false;
      }
      record.block.assign(buffer_, pos_, static_cast<std::size_t>(length));
      pos_ += static_cast<std::size_t>(length);
      ++stats_.records;
      return true;
    }
  next_record:;
  }
}

}  // namespace linklens::ingest
