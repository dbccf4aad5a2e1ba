#include "index/pipelined_store.h"

namespace linklens::store {

PipelinedStore::~PipelinedStore() {
  if (writer_.joinable()) rollback();
}

Status PipelinedStore::begin_snapshot(const std::string& name, const std::string& source_description) {
  LINKLENS_RETURN_IF_ERROR(inner_.begin_snapshot(name, source_description));
  closing_ = false;
  discarding_ = false;
  failed_ = Status();
  writer_ = std::thread([this] { write_loop(); });
  return {};
}

Status PipelinedStore::failure() {
  std::lock_guard<std::mutex> lock(mutex_);
  return failed_;
}

Status PipelinedStore::add_page(const CrawledPage& page, const std::vector<LinkRecord>& links) {
  return take_page(CrawledPage(page), std::vector<LinkRecord>(links));
}

Status PipelinedStore::take_page(CrawledPage&& page, std::vector<LinkRecord>&& links) {
  return enqueue(Page{std::move(page), std::move(links), Op::kPage});
}

Status PipelinedStore::enqueue(Page&& page) {
  std::vector<Page> written;  // destroyed here, after the lock: see `written_`
  std::unique_lock<std::mutex> lock(mutex_);
  not_full_.wait(lock, [&] { return queue_.size() < capacity_ || !failed_.ok(); });
  if (!failed_.ok()) return failed_;
  queue_.push_back(std::move(page));
  written.swap(written_);
  not_empty_.notify_one();
  return {};
}

void PipelinedStore::write_loop() {
  // The writer takes everything queued at once, so the two threads meet (lock, wake-up, context
  // switch) once a batch rather than once a page.
  std::deque<Page> batch;
  std::vector<Page> done;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mutex_);
      for (Page& p : done) written_.push_back(std::move(p));
      done.clear();
      not_empty_.wait(lock, [&] { return !queue_.empty() || closing_; });
      if (queue_.empty()) return;  // closing, and everything queued is written
      batch.swap(queue_);
      not_full_.notify_one();
    }
    for (Page& next : batch) {
      if (discarding_.load(std::memory_order_relaxed)) break;
      Status written;
      switch (next.op) {
        case Op::kPage: written = inner_.add_page(next.page, next.links); break;
        case Op::kBeginFile: written = inner_.begin_file(); break;
        case Op::kKeepFile: written = inner_.keep_file(); break;
        case Op::kDropFile: written = inner_.drop_file(); break;
      }
      done.push_back(std::move(next));
      if (!written.ok()) {
        std::lock_guard<std::mutex> lock(mutex_);
        for (Page& p : done) written_.push_back(std::move(p));
        failed_ = written;
        queue_.clear();
        not_full_.notify_all();
        return;
      }
    }
    batch.clear();
  }
}

Status PipelinedStore::drain() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    closing_ = true;
    not_empty_.notify_all();
  }
  if (writer_.joinable()) writer_.join();
  return failure();
}

Status PipelinedStore::commit_snapshot(SnapshotSummary& summary) {
  LINKLENS_RETURN_IF_ERROR(drain());
  return inner_.commit_snapshot(summary);
}

void PipelinedStore::rollback() {
  discarding_ = true;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    queue_.clear();
    not_full_.notify_all();
  }
  (void)drain();
  inner_.rollback();
}

}  // namespace linklens::store
