// Fuzzes host normalisation and registrable-domain lookup (domain_to_ascii + the Public Suffix
// List), plus parsing of a suffix list text.
//
// Properties: domain_to_ascii output is ASCII and a fixed point (to_ascii(to_ascii(x)) ==
// to_ascii(x)); the registrable domain ends with the public suffix and is a suffix of the host.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "linklens/idna.h"
#include "linklens/public_suffix.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto ascii = linklens::domain_to_ascii(text)) {
    for (char c : *ascii) {
      if (static_cast<unsigned char>(c) >= 0x80) std::abort();
    }
    auto again = linklens::domain_to_ascii(*ascii);
    if (!again || *again != *ascii) std::abort();
    (void)linklens::domain_to_unicode(*ascii);
  }
  const auto& psl = linklens::PublicSuffixList::builtin();
  for (bool include_private : {true, false}) {
    auto parts = psl.split_host(text, {.include_private = include_private});
    std::string_view host = parts.host, domain = parts.registrable_domain(), suffix = parts.public_suffix();
    if (!domain.empty()) {
      if (!host.ends_with(domain) || !domain.ends_with(suffix) || domain.size() <= suffix.size()) std::abort();
    }
  }
  if (size < 4096) {
    if (auto list = linklens::PublicSuffixList::parse(text)) (void)list->registrable_domain("a.b.example.com");
  }
  return 0;
}
