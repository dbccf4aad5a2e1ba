// The SQLite implementation of Store: one file, WAL mode, prepared statements, one transaction per
// ingest run. The schema is in sqlite_schema.sql.inc (created on open, versioned in `meta`).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "index/store.h"

struct sqlite3;

namespace linklens::store {

class SqliteStore : public Store {
 public:
  // Opens (creating when missing) the index at `path`.
  static StatusOr<std::unique_ptr<SqliteStore>> open(const std::string& path);
  ~SqliteStore() override;

  Status begin_snapshot(const std::string& name, const std::string& source_description) override;
  Status add_page(const CrawledPage& page, const std::vector<LinkRecord>& links) override;
  Status commit_snapshot(SnapshotSummary& summary) override { return commit_snapshot(summary, nullptr); }
  // Runs `before_commit` inside the snapshot's transaction, after its figures are counted; its
  // failure fails the commit (the caller rolls back).
  Status commit_snapshot(SnapshotSummary& summary, const std::function<Status()>& before_commit);
  void rollback() override;
  Status begin_file() override;
  Status keep_file() override;
  Status drop_file() override;
  Status set_targets(const std::vector<std::string>& domains) override;
  StatusOr<bool> holds_file(const ScannedFile& file) override;
  Status record_file(const ScannedFile& file) override;

  sqlite3* handle() { return db_; }  // for read queries of other components and tests

 private:
  struct Statements;
  explicit SqliteStore(sqlite3* db);
  Status exec(const char* sql);
  Status fail(const char* what);
  StatusOr<bool> keeps_page(const CrawledPage& page, const std::vector<LinkRecord>& links);

  sqlite3* db_;
  std::unique_ptr<Statements> st_;
  int64_t first_new_page_ = 0;  // pages.id from which pages were added by this snapshot's transaction
  int64_t snapshot_ = 0;
  bool in_transaction_ = false;
  // link_rows held no row when the transaction began: every row is this snapshot's and new.
  bool links_were_empty_ = false;
  SnapshotSummary summary_;
  std::unordered_set<std::string> targets_;  // empty: every link is kept
};

}  // namespace linklens::store
