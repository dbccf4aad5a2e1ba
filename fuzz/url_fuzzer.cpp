// Fuzzes parse_url with and without a base. The input is "BASE\nINPUT" (or INPUT alone).
//
// Properties checked beyond "no crash, no sanitizer report":
//  1. Serialization is idempotent: parsing an href gives a URL with the same href.
//  2. Every getter is a view inside href and consistent with it.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "linklens/url.h"

namespace {

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
    if (auto url = linklens::parse_url(text)) check_roundtrip(*url);
    return 0;
  }
  auto base = linklens::parse_url(text.substr(0, nl));
  if (!base) return 0;
  if (auto url = linklens::parse_url(text.substr(nl + 1), *base)) check_roundtrip(*url);
  return 0;
}
