// A Store that writes on its own thread: add_page()/take_page() queue the page (a bounded queue,
// so a slow store holds back the reader instead of filling memory) and return, so one core parses
// and extracts while the other writes. The writer takes the whole queue as its next batch, so up
// to twice `queued_pages` pages are held at once. The wrapped store is used by the writer thread only, from
// begin_snapshot() to drain().
//
// A write that fails stops the writer; the failure is returned by the next add_page() and by
// drain(), and the caller rolls back as with any store.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "index/store.h"

namespace linklens::store {

class PipelinedStore : public Store {
 public:
  explicit PipelinedStore(Store& inner, std::size_t queued_pages = 256) : inner_(inner), capacity_(queued_pages) {}
  ~PipelinedStore() override;
  PipelinedStore(const PipelinedStore&) = delete;
  PipelinedStore& operator=(const PipelinedStore&) = delete;

  Status begin_snapshot(const std::string& name, const std::string& source_description) override;
  Status add_page(const CrawledPage& page, const std::vector<LinkRecord>& links) override;
  Status take_page(CrawledPage&& page, std::vector<LinkRecord>&& links) override;
  // Waits until every queued page is written (or the writer failed) and stops the writer.
  Status drain();
  // drain(), then the wrapped store's commit.
  Status commit_snapshot(SnapshotSummary& summary) override;
  // Drops what is queued, stops the writer, rolls the wrapped store back.
  void rollback() override;
  // Queued in order with the pages, carried out by the writer.
  Status begin_file() override { return enqueue(Page{{}, {}, Op::kBeginFile}); }
  Status keep_file() override { return enqueue(Page{{}, {}, Op::kKeepFile}); }
  Status drop_file() override { return enqueue(Page{{}, {}, Op::kDropFile}); }
  // Passed to the wrapped store: call them while nothing is queued (before any page, or after drain()).
  Status set_targets(const std::vector<std::string>& domains) override { return inner_.set_targets(domains); }
  StatusOr<bool> holds_file(const ScannedFile& file) override { return inner_.holds_file(file); }
  Status record_file(const ScannedFile& file) override { return inner_.record_file(file); }

 private:
  enum class Op { kPage, kBeginFile, kKeepFile, kDropFile };
  struct Page {
    CrawledPage page;
    std::vector<LinkRecord> links;
    Op op = Op::kPage;
  };
  Status enqueue(Page&& page);
  void write_loop();
  Status failure();  // the writer's failure, ok while there is none

  Store& inner_;
  const std::size_t capacity_;
  std::mutex mutex_;
  std::condition_variable not_full_, not_empty_;
  std::deque<Page> queue_;
  // Pages written, handed back to be freed by the thread that made them: glibc's malloc frees a
  // block from another thread's arena under that arena's lock, and the two threads then contend
  // on it for every string of every link.
  std::vector<Page> written_;
  bool closing_ = false;
  std::atomic<bool> discarding_{false};  // rollback: the writer stops within its batch
  Status failed_;
  std::thread writer_;
};

}  // namespace linklens::store
