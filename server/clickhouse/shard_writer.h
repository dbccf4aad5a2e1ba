// Writes an ingest's batches into each shard's local tables, in the background, one connection
// and one thread per shard: the next batch is built while this one is written, and no node
// re-parses and forwards another shard's rows (as an INSERT into a Distributed table does).
//
// Rows must already be split by shard as the Distributed tables would place them
// (ClickHouseIndex::shards_of). Nothing written is read until a publication names the run, so a
// batch that fails leaves rows no query reads (clickhouse_index.h).
#pragma once

#include <future>
#include <memory>
#include <string>
#include <vector>

#include "clickhouse/clickhouse_client.h"
#include "index/status.h"

namespace linklens::clickhouse {

// One batch: TabSeparated rows for link_events_local and pages_local, one string per shard.
struct ShardBatch {
  std::vector<std::string> events, pages;
};

class ShardWriter {
 public:
  ShardWriter(const Location& location, const char* event_columns, const char* page_columns);
  ~ShardWriter();  // waits for the batch in flight

  // Waits for the batch in flight, then starts writing `batch`. The status is the previous
  // batch's: a failure there is reported here (or by wait), and `batch` is not started.
  Status submit(ShardBatch batch);
  // Waits for the batch in flight; its status.
  Status wait();

 private:
  std::vector<std::unique_ptr<Connection>> nodes_;
  const char* event_columns_;
  const char* page_columns_;
  std::vector<std::future<void>> inflight_;
};

}  // namespace linklens::clickhouse
