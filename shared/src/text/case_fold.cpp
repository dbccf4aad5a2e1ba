#include "linklens/case_fold.h"

#include <algorithm>
#include <cstdint>

#include "text/case_fold_table.h"

namespace linklens {
namespace {

// Length of the well-formed UTF-8 sequence starting at s[i] and its code point, or 0 when the
// bytes there are not one (the byte is then copied as it is).
std::size_t decode_one(std::string_view s, std::size_t i, char32_t& cp) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b0 = byte(i);
  std::size_t n = 0;
  char32_t min = 0;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    n = 2;
    cp = b0 & 0x1F;
    min = 0x80;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    n = 3;
    cp = b0 & 0x0F;
    min = 0x800;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    n = 4;
    cp = b0 & 0x07;
    min = 0x10000;
  } else
    return 0;
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

const char* folding_of(char32_t cp) {
  const text::CaseFold* end = text::kCaseFold + text::kCaseFoldCount;
  const text::CaseFold* it =
      std::lower_bound(text::kCaseFold, end, cp, [](const text::CaseFold& f, char32_t c) { return f.code_point < c; });
  return it != end && it->code_point == cp ? it->folded : nullptr;
}

}  // namespace

std::string fold_case(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  for (std::size_t i = 0; i < utf8.size();) {
    const unsigned char c = static_cast<unsigned char>(utf8[i]);
    if (c < 0x80) {  // ASCII: the common case
      out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : static_cast<char>(c));
      ++i;
      continue;
    }
    char32_t cp = 0;
    const std::size_t n = decode_one(utf8, i, cp);
    if (n == 0) {
      out.push_back(utf8[i]);
      ++i;
      continue;
    }
    if (const char* folded = folding_of(cp)) {
      out += folded;
    } else {
      out.append(utf8.substr(i, n));
    }
    i += n;
  }
  return out;
}

const char* case_fold_unicode_version() { return text::kCaseFoldUnicodeVersion; }

}  // namespace linklens
