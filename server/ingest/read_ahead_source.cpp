#include "ingest/read_ahead_source.h"

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace linklens::ingest {
namespace {

class ReadAheadSource : public ByteSource {
 public:
  ReadAheadSource(std::unique_ptr<ByteSource> inner, std::size_t chunk_bytes, std::size_t chunks)
      : inner_(std::move(inner)),
        chunk_bytes_(std::max<std::size_t>(1, chunk_bytes)),
        capacity_(std::max<std::size_t>(1, chunks)) {
    file_size_ = inner_->file_size();
    thread_ = std::thread([this] { fill_loop(); });
  }

  ~ReadAheadSource() override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    changed_.notify_all();
    thread_.join();
  }

  bool read(std::string& out, std::size_t max) override {
    std::size_t appended = 0;
    while (appended < max) {
      if (pos_ == current_.bytes.size() && !next_chunk()) break;
      const std::size_t n = std::min(max - appended, current_.bytes.size() - pos_);
      out.append(current_.bytes, pos_, n);
      pos_ += n;
      appended += n;
    }
    return appended > 0;
  }

 private:
  struct Chunk {
    std::string bytes;
    uint64_t compressed = 0;  // the wrapped source's compressed_bytes_read() once it was read
  };

  // Makes the next ready chunk current; false at the end of the stream.
  bool next_chunk() {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return !ready_.empty() || finished_; });
    if (!current_.bytes.empty()) spare_.push_back(std::move(current_.bytes));  // its buffer is filled again
    current_ = Chunk{};
    pos_ = 0;
    if (ready_.empty()) {  // finished: the thread wrote these before it said so
      status_ = thread_failure_.ok() ? inner_->status() : thread_failure_;
      compressed_read_ = inner_->compressed_bytes_read();
      return false;
    }
    current_ = std::move(ready_.front());
    ready_.pop_front();
    compressed_read_ = current_.compressed;
    lock.unlock();
    changed_.notify_all();  // room for another chunk
    return true;
  }

  void fill_loop() {
    for (;;) {
      std::string bytes;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        if (!spare_.empty()) {
          bytes = std::move(spare_.back());
          spare_.pop_back();
        }
      }
      bytes.clear();
      bool more = false;
      uint64_t compressed = 0;
      Status failed;
      try {
        more = inner_->read(bytes, chunk_bytes_);
        compressed = inner_->compressed_bytes_read();
      } catch (const std::exception& e) {  // out of memory: it ends the stream, not the process
        failed = Status::failure(std::string("reading ahead: ") + e.what());
        more = false;
      }
      std::unique_lock<std::mutex> lock(mutex_);
      if (!failed.ok()) thread_failure_ = failed;
      if (!bytes.empty()) ready_.push_back(Chunk{std::move(bytes), compressed});
      if (!more) finished_ = true;
      changed_.notify_all();
      if (finished_) return;
      changed_.wait(lock, [&] { return stop_ || ready_.size() < capacity_; });
      if (stop_) return;
    }
  }

  std::unique_ptr<ByteSource> inner_;  // read by the thread alone until it has finished
  const std::size_t chunk_bytes_, capacity_;
  std::mutex mutex_;
  std::condition_variable changed_;  // a chunk was made ready or taken, or the stream ended or was dropped
  std::deque<Chunk> ready_;
  std::vector<std::string> spare_;
  bool finished_ = false, stop_ = false;
  Status thread_failure_;  // an exception the thread caught (the stream ended there)
  Chunk current_;          // the caller's
  std::size_t pos_ = 0;
  std::thread thread_;  // last: started once every member above is made
};

}  // namespace

std::unique_ptr<ByteSource> read_ahead(std::unique_ptr<ByteSource> inner, std::size_t chunk_bytes, std::size_t chunks) {
  return std::make_unique<ReadAheadSource>(std::move(inner), chunk_bytes, chunks);
}

}  // namespace linklens::ingest
