// UTS #46 "Processing" (section 4) and ToASCII (section 4.2), with the URL Standard's flags:
// CheckHyphens=false, CheckBidi=true, CheckJoiners=true, UseSTD3ASCIIRules=false,
// Transitional_Processing=false, VerifyDnsLength=false, IgnoreInvalidPunycode=false.
// The "domain to ASCII" wrapper adds the URL Standard's own checks (empty result, forbidden
// domain code points).
#include "linklens/idna.h"

#include <algorithm>
#include <vector>

#include "nfc.h"
#include "punycode.h"
#include "unicode_tables.h"
#include "utf8.h"

namespace linklens {
namespace {

using unicode::BidiClass;
using unicode::MapStatus;

bool is_ascii(std::u32string_view s) {
  return std::all_of(s.begin(), s.end(), [](char32_t c) { return c < 0x80; });
}

bool starts_with_xn(std::u32string_view label) {
  return label.size() >= 4 && label[0] == 'x' && label[1] == 'n' && label[2] == '-' && label[3] == '-';
}

// URL Standard: forbidden domain code point = forbidden host code point, C0 control, '%', DEL.
bool is_forbidden_domain_byte(unsigned char c) {
  if (c <= 0x20 || c == 0x7F) return true;
  switch (c) {
    case '#':
    case '%':
    case '/':
    case ':':
    case '<':
    case '>':
    case '?':
    case '@':
    case '[':
    case '\\':
    case ']':
    case '^':
    case '|': return true;
    default: return false;
  }
}

// UTS #46 section 4.1, criterion 8 (CheckJoiners): RFC 5892 Appendix A.1 and A.2.
bool passes_context_j(std::u32string_view label) {
  for (std::size_t i = 0; i < label.size(); ++i) {
    char32_t cp = label[i];
    if (cp != 0x200C && cp != 0x200D) continue;
    if (i > 0 && unicode::combining_class(label[i - 1]) == 9) continue;  // after a virama
    if (cp == 0x200D) return false;
    // ZWNJ: (Joining_Type:{L,D})(Joining_Type:T)* ZWNJ (Joining_Type:T)*(Joining_Type:{R,D})
    bool left = false;
    for (std::size_t j = i; j-- > 0;) {
      char t = unicode::joining_type(label[j]);
      if (t == 'T') continue;
      left = (t == 'L' || t == 'D');
      break;
    }
    bool right = false;
    for (std::size_t j = i + 1; j < label.size(); ++j) {
      char t = unicode::joining_type(label[j]);
      if (t == 'T') continue;
      right = (t == 'R' || t == 'D');
      break;
    }
    if (!left || !right) return false;
  }
  return true;
}

bool is_rtl_class(BidiClass c) { return c == BidiClass::R || c == BidiClass::AL || c == BidiClass::AN; }

// RFC 5893 section 2, its six numbered conditions, for one non-empty label.
bool passes_bidi_rule(std::u32string_view label) {
  BidiClass first = unicode::bidi_class(label[0]);
  bool rtl;
  if (first == BidiClass::L)
    rtl = false;
  else if (first == BidiClass::R || first == BidiClass::AL)
    rtl = true;
  else
    return false;  // condition 1

  bool has_en = false, has_an = false;
  for (char32_t cp : label) {
    BidiClass c = unicode::bidi_class(cp);
    switch (c) {
      case BidiClass::EN: has_en = true; break;
      case BidiClass::AN:
        has_an = true;
        if (!rtl) return false;
        break;
      case BidiClass::ES:
      case BidiClass::CS:
      case BidiClass::ET:
      case BidiClass::ON:
      case BidiClass::BN:
      case BidiClass::NSM: break;
      case BidiClass::L:
        if (rtl) return false;
        break;  // condition 2
      case BidiClass::R:
      case BidiClass::AL:
        if (!rtl) return false;
        break;  // condition 5
      default: return false;
    }
  }
  // Conditions 3 and 6: the last character that is not NSM.
  std::size_t end = label.size();
  while (end > 0 && unicode::bidi_class(label[end - 1]) == BidiClass::NSM) --end;
  if (end == 0) return false;
  BidiClass last = unicode::bidi_class(label[end - 1]);
  if (rtl) {
    if (last != BidiClass::R && last != BidiClass::AL && last != BidiClass::EN && last != BidiClass::AN) return false;
    if (has_en && has_an) return false;  // condition 4
  } else if (last != BidiClass::L && last != BidiClass::EN) {
    return false;
  }
  return true;
}

// UTS #46 section 4.1 criteria 1 and 4-8 (2-3 are CheckHyphens, off here).
IdnaError validate_label(const std::u32string& label, bool from_punycode) {
  if (from_punycode && !nfc::is_normalized(label)) return IdnaError::kValidityCriteria;
  if (starts_with_xn(label)) return IdnaError::kValidityCriteria;
  if (label.find(U'.') != std::u32string::npos) return IdnaError::kValidityCriteria;
  if (!label.empty() && unicode::is_mark(label[0])) return IdnaError::kValidityCriteria;
  for (char32_t cp : label) {
    auto status = static_cast<MapStatus>(unicode::map_range(cp).status);
    if (status != MapStatus::kValid && status != MapStatus::kDeviation) {
      return from_punycode ? IdnaError::kValidityCriteria : IdnaError::kDisallowedCodePoint;
    }
  }
  if (!passes_context_j(label)) return IdnaError::kContextJ;
  return IdnaError{};
}

Result<std::string, IdnaError> finish(std::string ascii) {
  if (ascii.empty()) return IdnaError::kEmptyResult;
  for (char c : ascii) {
    if (is_forbidden_domain_byte(static_cast<unsigned char>(c))) return IdnaError::kForbiddenDomainCodePoint;
  }
  return ascii;
}

// The URL Standard's fast path (beStrict=false): an ASCII domain is only lowercased, even when a
// label starts with "xn--" and would not decode (urltestdata.json: "Domain is ASCII, but a label
// is invalid IDNA").
bool needs_full_processing(std::string_view domain) {
  for (char c : domain) {
    if (static_cast<unsigned char>(c) >= 0x80) return true;
  }
  return false;
}

}  // namespace

const char* to_string(IdnaError error) {
  switch (error) {
    case IdnaError::kInvalidUtf8: return "invalid UTF-8 in host";
    case IdnaError::kDisallowedCodePoint: return "code point not allowed in a domain (UTS #46)";
    case IdnaError::kInvalidPunycode: return "invalid punycode label";
    case IdnaError::kValidityCriteria: return "label fails the UTS #46 validity criteria";
    case IdnaError::kContextJ: return "joiner (ZWJ/ZWNJ) in a forbidden context";
    case IdnaError::kBidiRule: return "label violates the bidi rule (RFC 5893)";
    case IdnaError::kEmptyResult: return "empty domain";
    case IdnaError::kForbiddenDomainCodePoint: return "forbidden domain code point";
  }
  return "IDNA error";
}

const char* idna_unicode_version() { return unicode::kIdnaUnicodeVersion; }

Result<std::string, IdnaError> domain_to_ascii(std::string_view domain) {
  if (!needs_full_processing(domain)) {
    std::string out(domain);
    for (char& c : out) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    }
    return finish(std::move(out));
  }

  std::u32string input;
  if (!utf8::decode(domain, input)) return IdnaError::kInvalidUtf8;

  // Step 1, Map. A disallowed code point is an error, but processing goes on (UTS #46 says
  // "record that there was an error"); only the first error is reported.
  IdnaError error{};
  std::u32string mapped;
  mapped.reserve(input.size());
  for (char32_t cp : input) {
    const auto& range = unicode::map_range(cp);
    switch (static_cast<MapStatus>(range.status)) {
      case MapStatus::kValid:
      case MapStatus::kDeviation: mapped.push_back(cp); break;
      case MapStatus::kMapped: mapped.append(unicode::kMapData + range.map_offset, range.map_length); break;
      case MapStatus::kIgnored: break;
      case MapStatus::kDisallowed:
        if (error == IdnaError{}) error = IdnaError::kDisallowedCodePoint;
        mapped.push_back(cp);
        break;
    }
  }

  // Step 2, Normalize.
  nfc::normalize(mapped);

  // Steps 3-4, Break and Convert/Validate.
  std::vector<std::u32string> labels;
  std::size_t start = 0;
  while (true) {
    std::size_t dot = mapped.find(U'.', start);
    labels.emplace_back(mapped.substr(start, dot == std::u32string::npos ? std::u32string::npos : dot - start));
    if (dot == std::u32string::npos) break;
    start = dot + 1;
  }
  std::vector<bool> was_punycode(labels.size(), false);
  for (std::size_t i = 0; i < labels.size(); ++i) {
    std::u32string& label = labels[i];
    IdnaError label_error{};
    if (starts_with_xn(label)) {
      std::u32string decoded;
      std::string ascii;
      if (!is_ascii(label)) {
        label_error = IdnaError::kInvalidPunycode;
      } else {
        for (std::size_t k = 4; k < label.size(); ++k) ascii.push_back(static_cast<char>(label[k]));
        if (!punycode::decode(ascii, decoded) || decoded.empty() || is_ascii(decoded)) {
          label_error = IdnaError::kInvalidPunycode;
        } else {
          label_error = validate_label(decoded, /*from_punycode=*/true);
          label.swap(decoded);
          was_punycode[i] = true;
        }
      }
    } else {
      label_error = validate_label(label, /*from_punycode=*/false);
    }
    if (error == IdnaError{} && label_error != IdnaError{}) error = label_error;
  }

  // CheckBidi applies to every label once any label holds an RTL character.
  bool bidi_domain = std::any_of(labels.begin(), labels.end(), [](const std::u32string& l) {
    return std::any_of(l.begin(), l.end(), [](char32_t c) { return is_rtl_class(unicode::bidi_class(c)); });
  });
  if (bidi_domain && error == IdnaError{}) {
    for (const auto& label : labels) {
      if (!label.empty() && !passes_bidi_rule(label)) {
        error = IdnaError::kBidiRule;
        break;
      }
    }
  }
  if (error != IdnaError{}) return error;

  // ToASCII: punycode every non-ASCII label.
  std::string out;
  out.reserve(mapped.size() + 8);
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (i > 0) out.push_back('.');
    const auto& label = labels[i];
    if (is_ascii(label)) {
      for (char32_t c : label) out.push_back(static_cast<char>(c));
    } else {
      std::string encoded;
      if (!punycode::encode(label, encoded)) return IdnaError::kInvalidPunycode;
      out += "xn--";
      out += encoded;
    }
  }
  return finish(std::move(out));
}

std::string domain_to_unicode(std::string_view ascii_domain) {
  std::string out;
  std::size_t start = 0;
  while (true) {
    std::size_t dot = ascii_domain.find('.', start);
    std::string_view label =
        ascii_domain.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    std::u32string decoded;
    if (label.size() > 4 && (label.substr(0, 4) == "xn--" || label.substr(0, 4) == "XN--") &&
        punycode::decode(label.substr(4), decoded)) {
      out += utf8::encode(decoded);
    } else {
      out += label;
    }
    if (dot == std::string_view::npos) break;
    out.push_back('.');
    start = dot + 1;
  }
  return out;
}

}  // namespace linklens
