// Delivering a watch's alerts to its webhook: the URL rules, the address rule (no loopback,
// link-local or private address unless the config allows it), the signature, and one POST.
//
// The host is resolved once per attempt; every address it resolves to is checked, and the
// connection is made to the checked address (httplib's host-to-address map), so a second DNS
// answer cannot point the request elsewhere. Redirects are not followed, the attempt has a
// timeout, and at most max_response_bytes of the answer are read.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "index/status.h"

namespace linklens::watch {

struct WebhookPolicy {
  std::vector<std::string> allow;  // CIDR ranges allowed although private ("127.0.0.1/32", "10.0.0.0/8", "::1/128")
  int timeout_ms = 5000;
  std::size_t max_response_bytes = 64 * 1024;
};

// Whether `policy.allow` names only valid ranges (the config's check).
Status check_allow_rules(const std::vector<std::string>& allow);

// The URL rules alone (no lookup): http or https, a host, no user name or password (422
// invalid_webhook). The config's watches are checked so; their addresses when delivered.
Status check_webhook_form(const std::string& url);

// Whether `address` (an IPv4 or IPv6 address in text) may be connected to: a public address, or
// one in an allowed range. `why` says what it is when not.
bool address_allowed(const std::string& address, const WebhookPolicy& policy, std::string& why);

// A watch's webhook URL when it is made: http or https, a host, no user name or password, and,
// resolved now, no address the policy refuses (422 webhook_not_allowed says which).
Status check_webhook_url(const std::string& url, const WebhookPolicy& policy);

// "sha256=<hex HMAC-SHA256 of '<unix seconds>.<body>' under secret>": X-Linklens-Signature.
std::string webhook_signature(const std::string& secret, int64_t unix_seconds, const std::string& body);

struct WebhookAttempt {
  bool delivered = false;  // a 2xx answer
  int status = 0;          // the HTTP status; 0 when there was none
  std::string address;     // the address connected to ("" when none was allowed)
  std::string error;       // why not delivered
};

WebhookAttempt post_webhook(const std::string& url, const std::string& secret, const std::string& body,
                            const std::string& delivery_id, const WebhookPolicy& policy);

}  // namespace linklens::watch
