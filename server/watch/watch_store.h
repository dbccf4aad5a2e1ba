// Watches, their alerts and their deliveries, in the state database (state/state_db.h): what a
// user asked to be told about, the outbox of what each snapshot raised (written by the ingest or
// ranks import that published it, or by a server catching up), and the log of webhook
// deliveries. docs/http-api.md, "Watches and alerts".
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "index/result_table.h"
#include "index/status.h"
#include "state/state_db.h"

namespace linklens::watch {

using Json = api::Json;

// What a watch may report (Watch::report).
const std::vector<std::string>& report_kinds();  // new_links, lost_links, new_domains, lost_domains, authority, toxic

struct Watch {
  int64_t id = 0;
  std::string target, mode = "domain";  // as GET /v1/overview takes them
  std::set<std::string> report;         // of report_kinds()
  double authority_change = 5;          // points that raise an "authority" alert
  std::string webhook_url;              // "": the feed only
  std::string secret, feed_token;       // made by add()
  std::string created_at, created_by;
  bool from_config = false;
  int64_t baseline_snapshot = 0;  // alerts computed up to this snapshot
  std::optional<double> baseline_score;
  std::vector<std::string> baseline_toxic;
};

struct Alert {
  int64_t id = 0, watch_id = 0, snapshot = 0;
  std::string snapshot_name, kind, subject, created_at, state, delivered_at;
  int attempts = 0;
  Json payload;
};

// One alert as computed, before it has an id. An alert of a kind the watch does not report is
// stored as seen (state "baseline": never listed or sent), so that reporting it later starts
// from what is new then, not from everything the snapshot already held.
struct NewAlert {
  std::string kind, subject;
  Json payload;
  bool reported = true;
};

// What computing a watch's alerts produced: the alerts (each at its snapshot) and the new baseline.
struct WatchUpdate {
  struct AtSnapshot {
    int64_t snapshot = 0;
    std::string snapshot_name;
    std::vector<NewAlert> alerts;
  };
  std::vector<AtSnapshot> snapshots;
  int64_t baseline_snapshot = 0;
  std::optional<double> baseline_score;
  std::vector<std::string> baseline_toxic;
};

struct Delivery {
  int64_t id = 0, watch_id = 0;
  std::string at, address, error;
  std::vector<int64_t> alerts;
  int attempt = 0, status = 0;  // status 0: no HTTP answer (error says why)
};

// A webhook batch that is due: one watch's pending alerts, oldest first.
struct DueBatch {
  Watch watch;
  std::vector<Alert> alerts;
};

class WatchStore {
 public:
  explicit WatchStore(state::StateDb& db) : db_(db) {}

  // Stores a new watch (its secret and feed token made here unless given; its id filled in) and,
  // in the same transaction, `seen`: its baseline snapshot's changes as they were when it was
  // made, kept (state "baseline", never listed or sent) so that they are not raised later.
  StatusOr<Watch> add(Watch watch, const WatchUpdate::AtSnapshot* seen = nullptr);
  StatusOr<std::vector<Watch>> list();
  StatusOr<std::optional<Watch>> get(int64_t id);
  // Removes a watch with its alerts and delivery log; false when there was none.
  StatusOr<bool> remove(int64_t id);
  // A config watch's report, authority_change, secret and toxic baseline, as the config now says.
  Status update_settings(const Watch& watch);
  // A new feed token (the old one stops working); nullopt when there is no such watch.
  StatusOr<std::optional<std::string>> rotate_feed_token(int64_t id);

  // The watch's alerts after `since` (an alert id), oldest first, at most `limit`.
  StatusOr<std::vector<Alert>> alerts(int64_t watch_id, int64_t since, int limit);
  // The newest first.
  StatusOr<std::vector<Alert>> latest_alerts(int64_t watch_id, int limit);
  // How many of the watch's alerts are in each state (pending, delivered, failed, feed).
  StatusOr<std::vector<std::pair<std::string, int64_t>>> alert_counts(int64_t watch_id);

  // Stores what computing `watch` (as read, with its baseline) raised, and its new baseline, in
  // one write transaction, unless the stored baseline moved meanwhile (another writer stored
  // this computation's alerts first). `inserted` grows by the new alerts.
  Status apply(const Watch& watch, const WatchUpdate& update, int64_t& inserted);

  // Webhook delivery: the due batches (at most `max_alerts` per watch), and what one attempt did.
  StatusOr<std::vector<DueBatch>> due(int64_t now_ms, int max_alerts);
  // `next_attempt_ms` 0 with !delivered: given up (state failed).
  Status record_attempt(const DueBatch& batch, const Delivery& delivery, bool delivered, int64_t next_attempt_ms);
  StatusOr<std::vector<Delivery>> deliveries(int64_t watch_id, int limit);

 private:
  state::StateDb& db_;
};

// A random token of `bytes` bytes, hex (OpenSSL's RAND_bytes).
std::string random_hex(int bytes);

}  // namespace linklens::watch
