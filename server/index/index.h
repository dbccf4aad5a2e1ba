// An index, whichever backend holds it: the one place a location becomes a backend (leveldb's
// DB::Open is the model). A location is a SQLite file path or a clickhouse://... URL
// (clickhouse/clickhouse_client.h); every command and the server open indexes through here.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "index/index_queries.h"
#include "index/store.h"
#include "linklens/disavow.h"
#include "rank/graph_scoring.h"

namespace linklens::index {

struct OpenOptions {
  bool for_writing = false;           // ingest, rank, disavow --apply: a missing SQLite file or schema is created
  std::size_t batch_pages = 0;        // ClickHouse ingest: pages per batch (0: the store's default)
  int query_time_budget_ms = 600000;  // what queries() may take per call (a ClickHouse setting)
};

class Index {
 public:
  virtual ~Index() = default;

  // nullptr and `error` (what is wrong and what to do) when the location cannot be opened: an
  // unreadable file, an older schema (with the command that migrates it), an unreachable cluster.
  static std::unique_ptr<Index> open(const std::string& location, const OpenOptions& options, std::string& error);

  // Write side (opened for writing): an ingest writes a snapshot through store(), then commit()
  // ranks it (when `rank`) and makes it visible to readers in one step; on failure the index is
  // as it was.
  virtual store::Store& store() = 0;
  virtual bool commit(store::SnapshotSummary& summary, bool rank, ranking::RankSummary& ranked, std::string& error) = 0;
  // Ranks what is visible and makes the new scores visible in one step.
  virtual bool rank(ranking::RankSummary& ranked, std::string& error) = 0;
  // Stores `file` as `domain`'s disavow file and re-ranks, in one step.
  virtual bool apply_disavow(const std::string& domain, const disavow::File& file, ranking::RankSummary& ranked,
                             std::string& error) = 0;

  // Read side: every answer the API and the CLI's reports give. A failed read throws
  // api::QueryFailure (status, code, message).
  virtual api::IndexQueries& queries() = 0;
};

// What one server thread reads through, per request: one read transaction (or ClickHouse
// publication) per call, bounded by the time budget, following the index when its file is
// swapped. Backend failures reach `fn`'s caller as api::QueryFailure (503 index_unavailable,
// index_busy or query_timeout; 500 internal).
class ThreadReader {
 public:
  virtual ~ThreadReader() = default;
  virtual void read(int time_budget_ms, const std::function<void(api::IndexQueries&)>& fn) = 0;
};
std::unique_ptr<ThreadReader> thread_reader(const std::string& location);

// serve's start: can the location be served at all (nullopt: yes)? Says why not.
std::optional<std::string> unservable(const std::string& location);

}  // namespace linklens::index
