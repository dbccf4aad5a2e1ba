// Decoding a page's bytes as UTF-8 (encoding/charset.h): valid sequences are kept and each
// ill-formed byte becomes U+FFFD, whichever way the decoder gets there (a whole-page check that
// leaves a valid page where it is, then a byte-by-byte pass for pages that fail it). Checked
// against a decoder written from the rules.
#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <string>

#include "encoding/charset.h"

namespace {

// The rules, byte by byte: a well-formed sequence (RFC 3629: no overlong form, no surrogate,
// nothing past U+10FFFF) is copied; any other byte is replaced, and decoding goes on after it.
std::string reference_sanitize(const std::string& in) {
  std::string out;
  for (std::size_t i = 0; i < in.size();) {
    const auto b = static_cast<unsigned char>(in[i]);
    std::size_t n = b < 0x80                 ? 1
                    : b >= 0xC2 && b <= 0xDF ? 2
                    : b >= 0xE0 && b <= 0xEF ? 3
                    : b >= 0xF0 && b <= 0xF4 ? 4
                                             : 0;
    bool ok = n > 0 && i + n <= in.size();
    uint32_t cp = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
    for (std::size_t k = 1; ok && k < n; ++k) {
      const auto c = static_cast<unsigned char>(in[i + k]);
      ok = (c & 0xC0) == 0x80;
      cp = (cp << 6) | (c & 0x3F);
    }
    if (ok && n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ok = false;
    if (ok && n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ok = false;
    if (ok) {
      out.append(in, i, n);
      i += n;
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
  return out;
}

}  // namespace

TEST_CASE("UTF-8 pages keep their valid sequences and replace each ill-formed byte") {
  std::mt19937 rng(20261203);
  // Pieces that make valid text, and pieces that break it at the edges of the rules.
  const std::vector<std::string> pieces = {
      "a",
      "<p>text</p>",
      " ",
      "\xC3\xA9",
      "\xE2\x82\xAC",
      "\xF0\x9F\x98\x80",
      "\xF4\x8F\xBF\xBF",  // valid
      "\xC0\xAF",
      "\xC1\xBF",
      "\xE0\x9F\xBF",
      "\xED\xA0\x80",
      "\xED\xBF\xBF",
      "\xF4\x90\x80\x80",  // overlong, surrogate, too big
      "\xF5\x80\x80\x80",
      "\xFF",
      "\x80",
      "\xC3",
      "\xE2\x82",
      "\xF0\x9F\x98",  // bad lead, lone, cut
  };
  int invalid = 0;
  for (int round = 0; round < 4000; ++round) {
    std::string page;
    const int length = static_cast<int>(rng() % 200);
    const bool valid_only = round % 2 == 0;
    for (int k = 0; k < length; ++k) page += pieces[rng() % (valid_only ? 7 : pieces.size())];
    if (round % 7 == 0) page += std::string(100, 'x');  // runs longer than a vector step
    const std::string expected = reference_sanitize(page);
    invalid += expected != page;
    const auto decoded = linklens::encoding::to_utf8(page, "text/html; charset=utf-8");
    INFO("round " << round);
    REQUIRE(decoded.text() == expected);
    REQUIRE(decoded.had_errors == (expected != page));
    if (expected == page) {
      REQUIRE(decoded.text().data() == page.data());  // valid: read where it is, not copied
      // Unlabelled, valid UTF-8 is sniffed as UTF-8, and read where it is too.
      const auto sniffed = linklens::encoding::to_utf8(page, "");
      REQUIRE(sniffed.source == "sniffed-utf-8");
      REQUIRE(sniffed.text().data() == page.data());
    } else {
      REQUIRE(linklens::encoding::to_utf8(page, "").encoding == "windows-1252");
    }
  }
  CHECK(invalid > 1000);  // both paths were taken
}
