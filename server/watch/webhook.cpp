#include "watch/webhook.h"

#include <arpa/inet.h>
#include <httplib.h>
#include <netdb.h>
#include <openssl/hmac.h>
#include <sys/socket.h>

#include <array>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>

#include "encoding/text_codes.h"
#include "linklens/url.h"

namespace linklens::watch {
namespace {

// An address as 16 bytes (IPv4 as ::ffff:a.b.c.d) and a prefix length in those 128 bits.
struct Range {
  std::array<unsigned char, 16> bytes{};
  int bits = 0;
};

bool parse_address(const std::string& text, std::array<unsigned char, 16>& out) {
  in_addr v4{};
  if (inet_pton(AF_INET, text.c_str(), &v4) == 1) {
    out.fill(0);
    out[10] = out[11] = 0xff;
    std::memcpy(out.data() + 12, &v4, 4);
    return true;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, text.c_str(), &v6) == 1) {
    std::memcpy(out.data(), &v6, 16);
    return true;
  }
  return false;
}

bool parse_range(const std::string& text, Range& r) {
  const std::size_t slash = text.find('/');
  const std::string address = text.substr(0, slash);
  if (!parse_address(address, r.bytes)) return false;
  const bool v4 = address.find(':') == std::string::npos;
  const int max = v4 ? 32 : 128;
  int bits = max;
  if (slash != std::string::npos) {
    const std::string b = text.substr(slash + 1);
    if (b.empty() || b.size() > 3 || b.find_first_not_of("0123456789") != std::string::npos) return false;
    bits = std::stoi(b);
    if (bits > max) return false;
  }
  r.bits = v4 ? bits + 96 : bits;
  return true;
}

bool in_range(const std::array<unsigned char, 16>& a, const Range& r) {
  for (int i = 0; i < r.bits; ++i) {
    const int byte = i / 8, bit = 7 - i % 8;
    if (((a[byte] >> bit) & 1) != ((r.bytes[byte] >> bit) & 1)) return false;
  }
  return true;
}

// What no webhook may reach unless allowed: loopback, private, link-local, shared (CGNAT),
// unspecified, multicast, reserved and documentation ranges; IPv4 inside IPv6 is checked as IPv4.
const std::vector<std::pair<Range, const char*>>& refused_ranges() {
  static const std::vector<std::pair<Range, const char*>> ranges = [] {
    const std::vector<std::pair<const char*, const char*>> text = {
        {"0.0.0.0/8", "an unspecified address"},
        {"10.0.0.0/8", "a private address"},
        {"100.64.0.0/10", "a shared address"},
        {"127.0.0.0/8", "a loopback address"},
        {"169.254.0.0/16", "a link-local address"},
        {"172.16.0.0/12", "a private address"},
        {"192.0.0.0/24", "a reserved address"},
        {"192.0.2.0/24", "a documentation address"},
        {"192.168.0.0/16", "a private address"},
        {"198.18.0.0/15", "a benchmarking address"},
        {"198.51.100.0/24", "a documentation address"},
        {"203.0.113.0/24", "a documentation address"},
        {"224.0.0.0/4", "a multicast address"},
        {"240.0.0.0/4", "a reserved address"},
        {"::/128", "an unspecified address"},
        {"::1/128", "a loopback address"},
        {"64:ff9b::/96", "a translated address"},
        {"100::/64", "a discard address"},
        {"2001:db8::/32", "a documentation address"},
        {"fc00::/7", "a private address"},
        {"fe80::/10", "a link-local address"},
        {"fec0::/10", "a site-local address"},
        {"2002::/16", "a 6to4 address (an IPv4 address inside)"},
        {"2001::/32", "a Teredo address (an IPv4 address inside)"},
        {"::/96", "an IPv4-compatible address"},
        {"ff00::/8", "a multicast address"}};
    std::vector<std::pair<Range, const char*>> out;
    for (const auto& [cidr, what] : text) {
      Range r;
      parse_range(cidr, r);
      out.emplace_back(r, what);
    }
    return out;
  }();
  return ranges;
}

// The addresses `host` resolves to now (a literal address is itself).
std::vector<std::string> resolve(const std::string& host, std::string& error) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const int rc = getaddrinfo(host.c_str(), nullptr, &hints, &found);
  std::vector<std::string> out;
  if (rc != 0) {
    error = std::string("cannot resolve ") + host + ": " + gai_strerror(rc);
    return out;
  }
  for (addrinfo* a = found; a; a = a->ai_next) {
    char text[INET6_ADDRSTRLEN] = {0};
    const void* raw = a->ai_family == AF_INET
                          ? static_cast<const void*>(&reinterpret_cast<sockaddr_in*>(a->ai_addr)->sin_addr)
                          : static_cast<const void*>(&reinterpret_cast<sockaddr_in6*>(a->ai_addr)->sin6_addr);
    if (inet_ntop(a->ai_family, raw, text, sizeof text)) {
      if (std::find(out.begin(), out.end(), text) == out.end()) out.emplace_back(text);
    }
  }
  freeaddrinfo(found);
  return out;
}

struct Parsed {
  std::string scheme, host, path;
  int port = 0;
};

Status parse_webhook_url(const std::string& url, Parsed& out) {
  auto parsed = parse_url(url);
  if (!parsed) return {422, "invalid_webhook", "webhook_url is not a URL"};
  const Url& u = parsed.value();
  out.scheme = std::string(u.scheme());
  if (out.scheme != "http" && out.scheme != "https")
    return {422, "invalid_webhook", "webhook_url must be an http or https URL"};
  if (u.has_credentials()) return {422, "invalid_webhook", "webhook_url must not hold a user name or password"};
  out.host = std::string(u.hostname());
  if (out.host.size() > 2 && out.host.front() == '[') out.host = out.host.substr(1, out.host.size() - 2);
  if (out.host.empty()) return {422, "invalid_webhook", "webhook_url has no host"};
  out.port = u.port_number() > 0 ? u.port_number() : (out.scheme == "https" ? 443 : 80);
  out.path = std::string(u.pathname()) + std::string(u.search());
  return {};
}

// The first resolved address the policy allows; "" with `why` when none is.
std::string allowed_address(const std::string& host, const WebhookPolicy& policy, std::string& why) {
  const std::vector<std::string> addresses = resolve(host, why);
  for (const auto& a : addresses) {
    std::string refused;
    if (address_allowed(a, policy, refused)) return a;
    why = host + " resolves to " + a + ", " + refused + " (allow it with webhook_allow in the config)";
  }
  if (addresses.empty() && why.empty()) why = "cannot resolve " + host;
  return "";
}

}  // namespace

Status check_allow_rules(const std::vector<std::string>& allow) {
  for (const auto& a : allow) {
    Range r;
    if (!parse_range(a, r))
      return Status::failure("webhook_allow: \"" + a + "\" is not an address range (a.b.c.d/n or x::/n)");
  }
  return {};
}

bool address_allowed(const std::string& address, const WebhookPolicy& policy, std::string& why) {
  std::array<unsigned char, 16> a{};
  if (!parse_address(address, a)) {
    why = "not an address";
    return false;
  }
  for (const auto& text : policy.allow) {
    Range r;
    if (parse_range(text, r) && in_range(a, r)) return true;
  }
  for (const auto& [range, what] : refused_ranges()) {
    if (in_range(a, range)) {
      why = what;
      return false;
    }
  }
  return true;
}

Status check_webhook_form(const std::string& url) {
  Parsed p;
  return parse_webhook_url(url, p);
}

Status check_webhook_url(const std::string& url, const WebhookPolicy& policy) {
  Parsed p;
  LINKLENS_RETURN_IF_ERROR(parse_webhook_url(url, p));
  std::string why;
  if (allowed_address(p.host, policy, why).empty()) return {422, "webhook_not_allowed", why};
  return {};
}

std::string webhook_signature(const std::string& secret, int64_t unix_seconds, const std::string& body) {
  const std::string message = std::to_string(unix_seconds) + "." + body;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest, &length);
  return "sha256=" + encoding::hex_lower(digest, length);
}

namespace {

// One POST with `client` (an httplib::Client for http, an httplib::SSLClient for https: each
// built from the host and port, so an IPv6 literal of any spelling works). A watchdog stops the
// client at twice the timeout, whatever it is waiting for (a connection, a slow reader of the
// request, a head or an answer that drips): the per-read and per-write timeouts bound each wait,
// not the attempt.
template <class Client>
WebhookAttempt send_with(Client& client, const Parsed& p, const std::string& secret, const std::string& body,
                         const std::string& delivery_id, const WebhookPolicy& policy, WebhookAttempt out) {
  client.set_hostname_addr_map({{p.host, out.address}});  // the checked address, not a second lookup
  client.set_follow_location(false);
  const time_t seconds = policy.timeout_ms / 1000;
  const time_t micros = (policy.timeout_ms % 1000) * 1000;
  client.set_connection_timeout(seconds, micros);
  client.set_read_timeout(seconds, micros);
  client.set_write_timeout(seconds, micros);
  client.set_keep_alive(false);
  const int64_t now =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  httplib::Request request;
  request.method = "POST";
  request.path = p.path.empty() ? "/" : p.path;
  request.headers = {{"Content-Type", "application/json"},
                     {"User-Agent", "linklens-webhook/" LINKLENS_VERSION},
                     {"X-Linklens-Delivery", delivery_id},
                     {"X-Linklens-Timestamp", std::to_string(now)},
                     {"X-Linklens-Signature", webhook_signature(secret, now, body)}};
  request.body = body;
  std::size_t received = 0;
  bool too_big = false;
  request.content_receiver = [&](const char*, std::size_t n, uint64_t, uint64_t) {
    received += n;
    too_big = received > policy.max_response_bytes;
    return !too_big;
  };
  std::mutex mutex;
  std::condition_variable done_cv;
  bool done = false, stopped = false;
  std::thread watchdog([&] {
    std::unique_lock<std::mutex> lock(mutex);
    if (!done_cv.wait_for(lock, std::chrono::milliseconds(2 * policy.timeout_ms), [&] { return done; })) {
      stopped = true;
      client.stop();
    }
  });
  httplib::Response response;
  httplib::Error error = httplib::Error::Success;
  const bool answered = client.send(request, response, error);
  {
    std::lock_guard<std::mutex> lock(mutex);
    done = true;
  }
  done_cv.notify_all();
  watchdog.join();
  if (stopped) {
    out.error = "no whole answer from " + out.address + " within twice webhook_timeout_ms";
    return out;
  }
  if (!answered && !too_big) {
    out.error = "no answer from " + out.address + ": " + httplib::to_string(error);
    return out;
  }
  out.status = response.status;
  out.delivered = out.status >= 200 && out.status < 300;
  if (!out.delivered)
    out.error = "answered " + std::to_string(out.status) +
                (out.status >= 300 && out.status < 400 ? " (redirects are not followed)" : "");
  return out;
}

}  // namespace

WebhookAttempt post_webhook(const std::string& url, const std::string& secret, const std::string& body,
                            const std::string& delivery_id, const WebhookPolicy& policy) {
  WebhookAttempt out;
  Parsed p;
  if (Status bad = parse_webhook_url(url, p); !bad.ok()) {
    out.error = bad.message();
    return out;
  }
  out.address = allowed_address(p.host, policy, out.error);
  if (out.address.empty()) return out;
  if (p.scheme == "https") {
    httplib::SSLClient client(p.host, p.port);
    return send_with(client, p, secret, body, delivery_id, policy, out);
  }
  httplib::Client client(p.host, p.port);
  return send_with(client, p, secret, body, delivery_id, policy, out);
}

}  // namespace linklens::watch
