// How watches and alerts read in the API's answers, the webhook's body and the Atom feed
// (docs/http-api.md, "Watches and alerts").
#pragma once

#include <string>

#include "index/result_table.h"
#include "watch/watch_store.h"

namespace linklens::watch {

// The feed's path with its token: "/v1/alerts/feed?watch=ID&token=T".
std::string feed_path(const Watch& w);

// A watch as GET /v1/watches shows it; the webhook secret only when `with_secret` (the answer
// that made it).
Json watch_json(const Watch& w, bool with_secret);

// One alert: {id, watch, target, kind, snapshot: {id, name}, created_at, state, data}.
Json alert_json(const Alert& a, const Watch& w);

// The webhook's body: {watch: {id, target, mode}, alerts: [...]}.
std::string webhook_body(const Watch& w, const std::vector<Alert>& alerts);

// One line a person reads: "New backlink from https://a.example/p to https://you.example/ (\"anchor\")".
std::string alert_title(const Alert& a, const Watch& w);

// An Atom feed (RFC 4287) of the watch's alerts, newest first. `base` is the server's URL as the
// client reached it ("http://127.0.0.1:8787"), for the feed's self link and ids.
std::string atom_feed(const Watch& w, const std::vector<Alert>& newest_first, const std::string& base);

}  // namespace linklens::watch
