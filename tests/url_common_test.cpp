// The URL parser's shortcut for common hrefs (shared/src/url/common_url) against the full state
// machine it skips: on generated hrefs made of the bytes and shapes where the two could part.
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "common_url.h"
#include "linklens/url.h"

using namespace linklens;

namespace {

std::string describe(const Result<Url, UrlError>& r) {
  if (!r) return std::string("error: ") + to_string(r.error());
  return std::string(r->href()) + " | host " + std::string(r->hostname()) + " (" + to_string(r->host_type()) +
         ") port " + std::to_string(r->port_number()) + " path " + std::string(r->pathname()) + " search " +
         std::string(r->search()) + " hash " + std::string(r->hash());
}

// An href built from the pieces where the shortcut must step aside or agree exactly: schemes in
// both cases, hosts with numbers, dots, ports and credentials, dot segments plain and encoded,
// bytes of every percent-encode set, backslashes, whitespace and non-ASCII.
std::string generated_href(std::mt19937& rng) {
  static const std::vector<std::string> kStarts = {"http://", "https://", "//",     "/",        "HTTP://",   "http:/",
                                                   "http:",   "///",      "ftp://", "file:///", "",          "?",
                                                   "#",       "./",       "../",    " http://", "\thttps://"};
  static const std::vector<std::string> kHosts = {"example.com",
                                                  "WWW.Example.COM",
                                                  "a..b",
                                                  ".com",
                                                  "com.",
                                                  "1.2.3.4",
                                                  "0x7f.1",
                                                  "host.09",
                                                  "x.0x1",
                                                  "xn--nxasmq6b.com",
                                                  "user@host.com",
                                                  "host.com:8080",
                                                  "host.com:80",
                                                  "h_st.com",
                                                  "ex%41.com",
                                                  "[::1]",
                                                  "",
                                                  "bücher.de",
                                                  "a-b.c-d",
                                                  "localhost"};
  static const std::vector<std::string> kPathPieces = {
      "/", "a", "b.html", ".",  "..", "%2e", "%2E%2e", ".hidden", "%20", " ",    "\"", "<",    ">", "`",
      "{", "}", "^",      "\\", "'",  "|",   "~",      "%",       "é",   "\x01", "//", ";x=1", "@", ":"};
  static const std::vector<std::string> kTails = {"",      "?q=1&r=2", "#f",    "?q#f", "?",    "?a'b",
                                                  "?a\"b", "?<",       "?`{}",  "#",    "#a`b", "#a'b",
                                                  "#x#y",  "?q#f",     "?q#f`", "# ",   "?\\",  "#\\"};
  // Most picks come from the first few entries of each list (the plain ones), so that a good
  // share of hrefs is of a shape the shortcut takes; the rest reach every entry.
  auto pick = [&](const std::vector<std::string>& v) {
    const std::size_t plain = std::min<std::size_t>(4, v.size());
    const bool plain_pick = std::uniform_int_distribution<int>(0, 9)(rng) < 8;
    return v[std::uniform_int_distribution<std::size_t>(0, plain_pick ? plain - 1 : v.size() - 1)(rng)];
  };
  std::string s = pick(kStarts);
  if (s.find("//") != std::string::npos && s != "///") s += pick(kHosts);
  for (int n = std::uniform_int_distribution<int>(0, 5)(rng); n > 0; --n) s += pick(kPathPieces);
  s += pick(kTails);
  return s;
}

}  // namespace

TEST_CASE("url shortcut: the common shapes give what the full parser gives") {
  const std::vector<std::string> bases = {"https://www.example.com/dir/page.html?x=1#top",
                                          "http://user:pw@10.0.0.1:8080/a/b", "https://[::1]/",
                                          "ftp://example.com/pub/", "file:///C:/dir/"};
  std::vector<Url> parsed_bases;
  for (const auto& b : bases) parsed_bases.push_back(parse_url(b).value());
  const std::vector<std::string> fixed = {"https://example.com",
                                          "https://example.com/",
                                          "http://Example.COM/A/b?Q#F",
                                          "/",
                                          "/a/b/c.html",
                                          "//cdn.example.net/x.js",
                                          "/search?q=a+b&x=%20#r",
                                          "https://example.com/a/./b",
                                          "https://example.com/a/%2e%2E/b",
                                          "https://example.com/a/.well-known",
                                          "https://example.com:443/",
                                          "https://123.com.45/",
                                          "https://a.b.c.d/?'",
                                          "https://a.com/#`"};

  std::mt19937 rng(20261203);
  std::size_t taken = 0, total = 0;
  auto check = [&](const std::string& href, const Url* base) {
    ++total;
    UrlParts parts;
    if (url_detail::parse_common_url(href, base, parts)) ++taken;
    const auto fast = base ? parse_url(href, *base) : parse_url(href);
    const auto full = url_detail::parse_url_without_shortcut(href, base);
    INFO("href " << href << " base " << (base ? std::string(base->href()) : "(none)"));
    REQUIRE(describe(fast) == describe(full));
  };
  for (const auto& href : fixed) {
    check(href, nullptr);
    for (const auto& b : parsed_bases) check(href, &b);
  }
  for (int n = 0; n < 30000; ++n) {
    const std::string href = generated_href(rng);
    check(href, nullptr);
    check(href, &parsed_bases[static_cast<std::size_t>(n) % parsed_bases.size()]);
  }
  // The generator must reach the shortcut often, or this test would compare the full parser with itself.
  CHECK(taken > total / 10);
  CHECK(taken < total);
}
