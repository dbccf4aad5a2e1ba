#include "sqlite/sqlite_index.h"

#include <sqlite3.h>
#include <sys/stat.h>
#include <filesystem>

#include <chrono>
#include <cstdlib>

#include "ranks/ranks_file.h"
#include "sqlite/change_token.h"
#include "sqlite/index_check.h"
#include "sqlite/sqlite_audit_reads.h"
#include "sqlite/sqlite_functions.h"
#include "sqlite/sqlite_index_queries.h"
#include "sqlite/sqlite_migrations.h"
#include "sqlite/sqlite_rank.h"
#include "sqlite/sqlite_statement.h"
#include "sqlite/sqlite_store.h"

namespace linklens::index {
namespace {

struct DbCloser {
  void operator()(sqlite3* db) const {
    api::StatementCache::forget(db);  // statements this thread kept for it (sqlite_statement.h)
    sqlite3_close(db);
  }
};

using Connection = std::unique_ptr<sqlite3, DbCloser>;

// A read-only connection that can answer the index's queries, or why not.
StatusOr<Connection> open_readable(const std::string& path) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
  Connection db(raw);
  // Before the first read: when several server threads open a WAL file nobody has open (a file
  // just swapped in), one of them rebuilds its shared-memory index under a lock, and the others
  // must wait for it, not fail (hot swap saw a rare 503 index_unavailable from exactly this).
  if (rc == SQLITE_OK) sqlite3_busy_timeout(raw, 2000);
  if (rc != SQLITE_OK ||
      sqlite3_exec(raw,
                   "SELECT 1 FROM domain_overview, domain_changes, tlds, referring_domains, domain_authority LIMIT 1",
                   nullptr, nullptr, nullptr) != SQLITE_OK) {
    return Status::failure("cannot read the index " + path + " (build it with `linklens ingest`)");
  }
  LINKLENS_RETURN_IF_ERROR(store::check_schema_version(path, store::read_schema_version(raw)));
  store::register_sql_functions(raw);
  return db;
}

// Where a read's failures become a value: a statement's (StatusError) and the audit reads'.
Status read_status(const std::function<void()>& fn) {
  return catch_status<audit_data::ReadError>(fn, [](const audit_data::ReadError& e) -> Status {
    if (e.code() == SQLITE_INTERRUPT) return {503, "query_timeout", "the query ran past this server's time budget"};
    if ((e.code() & 0xff) == SQLITE_CORRUPT || e.code() == SQLITE_NOTADB) {
      return {503, "index_damaged", "a page of the index is damaged: rebuild it or restore a copy"};
    }
    const bool busy = e.code() == SQLITE_BUSY;
    return {busy ? 503 : 500, busy ? "index_busy" : "internal", "the index could not answer"};
  });
}

class SqliteIndex : public Index {
 public:
  SqliteIndex(std::unique_ptr<store::SqliteStore> writer, Connection reader, std::string ranks_path)
      : writer_(std::move(writer)), reader_(std::move(reader)), ranks_path_(std::move(ranks_path)) {}

  store::Store& store() override { return *writer_; }

  Status commit(store::SnapshotSummary& summary, bool rank, ranking::RankSummary& ranked) override {
    // Ranked inside the snapshot's transaction: a server never sees new links with old tables.
    std::unique_ptr<ranks::RanksReader> web;
    if (rank) LINKLENS_RETURN_IF_ERROR(open_ranks(web));
    auto rank_before_commit = [&] {
      return ranking::rank_index(*writer_, ranked, /*own_transaction=*/false, web.get());
    };
    Status committed = writer_->commit_snapshot(summary, rank ? std::function<Status()>(rank_before_commit) : nullptr);
    if (!committed.ok()) writer_->rollback();
    return committed;
  }

  Status rank(ranking::RankSummary& ranked) override {
    std::unique_ptr<ranks::RanksReader> web;
    LINKLENS_RETURN_IF_ERROR(open_ranks(web));
    return ranking::rank_index(*writer_, ranked, /*own_transaction=*/true, web.get());
  }

  Status apply_disavow(const std::string& domain, const disavow::File& file, ranking::RankSummary& ranked) override {
    sqlite3* db = writer_->handle();
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK) {
      return Status::failure(sqlite3_errmsg(db));
    }
    std::unique_ptr<ranks::RanksReader> web;
    Status applied = open_ranks(web);
    if (applied.ok()) applied = audit_data::store_disavowed(db, domain, file);
    if (applied.ok()) applied = ranking::rank_index(*writer_, ranked, /*own_transaction=*/false, web.get());
    if (applied.ok() && sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
      applied = Status::failure(sqlite3_errmsg(db));
    }
    if (!applied.ok()) sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return applied;
  }

  StatusOr<std::string> explain(const std::string& domain) override {
    return ranking::explain_domain(writer_ ? writer_->handle() : reader_.get(), domain);
  }

  Status read(const std::function<void(api::IndexQueries&)>& fn) override {
    return read_status([&] {
      if (!queries_) queries_ = std::make_unique<api::SqliteIndexQueries>(writer_ ? writer_->handle() : reader_.get());
      fn(*queries_);
    });
  }

 private:
  // The ranks file the scores come from, when there is one; a named file that cannot be read
  // fails the rank rather than falling back to the index's scores without a word.
  Status open_ranks(std::unique_ptr<ranks::RanksReader>& out) {
    if (ranks_path_.empty()) return {};
    auto opened = ranks::RanksReader::open(ranks_path_);
    if (!opened) return opened.error();
    out = std::move(opened).value();
    return {};
  }

  std::unique_ptr<store::SqliteStore> writer_;  // opened for writing
  Connection reader_;                           // opened for reading
  std::string ranks_path_;
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
  ~SqliteThreadReader() override { close(); }

  Status read(int time_budget_ms, const std::function<void(api::IndexQueries&)>& fn) override {
    sqlite3* db = connection();
    if (!db) return {503, "index_unavailable", "the index cannot be read"};
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(time_budget_ms);
    sqlite3_progress_handler(db, 1000, past_deadline, &deadline);
    // One read transaction per request: every statement of an answer sees the same index. Both
    // statements are prepared once per connection (parsing them was a few percent of a request).
    sqlite3_step(begin_);
    sqlite3_reset(begin_);
    struct End {
      sqlite3* db;
      sqlite3_stmt* commit;
      ~End() {
        sqlite3_step(commit);
        sqlite3_reset(commit);
        sqlite3_progress_handler(db, 0, nullptr, nullptr);
      }
    } end{db, commit_};
    return read_status([&] {
      api::SqliteIndexQueries queries(db);
      fn(queries);
    });
  }

  // The file's change token (sqlite/change_token.h), read through this process's own open
  // descriptors of it: the connection is opened (or reopened after a swap) first.
  std::string change_token() override { return connection() ? store::sqlite_change_token(path_) : std::string(); }

 private:
  sqlite3* connection() {
    struct stat st {};
    const bool exists = ::stat(path_.c_str(), &st) == 0;
    if (db_ && exists && st.st_ino == inode_ && st.st_dev == device_) return db_.get();
    close();
    if (!exists) return nullptr;
    // An index swapped in from an older linklens is not read (its queries would fail one by one).
    auto opened = open_readable(path_);
    if (opened) {  // a file that cannot be read yet is tried again on the next request
      db_ = std::move(opened).value();
      api::StatementCache::enable(db_.get());  // one server thread's connection: keep its statements
      if (sqlite3_prepare_v3(db_.get(), "BEGIN", -1, SQLITE_PREPARE_PERSISTENT, &begin_, nullptr) != SQLITE_OK ||
          sqlite3_prepare_v3(db_.get(), "COMMIT", -1, SQLITE_PREPARE_PERSISTENT, &commit_, nullptr) != SQLITE_OK) {
        close();
        return nullptr;
      }
      inode_ = st.st_ino;
      device_ = st.st_dev;
    }
    return db_.get();
  }

  void close() {
    sqlite3_finalize(begin_);
    sqlite3_finalize(commit_);
    begin_ = commit_ = nullptr;
    db_.reset();
  }

  std::string path_;
  Connection db_;
  sqlite3_stmt* begin_ = nullptr;
  sqlite3_stmt* commit_ = nullptr;
  ino_t inode_ = 0;
  dev_t device_ = 0;
};

}  // namespace

StatusOr<std::unique_ptr<Index>> open_sqlite_index(const std::string& path, const OpenOptions& options) {
  if (options.for_writing) {
    auto writer = store::SqliteStore::open(path);
    if (!writer) return writer.error();
    return std::unique_ptr<Index>(
        std::make_unique<SqliteIndex>(std::move(writer).value(), nullptr, options.ranks_path));
  }
  auto reader = open_readable(path);
  if (!reader) return reader.error();
  return std::unique_ptr<Index>(std::make_unique<SqliteIndex>(nullptr, std::move(reader).value(), options.ranks_path));
}

std::unique_ptr<ThreadReader> sqlite_thread_reader(const std::string& path) {
  return std::make_unique<SqliteThreadReader>(path);
}

Status sqlite_unservable(const std::string& path) {
  auto readable = open_readable(path);
  if (!readable) return readable.error();
  std::error_code size_error;
  const auto bytes = std::filesystem::file_size(path, size_error);
  store::IndexCheck check;
  // Tests force the sampled check of a big file on a small one (tests/api/hardening_test.py).
  if (const char* limit = std::getenv("LINKLENS_FULL_CHECK_BYTES"))
    check.full_check_bytes = std::strtoull(limit, nullptr, 10);
  return store::check_index_file(readable->get(), path, size_error ? ~0ull : bytes, check);
}

}  // namespace linklens::index
