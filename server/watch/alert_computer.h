// A watch's alerts, from the index as published: per snapshot since the watch's baseline, the
// links and referring domains gained and lost (index/snapshot_compare.h); at the latest one, an
// Authority Score that moved by the watch's points, and referring domains the audit newly says
// to disavow. Run by `ingest` and `import-ranks` right after they publish, and by `serve`
// whenever the index or the ranks file changed (so alerts a crashed run did not write are
// written then). Every run is idempotent: an alert is stored once (watch, snapshot, kind,
// subject) and the baseline moves with it in one transaction.
#pragma once

#include <cstdint>
#include <functional>

#include "index/index_queries.h"
#include "linklens/audit.h"
#include "ranks/ranks_file.h"
#include "state/state_db.h"
#include "watch/watch_store.h"

namespace linklens::watch {

// At most this many links of each side listed per snapshot and watch; past it, one
// "links_not_listed" alert counts the rest (GET /v1/compare lists them all).
constexpr int kMaxLinkAlerts = 1000;

struct AlertSources {
  api::IndexQueries& queries;  // inside one read of the index
  ranks::RanksReader* ranks;   // may be null
  const audit::Thresholds& thresholds;
  state::StateDb& state;  // the user's settings (brand terms, keep lists) for the audit
  // A ranks file is configured: without `ranks` open, scores would fall back to the index's and
  // raise false authority alerts, so none are computed (and the baseline stays) until it opens.
  bool ranks_expected = false;
};

// What `watch` raised since its baseline: the changes of the baseline snapshot (again) and of
// every later one, and score and verdict moves at the latest.
StatusOr<WatchUpdate> alerts_for(const Watch& watch, AlertSources& sources);

// A new watch's baseline: the latest snapshot, the score and the disavow verdicts now, so its
// first alerts are about what changes after it was made; `seen` gets the latest snapshot's
// changes as they are now (stored as seen, never sent: see WatchStore::add).
Status set_baseline(Watch& watch, AlertSources& sources, WatchUpdate::AtSnapshot& seen);

// One read of the index (Index::read, or a server thread's reader with its time budget).
using ReadIndex = std::function<Status(const std::function<void(api::IndexQueries&)>&)>;

struct AlertRun {
  ReadIndex read;
  ranks::RanksReader* ranks;  // may be null
  const audit::Thresholds& thresholds;
  state::StateDb& state;
  bool ranks_expected = false;  // AlertSources::ranks_expected
};

// Every watch of `run.state`, each computed in its own read and stored in its own write;
// `inserted` counts new alerts. A watch that fails does not stop the others: the first failure
// is returned, naming its watch.
Status compute_all(const AlertRun& run, int64_t& inserted);

}  // namespace linklens::watch
