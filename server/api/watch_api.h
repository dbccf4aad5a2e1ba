// The HTTP API's watches, alerts and compare (docs/http-api.md, "Watches and alerts"): what each
// route answers, apart from the HTTP plumbing of api_server.cpp. Writes reach here only with an
// API key, a JSON body and no foreign Origin (api_server.cpp's before()).
#pragma once

#include <functional>
#include <map>
#include <string>

#include "api/list_params.h"
#include "api/server_config.h"
#include "index/index_queries.h"
#include "index/status.h"
#include "ranks/ranks_file.h"
#include "state/state_db.h"
#include "watch/watch_store.h"
#include "watch/webhook.h"

namespace linklens::api {

struct WatchApiContext {
  const ServerConfig& config;
  // The state database (created by a write when `create`); an error when there is none to read.
  std::function<StatusOr<state::StateDb*>(bool create)> state;
  // One read of the index (api_server.cpp's ThreadReader), and this thread's ranks file.
  std::function<Status(const std::function<void(IndexQueries&)>&)> read_index;
  std::function<ranks::RanksReader*()> ranks;
  std::function<void()> nudge_deliverer;
};

struct Answer {
  int status = 200;
  std::string body, content_type = "application/json";
};

class WatchApi {
 public:
  explicit WatchApi(WatchApiContext context) : c_(std::move(context)) {}

  StatusOr<Answer> list(const QueryParams& params);
  StatusOr<Answer> create(const std::string& body, const std::string& principal);
  StatusOr<Answer> remove(const std::string& body);
  StatusOr<Answer> rotate_token(const std::string& body);
  StatusOr<Answer> alerts(const QueryParams& params);
  // `base`: the server's URL as the client reached it, for the feed's self link.
  StatusOr<Answer> feed(const QueryParams& params, const std::string& base);
  StatusOr<Answer> compare(const QueryParams& params);

  // At the server's start: the config's watches stored once each (the same target, mode and
  // webhook are the same watch, its report, authority_change and secret updated), and config
  // watches the config no longer names removed.
  Status sync_config_watches();

 private:
  Status baseline_now(watch::Watch& w, state::StateDb& db, watch::WatchUpdate::AtSnapshot& seen);
  StatusOr<watch::Watch> add_from_now(watch::Watch w, state::StateDb& db);

  WatchApiContext c_;
};

// The webhooks' rules of a server config (the API checks new watches by them; the deliverer
// sends by them).
watch::WebhookPolicy webhook_policy(const ServerConfig& config);

}  // namespace linklens::api
