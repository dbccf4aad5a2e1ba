#include "watch/watch_store.h"

#include <openssl/rand.h>

#include <stdexcept>

#include "encoding/text_codes.h"
#include "index/store_values.h"
#include "state/state_statement.h"

namespace linklens::watch {
namespace {

using state::Statement;

std::string join(const std::set<std::string>& values) {
  std::string out;
  for (const auto& v : values) out += (out.empty() ? "" : ",") + v;
  return out;
}

std::set<std::string> split(const std::string& text) {
  std::set<std::string> out;
  for (std::size_t start = 0; start < text.size();) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    if (comma > start) out.insert(text.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

constexpr const char* kWatchColumns =
    "id, target, mode, report, authority_change, webhook_url, secret, feed_token, created_at, created_by,"
    " from_config, baseline_snapshot, baseline_score, baseline_toxic";

Watch read_watch(const Statement& s) {
  Watch w;
  w.id = s.integer(0);
  w.target = s.text(1);
  w.mode = s.text(2);
  w.report = split(s.text(3));
  w.authority_change = s.real(4);
  w.webhook_url = s.text(5);
  w.secret = s.text(6);
  w.feed_token = s.text(7);
  w.created_at = s.text(8);
  w.created_by = s.text(9);
  w.from_config = s.integer(10) != 0;
  w.baseline_snapshot = s.integer(11);
  if (!s.is_null(12)) w.baseline_score = s.real(12);
  Json toxic = Json::parse(s.text(13), nullptr, false);
  if (toxic.is_array())
    for (const auto& d : toxic) w.baseline_toxic.push_back(d.get<std::string>());
  return w;
}

constexpr const char* kAlertColumns =
    "id, watch_id, snapshot, snapshot_name, kind, subject, created_at, state, delivered_at, attempts, payload";

Alert read_alert(const Statement& s) {
  Alert a;
  a.id = s.integer(0);
  a.watch_id = s.integer(1);
  a.snapshot = s.integer(2);
  a.snapshot_name = s.text(3);
  a.kind = s.text(4);
  a.subject = s.text(5);
  a.created_at = s.text(6);
  a.state = s.text(7);
  a.delivered_at = s.text(8);
  a.attempts = static_cast<int>(s.integer(9));
  a.payload = Json::parse(s.text(10), nullptr, false);
  return a;
}

// Runs `body` in one write transaction (BEGIN IMMEDIATE: a second writer waits its turn, never
// reads a baseline another is about to move); rolled back on any failure.
Status in_transaction(sqlite3* db, const std::function<Status()>& body) {
  if (sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK)
    return state::sqlite_failure(db, "starting a write");
  Status done = body();
  if (done.ok() && sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK) return {};
  if (done.ok()) done = state::sqlite_failure(db, "committing");
  sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  return done;
}

Status step_done(sqlite3* db, Statement& s, const char* what) {
  if (!s.ok || sqlite3_step(s.s) != SQLITE_DONE) return state::sqlite_failure(db, what);
  return {};
}

// Inserts `at`'s alerts for watch `id` as `state` (an alert already there, same watch, snapshot,
// kind and subject, is not inserted again); counts the new ones.
Status insert_alerts(sqlite3* db, int64_t id, const WatchUpdate::AtSnapshot& at, const std::string& state,
                     int64_t& inserted) {
  Statement add(db,
                "INSERT OR IGNORE INTO alerts(watch_id, snapshot, snapshot_name, kind, subject, payload,"
                " created_at, state) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  const std::string now = store::now_utc();
  for (const auto& alert : at.alerts) {
    sqlite3_reset(add.s);
    add.bind(1, id).bind(2, at.snapshot).bind(3, at.snapshot_name).bind(4, alert.kind);
    add.bind(5, alert.subject).bind(6, alert.payload.dump(-1, ' ', false, Json::error_handler_t::replace));
    add.bind(7, now).bind(8, alert.reported ? state : std::string("baseline"));
    LINKLENS_RETURN_IF_ERROR(step_done(db, add, "storing alerts"));
    inserted += sqlite3_changes(db);
  }
  return {};
}

}  // namespace

const std::vector<std::string>& report_kinds() {
  static const std::vector<std::string> kinds = {"new_links",    "lost_links", "new_domains",
                                                 "lost_domains", "authority",  "toxic"};
  return kinds;
}

std::string random_hex(int bytes) {
  std::vector<unsigned char> raw(static_cast<std::size_t>(bytes));
  if (RAND_bytes(raw.data(), bytes) != 1) throw std::runtime_error("no random bytes from OpenSSL");
  return encoding::hex_lower(raw.data(), raw.size());
}

StatusOr<Watch> WatchStore::add(Watch w, const WatchUpdate::AtSnapshot* seen) {
  if (w.secret.empty()) w.secret = random_hex(32);
  w.feed_token = random_hex(24);
  w.created_at = store::now_utc();
  return db_.with_connection([&](sqlite3* db) -> StatusOr<Watch> {
    StatusOr<Watch> made = Status::failure("not stored");
    LINKLENS_RETURN_IF_ERROR(in_transaction(db, [&]() -> Status {
      Statement s(db,
                  "INSERT INTO watches(target, mode, report, authority_change, webhook_url, secret, feed_token,"
                  " created_at, created_by, from_config, baseline_snapshot, baseline_score, baseline_toxic)"
                  " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
      s.bind(1, w.target).bind(2, w.mode).bind(3, join(w.report)).bind(4, w.authority_change).bind(5, w.webhook_url);
      s.bind(6, w.secret).bind(7, w.feed_token).bind(8, w.created_at).bind(9, w.created_by);
      s.bind(10, int64_t{w.from_config}).bind(11, w.baseline_snapshot);
      if (w.baseline_score)
        s.bind(12, *w.baseline_score);
      else
        s.bind_null(12);
      s.bind(13, Json(w.baseline_toxic).dump());
      LINKLENS_RETURN_IF_ERROR(step_done(db, s, "storing the watch"));
      w.id = sqlite3_last_insert_rowid(db);
      // What the baseline snapshot already held: stored as seen, so that looking at that snapshot
      // again (alert_computer.h) raises only what is added to it later.
      int64_t ignored = 0;
      if (seen) LINKLENS_RETURN_IF_ERROR(insert_alerts(db, w.id, *seen, "baseline", ignored));
      made = w;
      return {};
    }));
    return made;
  });
}

StatusOr<std::vector<Watch>> WatchStore::list() {
  return db_.with_connection([&](sqlite3* db) -> StatusOr<std::vector<Watch>> {
    Statement s(db, (std::string("SELECT ") + kWatchColumns + " FROM watches ORDER BY id").c_str());
    if (!s.ok) return state::sqlite_failure(db, "reading watches");
    std::vector<Watch> out;
    int rc;
    while ((rc = sqlite3_step(s.s)) == SQLITE_ROW) out.push_back(read_watch(s));
    if (rc != SQLITE_DONE) return state::sqlite_failure(db, "reading watches");
    return out;
  });
}

StatusOr<std::optional<Watch>> WatchStore::get(int64_t id) {
  return db_.with_connection([&](sqlite3* db) -> StatusOr<std::optional<Watch>> {
    Statement s(db, (std::string("SELECT ") + kWatchColumns + " FROM watches WHERE id = ?1").c_str());
    if (!s.ok) return state::sqlite_failure(db, "reading a watch");
    s.bind(1, id);
    const int rc = sqlite3_step(s.s);
    if (rc == SQLITE_ROW) return std::optional<Watch>(read_watch(s));
    if (rc != SQLITE_DONE) return state::sqlite_failure(db, "reading a watch");
    return std::optional<Watch>();
  });
}

StatusOr<bool> WatchStore::remove(int64_t id) {
  return db_.with_connection([&](sqlite3* db) -> StatusOr<bool> {
    bool removed = false;
    LINKLENS_RETURN_IF_ERROR(in_transaction(db, [&]() -> Status {
      for (const char* sql : {"DELETE FROM alerts WHERE watch_id = ?1", "DELETE FROM deliveries WHERE watch_id = ?1",
                              "DELETE FROM watches WHERE id = ?1"}) {
        Statement s(db, sql);
        s.bind(1, id);
        LINKLENS_RETURN_IF_ERROR(step_done(db, s, "removing the watch"));
      }
      removed = sqlite3_changes(db) > 0;
      return {};
    }));
    return removed;
  });
}

Status WatchStore::update_settings(const Watch& w) {
  return db_.with_connection([&](sqlite3* db) -> Status {
    Statement s(
        db, "UPDATE watches SET report = ?2, authority_change = ?3, secret = ?4, baseline_toxic = ?5 WHERE id = ?1");
    s.bind(1, w.id).bind(2, join(w.report)).bind(3, w.authority_change).bind(4, w.secret);
    s.bind(5, Json(w.baseline_toxic).dump());
    return step_done(db, s, "changing the watch");
  });
}

StatusOr<std::optional<std::string>> WatchStore::rotate_feed_token(int64_t id) {
  const std::string token = random_hex(24);
  return db_.with_connection([&](sqlite3* db) -> StatusOr<std::optional<std::string>> {
    Statement s(db, "UPDATE watches SET feed_token = ?2 WHERE id = ?1");
    s.bind(1, id).bind(2, token);
    LINKLENS_RETURN_IF_ERROR(step_done(db, s, "changing the feed token"));
    if (sqlite3_changes(db) == 0) return std::optional<std::string>();
    return std::optional<std::string>(token);
  });
}

StatusOr<std::vector<Alert>> WatchStore::alerts(int64_t watch_id, int64_t since, int limit) {
  return db_.with_connection([&](sqlite3* db) -> StatusOr<std::vector<Alert>> {
    Statement s(db, (std::string("SELECT ") + kAlertColumns +
                     " FROM alerts WHERE watch_id = ?1 AND id > ?2 AND state <> 'baseline' ORDER BY id LIMIT ?3")
                        .c_str());
    s.bind(1, watch_id).bind(2, since).bind(3, int64_t{limit});
    std::vector<Alert> out;
    int rc;
    while (s.ok && (rc = sqlite3_step(s.s)) == SQLITE_ROW) out.push_back(read_alert(s));
    if (!s.ok || rc != SQLITE_DONE) return state::sqlite_failure(db, "reading alerts");
    return out;
  });
}

StatusOr<std::vector<Alert>> WatchStore::latest_alerts(int64_t watch_id, int limit) {
  return db_.with_connection([&](sqlite3* db) -> StatusOr<std::vector<Alert>> {
    Statement s(db, (std::string("SELECT ") + kAlertColumns +
                     " FROM alerts WHERE watch_id = ?1 AND state <> 'baseline' ORDER BY id DESC LIMIT ?2")
                        .c_str());
    s.bind(1, watch_id).bind(2, int64_t{limit});
    std::vector<Alert> out;
    int rc;
    while (s.ok && (rc = sqlite3_step(s.s)) == SQLITE_ROW) out.push_back(read_alert(s));
    if (!s.ok || rc != SQLITE_DONE) return state::sqlite_failure(db, "reading alerts");
    return out;
  });
}

StatusOr<std::vector<std::pair<std::string, int64_t>>> WatchStore::alert_counts(int64_t watch_id) {
  return db_.with_connection([&](sqlite3* db) -> StatusOr<std::vector<std::pair<std::string, int64_t>>> {
    Statement s(
        db,
        "SELECT state, count(*) FROM alerts WHERE watch_id = ?1 AND state <> 'baseline' GROUP BY state ORDER BY state");
    s.bind(1, watch_id);
    std::vector<std::pair<std::string, int64_t>> out;
    int rc;
    while (s.ok && (rc = sqlite3_step(s.s)) == SQLITE_ROW) out.emplace_back(s.text(0), s.integer(1));
    if (!s.ok || rc != SQLITE_DONE) return state::sqlite_failure(db, "counting alerts");
    return out;
  });
}

Status WatchStore::apply(const Watch& w, const WatchUpdate& update, int64_t& inserted) {
  return db_.with_connection([&](sqlite3* db) -> Status {
    return in_transaction(db, [&]() -> Status {
      Statement current(db, "SELECT baseline_snapshot, baseline_score, baseline_toxic FROM watches WHERE id = ?1");
      current.bind(1, w.id);
      const int rc = current.ok ? sqlite3_step(current.s) : SQLITE_ERROR;
      if (rc == SQLITE_DONE) return {};  // removed meanwhile
      if (rc != SQLITE_ROW) return state::sqlite_failure(db, "reading a watch's baseline");
      const bool moved = current.integer(0) != w.baseline_snapshot ||
                         current.is_null(1) != !w.baseline_score.has_value() ||
                         (w.baseline_score && current.real(1) != *w.baseline_score) ||
                         current.text(2) != Json(w.baseline_toxic).dump();
      if (moved) return {};  // another writer stored this computation's alerts first
      for (const auto& at : update.snapshots) {
        LINKLENS_RETURN_IF_ERROR(insert_alerts(db, w.id, at, w.webhook_url.empty() ? "feed" : "pending", inserted));
      }
      Statement baseline(db,
                         "UPDATE watches SET baseline_snapshot = ?2, baseline_score = ?3, baseline_toxic = ?4"
                         " WHERE id = ?1");
      baseline.bind(1, w.id).bind(2, update.baseline_snapshot);
      if (update.baseline_score)
        baseline.bind(3, *update.baseline_score);
      else
        baseline.bind_null(3);
      baseline.bind(4, Json(update.baseline_toxic).dump());
      return step_done(db, baseline, "saving the watch's baseline");
    });
  });
}

StatusOr<std::vector<DueBatch>> WatchStore::due(int64_t now_ms, int max_alerts) {
  return db_.with_connection([&](sqlite3* db) -> StatusOr<std::vector<DueBatch>> {
    std::vector<DueBatch> out;
    Statement watches(db, (std::string("SELECT ") + kWatchColumns +
                           " FROM watches WHERE webhook_url <> '' AND id IN (SELECT watch_id FROM alerts"
                           " WHERE state = 'pending' AND next_attempt_ms <= ?1) ORDER BY id")
                              .c_str());
    watches.bind(1, now_ms);
    int rc;
    while (watches.ok && (rc = sqlite3_step(watches.s)) == SQLITE_ROW) out.push_back({read_watch(watches), {}});
    if (!watches.ok || rc != SQLITE_DONE) return state::sqlite_failure(db, "reading due alerts");
    for (auto& batch : out) {
      Statement s(db, (std::string("SELECT ") + kAlertColumns +
                       " FROM alerts WHERE watch_id = ?1 AND state = 'pending' AND next_attempt_ms <= ?2"
                       " ORDER BY id LIMIT ?3")
                          .c_str());
      s.bind(1, batch.watch.id).bind(2, now_ms).bind(3, int64_t{max_alerts});
      while (s.ok && (rc = sqlite3_step(s.s)) == SQLITE_ROW) {
        Alert a = read_alert(s);
        // One batch, one attempt count: an alert that joined later waits for its own batch, so
        // its retries and its giving up are its own.
        if (!batch.alerts.empty() && a.attempts != batch.alerts.front().attempts) continue;
        batch.alerts.push_back(std::move(a));
      }
      if (!s.ok || rc != SQLITE_DONE) return state::sqlite_failure(db, "reading due alerts");
    }
    return out;
  });
}

Status WatchStore::record_attempt(const DueBatch& batch, const Delivery& d, bool delivered, int64_t next_attempt_ms) {
  return db_.with_connection([&](sqlite3* db) -> Status {
    return in_transaction(db, [&]() -> Status {
      Json ids = Json::array();
      for (const auto& a : batch.alerts) ids.push_back(a.id);
      // Nothing is logged for a watch removed while its batch was being sent.
      Statement log(db,
                    "INSERT INTO deliveries(watch_id, at, alerts, attempt, address, status, error)"
                    " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7 WHERE EXISTS(SELECT 1 FROM watches WHERE id = ?1)");
      log.bind(1, batch.watch.id).bind(2, d.at).bind(3, ids.dump()).bind(4, int64_t{d.attempt});
      log.bind(5, d.address).bind(6, int64_t{d.status}).bind(7, d.error);
      LINKLENS_RETURN_IF_ERROR(step_done(db, log, "logging the delivery"));
      Statement mark(db,
                     "UPDATE alerts SET attempts = attempts + 1, state = ?2, next_attempt_ms = ?3,"
                     " delivered_at = ?4 WHERE id = ?1 AND state = 'pending'");
      const std::string state = delivered ? "delivered" : (next_attempt_ms == 0 ? "failed" : "pending");
      for (const auto& a : batch.alerts) {
        sqlite3_reset(mark.s);
        mark.bind(1, a.id).bind(2, state).bind(3, next_attempt_ms);
        if (delivered)
          mark.bind(4, d.at);
        else
          mark.bind_null(4);
        LINKLENS_RETURN_IF_ERROR(step_done(db, mark, "marking alerts"));
      }
      return {};
    });
  });
}

StatusOr<std::vector<Delivery>> WatchStore::deliveries(int64_t watch_id, int limit) {
  return db_.with_connection([&](sqlite3* db) -> StatusOr<std::vector<Delivery>> {
    Statement s(db,
                "SELECT id, watch_id, at, alerts, attempt, address, status, error FROM deliveries"
                " WHERE watch_id = ?1 ORDER BY id DESC LIMIT ?2");
    s.bind(1, watch_id).bind(2, int64_t{limit});
    std::vector<Delivery> out;
    int rc;
    while (s.ok && (rc = sqlite3_step(s.s)) == SQLITE_ROW) {
      Delivery d;
      d.id = s.integer(0);
      d.watch_id = s.integer(1);
      d.at = s.text(2);
      Json ids = Json::parse(s.text(3), nullptr, false);
      if (ids.is_array())
        for (const auto& i : ids) d.alerts.push_back(i.get<int64_t>());
      d.attempt = static_cast<int>(s.integer(4));
      d.address = s.text(5);
      d.status = static_cast<int>(s.integer(6));
      d.error = s.text(7);
      out.push_back(std::move(d));
    }
    if (!s.ok || rc != SQLITE_DONE) return state::sqlite_failure(db, "reading the delivery log");
    return out;
  });
}

}  // namespace linklens::watch
