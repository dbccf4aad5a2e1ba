// The state database: what users write, kept beside the index and never in it (`serve` opens the
// index read-only, and every ingest or swap replaces it). Today: brand terms and keep lists per
// target, for the Backlink Audit (docs/audit.md); watches, their alerts (the outbox) and the
// delivery log (watch/watch_store.h).
//
// A small SQLite file with its own schema version (meta.schema_version), created on first write.
// Reads of a missing file answer empty lists: a user who never wrote anything has no state.
#pragma once

#include <sqlite3.h>

#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "index/status.h"

namespace linklens::state {

// linklens-state.db beside a SQLite index ("" for a ClickHouse URL: give --state).
std::string default_state_path(const std::string& index_location);
// `given` when set, else default_state_path; "" when neither names a file.
std::string state_path_for(const std::string& index_location, const std::string& given);

struct TargetSettings {
  std::vector<std::string> brand_terms;  // as the user wrote them, oldest first
  std::set<std::string> keep;            // registrable domains never to review or disavow
};

// One connection, serialised by a mutex: writes are rare and small, and a server's threads
// share it.
class StateDb {
 public:
  // Opens (creating the file and its tables when `create`) the state database at `path`. A file
  // that is not a state database, or one from a newer linklens, is an error that says so.
  static StatusOr<std::unique_ptr<StateDb>> open(const std::string& path, bool create);
  ~StateDb();

  StatusOr<TargetSettings> settings(const std::string& target);
  // Adds or removes (`remove`) brand terms or kept domains; answers the target's settings after.
  StatusOr<TargetSettings> change_brand_terms(const std::string& target, const std::vector<std::string>& terms,
                                              bool remove);
  StatusOr<TargetSettings> change_keep(const std::string& target, const std::vector<std::string>& domains, bool remove,
                                       const std::string& who);

  // `fn(connection)` under the lock: the watch store's statements (watch/watch_store.h).
  template <class Fn>
  auto with_connection(Fn&& fn) {
    std::lock_guard<std::recursive_mutex> lock(mutex_);
    return fn(db_);
  }

 private:
  explicit StateDb(sqlite3* db) : db_(db) {}
  StatusOr<TargetSettings> settings_locked(const std::string& target);
  Status exec(const char* sql);
  Status commit_or_rollback();
  StatusOr<TargetSettings> write_rows(const char* sql, const std::string& target,
                                      const std::vector<std::string>& values, const std::string& who, const char* what);
  sqlite3* db_;
  // Recursive: the watch store's transaction reads the settings of the targets it audits.
  std::recursive_mutex mutex_;
};

// A failure of `db`: a busy file (another writer past the 5 s wait) is a 503 to retry; the rest
// name what failed.
Status sqlite_failure(sqlite3* db, const std::string& what);

// The settings for `target` from the state file at `path`; empty when the file does not exist.
StatusOr<TargetSettings> read_settings(const std::string& path, const std::string& target);

}  // namespace linklens::state
