// Host name internationalisation: UTS #46 ToASCII as the URL Standard's "domain to ASCII" runs it
// (CheckHyphens=false, CheckBidi=true, CheckJoiners=true, UseSTD3ASCIIRules=false,
// Transitional_Processing=false, VerifyDnsLength=false), and ToUnicode for display.
//
// The mapping and property tables are generated at build time (tools/gen_unicode_tables.py) from
// Debian's python3-idna and Python's unicodedata; idna_unicode_version() tells which Unicode
// version they are, so conformance results can be read against it.
#pragma once

#include <string>
#include <string_view>

#include "linklens/result.h"

namespace linklens {

enum class IdnaError : uint8_t {
  kInvalidUtf8 = 1,
  kDisallowedCodePoint,  // status disallowed in the UTS #46 table
  kInvalidPunycode,      // an "xn--" label that does not decode, or decodes to ASCII
  kValidityCriteria,     // not NFC, leading combining mark, xn-- prefix after decoding, ...
  kContextJ,             // ZWJ / ZWNJ in a place the ContextJ rules forbid
  kBidiRule,             // RFC 5893 Bidi rule violated in a Bidi domain name
  kEmptyResult,
  kForbiddenDomainCodePoint,  // URL Standard: the result holds e.g. '%', '/', ' ', a C0 control
};

const char* to_string(IdnaError error);

// The URL Standard's "domain to ASCII" with beStrict=false: lowercases, maps, normalises and
// punycodes `domain` (UTF-8); fails as the standard says.
Result<std::string, IdnaError> domain_to_ascii(std::string_view domain);

// UTS #46 ToUnicode for display: every "xn--" label that decodes is replaced by its Unicode form.
// Never fails: a label that does not decode is kept as it was.
std::string domain_to_unicode(std::string_view ascii_domain);

// The Unicode version of the IDNA mapping table compiled in.
const char* idna_unicode_version();

}  // namespace linklens
