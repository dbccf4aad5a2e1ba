#include "clickhouse/clickhouse_backend.h"

#include <algorithm>

#include "clickhouse/clickhouse_client.h"
#include "clickhouse/clickhouse_index.h"
#include "clickhouse/clickhouse_index_queries.h"
#include "clickhouse/clickhouse_rank.h"
#include "clickhouse/clickhouse_store.h"
#include "index/store_values.h"

namespace linklens::index {
namespace {

std::unique_ptr<clickhouse::ClickHouseIndex> connect(const std::string& url, bool create_schema, std::string& error) {
  clickhouse::Location location;
  if (!clickhouse::parse_location(url, location, error)) return nullptr;
  return clickhouse::ClickHouseIndex::connect(location, create_schema, error);
}

class ClickHouseBackedIndex : public Index {
 public:
  ClickHouseBackedIndex(std::unique_ptr<store::ClickHouseStore> writer,
                        std::unique_ptr<clickhouse::ClickHouseIndex> reader, int budget_ms)
      : writer_(std::move(writer)), reader_(std::move(reader)), budget_ms_(budget_ms) {}

  store::Store& store() override { return *writer_; }

  bool commit(store::SnapshotSummary& summary, bool rank, ranking::RankSummary& ranked, std::string& error) override {
    // Ranked before the publication that makes the run visible: one step for readers.
    auto rank_before_publish = [&](clickhouse::Publication& next, std::string& rank_error) {
      return ranking::rank_clickhouse(writer_->index(), next, ranked, rank_error);
    };
    if (!writer_->commit_snapshot(
            summary,
            rank ? std::function<bool(clickhouse::Publication&, std::string&)>(rank_before_publish) : nullptr)) {
      error = writer_->error();
      writer_->rollback();
      return false;
    }
    if (rank) ranking::drop_old_ranks(writer_->index(), writer_->published().rank);
    queries_.reset();
    return true;
  }

  bool rank(ranking::RankSummary& ranked, std::string& error) override {
    // Ranks what is published and publishes the same runs with the new scores.
    try {
      return rank_and_publish(writer_->index().publication(), ranked, error);
    } catch (const clickhouse::Error& e) {
      error = e.what();
      return false;
    }
  }

  // The file is written to the catalog under a new id, the index is re-ranked, and one
  // publication makes both visible.
  bool apply_disavow(const std::string& domain, const disavow::File& file, ranking::RankSummary& ranked,
                     std::string& error) override {
    auto& index = writer_->index();
    try {
      clickhouse::Publication next = index.publication();
      clickhouse::Rows last = index.catalog().query("SELECT max(file) FROM disavow_files");
      const uint64_t id = std::max<uint64_t>(next.disavow, static_cast<uint64_t>(last.integer(0, 0))) + 1;
      const std::string when = store::today_utc();
      std::string rows;
      for (const auto& e : file.entries) {
        rows += std::to_string(id) + "\t";
        clickhouse::append_tsv(rows, domain);
        rows += std::string("\t") + (e.kind == disavow::EntryKind::kDomain ? "domain" : "url") + "\t";
        clickhouse::append_tsv(rows, e.value);
        rows += "\t" + when + "\n";
      }
      if (!rows.empty()) index.catalog().insert("disavowed", "file, target_domain, kind, value, added_at", rows);
      std::string marker = std::to_string(id) + "\t";
      clickhouse::append_tsv(marker, domain);
      index.catalog().insert("disavow_files", "file, target_domain", marker + "\n");
      next.disavow = id;
      return rank_and_publish(next, ranked, error);
    } catch (const clickhouse::Error& e) {
      error = e.what();
      return false;
    }
  }

  api::IndexQueries& queries() override {
    // Made once, on the publication current then; a write above drops it, so the next read sees
    // the publication that write made.
    if (!queries_) {
      try {
        queries_ = std::make_unique<api::ClickHouseIndexQueries>(writer_ ? writer_->index() : *reader_, budget_ms_);
      } catch (const clickhouse::Error& e) {
        throw api::QueryFailure(503, e.timeout() ? "query_timeout" : "index_unavailable", e.what());
      }
    }
    return *queries_;
  }

 private:
  // Ranks `next` (the publication to be) and publishes it: its scores, and whatever else it
  // carries (a disavow file), become visible in one step. Throws clickhouse::Error.
  bool rank_and_publish(clickhouse::Publication next, ranking::RankSummary& ranked, std::string& error) {
    queries_.reset();
    auto& index = writer_->index();
    next.seq += 1;
    if (!ranking::rank_clickhouse(index, next, ranked, error)) return false;
    index.publish(next);
    ranking::drop_old_ranks(index, next.rank);
    return true;
  }

  std::unique_ptr<store::ClickHouseStore> writer_;
  std::unique_ptr<clickhouse::ClickHouseIndex> reader_;
  int budget_ms_;
  std::unique_ptr<api::ClickHouseIndexQueries> queries_;
};

// This thread's connections to the cluster's nodes; one publication per request.
class ClickHouseThreadReader : public ThreadReader {
 public:
  explicit ClickHouseThreadReader(std::string url) : url_(std::move(url)) {}

  void read(int time_budget_ms, const std::function<void(api::IndexQueries&)>& fn) override {
    try {
      if (!index_) {
        std::string error;
        index_ = connect(url_, /*create_schema=*/false, error);
        if (!index_) throw api::QueryFailure(503, "index_unavailable", "the index cannot be read");
      }
      api::ClickHouseIndexQueries queries(*index_, time_budget_ms);
      fn(queries);
    } catch (const clickhouse::Error& e) {
      throw api::QueryFailure(503, e.timeout() ? "query_timeout" : "index_unavailable", "the index could not answer");
    }
  }

 private:
  std::string url_;
  std::unique_ptr<clickhouse::ClickHouseIndex> index_;
};

}  // namespace

std::unique_ptr<Index> open_clickhouse_index(const std::string& url, const OpenOptions& options, std::string& error) {
  if (options.for_writing) {
    auto writer = store::ClickHouseStore::open(url, error);
    if (!writer) return nullptr;
    if (options.batch_pages) writer->batch_pages = options.batch_pages;
    return std::make_unique<ClickHouseBackedIndex>(std::move(writer), nullptr, options.query_time_budget_ms);
  }
  auto reader = connect(url, /*create_schema=*/false, error);
  if (!reader) return nullptr;
  return std::make_unique<ClickHouseBackedIndex>(nullptr, std::move(reader), options.query_time_budget_ms);
}

std::unique_ptr<ThreadReader> clickhouse_thread_reader(const std::string& url) {
  return std::make_unique<ClickHouseThreadReader>(url);
}

std::optional<std::string> clickhouse_unservable(const std::string& url) {
  std::string error;
  auto index = connect(url, /*create_schema=*/false, error);
  if (!index) return error;
  try {
    if (index->publication().seq == 0) {
      return "the ClickHouse index " + url + " has nothing published (build it with `linklens ingest --store`)";
    }
  } catch (const clickhouse::Error& e) {
    return "cannot read the index " + url + ": " + e.what();
  }
  return std::nullopt;
}

}  // namespace linklens::index
