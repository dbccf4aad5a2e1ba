#include "api/server_config.h"

#include "reports/audit_reports.h"
#include "watch/watch_request.h"
#include "watch/webhook.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string_view>

namespace linklens::api {

bool parse_listen_address(const std::string& text, std::string& host, int& port) {
  std::size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  const std::string p = text.substr(colon + 1);
  if (p.empty() || p.size() > 5 || p.find_first_not_of("0123456789") != std::string::npos) return false;
  port = std::stoi(p);
  return port > 0 && port < 65536;
}

namespace {

// "127.0.0.1" -> true: four decimal octets of at most 255, the first 127. "127.evil.example" and
// "127.0.0.1.nip.io" are names, not addresses.
bool is_ipv4_loopback(std::string_view a) {
  int octets = 0;
  std::size_t i = 0;
  int first = -1;
  while (i < a.size()) {
    std::size_t digits = 0;
    int value = 0;
    while (i < a.size() && a[i] >= '0' && a[i] <= '9' && digits < 4) {
      value = value * 10 + (a[i] - '0');
      ++i;
      ++digits;
    }
    if (digits == 0 || digits > 3 || value > 255) return false;
    if (first < 0) first = value;
    ++octets;
    if (i == a.size()) break;
    if (a[i] != '.' || octets == 4) return false;
    ++i;
    if (i == a.size()) return false;
  }
  return octets == 4 && first == 127;
}

}  // namespace

bool is_loopback_address(const std::string& address) {
  if (address == "::1" || address == "localhost") return true;
  if (address.rfind("::ffff:", 0) == 0) return is_ipv4_loopback(std::string_view(address).substr(7));
  return is_ipv4_loopback(address);
}

std::string host_of_header(const std::string& host_header) {
  std::string host = host_header;
  for (char& c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!host.empty() && host.front() == '[') {  // "[::1]:8787"
    const std::size_t close = host.find(']');
    return close == std::string::npos ? host : host.substr(1, close - 1);
  }
  if (const std::size_t colon = host.rfind(':'); colon != std::string::npos && host.find(':') == colon) {
    host = host.substr(0, colon);
  }
  for (char& c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!host.empty() && host.back() == '.') host.pop_back();  // "localhost." is localhost
  return host;
}

bool host_allowed(const ServerConfig& config, const std::string& host_header) {
  if (host_header.empty()) return true;  // HTTP/1.0 without Host: no name to rebind
  const std::string host = host_of_header(host_header);
  if (is_loopback_address(host)) return true;
  // DNS rebinding needs a name: an address (IPv4, or IPv6 in brackets) names only itself.
  if (host.find(':') != std::string::npos) return true;
  if (!host.empty() && host.find_first_not_of("0123456789.") == std::string::npos &&
      std::count(host.begin(), host.end(), '.') == 3) {
    return true;
  }
  if (host == config.host) return true;  // the address it listens on
  for (const auto& allowed : config.allowed_hosts) {
    if (host == allowed) return true;
  }
  return false;
}

Status load_server_config(const std::string& path, ServerConfig& config) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::failure("cannot read the config file " + path);
  }
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json j = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false, /*ignore_comments=*/true);
  if (j.is_discarded() || !j.is_object()) {
    return Status::failure(path + " is not a JSON object");
  }
  static const std::set<std::string> kKeys = {"db",
                                              "listen",
                                              "threads",
                                              "allow_anonymous_loopback",
                                              "api_keys",
                                              "anonymous_rate_per_second",
                                              "anonymous_burst",
                                              "cors_origins",
                                              "allowed_hosts",
                                              "max_body_bytes",
                                              "query_time_budget_ms",
                                              "keep_alive_max_count",
                                              "keep_alive_timeout_s",
                                              "header_timeout_ms",
                                              "max_connections_per_address",
                                              "response_cache_mb",
                                              "access_log",
                                              "audit_thresholds",
                                              "ranks",
                                              "state",
                                              "targets",
                                              "watches",
                                              "webhook_allow",
                                              "webhook_timeout_ms",
                                              "webhook_retry_base_ms",
                                              "webhook_max_attempts",
                                              "alert_poll_ms"};
  try {
    for (const auto& [key, value] : j.items()) {
      if (!kKeys.count(key)) {
        return Status::failure(path + ": unknown key '" + key + "'");
      }
    }
    if (j.contains("db")) config.db_path = j["db"].get<std::string>();
    if (j.contains("ranks")) config.ranks_path = j["ranks"].get<std::string>();
    if (j.contains("state")) config.state_path = j["state"].get<std::string>();
    if (j.contains("targets")) {
      if (j["targets"].is_string())
        config.targets_file = j["targets"].get<std::string>();
      else
        config.targets = j["targets"].get<std::vector<std::string>>();
    }
    if (j.contains("listen") && !parse_listen_address(j["listen"].get<std::string>(), config.host, config.port)) {
      return Status::failure(path + ": listen must be HOST:PORT");
    }
    if (j.contains("threads")) config.threads = j["threads"].get<int>();
    if (config.threads < 1 || config.threads > 256) {
      return Status::failure(path + ": threads must be 1 to 256");
    }
    if (j.contains("allow_anonymous_loopback"))
      config.allow_anonymous_loopback = j["allow_anonymous_loopback"].get<bool>();
    if (j.contains("anonymous_rate_per_second"))
      config.anonymous_rate_per_second = j["anonymous_rate_per_second"].get<double>();
    if (j.contains("anonymous_burst")) config.anonymous_burst = j["anonymous_burst"].get<double>();
    if (j.contains("api_keys")) {
      for (const auto& k : j["api_keys"]) {
        ApiKey key;
        key.name = k.at("name").get<std::string>();
        key.sha256_hex = k.at("sha256").get<std::string>();
        if (key.sha256_hex.size() != 64 || key.sha256_hex.find_first_not_of("0123456789abcdef") != std::string::npos) {
          return Status::failure(path + ": api key '" + key.name +
                                 "' needs sha256 as 64 lowercase hex digits (linklens hash-key)");
        }
        key.rate_per_second = k.value("rate_per_second", key.rate_per_second);
        key.burst = k.value("burst", key.burst);
        if (!(key.rate_per_second > 0) || !(key.burst >= 1)) {
          return Status::failure(path + ": api key '" + key.name + "' needs rate_per_second > 0 and burst >= 1");
        }
        config.api_keys.push_back(key);
      }
    }
    if (j.contains("cors_origins")) {
      for (const auto& o : j["cors_origins"]) {
        std::string origin = o.get<std::string>();
        if (origin.rfind("chrome-extension://", 0) != 0 && origin.rfind("moz-extension://", 0) != 0 &&
            origin.rfind("http://", 0) != 0 && origin.rfind("https://", 0) != 0) {
          return Status::failure(path + ": cors origin '" + origin + "' is not an origin");
        }
        config.cors_origins.push_back(origin);
      }
    }
    if (j.contains("allowed_hosts")) {
      for (const auto& h : j["allowed_hosts"]) {
        std::string name = h.get<std::string>();
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (name.empty() || name.find_first_of(":/ ") != std::string::npos) {
          return Status::failure(path + ": allowed host '" + name + "' must be a host name without a port");
        }
        config.allowed_hosts.push_back(name);
      }
    }
    if (j.contains("max_body_bytes")) config.max_body_bytes = j["max_body_bytes"].get<std::size_t>();
    if (j.contains("query_time_budget_ms")) config.query_time_budget_ms = j["query_time_budget_ms"].get<int>();
    if (j.contains("keep_alive_max_count")) config.keep_alive_max_count = j["keep_alive_max_count"].get<int>();
    if (j.contains("keep_alive_timeout_s")) config.keep_alive_timeout_s = j["keep_alive_timeout_s"].get<int>();
    if (j.contains("header_timeout_ms")) config.header_timeout_ms = j["header_timeout_ms"].get<int>();
    if (config.header_timeout_ms < 100 || config.header_timeout_ms > 600000) {
      return Status::failure(path + ": header_timeout_ms must be 100 to 600000");
    }
    if (j.contains("max_connections_per_address")) {
      config.max_connections_per_address = j["max_connections_per_address"].get<int>();
    }
    if (config.max_connections_per_address < 0) {
      return Status::failure(path + ": max_connections_per_address must be 0 (no cap) or more");
    }
    if (j.contains("response_cache_mb")) config.response_cache_mb = j["response_cache_mb"].get<int>();
    if (config.response_cache_mb < 0 || config.response_cache_mb > 65536) {
      return Status::failure(path + ": response_cache_mb must be 0 (off) to 65536");
    }
    if (j.contains("access_log")) config.access_log = j["access_log"].get<std::string>();
    if (j.contains("audit_thresholds")) {
      LINKLENS_RETURN_IF_ERROR(
          audit_data::thresholds_from_json(j["audit_thresholds"], config.audit_thresholds).with_context(path));
    }
    if (j.contains("watches")) {
      if (!j["watches"].is_array()) return Status::failure(path + ": watches must be a list of watches");
      config.watches.clear();
      for (const auto& w : j["watches"]) {
        watch::Watch parsed;
        if (Status e = watch::parse_watch(watch::Json::parse(w.dump()), parsed); !e.ok())
          return Status::failure(path + ": watches: " + e.message());
        if (!parsed.webhook_url.empty()) {
          if (Status bad = watch::check_webhook_form(parsed.webhook_url); !bad.ok()) {
            return Status::failure(path + ": watches: " + bad.message());
          }
        }
        if (!parsed.webhook_url.empty() && parsed.secret.empty()) {
          return Status::failure(path + ": watches: a watch with a webhook_url in the config needs its secret");
        }
        config.watches.push_back(std::move(parsed));
      }
    }
    if (j.contains("webhook_allow")) {
      config.webhook_allow = j["webhook_allow"].get<std::vector<std::string>>();
      LINKLENS_RETURN_IF_ERROR(watch::check_allow_rules(config.webhook_allow).with_context(path));
    }
    struct Bounded {
      const char* key;
      int* value;
      int low, high;
    };
    for (const Bounded& b : {Bounded{"webhook_timeout_ms", &config.webhook_timeout_ms, 100, 60000},
                             Bounded{"webhook_retry_base_ms", &config.webhook_retry_base_ms, 10, 21600000},
                             Bounded{"webhook_max_attempts", &config.webhook_max_attempts, 1, 100},
                             Bounded{"alert_poll_ms", &config.alert_poll_ms, 10, 600000}}) {
      if (!j.contains(b.key)) continue;
      *b.value = j[b.key].get<int>();
      if (*b.value < b.low || *b.value > b.high) {
        return Status::failure(path + ": " + b.key + " must be " + std::to_string(b.low) + " to " +
                               std::to_string(b.high));
      }
    }
  } catch (const nlohmann::json::exception& e) {
    return Status::failure(path + ": a value has the wrong type (" + e.what() + ")");
  }
  return {};
}

}  // namespace linklens::api
