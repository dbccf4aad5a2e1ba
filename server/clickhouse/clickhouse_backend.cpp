#include "clickhouse/clickhouse_backend.h"

#include <algorithm>
#include <chrono>
#include <optional>

#include "clickhouse/clickhouse_client.h"
#include "clickhouse/clickhouse_index.h"
#include "clickhouse/clickhouse_index_queries.h"
#include "clickhouse/clickhouse_rank.h"
#include "clickhouse/clickhouse_store.h"
#include "index/store_values.h"

namespace linklens::index {
namespace {

StatusOr<std::unique_ptr<clickhouse::ClickHouseIndex>> connect(const std::string& url, bool create_schema) {
  auto location = clickhouse::parse_location(url);
  if (!location) return location.error();
  return clickhouse::ClickHouseIndex::connect(*location, create_schema);
}

// Where a read's failures become a value: the queries' own (StatusError), and the cluster's.
Status read_status(const std::function<void()>& fn) {
  return catch_status<clickhouse::Error>(fn, [](const clickhouse::Error& e) { return api::status_of(e); });
}

class ClickHouseBackedIndex : public Index {
 public:
  ClickHouseBackedIndex(std::unique_ptr<store::ClickHouseStore> writer,
                        std::unique_ptr<clickhouse::ClickHouseIndex> reader, int budget_ms)
      : writer_(std::move(writer)), reader_(std::move(reader)), budget_ms_(budget_ms) {}

  store::Store& store() override { return *writer_; }

  Status commit(store::SnapshotSummary& summary, bool rank, ranking::RankSummary& ranked) override {
    // Ranked before the publication that makes the run visible: one step for readers.
    auto rank_before_publish = [&](clickhouse::Publication& next) {
      return ranking::rank_clickhouse(writer_->index(), next, ranked);
    };
    Status committed = writer_->commit_snapshot(
        summary, rank ? std::function<Status(clickhouse::Publication&)>(rank_before_publish) : nullptr);
    if (!committed.ok()) {
      writer_->rollback();
      return committed;
    }
    if (rank) ranking::drop_old_ranks(writer_->index(), writer_->published().rank);
    queries_.reset();
    return {};
  }

  Status rank(ranking::RankSummary& ranked) override {
    // Ranks what is published and publishes the same runs with the new scores.
    try {
      return rank_and_publish(writer_->index().publication(), ranked);
    } catch (const clickhouse::Error& e) {
      return Status::failure(e.what());
    }
  }

  // The file is written to the catalog under a new id, the index is re-ranked, and one
  // publication makes both visible.
  Status apply_disavow(const std::string& domain, const disavow::File& file, ranking::RankSummary& ranked) override {
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
      return rank_and_publish(next, ranked);
    } catch (const clickhouse::Error& e) {
      return Status::failure(e.what());
    }
  }

  // Not written for the cluster yet (its rank tables hold the parts; nothing reads them out).
  StatusOr<std::string> explain(const std::string&) override {
    return Status::failure("explain is not available for a ClickHouse index yet; it reads a SQLite index (--db)");
  }

  Status read(const std::function<void(api::IndexQueries&)>& fn) override {
    return read_status([&] {
      // Made once, on the publication current then; a write above drops it, so the next read
      // sees the publication that write made.
      if (!queries_) {
        queries_ = std::make_unique<api::ClickHouseIndexQueries>(writer_ ? writer_->index() : *reader_, budget_ms_);
      }
      fn(*queries_);
    });
  }

 private:
  // Ranks `next` (the publication to be) and publishes it: its scores, and whatever else it
  // carries (a disavow file), become visible in one step. Throws clickhouse::Error.
  Status rank_and_publish(clickhouse::Publication next, ranking::RankSummary& ranked) {
    queries_.reset();
    auto& index = writer_->index();
    next.seq += 1;
    LINKLENS_RETURN_IF_ERROR(ranking::rank_clickhouse(index, next, ranked));
    index.publish(next);
    ranking::drop_old_ranks(index, next.rank);
    return {};
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

  Status read(int time_budget_ms, const std::function<void(api::IndexQueries&)>& fn) override {
    if (!index_) {
      auto connected = connect(url_, /*create_schema=*/false);
      if (!connected) return {503, "index_unavailable", "the index cannot be read"};
      index_ = std::move(connected).value();
    }
    return read_status([&] {
      // The publication this thread's change token was read from, if that was under kTokenFresh
      // ago: a request that reads the token and then the index reads the catalog once, and its
      // answer is kept under the token of what it read.
      const bool fresh = token_publication_ && std::chrono::steady_clock::now() - token_read_at_ < kTokenFresh;
      api::ClickHouseIndexQueries queries(*index_, time_budget_ms, fresh ? *token_publication_ : index_->publication());
      token_publication_.reset();
      fn(queries);
    });
  }

  // The newest publication: readers see only published runs, and every ingest, rank and
  // disavow publishes (clickhouse_index.h). One round trip to the catalog node; the read that
  // follows in the same request uses what it read.
  std::string change_token() override {
    if (!index_) {
      auto connected = connect(url_, /*create_schema=*/false);
      if (!connected) return {};
      index_ = std::move(connected).value();
    }
    try {
      token_publication_ = index_->publication();
      token_read_at_ = std::chrono::steady_clock::now();
      if (token_publication_->seq == 0) return {};
      return "clickhouse:" + std::to_string(token_publication_->seq);
    } catch (const std::exception&) {
      token_publication_.reset();
      return {};  // unreachable now: nothing kept, the read itself says why
    }
  }

 private:
  // A token's publication serves the next read on this thread, if it comes within this. A request
  // whose answer was kept leaves one behind, which a later read (of an answer never kept) may use:
  // at most this old, and always a published state.
  static constexpr std::chrono::milliseconds kTokenFresh{500};
  std::string url_;
  std::unique_ptr<clickhouse::ClickHouseIndex> index_;
  std::optional<clickhouse::Publication> token_publication_;
  std::chrono::steady_clock::time_point token_read_at_;
};

}  // namespace

StatusOr<std::unique_ptr<Index>> open_clickhouse_index(const std::string& url, const OpenOptions& options) {
  if (options.for_writing && !options.ranks_path.empty()) {
    return Status::failure(
        "a ClickHouse index's rank does not read a ranks file yet (--ranks): its scores are its "
        "own; serve --ranks still answers with the web graph's");
  }
  if (options.for_writing) {
    auto writer = store::ClickHouseStore::open(url);
    if (!writer) return writer.error();
    if (options.batch_pages) writer.value()->batch_pages = options.batch_pages;
    return std::unique_ptr<Index>(
        std::make_unique<ClickHouseBackedIndex>(std::move(writer).value(), nullptr, options.query_time_budget_ms));
  }
  auto reader = connect(url, /*create_schema=*/false);
  if (!reader) return reader.error();
  return std::unique_ptr<Index>(
      std::make_unique<ClickHouseBackedIndex>(nullptr, std::move(reader).value(), options.query_time_budget_ms));
}

std::unique_ptr<ThreadReader> clickhouse_thread_reader(const std::string& url) {
  return std::make_unique<ClickHouseThreadReader>(url);
}

Status clickhouse_unservable(const std::string& url) {
  auto index = connect(url, /*create_schema=*/false);
  if (!index) return index.error();
  try {
    if (index.value()->publication().seq == 0) {
      return Status::failure("the ClickHouse index " + url +
                             " has nothing published (build it with `linklens ingest --store`)");
    }
  } catch (const clickhouse::Error& e) {
    return Status::failure("cannot read the index " + url + ": " + e.what());
  }
  return {};
}

}  // namespace linklens::index
