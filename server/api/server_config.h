// `linklens serve --config FILE`: a JSON file. Every key is optional; unknown keys are an error
// (a misspelt "api_keys" must not silently leave a server open).
//
// {
//   "db": "linklens.db",
//   "ranks": "linklens-ranks.db",       // web-graph ranks (linklens import-ranks); default: that
//                                       // name beside a SQLite index, when the file is there
//   "state": "linklens-state.db",       // what users write (brand terms, keep lists); default:
//                                       // that name beside a SQLite index
//   "listen": "127.0.0.1:8787",
//   "threads": 8,                       // worker threads (one SQLite connection each)
//   "allow_anonymous_loopback": true,   // requests from 127.0.0.1/::1 need no key
//   "api_keys": [                       // keys are stored hashed: sha256 hex of the key
//     {"name": "alice", "sha256": "9f86d0...", "rate_per_second": 20, "burst": 40}
//   ],
//   "anonymous_rate_per_second": 200, "anonymous_burst": 400,  // per client address
//   "cors_origins": ["chrome-extension://abcdefghijklmnopabcdefghijklmnop"],
//   "allowed_hosts": ["links.example.com"],   // Host names beyond loopback ones (DNS rebinding)
//   "max_body_bytes": 1048576,
//   "query_time_budget_ms": 2000,       // a query running longer is interrupted: 503
//   "keep_alive_max_count": 1000, "keep_alive_timeout_s": 30,
//   "header_timeout_ms": 10000,         // a request head must arrive whole within this: 408
//   "max_connections_per_address": 64,  // 503 beyond; 0 lifts the cap (benchmarks)
//   "response_cache_mb": 64,            // answers kept until the index or ranks file changes; 0: off
//   "access_log": "-",                  // "-" is stderr, "" is off, anything else a file
//   "audit_thresholds": {"disavow_at": 60, "w_hidden": 35, ...},  // linklens/audit.h
//   "watches": [{"target": "you.example", "report": ["new_links", "lost_links"],   // watch/watch_request.h
//                "webhook_url": "https://hooks.example/linklens", "secret": "..."}],
//   "webhook_allow": ["10.0.0.0/8"],    // private ranges webhooks may reach (default: public only)
//   "webhook_timeout_ms": 5000, "webhook_retry_base_ms": 30000, "webhook_max_attempts": 12,
//   "alert_poll_ms": 1000               // how often the server looks for new alerts to deliver
// }
//
// Without a config file the server has no keys and serves loopback only, anonymously.
#pragma once

#include <string>
#include <vector>

#include "index/status.h"
#include "watch/watch_store.h"

#include "linklens/audit.h"

namespace linklens::api {

struct ApiKey {
  std::string name;
  std::string sha256_hex;  // of the key as the client sends it
  double rate_per_second = 20;
  double burst = 40;
};

struct ServerConfig {
  std::string db_path = "linklens.db";
  std::string ranks_path;  // "": linklens-ranks.db beside a SQLite index when it exists, else none
  std::string state_path;  // "": linklens-state.db beside a SQLite index (state/state_db.h)
  // What a targeted `linklens ingest --config FILE` keeps (serve does not read it): "targets" is
  // a list of domains or the path of a file of them, one per line (cli/targets_file.h).
  std::vector<std::string> targets;
  std::string targets_file;
  std::string host = "127.0.0.1";
  int port = 8787;
  int threads = 8;
  bool allow_anonymous_loopback = true;
  std::vector<ApiKey> api_keys;
  double anonymous_rate_per_second = 200;
  double anonymous_burst = 400;
  std::vector<std::string> cors_origins;
  std::vector<std::string> allowed_hosts;  // names clients may use beyond loopback ones (Host header)
  std::size_t max_body_bytes = 1 << 20;
  int query_time_budget_ms = 2000;
  int keep_alive_max_count = 1000;
  int keep_alive_timeout_s = 30;
  // A request's head (and a first request's small body) must arrive within this: 408 after.
  int header_timeout_ms = 10000;
  // Open connections from one client address (503 beyond); 0 lifts the cap (a benchmark's many
  // connections from 127.0.0.1).
  int max_connections_per_address = 64;
  // Answers of read endpoints kept for identical requests until the files they were read from
  // change (api/response_cache.h); 0 turns the cache off.
  int response_cache_mb = 64;
  std::string access_log = "-";
  audit::Thresholds audit_thresholds;
  // Watches (watch/): those of the config, parsed (each stored once, from_config), and the
  // webhooks' rules.
  std::vector<watch::Watch> watches;
  std::vector<std::string> webhook_allow;
  int webhook_timeout_ms = 5000;
  int webhook_retry_base_ms = 30000;
  int webhook_max_attempts = 12;
  int alert_poll_ms = 1000;
};

// Reads `path` over `config` (keys absent from the file keep their values). A bad file's error
// names the key.
Status load_server_config(const std::string& path, ServerConfig& config);

// "HOST:PORT" or "[V6]:PORT" -> host, port. False when malformed.
bool parse_listen_address(const std::string& text, std::string& host, int& port);

bool is_loopback_address(const std::string& address);

// The host of a Host header ("LOCALHOST:8787" -> "localhost", "[::1]:80" -> "::1").
std::string host_of_header(const std::string& host_header);

// Whether a request's Host names this server: a loopback name or address, the address it listens
// on, or one of allowed_hosts. Anything else is how DNS rebinding reaches a loopback server from
// a web page, and is refused.
bool host_allowed(const ServerConfig& config, const std::string& host_header);

}  // namespace linklens::api
