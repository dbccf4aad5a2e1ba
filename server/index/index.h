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
#include "index/status.h"
#include "index/store.h"
#include "linklens/disavow.h"
#include "rank/graph_scoring.h"

namespace linklens::index {

struct OpenOptions {
  bool for_writing = false;           // ingest, rank, disavow --apply: a missing SQLite file or schema is created
  std::size_t batch_pages = 0;        // ClickHouse ingest: pages per batch (0: the store's default)
  int query_time_budget_ms = 600000;  // what queries() may take per call (a ClickHouse setting)
  std::string ranks_path;             // the ranks file rank() scores with ("": none; ranks_path_for)
};

class Index {
 public:
  virtual ~Index() = default;

  // The index, or what is wrong and what to do when the location cannot be opened: an
  // unreadable file, an older schema (with the command that migrates it), an unreachable cluster.
  static StatusOr<std::unique_ptr<Index>> open(const std::string& location, const OpenOptions& options);

  // Write side (opened for writing): an ingest writes a snapshot through store(), then commit()
  // ranks it (when `rank`) and makes it visible to readers in one step; on failure the index is
  // as it was.
  virtual store::Store& store() = 0;
  virtual Status commit(store::SnapshotSummary& summary, bool rank, ranking::RankSummary& ranked) = 0;
  // Ranks what is visible and makes the new scores visible in one step.
  virtual Status rank(ranking::RankSummary& ranked) = 0;
  // Stores `file` as `domain`'s disavow file and re-ranks, in one step.
  virtual Status apply_disavow(const std::string& domain, const disavow::File& file, ranking::RankSummary& ranked) = 0;

  // A readable account of `domain`'s Authority Score: its parts, its referring domains by
  // strength, and the links that did not count and why.
  virtual StatusOr<std::string> explain(const std::string& domain) = 0;

  // Read side: every answer the CLI's reports give, asked inside `fn`. A read that fails
  // part-way is the Status returned (its results are to be dropped, never shown as shorter).
  virtual Status read(const std::function<void(api::IndexQueries&)>& fn) = 0;
};

// What one server thread reads through, per request: one read transaction (or ClickHouse
// publication) per call, bounded by the time budget, following the index when its file is
// swapped. A backend failure is the Status returned (503 index_unavailable, index_busy or
// query_timeout; 500 internal); what `fn` made of the read so far is to be dropped.
class ThreadReader {
 public:
  virtual ~ThreadReader() = default;
  virtual Status read(int time_budget_ms, const std::function<void(api::IndexQueries&)>& fn) = 0;
  // Bytes that change whenever what read() answers may change (a commit, a publication, a
  // swap), for the server's response cache (api/response_cache.h); empty when there is no such
  // token now (nothing is then kept).
  virtual std::string change_token() = 0;
};
std::unique_ptr<ThreadReader> thread_reader(const std::string& location);

// Where the ranks file is looked for when none is named: linklens-ranks.db beside a SQLite
// index; "" for a cluster (name one with --ranks).
std::string default_ranks_path(const std::string& location);
// The ranks file a command uses: the one `given` (--ranks), else the default when it exists, else "".
std::string ranks_path_for(const std::string& location, const std::string& given);

// serve's start: can the location be served at all (ok: yes)? Says why not.
Status unservable(const std::string& location);

}  // namespace linklens::index
