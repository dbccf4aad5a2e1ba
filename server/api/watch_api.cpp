#include "api/watch_api.h"

#include <openssl/crypto.h>

#include <algorithm>

#include "api/api_routes.h"
#include "index/target.h"
#include "watch/alert_computer.h"
#include "watch/alert_json.h"
#include "watch/watch_request.h"
#include "watch/webhook.h"

namespace linklens::api {
namespace {

Answer json_answer(int status, const Json& body) {
  return {status, body.dump(-1, ' ', false, Json::error_handler_t::replace), "application/json"};
}

Status not_found(int64_t id) { return {404, "no_such_watch", "there is no watch " + std::to_string(id)}; }

// A whole-number parameter of at least `low` (0 when absent and not `required`).
Status id_parameter(const QueryParams& params, const char* name, bool required, int64_t low, int64_t& out) {
  std::string text;
  LINKLENS_RETURN_IF_ERROR(single_value(params, name, text));
  if (text.empty()) {
    if (required) return bad_parameter(std::string(name) + " is required");
    out = 0;
    return {};
  }
  if (text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos)
    return bad_parameter(std::string(name) + " must be a whole number");
  out = std::stoll(text);
  if (out < low) return bad_parameter(std::string(name) + " must be " + std::to_string(low) + " or more");
  return {};
}

// The state database to read watch `id` from: none yet means no such watch.
StatusOr<state::StateDb*> state_holding(const WatchApiContext& c, int64_t id) {
  auto db = c.state(false);
  if (!db && db.error().code() == "no_state") return not_found(id);
  return db;
}

// A watch with its alerts' states and its last deliveries (the log, newest first).
Json watch_with_log(watch::WatchStore& store, const watch::Watch& w) {
  Json j = watch::watch_json(w, false);
  Json counts = {{"pending", 0}, {"delivered", 0}, {"failed", 0}, {"feed", 0}};
  if (auto by_state = store.alert_counts(w.id)) {
    for (const auto& [state, n] : *by_state) counts[state] = n;
  }
  j["alerts"] = counts;
  Json log = Json::array();
  if (auto d = store.deliveries(w.id, 10)) {
    for (const auto& x : *d) {
      log.push_back({{"at", x.at},
                     {"attempt", x.attempt},
                     {"alerts", x.alerts.size()},
                     {"address", x.address},
                     {"status", x.status},
                     {"error", x.error}});
    }
  }
  j["deliveries"] = log;
  return j;
}

}  // namespace

StatusOr<Answer> WatchApi::list(const QueryParams& params) {
  LINKLENS_RETURN_IF_ERROR(check_known_parameters(params, {"id"}));
  int64_t id = 0;
  LINKLENS_RETURN_IF_ERROR(id_parameter(params, "id", false, 1, id));
  auto db = c_.state(false);
  if (!db) {
    if (db.error().code() != "no_state") return db.error();
    if (id) return not_found(id);
    return json_answer(200, {{"watches", Json::array()}});
  }
  watch::WatchStore store(**db);
  Json out = Json::array();
  if (id) {
    auto w = store.get(id);
    if (!w) return w.error();
    if (!*w) return not_found(id);
    out.push_back(watch_with_log(store, **w));
  } else {
    auto all = store.list();
    if (!all) return all.error();
    for (const auto& w : *all) out.push_back(watch_with_log(store, w));
  }
  return json_answer(200, {{"watches", out}});
}

StatusOr<Answer> WatchApi::create(const std::string& body, const std::string& principal) {
  const Json j = Json::parse(body, nullptr, false);
  if (j.is_discarded()) return bad_parameter("the body must be a JSON object (a watch)");
  watch::Watch w;
  LINKLENS_RETURN_IF_ERROR(watch::parse_watch(j, w));
  if (!w.webhook_url.empty()) {
    LINKLENS_RETURN_IF_ERROR(watch::check_webhook_url(w.webhook_url, webhook_policy(c_.config)));
  }
  w.created_by = principal;
  auto db = c_.state(true);
  if (!db) return db.error();
  auto added = add_from_now(std::move(w), **db);
  if (!added) return added.error();
  c_.nudge_deliverer();
  return json_answer(201, {{"watch", watch::watch_json(*added, true)}});
}

StatusOr<Answer> WatchApi::remove(const std::string& body) {
  auto id = watch::parse_watch_id(body);
  if (!id) return id.error();
  auto db = state_holding(c_, *id);
  if (!db) return db.error();
  watch::WatchStore store(**db);
  auto w = store.get(*id);
  if (!w) return w.error();
  if (!*w) return not_found(*id);
  if ((*w)->from_config) {
    return Status{409, "watch_from_config",
                  "watch " + std::to_string(*id) + " comes from the server config; remove it there (it would return)"};
  }
  auto removed = store.remove(*id);
  if (!removed) return removed.error();
  return json_answer(200, {{"deleted", *id}});
}

StatusOr<Answer> WatchApi::rotate_token(const std::string& body) {
  auto id = watch::parse_watch_id(body);
  if (!id) return id.error();
  auto db = state_holding(c_, *id);
  if (!db) return db.error();
  watch::WatchStore store(**db);
  auto token = store.rotate_feed_token(*id);
  if (!token) return token.error();
  if (!*token) return not_found(*id);
  watch::Watch w;
  w.id = *id;
  w.feed_token = **token;
  return json_answer(200, {{"id", *id}, {"feed_url", watch::feed_path(w)}});
}

StatusOr<Answer> WatchApi::alerts(const QueryParams& params) {
  LINKLENS_RETURN_IF_ERROR(check_known_parameters(params, parameter_names(*find_route("get", "/v1/alerts"))));
  int64_t id = 0, since = 0;
  int limit = 100;
  LINKLENS_RETURN_IF_ERROR(id_parameter(params, "watch", true, 1, id));
  LINKLENS_RETURN_IF_ERROR(id_parameter(params, "since", false, 0, since));
  LINKLENS_RETURN_IF_ERROR(parse_whole(params, "limit", 1, 1000, limit));
  auto db = state_holding(c_, id);
  if (!db) return db.error();
  watch::WatchStore store(**db);
  auto w = store.get(id);
  if (!w) return w.error();
  if (!*w) return not_found(id);
  auto list = store.alerts(id, since, limit);
  if (!list) return list.error();
  Json out = Json::array();
  for (const auto& a : *list) out.push_back(watch::alert_json(a, **w));
  return json_answer(200, {{"watch", id},
                           {"target", (*w)->target},
                           {"alerts", out},
                           {"next_since", list->empty() ? since : list->back().id}});
}

StatusOr<Answer> WatchApi::feed(const QueryParams& params, const std::string& base) {
  LINKLENS_RETURN_IF_ERROR(check_known_parameters(params, parameter_names(*find_route("get", "/v1/alerts/feed"))));
  int64_t id = 0;
  std::string token;
  LINKLENS_RETURN_IF_ERROR(id_parameter(params, "watch", true, 1, id));
  LINKLENS_RETURN_IF_ERROR(single_value(params, "token", token));
  // One answer for a wrong id and a wrong token: the feed says nothing to who holds neither.
  const Status refused{404, "no_such_feed", "no feed with that watch and token"};
  auto db = c_.state(false);
  if (!db) return db.error().code() == "no_state" ? refused : db.error();
  watch::WatchStore store(**db);
  auto w = store.get(id);
  if (!w) return w.error();
  if (!*w || token.size() != (*w)->feed_token.size() ||
      CRYPTO_memcmp(token.data(), (*w)->feed_token.data(), token.size()) != 0) {
    return refused;
  }
  auto newest = store.latest_alerts(id, 200);
  if (!newest) return newest.error();
  return Answer{200, watch::atom_feed(**w, *newest, base), "application/atom+xml; charset=utf-8"};
}

StatusOr<Answer> WatchApi::compare(const QueryParams& params) {
  LINKLENS_RETURN_IF_ERROR(check_known_parameters(params, parameter_names(*find_route("get", "/v1/compare"))));
  std::string target, mode, from_text, to_text;
  LINKLENS_RETURN_IF_ERROR(single_value(params, "target", target));
  LINKLENS_RETURN_IF_ERROR(single_value(params, "mode", mode));
  LINKLENS_RETURN_IF_ERROR(single_value(params, "from", from_text));
  LINKLENS_RETURN_IF_ERROR(single_value(params, "to", to_text));
  if (target.empty()) return bad_parameter("target is required");
  int limit = 1000;
  LINKLENS_RETURN_IF_ERROR(parse_whole(params, "limit", 1, 100000, limit));
  Target t;
  LINKLENS_RETURN_IF_ERROR(parse_target(target, mode, t));
  Json out;
  Status resolved;
  LINKLENS_RETURN_IF_ERROR(c_.read_index([&](IndexQueries& q) {
    SnapshotInfo from, to;
    resolved = resolve_compare_snapshots(q.snapshots(), from_text, to_text, from, to);
    if (!resolved.ok()) return;
    out = comparison_json(t.input, to_string(t.mode), q.compare(t, from.id, to.id, limit), from, to);
    out["domain"] = t.domain;
  }));
  LINKLENS_RETURN_IF_ERROR(resolved);
  return json_answer(200, out);
}

// A watch's baseline, the index as it is now (alert_computer.h's set_baseline).
Status WatchApi::baseline_now(watch::Watch& w, state::StateDb& db, watch::WatchUpdate::AtSnapshot& seen) {
  Status baseline;
  LINKLENS_RETURN_IF_ERROR(c_.read_index([&](IndexQueries& q) {
    watch::AlertSources sources{q, c_.ranks(), c_.config.audit_thresholds, db, !c_.config.ranks_path.empty()};
    baseline = watch::set_baseline(w, sources, seen);
  }));
  return baseline;
}

// Stores a new watch whose first alerts are about what changes after it was made.
StatusOr<watch::Watch> WatchApi::add_from_now(watch::Watch w, state::StateDb& db) {
  watch::WatchUpdate::AtSnapshot seen;
  LINKLENS_RETURN_IF_ERROR(baseline_now(w, db, seen));
  return watch::WatchStore(db).add(w, &seen);
}

Status WatchApi::sync_config_watches() {
  const std::vector<watch::Watch>& wanted = c_.config.watches;
  auto db = c_.state(false);
  if (!db && db.error().code() == "no_state" && wanted.empty()) return {};  // nothing to sync
  if (!db) db = c_.state(true);
  if (!db) return db.error();
  watch::WatchStore store(**db);
  auto existing = store.list();
  if (!existing) return existing.error();
  // A config watch stays the same watch while its target, mode and webhook stay; its other
  // settings follow the config, and one the config no longer names is removed with its alerts.
  auto same = [](const watch::Watch& a, const watch::Watch& b) {
    return a.target == b.target && a.mode == b.mode && a.webhook_url == b.webhook_url;
  };
  for (const auto& e : *existing) {
    if (!e.from_config) continue;
    const auto kept = std::find_if(wanted.begin(), wanted.end(), [&](const watch::Watch& w) { return same(w, e); });
    if (kept == wanted.end()) {
      auto removed = store.remove(e.id);
      if (!removed) return removed.error();
      continue;
    }
    watch::Watch changed = e;
    changed.report = kept->report;
    changed.authority_change = kept->authority_change;
    if (!kept->secret.empty()) changed.secret = kept->secret;
    if (changed.report.count("toxic") && !e.report.count("toxic")) {
      // Newly reporting verdicts: today's are its baseline, not a flood of "now says disavow".
      watch::Watch now = changed;
      watch::WatchUpdate::AtSnapshot ignored;
      LINKLENS_RETURN_IF_ERROR(baseline_now(now, **db, ignored));
      changed.baseline_toxic = now.baseline_toxic;
    }
    LINKLENS_RETURN_IF_ERROR(store.update_settings(changed));
  }
  for (watch::Watch w : wanted) {
    bool present = false;
    for (const auto& e : *existing) present = present || (e.from_config && same(e, w));
    if (present) continue;
    w.created_by = "config";
    w.from_config = true;
    auto added = add_from_now(std::move(w), **db);
    if (!added) return added.error();
  }
  return {};
}

watch::WebhookPolicy webhook_policy(const ServerConfig& config) {
  watch::WebhookPolicy p;
  p.allow = config.webhook_allow;
  p.timeout_ms = config.webhook_timeout_ms;
  return p;
}

}  // namespace linklens::api
