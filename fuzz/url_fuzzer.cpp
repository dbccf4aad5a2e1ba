// Fuzzes parse_url with and without a base. The input is "BASE\nINPUT" (or INPUT alone).
//
// Properties checked beyond "no crash, no sanitizer report":
//  1. Serialization is idempotent: parsing an href gives a URL with the same href.
//  2. Every getter is a view inside href and consistent with it.
//  3. The parser's shortcut for common hrefs (common_url.h) answers as the full state machine.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "common_url.h"
#include "linklens/url.h"

namespace {

void check_same_as_state_machine(std::string_view input, const linklens::Url* base) {
  auto fast = base ? linklens::parse_url(input, *base) : linklens::parse_url(input);
  auto full = linklens::url_detail::parse_url_without_shortcut(input, base);
  if (fast.ok() != full.ok()) std::abort();
  if (!fast) return;
  if (fast->href() != full->href() || fast->host_type() != full->host_type() ||
      fast->port_number() != full->port_number() || fast->pathname() != full->pathname() ||
      fast->hostname() != full->hostname() || fast->search() != full->search() || fast->hash() != full->hash())
    std::abort();
}

void check_roundtrip(const linklens::Url& url) {
  auto again = linklens::parse_url(url.href());
  if (!again || again->href() != url.href()) std::abort();
  const char* begin = url.href().data();
  const char* end = begin + url.href().size();
  for (std::string_view part : {url.scheme(), url.username(), url.password(), url.hostname(), url.port(),
                                url.pathname(), url.search(), url.hash()}) {
    if (!part.empty() && (part.data() < begin || part.data() + part.size() > end)) std::abort();
  }
  (void)url.origin();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::size_t nl = text.find('\n');
  if (nl == std::string_view::npos) {
    check_same_as_state_machine(text, nullptr);
    if (auto url = linklens::parse_url(text)) check_roundtrip(*url);
    return 0;
  }
  auto base = linklens::parse_url(text.substr(0, nl));
  if (!base) return 0;
  check_same_as_state_machine(text.substr(nl + 1), &*base);
  if (auto url = linklens::parse_url(text.substr(nl + 1), *base)) check_roundtrip(*url);
  return 0;
}
