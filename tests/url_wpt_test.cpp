// WHATWG URL conformance: web-platform-tests' urltestdata.json (../shared/data/url-wpt).
//
// Every case is parsed (with its base when it has one) and compared on href and every component
// getter, or on failure. The suite must pass every case that does not involve IDNA (a non-ASCII
// or "xn--" host); the exact pass count over all cases is printed for the record.
#include <catch2/catch.hpp>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "linklens/idna.h"
#include "linklens/url.h"
#include "test_data.h"

using linklens::parse_url;
using nlohmann::json;

namespace {

bool contains_idna(const std::string& s) {
  for (unsigned char c : s) {
    if (c >= 0x80) return true;
  }
  for (std::size_t i = 0; i + 4 <= s.size(); ++i) {
    if ((s[i] | 0x20) == 'x' && (s[i + 1] | 0x20) == 'n' && s[i + 2] == '-' && s[i + 3] == '-') return true;
  }
  // Percent-encoded non-ASCII bytes reach the host parser as UTF-8 too.
  for (std::size_t i = 0; i + 2 < s.size(); ++i) {
    if (s[i] == '%' && std::string("89abcdefABCDEF").find(s[i + 1]) != std::string::npos) return true;
  }
  return false;
}

// Returns an empty string when the case passes, else what differed.
std::string run_case(const json& t) {
  const std::string input = t["input"];
  linklens::Result<linklens::Url, linklens::UrlError> result = linklens::UrlError::kInvalidScheme;
  if (t.contains("base") && !t["base"].is_null()) {
    auto base = parse_url(t["base"].get<std::string>());
    if (!base) return "base did not parse";
    result = parse_url(input, *base);
  } else {
    result = parse_url(input);
  }
  if (t.value("failure", false)) {
    return result ? "expected failure, got " + std::string(result->href()) : "";
  }
  if (!result) return std::string("unexpected failure: ") + linklens::to_string(result.error());
  const linklens::Url& url = *result;
  std::string diff;
  auto check = [&](const char* key, std::string_view got) {
    if (t.contains(key) && t[key].get<std::string>() != got) {
      diff += std::string(key) + ": got '" + std::string(got) + "' want '" + t[key].get<std::string>() + "'; ";
    }
  };
  check("href", url.href());
  check("protocol", url.protocol());
  check("username", url.username());
  check("password", url.password());
  check("host", url.host());
  check("hostname", url.hostname());
  check("port", url.port());
  check("pathname", url.pathname());
  check("search", url.search());
  check("hash", url.hash());
  if (t.contains("origin")) check("origin", url.origin());
  return diff;
}

}  // namespace

TEST_CASE("urltestdata.json: every non-IDNA case passes", "[url][wpt]") {
  auto text = linklens::test::read_shared_data("url-wpt/urltestdata.json");
  if (!text) return;
  json cases = json::parse(linklens::test::replace_lone_surrogates(*text));
  int passed = 0, failed = 0, failed_idna = 0;
  for (const json& t : cases) {
    if (!t.is_object()) continue;  // comment strings
    std::string diff = run_case(t);
    if (diff.empty()) {
      ++passed;
      continue;
    }
    ++failed;
    std::string input = t["input"];
    std::string base = t.contains("base") && t["base"].is_string() ? t["base"].get<std::string>() : "";
    bool idna = contains_idna(input) || contains_idna(base);
    if (idna) ++failed_idna;
    std::printf("  %s case: input=%s base=%s: %s\n", idna ? "IDNA" : "FAIL", json(input).dump().c_str(),
                json(base).dump().c_str(), diff.c_str());
    if (!idna) FAIL_CHECK("non-IDNA case failed: " << json(input).dump() << " base " << base << ": " << diff);
  }
  std::printf("urltestdata.json (IDNA tables: Unicode %s): %d passed, %d failed (%d of them involve IDNA)\n",
              linklens::idna_unicode_version(), passed, failed, failed_idna);
  CHECK(passed + failed > 800);
}
