// Who may ask, and how often: API keys (stored as SHA-256, compared in constant time), anonymous
// loopback when configured, and a token bucket per key (or per client address when anonymous).
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "api/server_config.h"

namespace linklens::api {

std::string sha256_hex(const std::string& data);

// The client's address: the connection's peer, or, when the peer is a proxy on this machine
// (loopback) that says whom it forwards (X-Forwarded-For, as deploy/nginx sets it), the last
// address it names. A proxied request is thus never anonymous loopback, and rate limits apply
// per real client. A local client sending the header only loses loopback's trust.
std::string client_address(const std::string& peer, const std::string& forwarded_for);

struct Admission {
  bool allowed = false;
  int status = 200;  // 401 or 429 when not allowed
  std::string code, message;
  double retry_after_s = 0;  // for 429
  std::string principal;     // the key's name, or "anonymous"
  bool keyed = false;        // admitted with an API key (writes need one: never by the name)
};

class AccessControl {
 public:
  explicit AccessControl(const ServerConfig& config);

  // `authorization` is the Authorization header ("" when absent); `remote_address` the client's
  // (client_address()); `proxied`: the request came through a proxy (X-Forwarded-For), so it is
  // never anonymous loopback, whatever address the proxy names.
  Admission admit(const std::string& authorization, const std::string& remote_address, bool proxied = false);

 private:
  struct Bucket {
    double tokens;
    std::chrono::steady_clock::time_point refilled;
  };
  bool take(const std::string& bucket_key, double rate, double burst, double& retry_after_s);

  const ServerConfig& config_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace linklens::api
