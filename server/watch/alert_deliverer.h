// The running server's part of watches: one thread that (1) computes alerts whenever the index or
// the ranks file changed (catching up on what an ingest did not write, e.g. one killed after it
// published), and (2) delivers pending alerts to webhooks, a batch per watch, retried with
// exponential backoff until delivered or given up, each attempt logged. Alerts live in the state
// database, so a delivery not made before a restart is made after it.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "linklens/audit.h"
#include "ranks/ranks_file.h"
#include "state/state_db.h"
#include "watch/webhook.h"

namespace linklens::watch {

struct DeliveryOptions {
  std::string index_location, ranks_path, state_path;
  audit::Thresholds thresholds;
  WebhookPolicy policy;
  int poll_ms = 1000;         // how often it looks for changes and due alerts
  int retry_base_ms = 30000;  // the first retry's wait; doubled per attempt, at most 6 hours
  int max_attempts = 12;      // then the alerts are given up (state failed; the feed keeps them)
  int max_alerts_per_post = 500;
};

class AlertDeliverer {
 public:
  explicit AlertDeliverer(DeliveryOptions options) : options_(std::move(options)) {}
  ~AlertDeliverer() { stop(); }
  void start();
  void stop();  // waits for an attempt in flight (bounded by the webhook timeout)
  // Wakes the thread now (a watch was made or a snapshot seen).
  void nudge();

 private:
  void run();
  void catch_up();
  void deliver_due();
  // This thread's connection to the state database, opened once the file exists.
  state::StateDb* state_db();

  DeliveryOptions options_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false, nudged_ = false;
  std::unique_ptr<state::StateDb> state_;
  std::unique_ptr<ranks::RanksReader> ranks_;
  std::string seen_token_;
  std::chrono::steady_clock::time_point last_computed_{}, last_failed_{};
};

}  // namespace linklens::watch
