// The ClickHouse implementation of Store (store.h): the same snapshot semantics as SQLite, as
// append-only events in a sharded cluster (clickhouse_schema.h), written in large batches straight
// into each shard's local tables (split as the Distributed tables would place them; a batch is
// written in the background while the next is built: shard_writer.h), and made visible all at
// once by a publication row (clickhouse_index.h).
//
// Each batch of pages first asks the pages table which links those pages had before (the ids
// every earlier crawl recorded), so a link missing from a re-crawl gets a seen = 0 event on its
// own shard: that is how "lost" is known without a cross-shard join at query time.
//
// One writer at a time (as SQLite's BEGIN IMMEDIATE): two concurrent ingests would both publish.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "clickhouse/clickhouse_index.h"
#include "clickhouse/shard_writer.h"
#include "index/store.h"

namespace linklens::store {

class ClickHouseStore : public Store {
 public:
  static StatusOr<std::unique_ptr<ClickHouseStore>> open(const std::string& url);

  Status begin_snapshot(const std::string& name, const std::string& source_description) override;
  Status add_page(const CrawledPage& page, const std::vector<LinkRecord>& links) override;
  Status commit_snapshot(SnapshotSummary& summary) override { return commit_snapshot(summary, nullptr); }
  // `before_publish` runs after every row is written and counted and before the publication row;
  // it sees the publication about to be written (with this run) and may set its rank. Its
  // failure fails the commit.
  Status commit_snapshot(SnapshotSummary& summary,
                         const std::function<Status(clickhouse::Publication&)>& before_publish);
  void rollback() override;

  clickhouse::ClickHouseIndex& index() { return *index_; }
  const clickhouse::Publication& published() const { return published_; }

  std::size_t batch_pages = 5000;  // pages per batch (each batch: one lookup and two inserts)

 private:
  struct PendingPage {
    CrawledPage page;
    std::vector<LinkRecord> links;
  };
  explicit ClickHouseStore(std::unique_ptr<clickhouse::ClickHouseIndex> index);
  Status flush();
  void write_snapshot_row(const std::string& committed_at, const SnapshotSummary& counts);  // throws clickhouse::Error

  std::unique_ptr<clickhouse::ClickHouseIndex> index_;
  clickhouse::Publication published_;
  uint32_t run_ = 0, snapshot_ = 0;
  std::string name_, source_, started_at_;
  uint64_t sequence_ = 0;  // row versions within the run
  bool open_ = false;
  std::vector<PendingPage> pending_;
  std::size_t pending_links_ = 0;
  std::unique_ptr<clickhouse::ShardWriter> writer_;
  // The links of each page of the batch being written (url -> id -> target domain): a page
  // crawled again in the next batch reads them here, not yet in the tables.
  std::map<std::string, std::map<uint64_t, std::string>> in_flight_;
};

}  // namespace linklens::store
