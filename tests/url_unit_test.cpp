// Hand-written URL cases for behaviour the WPT file does not pin down for Linklens: component
// offsets, error values, host types, and inputs a crawler meets.
#include <catch2/catch.hpp>

#include "linklens/url.h"

using linklens::HostType;
using linklens::parse_url;
using linklens::resolve_url;
using linklens::UrlError;

TEST_CASE("components of a full URL", "[url]") {
  auto url = parse_url("HTTPS://user:pa%20ss@Www.Example.COM:8443/a/./b/../c?q=1#frag");
  REQUIRE(url.ok());
  CHECK(url->href() == "https://user:pa%20ss@www.example.com:8443/a/c?q=1#frag");
  CHECK(url->scheme() == "https");
  CHECK(url->username() == "user");
  CHECK(url->password() == "pa%20ss");
  CHECK(url->hostname() == "www.example.com");
  CHECK(url->host() == "www.example.com:8443");
  CHECK(url->port() == "8443");
  CHECK(url->port_number() == 8443);
  CHECK(url->pathname() == "/a/c");
  CHECK(url->search() == "?q=1");
  CHECK(url->hash() == "#frag");
  CHECK(url->href_without_fragment() == "https://user:pa%20ss@www.example.com:8443/a/c?q=1");
  CHECK(url->origin() == "https://www.example.com:8443");
  CHECK(url->host_type() == HostType::kDomain);
  CHECK(url->is_special());
}

TEST_CASE("relative references resolve as in a browser", "[url]") {
  CHECK(resolve_url("../x?y", "http://a.com/b/c/d").value().href() == "http://a.com/b/x?y");
  CHECK(resolve_url("//cdn.example.org/lib.js", "https://a.com/").value().href() == "https://cdn.example.org/lib.js");
  CHECK(resolve_url("#top", "http://a.com/p?q").value().href() == "http://a.com/p?q#top");
  CHECK(resolve_url("?n=2", "http://a.com/p?q#f").value().href() == "http://a.com/p?n=2");
  CHECK(resolve_url("  \t/path\n ", "http://a.com/x").value().href() == "http://a.com/path");
  CHECK(resolve_url("mailto:x@y.z", "http://a.com/").value().href() == "mailto:x@y.z");
}

TEST_CASE("host types", "[url]") {
  CHECK(parse_url("http://0x7f.1/").value().host_type() == HostType::kIPv4);
  CHECK(parse_url("http://0x7f.1/").value().hostname() == "127.0.0.1");
  CHECK(parse_url("http://[0:0:0:0:0:0:0:1]/").value().hostname() == "[::1]");
  CHECK(parse_url("http://[0:0:0:0:0:0:0:1]/").value().host_type() == HostType::kIPv6);
  CHECK(parse_url("sc://Opaque.Host/").value().host_type() == HostType::kOpaque);
  CHECK(parse_url("sc://Opaque.Host/").value().hostname() == "Opaque.Host");
  CHECK(parse_url("file:///etc/hosts").value().host_type() == HostType::kEmpty);
  CHECK(parse_url("mailto:someone@example.com").value().host_type() == HostType::kNone);
  CHECK(parse_url("mailto:someone@example.com").value().has_opaque_path());
}

TEST_CASE("errors are values with a reason", "[url]") {
  CHECK(parse_url("no-scheme").error() == UrlError::kInvalidScheme);
  CHECK(parse_url("http://exa mple.com/").error() == UrlError::kInvalidHost);
  CHECK(parse_url("http:///").error() == UrlError::kMissingHost);
  CHECK(parse_url("http://a.com:99999/").error() == UrlError::kInvalidPort);
  CHECK(parse_url("http://a.com:8x/").error() == UrlError::kInvalidPort);
  CHECK(parse_url("http://1.2.3.256/").error() == UrlError::kInvalidHost);
  CHECK(resolve_url("x", "not a url").error() == UrlError::kInvalidBase);
  CHECK(std::string(linklens::to_string(UrlError::kInvalidPort)) == "invalid port");
}

TEST_CASE("hostile inputs stay bounded", "[url]") {
  std::string long_path = "http://a.com/" + std::string(1 << 20, 'a');
  CHECK(parse_url(long_path).value().pathname().size() == (1u << 20) + 1);
  std::string dots = "http://a.com/";
  for (int i = 0; i < 10000; ++i) dots += "../";
  CHECK(parse_url(dots).value().href() == "http://a.com/");
  CHECK(parse_url(std::string("http://a.com/\0x", 15)).value().pathname() == "/%00x");
  CHECK(parse_url("http://a.com/\xff\xfe").value().pathname() == "/%FF%FE");
  CHECK_FALSE(parse_url("http://\xff\xfe.com/"));
  CHECK(parse_url("http://a.com:00000000000000000000080/").value().port_number() == -1);
}
