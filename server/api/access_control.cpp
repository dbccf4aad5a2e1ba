#include "api/access_control.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <cmath>

#include "encoding/text_codes.h"

namespace linklens::api {

std::string sha256_hex(const std::string& data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr);
  return encoding::hex_lower(digest, length);
}

AccessControl::AccessControl(const ServerConfig& config) : config_(config) {}

bool AccessControl::take(const std::string& bucket_key, double rate, double burst, double& retry_after_s) {
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard<std::mutex> lock(mutex_);
  if (buckets_.size() > 100000) buckets_.clear();  // bounded memory under address churn
  auto [it, inserted] = buckets_.try_emplace(bucket_key, Bucket{burst, now});
  Bucket& b = it->second;
  b.tokens = std::min(burst, b.tokens + rate * std::chrono::duration<double>(now - b.refilled).count());
  b.refilled = now;
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return true;
  }
  retry_after_s = (1 - b.tokens) / rate;
  return false;
}

std::string client_address(const std::string& peer, const std::string& forwarded_for) {
  if (forwarded_for.empty() || !is_loopback_address(peer)) return peer;
  std::string last =
      forwarded_for.substr(forwarded_for.rfind(',') == std::string::npos ? 0 : forwarded_for.rfind(',') + 1);
  last.erase(0, last.find_first_not_of(" \t"));
  last.erase(last.find_last_not_of(" \t") + 1);
  return last.empty() || last.size() > 64 ? "unknown" : last;
}

Admission AccessControl::admit(const std::string& authorization, const std::string& remote_address, bool proxied) {
  Admission a;
  const ApiKey* key = nullptr;
  if (!authorization.empty()) {
    const std::string prefix = "Bearer ";
    if (authorization.size() <= prefix.size() || authorization.compare(0, prefix.size(), prefix) != 0) {
      return {false, 401, "unauthorized", "Authorization must be 'Bearer <api key>'", 0, ""};
    }
    const std::string hash = sha256_hex(authorization.substr(prefix.size()));
    for (const auto& k : config_.api_keys) {
      if (CRYPTO_memcmp(k.sha256_hex.data(), hash.data(), 64) == 0) key = &k;
    }
    if (!key) return {false, 401, "unauthorized", "this API key is not known to this server", 0, ""};
  } else if (!(config_.allow_anonymous_loopback && !proxied && is_loopback_address(remote_address))) {
    return {false, 401, "unauthorized", "send an API key as 'Authorization: Bearer <key>'", 0, ""};
  }
  a.principal = key ? key->name : "anonymous";
  a.keyed = key != nullptr;
  double retry = 0;
  const bool ok =
      key ? take("key:" + key->name, key->rate_per_second, key->burst, retry)
          : take("addr:" + remote_address, config_.anonymous_rate_per_second, config_.anonymous_burst, retry);
  if (!ok) {
    return {false,          429,
            "rate_limited", "too many requests for " + a.principal + "; retry after the Retry-After seconds",
            retry,          a.principal};
  }
  a.allowed = true;
  return a;
}

}  // namespace linklens::api
