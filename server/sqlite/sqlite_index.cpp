#include "sqlite/sqlite_index.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include <chrono>

#include "sqlite/sqlite_audit_reads.h"
#include "sqlite/sqlite_functions.h"
#include "sqlite/sqlite_index_queries.h"
#include "sqlite/sqlite_migrations.h"
#include "sqlite/sqlite_rank.h"
#include "sqlite/sqlite_store.h"

namespace linklens::index {
namespace {

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};

// A read-only connection that can answer the index's queries, or why not.
std::unique_ptr<sqlite3, DbCloser> open_readable(const std::string& path, std::string& error) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
  std::unique_ptr<sqlite3, DbCloser> db(raw);
  if (rc != SQLITE_OK ||
      sqlite3_exec(raw,
                   "SELECT 1 FROM domain_overview, domain_changes, tlds, referring_domains, domain_authority LIMIT 1",
                   nullptr, nullptr, nullptr) != SQLITE_OK) {
    error = "cannot read the index " + path + " (build it with `linklens ingest`)";
    return nullptr;
  }
  if (auto refusal = store::schema_refusal(path, store::read_schema_version(raw))) {
    error = *refusal;
    return nullptr;
  }
  sqlite3_busy_timeout(raw, 2000);
  store::register_sql_functions(raw);
  return db;
}

class SqliteIndex : public Index {
 public:
  SqliteIndex(std::unique_ptr<store::SqliteStore> writer, std::unique_ptr<sqlite3, DbCloser> reader)
      : writer_(std::move(writer)), reader_(std::move(reader)) {}

  store::Store& store() override { return *writer_; }

  bool commit(store::SnapshotSummary& summary, bool rank, ranking::RankSummary& ranked, std::string& error) override {
    // Ranked inside the snapshot's transaction: a server never sees new links with old tables.
    auto rank_before_commit = [&](std::string& rank_error) {
      return ranking::rank_index(*writer_, ranked, rank_error, /*own_transaction=*/false);
    };
    if (writer_->commit_snapshot(summary, rank ? std::function<bool(std::string&)>(rank_before_commit) : nullptr)) {
      return true;
    }
    error = writer_->error();
    writer_->rollback();
    return false;
  }

  bool rank(ranking::RankSummary& ranked, std::string& error) override {
    return ranking::rank_index(*writer_, ranked, error);
  }

  bool apply_disavow(const std::string& domain, const disavow::File& file, ranking::RankSummary& ranked,
                     std::string& error) override {
    sqlite3* db = writer_->handle();
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK ||
        !audit_data::store_disavowed(db, domain, file, error) ||
        !ranking::rank_index(*writer_, ranked, error, /*own_transaction=*/false) ||
        sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
      if (error.empty()) error = sqlite3_errmsg(db);
      sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
      return false;
    }
    return true;
  }

  api::IndexQueries& queries() override {
    if (!queries_) queries_ = std::make_unique<api::SqliteIndexQueries>(writer_ ? writer_->handle() : reader_.get());
    return *queries_;
  }

 private:
  std::unique_ptr<store::SqliteStore> writer_;  // opened for writing
  std::unique_ptr<sqlite3, DbCloser> reader_;   // opened for reading
  std::unique_ptr<api::SqliteIndexQueries> queries_;
};

// The request's time budget: SQLite calls this every few thousand VM steps.
int past_deadline(void* deadline) {
  return std::chrono::steady_clock::now() > *static_cast<std::chrono::steady_clock::time_point*>(deadline) ? 1 : 0;
}

// The server thread's read connection, reopened when the index file was replaced (a new inode:
// `mv new.db linklens.db`), so a swapped-in index needs no restart.
class SqliteThreadReader : public ThreadReader {
 public:
  explicit SqliteThreadReader(std::string path) : path_(std::move(path)) {}

  void read(int time_budget_ms, const std::function<void(api::IndexQueries&)>& fn) override {
    sqlite3* db = connection();
    if (!db) throw api::QueryFailure(503, "index_unavailable", "the index cannot be read");
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(time_budget_ms);
    sqlite3_progress_handler(db, 1000, past_deadline, &deadline);
    // One read transaction per request: every statement of an answer sees the same index.
    sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
    struct End {
      sqlite3* db;
      ~End() {
        sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
        sqlite3_progress_handler(db, 0, nullptr, nullptr);
      }
    } end{db};
    try {
      api::SqliteIndexQueries queries(db);
      fn(queries);
    } catch (const audit_data::ReadError& e) {
      if (e.code() == SQLITE_INTERRUPT) {
        throw api::QueryFailure(503, "query_timeout", "the query ran past this server's time budget");
      }
      const bool busy = e.code() == SQLITE_BUSY;
      throw api::QueryFailure(busy ? 503 : 500, busy ? "index_busy" : "internal", "the index could not answer");
    }
  }

 private:
  sqlite3* connection() {
    struct stat st {};
    const bool exists = ::stat(path_.c_str(), &st) == 0;
    if (db_ && exists && st.st_ino == inode_ && st.st_dev == device_) return db_.get();
    db_.reset();
    if (!exists) return nullptr;
    std::string why;
    // An index swapped in from an older linklens is not read (its queries would fail one by one).
    db_ = open_readable(path_, why);
    if (db_) {  // a file that cannot be read yet is tried again on the next request
      inode_ = st.st_ino;
      device_ = st.st_dev;
    }
    return db_.get();
  }

  std::string path_;
  std::unique_ptr<sqlite3, DbCloser> db_;
  ino_t inode_ = 0;
  dev_t device_ = 0;
};

}  // namespace

std::unique_ptr<Index> open_sqlite_index(const std::string& path, const OpenOptions& options, std::string& error) {
  if (options.for_writing) {
    auto writer = store::SqliteStore::open(path, error);
    if (!writer) return nullptr;
    return std::make_unique<SqliteIndex>(std::move(writer), nullptr);
  }
  auto reader = open_readable(path, error);
  if (!reader) return nullptr;
  return std::make_unique<SqliteIndex>(nullptr, std::move(reader));
}

std::unique_ptr<ThreadReader> sqlite_thread_reader(const std::string& path) {
  return std::make_unique<SqliteThreadReader>(path);
}

std::optional<std::string> sqlite_unservable(const std::string& path) {
  std::string error;
  if (open_readable(path, error)) return std::nullopt;
  return error;
}

}  // namespace linklens::index
