#include "watch/alert_deliverer.h"

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "index/index.h"
#include "index/store_values.h"
#include "ranks/ranks_file.h"
#include "sqlite/change_token.h"
#include "watch/alert_computer.h"
#include "watch/alert_json.h"

namespace linklens::watch {
namespace {

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

void AlertDeliverer::start() {
  if (options_.state_path.empty()) return;  // no state database: no watches
  thread_ = std::thread([this] { run(); });
}

void AlertDeliverer::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void AlertDeliverer::nudge() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    nudged_ = true;
  }
  wake_.notify_all();
}

void AlertDeliverer::run() {
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait_for(lock, std::chrono::milliseconds(options_.poll_ms), [this] { return stopping_ || nudged_; });
      if (stopping_) return;
      nudged_ = false;
    }
    if (!std::filesystem::exists(options_.state_path)) continue;  // nobody has written a watch yet
    catch_up();
    deliver_due();
  }
}

void AlertDeliverer::catch_up() {
  thread_local std::unique_ptr<index::ThreadReader> reader;
  if (!reader) reader = index::thread_reader(options_.index_location);
  // Kept open (its change token is read through SQLite's own descriptors), reopened when an
  // import replaced it; unopenable, no authority alerts are computed (alert_computer.h).
  if (!options_.ranks_path.empty() && (!ranks_ || ranks_->replaced())) {
    auto opened = ranks::RanksReader::open(options_.ranks_path);
    ranks_ = opened ? std::move(opened).value() : nullptr;
  }
  ranks::RanksReader* ranks = ranks_.get();
  // Nothing to compute while neither the index nor the ranks file moved (a new watch starts at
  // the index as it is). Without a token (a cluster that cannot say), once a minute.
  const std::string index_token = reader->change_token();
  const std::string token =
      index_token + '|' + (options_.ranks_path.empty() ? "" : store::sqlite_change_token(options_.ranks_path));
  const auto now = std::chrono::steady_clock::now();
  if (!index_token.empty() && token == seen_token_) return;
  if (index_token.empty() && now - last_computed_ < std::chrono::minutes(1)) return;
  if (now - last_failed_ < std::chrono::seconds(30)) return;  // a failure is tried again, not every poll
  state::StateDb* state = state_db();
  if (!state) return;
  int64_t inserted = 0;
  // Bounded, so that a server asked to stop is not held for long by a computation.
  const AlertRun run{[&](const std::function<void(api::IndexQueries&)>& fn) { return reader->read(120000, fn); }, ranks,
                     options_.thresholds, *state, !options_.ranks_path.empty()};
  const Status computed = compute_all(run, inserted);
  if (!computed.ok()) {
    std::fprintf(stderr, "linklens serve: computing alerts failed (tried again in 30 s): %s\n",
                 computed.message().c_str());
    last_failed_ = now;
    return;
  }
  if (inserted > 0) std::fprintf(stderr, "linklens serve: %lld new alerts\n", static_cast<long long>(inserted));
  seen_token_ = token;
  last_computed_ = now;
}

state::StateDb* AlertDeliverer::state_db() {
  if (!state_) {
    auto opened = state::StateDb::open(options_.state_path, /*create=*/false);
    if (!opened) {
      std::fprintf(stderr, "linklens serve: alerts: %s\n", opened.error().message().c_str());
      return nullptr;
    }
    state_ = std::move(opened).value();
  }
  return state_.get();
}

void AlertDeliverer::deliver_due() {
  state::StateDb* state = state_db();
  if (!state) return;
  WatchStore store(*state);
  auto batches = store.due(now_ms(), options_.max_alerts_per_post);
  if (!batches) {
    std::fprintf(stderr, "linklens serve: reading due alerts failed: %s\n", batches.error().message().c_str());
    return;
  }
  for (const DueBatch& batch : *batches) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopping_) return;
    }
    int attempt = 1;
    for (const auto& a : batch.alerts) attempt = std::max(attempt, a.attempts + 1);
    const std::string body = webhook_body(batch.watch, batch.alerts);
    const std::string delivery_id =
        std::to_string(batch.watch.id) + "-" + std::to_string(batch.alerts.front().id) + "-" + std::to_string(attempt);
    const WebhookAttempt sent =
        post_webhook(batch.watch.webhook_url, batch.watch.secret, body, delivery_id, options_.policy);
    Delivery logged;
    logged.watch_id = batch.watch.id;
    logged.at = store::now_utc();
    logged.attempt = attempt;
    logged.address = sent.address;
    logged.status = sent.status;
    logged.error = sent.error;
    int64_t next = 0;  // given up
    if (!sent.delivered && attempt < options_.max_attempts) {
      const int64_t wait = std::min<int64_t>(static_cast<int64_t>(options_.retry_base_ms) << std::min(attempt - 1, 20),
                                             int64_t{6} * 3600 * 1000);
      next = now_ms() + wait;
    }
    if (Status s = store.record_attempt(batch, logged, sent.delivered, next); !s.ok()) {
      std::fprintf(stderr, "linklens serve: logging a delivery failed: %s\n", s.message().c_str());
    }
  }
}

}  // namespace linklens::watch
