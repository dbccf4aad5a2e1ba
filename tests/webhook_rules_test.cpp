// The webhook's address rules and signature (server/watch/webhook.h), without a network: which
// addresses a webhook may reach by default and with webhook_allow, the allow rule's syntax, the
// URL rules, and the signature a receiver recomputes.
#include <catch2/catch.hpp>

#include "watch/webhook.h"

using linklens::watch::address_allowed;
using linklens::watch::check_allow_rules;
using linklens::watch::check_webhook_form;
using linklens::watch::webhook_signature;
using linklens::watch::WebhookPolicy;

namespace {

bool allowed(const std::string& address, std::vector<std::string> allow = {}) {
  WebhookPolicy policy;
  policy.allow = std::move(allow);
  std::string why;
  return address_allowed(address, policy, why);
}

}  // namespace

TEST_CASE("public addresses are allowed, and loopback, private, link-local and the like are not") {
  for (const char* ok : {"8.8.8.8", "1.1.1.1", "93.184.216.34", "2606:4700:4700::1111", "2a00:1450:4001:81c::200e"}) {
    INFO(ok);
    CHECK(allowed(ok));
  }
  for (const char* refused : {"127.0.0.1",
                              "127.1.2.3",
                              "10.0.0.1",
                              "172.16.5.4",
                              "172.31.255.255",
                              "192.168.1.1",
                              "169.254.169.254",
                              "100.64.0.1",
                              "0.0.0.0",
                              "224.0.0.1",
                              "255.255.255.255",
                              "192.0.2.10",
                              "198.51.100.7",
                              "203.0.113.9",
                              "::1",
                              "::",
                              "fe80::1",
                              "fc00::1",
                              "fd12:3456::1",
                              "ff02::1",
                              "fec0::1",
                              "::ffff:127.0.0.1",
                              "::ffff:10.0.0.1",
                              "2002:7f00:1::1",
                              "2001:0:4136:e378::1",
                              "64:ff9b::7f00:1",
                              "::127.0.0.1"}) {
    INFO(refused);
    CHECK_FALSE(allowed(refused));
  }
  CHECK(allowed("172.32.0.1"));  // just outside 172.16.0.0/12
  CHECK_FALSE(allowed("not an address"));
}

TEST_CASE("webhook_allow opens exactly its ranges") {
  CHECK(allowed("127.0.0.1", {"127.0.0.1/32"}));
  CHECK_FALSE(allowed("127.0.0.2", {"127.0.0.1/32"}));
  CHECK(allowed("10.20.30.40", {"10.0.0.0/8"}));
  CHECK_FALSE(allowed("192.168.0.1", {"10.0.0.0/8"}));
  CHECK(allowed("::1", {"::1/128"}));
  CHECK(allowed("fd00::5", {"fd00::/8"}));
  CHECK_FALSE(allowed("fe80::1", {"fd00::/8"}));
  CHECK(allowed("::ffff:10.1.1.1", {"10.0.0.0/8"}));  // IPv4 inside IPv6 is checked as IPv4
}

TEST_CASE("the allow rule's syntax") {
  CHECK(check_allow_rules({"10.0.0.0/8", "127.0.0.1", "::1/128", "fd00::/8"}).ok());
  for (const char* bad : {"10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/x", "localhost", "10.0.0.256/8", ""}) {
    INFO(bad);
    CHECK_FALSE(check_allow_rules({bad}).ok());
  }
}

TEST_CASE("webhook URLs: http or https, a host, no credentials") {
  CHECK(check_webhook_form("https://hooks.example.net/linklens?x=1").ok());
  CHECK(check_webhook_form("http://[2606:4700::1]:8080/hook").ok());
  for (const char* bad : {"ftp://hooks.example/x", "https://user:pw@hooks.example/", "hooks.example/x",
                          "file:///etc/passwd", "javascript:alert(1)", ""}) {
    INFO(bad);
    const auto status = check_webhook_form(bad);
    CHECK_FALSE(status.ok());
    CHECK(status.http_status() == 422);
  }
}

TEST_CASE("the signature is HMAC-SHA256 of timestamp.body under the secret, as receivers recompute it") {
  // Python: hmac.new(b'whsec-0123456789abcdef', b'1767225600.{"alerts":[]}', hashlib.sha256).hexdigest()
  CHECK(webhook_signature("whsec-0123456789abcdef", 1767225600, "{\"alerts\":[]}") ==
        "sha256=1a969e32c89a1c442705cd4acf321137f98445b0851fe552818354a25e8e8f42");
  CHECK(webhook_signature("another-secret-123", 1767225600, "{\"alerts\":[]}") !=
        webhook_signature("whsec-0123456789abcdef", 1767225600, "{\"alerts\":[]}"));
}
