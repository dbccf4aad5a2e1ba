#include "ingest/byte_source.h"

#include "ingest/read_ahead_source.h"

#include <zlib.h>

#include <sys/stat.h>
#include <cstring>

namespace linklens::ingest {
namespace {

struct FileCloser {
  void operator()(std::FILE* f) const {
    if (f) std::fclose(f);
  }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

class PlainSource : public ByteSource {
 public:
  explicit PlainSource(File f) : file_(std::move(f)) {}
  bool read(std::string& out, std::size_t max) override {
    std::size_t at = out.size();
    out.resize(at + max);
    std::size_t n = std::fread(out.data() + at, 1, max, file_.get());
    out.resize(at + n);
    compressed_read_ += n;
    return n > 0;
  }

 private:
  File file_;
};

// gzip with any number of members; a member's end is followed by the next member's header.
class GzipSource : public ByteSource {
 public:
  explicit GzipSource(File f) : file_(std::move(f)) {
    std::memset(&z_, 0, sizeof z_);
    inflateInit2(&z_, 16 + MAX_WBITS);
  }
  ~GzipSource() override { inflateEnd(&z_); }

  bool read(std::string& out, std::size_t max) override {
    if (done_) return false;
    std::size_t at = out.size();
    out.resize(at + max);
    z_.next_out = reinterpret_cast<Bytef*>(out.data() + at);
    z_.avail_out = static_cast<uInt>(max);
    while (z_.avail_out > 0) {
      if (z_.avail_in == 0) {
        std::size_t n = std::fread(in_, 1, sizeof in_, file_.get());
        compressed_read_ += n;
        if (n == 0) {
          if (!at_member_start_) status_ = Status::failure("truncated gzip stream");
          done_ = true;
          break;
        }
        z_.next_in = in_;
        z_.avail_in = static_cast<uInt>(n);
      }
      at_member_start_ = false;
      int rc = inflate(&z_, Z_NO_FLUSH);
      if (rc == Z_STREAM_END) {
        inflateReset(&z_);  // the next member (if any) starts right after
        at_member_start_ = true;
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        status_ = Status::failure(std::string("corrupt gzip data: ") + (z_.msg ? z_.msg : "inflate failed"));
        done_ = true;
        break;
      }
    }
    std::size_t produced = max - z_.avail_out;
    out.resize(at + produced);
    return produced > 0;
  }

 private:
  File file_;
  z_stream z_;
  Bytef in_[1 << 16];
  bool done_ = false;
  bool at_member_start_ = true;
};

}  // namespace

std::unique_ptr<ByteSource> ByteSource::from_memory(std::string bytes) {
  // fmemopen gives the same FILE* interface over the bytes, which the source then owns.
  auto* owned = new std::string(std::move(bytes));
  std::FILE* f = fmemopen(owned->empty() ? nullptr : owned->data(), owned->size(), "rb");
  if (f == nullptr) f = fmemopen(nullptr, 1, "rb");
  unsigned char magic[2] = {0, 0};
  std::size_t n = owned->size() >= 2 ? 2 : 0;
  if (n) std::memcpy(magic, owned->data(), 2);
  std::unique_ptr<ByteSource> source;
  if (n == 2 && magic[0] == 0x1f && magic[1] == 0x8b)
    source = std::make_unique<GzipSource>(File(f));
  else
    source = std::make_unique<PlainSource>(File(f));
  source->file_size_ = owned->size();
  source->owned_.reset(owned);
  return source;
}

StatusOr<std::unique_ptr<ByteSource>> ByteSource::open(const std::string& path) {
  File f(std::fopen(path.c_str(), "rb"));
  if (!f) return Status::failure("cannot open " + path + ": " + std::strerror(errno));
  struct stat st {};
  uint64_t size = ::stat(path.c_str(), &st) == 0 ? static_cast<uint64_t>(st.st_size) : 0;
  unsigned char magic[2] = {0, 0};
  std::size_t n = std::fread(magic, 1, 2, f.get());
  std::rewind(f.get());
  std::unique_ptr<ByteSource> source;
  const bool gzip = n == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
  if (gzip)
    source = std::make_unique<GzipSource>(std::move(f));
  else
    source = std::make_unique<PlainSource>(std::move(f));
  source->file_size_ = size;
  // Inflated on a second thread while the caller parses: every crawl file is gzip.
  if (gzip) source = read_ahead(std::move(source));
  return source;
}

}  // namespace linklens::ingest
