#include "state/state_db.h"

#include <filesystem>

#include "clickhouse/clickhouse_client.h"
#include "index/store_values.h"
#include "state/state_statement.h"

namespace linklens::state {
namespace {

// 1: brand terms and keep lists; 2: watches, their alerts (the outbox) and the delivery log.
constexpr int kStateSchemaVersion = 2;

const char* kSchema = R"SQL(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS brand_terms(
  target TEXT NOT NULL, term TEXT NOT NULL, added_at TEXT NOT NULL,
  PRIMARY KEY(target, term)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS keep_domains(
  target TEXT NOT NULL, domain TEXT NOT NULL, added_at TEXT NOT NULL, added_by TEXT NOT NULL,
  PRIMARY KEY(target, domain)) WITHOUT ROWID;
-- Schema 2 (watch/watch_store.h): what a user watches, the alerts each snapshot raised for it
-- (the outbox a server delivers), and every delivery attempt.
-- AUTOINCREMENT: an id is never given again after a delete (a feed reader or a webhook receiver
-- must not meet an old id naming something new).
CREATE TABLE IF NOT EXISTS watches(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  target TEXT NOT NULL, mode TEXT NOT NULL,
  report TEXT NOT NULL,            -- what to report, comma-separated (new_links,lost_links,...)
  authority_change REAL NOT NULL,  -- points of Authority Score change that raise an alert
  webhook_url TEXT NOT NULL,       -- '' : the feed only
  secret TEXT NOT NULL,            -- the webhook's HMAC-SHA256 key
  feed_token TEXT NOT NULL,        -- the Atom feed's token (in its URL; revocable)
  created_at TEXT NOT NULL, created_by TEXT NOT NULL,
  from_config INTEGER NOT NULL DEFAULT 0,
  baseline_snapshot INTEGER NOT NULL,  -- alerts are computed up to this snapshot
  baseline_score REAL,                 -- the Authority Score then
  baseline_toxic TEXT NOT NULL DEFAULT '[]');  -- the domains whose verdict was disavow then (JSON)
CREATE TABLE IF NOT EXISTS alerts(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  watch_id INTEGER NOT NULL, snapshot INTEGER NOT NULL, snapshot_name TEXT NOT NULL,
  kind TEXT NOT NULL, subject TEXT NOT NULL, payload TEXT NOT NULL, created_at TEXT NOT NULL,
  state TEXT NOT NULL,  -- pending, delivered, failed (given up), feed (no webhook), baseline (seen when made; never shown)
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_ms INTEGER NOT NULL DEFAULT 0,  -- Unix ms
  delivered_at TEXT,
  UNIQUE(watch_id, snapshot, kind, subject));
CREATE INDEX IF NOT EXISTS alerts_due ON alerts(state, next_attempt_ms);
CREATE TABLE IF NOT EXISTS deliveries(
  id INTEGER PRIMARY KEY,
  watch_id INTEGER NOT NULL, at TEXT NOT NULL, alerts TEXT NOT NULL,  -- the alert ids sent (JSON)
  attempt INTEGER NOT NULL, address TEXT NOT NULL, status INTEGER NOT NULL, error TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS deliveries_by_watch ON deliveries(watch_id, id);
INSERT OR IGNORE INTO meta(key, value) VALUES('schema_version', '2');
INSERT OR IGNORE INTO meta(key, value) VALUES('kind', 'linklens-state');
)SQL";

}  // namespace

Status sqlite_failure(sqlite3* db, const std::string& what) {
  const int code = sqlite3_errcode(db) & 0xff;
  if (code == SQLITE_BUSY || code == SQLITE_LOCKED) {
    return {503, "state_busy", "the state database is busy; try again"};
  }
  return Status::failure(what + ": " + sqlite3_errmsg(db));
}

std::string default_state_path(const std::string& index_location) {
  if (clickhouse::is_clickhouse_url(index_location)) return "";
  return (std::filesystem::path(index_location).parent_path() / "linklens-state.db").string();
}

std::string state_path_for(const std::string& index_location, const std::string& given) {
  return given.empty() ? default_state_path(index_location) : given;
}

StatusOr<std::unique_ptr<StateDb>> StateDb::open(const std::string& path, bool create) {
  if (path.empty()) {
    return Status{409, "no_state_database",
                  "this server has no state database (a cluster's is named with --state PATH, or \"state\" in the "
                  "config)"};
  }
  if (!create && !std::filesystem::exists(path)) return Status::failure("no state database at " + path);
  sqlite3* raw = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_FULLMUTEX;
  if (sqlite3_open_v2(path.c_str(), &raw, flags, nullptr) != SQLITE_OK) {
    Status failed = Status::failure("cannot open the state database " + path + ": " +
                                    (raw ? sqlite3_errmsg(raw) : "out of memory"));
    sqlite3_close(raw);
    return failed;
  }
  std::unique_ptr<StateDb> state(new StateDb(raw));
  sqlite3_busy_timeout(raw, 5000);
  // Read what the file is before writing anything to it: a wrong --state must not become one.
  {
    Statement kind(raw, "SELECT value FROM meta WHERE key = 'kind'");
    Statement tables(raw, "SELECT count(*) FROM sqlite_master");
    if (!tables.ok || sqlite3_step(tables.s) != SQLITE_ROW) {
      return Status::failure(path + " is not a Linklens state database (" + sqlite3_errmsg(raw) + ")");
    }
    const bool empty = sqlite3_column_int64(tables.s, 0) == 0;
    if (!empty && (!kind.ok || sqlite3_step(kind.s) != SQLITE_ROW ||
                   std::string(reinterpret_cast<const char*>(sqlite3_column_text(kind.s, 0))) != "linklens-state")) {
      return Status::failure(path + " is not a Linklens state database (is it the index? give --state another file)");
    }
  }
  // A file from a newer linklens is refused before anything is written to it.
  int v = kStateSchemaVersion;
  {
    Statement version(raw, "SELECT value FROM meta WHERE key = 'schema_version'");
    if (version.ok && sqlite3_step(version.s) == SQLITE_ROW) {
      v = std::atoi(reinterpret_cast<const char*>(sqlite3_column_text(version.s, 0)));
    }
  }
  if (v > kStateSchemaVersion) {
    return Status::failure("the state database " + path + " was written by a newer linklens (state schema " +
                           std::to_string(v) + "; this one reads " + std::to_string(kStateSchemaVersion) + ")");
  }
  LINKLENS_RETURN_IF_ERROR(state->exec("PRAGMA journal_mode = WAL"));
  LINKLENS_RETURN_IF_ERROR(state->exec(kSchema));
  // An older file got the new tables above (every step only adds tables): say it is current.
  if (v < kStateSchemaVersion) {
    LINKLENS_RETURN_IF_ERROR(state->exec("UPDATE meta SET value = '2' WHERE key = 'schema_version'"));
  }
  return state;
}

StateDb::~StateDb() { sqlite3_close(db_); }

Status StateDb::exec(const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    Status failed = Status::failure(std::string("state database: ") + (message ? message : sqlite3_errmsg(db_)));
    sqlite3_free(message);
    return failed;
  }
  return {};
}

Status StateDb::commit_or_rollback() {
  if (sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK) return {};
  Status failed = sqlite_failure(db_, "committing");
  (void)exec("ROLLBACK");  // never leave the transaction open: the next BEGIN would fail
  return failed;
}

StatusOr<TargetSettings> StateDb::settings(const std::string& target) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  return settings_locked(target);
}

StatusOr<TargetSettings> StateDb::settings_locked(const std::string& target) {
  TargetSettings out;
  Statement terms(db_, "SELECT term FROM brand_terms WHERE target = ?1 ORDER BY added_at, term");
  Statement keep(db_, "SELECT domain FROM keep_domains WHERE target = ?1 ORDER BY domain");
  if (!terms.ok || !keep.ok) return sqlite_failure(db_, "reading the state database");
  terms.bind(1, target);
  keep.bind(1, target);
  int rc;
  while ((rc = sqlite3_step(terms.s)) == SQLITE_ROW)
    out.brand_terms.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(terms.s, 0)));
  if (rc != SQLITE_DONE) return sqlite_failure(db_, "reading brand terms");
  while ((rc = sqlite3_step(keep.s)) == SQLITE_ROW)
    out.keep.emplace(reinterpret_cast<const char*>(sqlite3_column_text(keep.s, 0)));
  if (rc != SQLITE_DONE) return sqlite_failure(db_, "reading the keep list");
  return out;
}

StatusOr<TargetSettings> StateDb::change_brand_terms(const std::string& target, const std::vector<std::string>& terms,
                                                     bool remove) {
  return write_rows(remove ? "DELETE FROM brand_terms WHERE target = ?1 AND term = ?2"
                           : "INSERT OR IGNORE INTO brand_terms(target, term, added_at) VALUES(?1, ?2, ?3)",
                    target, terms, "", "writing brand terms");
}

StatusOr<TargetSettings> StateDb::change_keep(const std::string& target, const std::vector<std::string>& domains,
                                              bool remove, const std::string& who) {
  return write_rows(remove
                        ? "DELETE FROM keep_domains WHERE target = ?1 AND domain = ?2"
                        : "INSERT OR IGNORE INTO keep_domains(target, domain, added_at, added_by) VALUES(?1,?2,?3,?4)",
                    target, domains, who, "writing the keep list");
}

// One transaction of `sql` per value: ?1 the target, ?2 the value, and where the statement has
// them, ?3 the time and ?4 who wrote it.
StatusOr<TargetSettings> StateDb::write_rows(const char* sql, const std::string& target,
                                             const std::vector<std::string>& values, const std::string& who,
                                             const char* what) {
  std::lock_guard<std::recursive_mutex> lock(mutex_);
  if (sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK) {
    return sqlite_failure(db_, "starting a write");
  }
  Statement s(db_, sql);
  const int parameters = s.ok ? sqlite3_bind_parameter_count(s.s) : 0;
  const std::string now = store::now_utc();
  for (const auto& value : values) {
    sqlite3_reset(s.s);
    s.bind(1, target).bind(2, value);
    if (parameters >= 3) s.bind(3, now);
    if (parameters >= 4) s.bind(4, who);
    if (!s.ok || sqlite3_step(s.s) != SQLITE_DONE) {
      Status failed = sqlite_failure(db_, what);
      (void)exec("ROLLBACK");
      return failed;
    }
  }
  LINKLENS_RETURN_IF_ERROR(commit_or_rollback());
  return settings_locked(target);
}

StatusOr<TargetSettings> read_settings(const std::string& path, const std::string& target) {
  if (path.empty() || !std::filesystem::exists(path)) return TargetSettings{};
  auto state = StateDb::open(path, /*create=*/false);
  if (!state) return state.error();
  return (*state)->settings(target);
}

}  // namespace linklens::state
