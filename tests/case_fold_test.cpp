// Unicode case folding (linklens/case_fold.h), the key anchors are counted under: the same in
// the native build and in the WebAssembly build (this file runs in both).
#include <catch2/catch.hpp>

#include <string>

#include "linklens/case_fold.h"

using linklens::fold_case;

TEST_CASE("case folding: ASCII, and text that needs none, is lowercased byte for byte") {
  CHECK(fold_case("Twitter") == "twitter");
  CHECK(fold_case("TWITTER") == "twitter");
  CHECK(fold_case("Acme Bikes 29\"") == "acme bikes 29\"");
  CHECK(fold_case("") == "");
  CHECK(fold_case("already folded") == "already folded");
}

TEST_CASE("case folding: full folding beyond ASCII (CaseFolding.txt statuses C and F)") {
  CHECK(fold_case("Straße") == "strasse");  // ß -> ss (F)
  CHECK(fold_case("STRASSE") == fold_case("straße"));
  CHECK(fold_case("ΣΊΣΥΦΟΣ") == fold_case("σίσυφος"));  // capital, small and final sigma are one
  CHECK(fold_case("ς") == "σ");
  CHECK(fold_case("МОСКВА") == "москва");  // Cyrillic
  CHECK(fold_case("Ǆ") == "ǆ");            // titlecase digraphs fold too
  CHECK(fold_case("ﬃ") == "ffi");          // ligature (F)
  CHECK(fold_case("ſ") == "s");            // long s
  CHECK(fold_case("İ") == "i\xCC\x87");    // dotted capital I: i + combining dot (F, not Turkic)
  CHECK(fold_case("Ⅻ") == "ⅻ");            // Roman numerals
  CHECK(fold_case("𐐀") == "𐐨");            // Deseret, outside the BMP
  CHECK(fold_case("日本語") == "日本語");  // no case: unchanged
}

TEST_CASE("case folding: bytes that are not UTF-8 are kept, so every input has a key") {
  CHECK(fold_case(std::string("A\xFF"
                              "B",
                              3)) == std::string("a\xFF"
                                                 "b",
                                                 3));
  CHECK(fold_case(std::string("\xC3", 1)) == std::string("\xC3", 1));                  // truncated sequence
  CHECK(fold_case(std::string("\xC0\x81Z", 3)) == std::string("\xC0\x81z", 3));        // overlong: bytes kept
  CHECK(fold_case(std::string("\xED\xA0\x80", 3)) == std::string("\xED\xA0\x80", 3));  // a surrogate
}

TEST_CASE("case folding: folding twice changes nothing, for every code point") {
  std::string all;
  for (char32_t cp = 1; cp < 0x110000; ++cp) {
    if (cp >= 0xD800 && cp < 0xE000) continue;
    std::string one;
    if (cp < 0x80) {
      one.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      one = {static_cast<char>(0xC0 | (cp >> 6)), static_cast<char>(0x80 | (cp & 0x3F))};
    } else if (cp < 0x10000) {
      one = {static_cast<char>(0xE0 | (cp >> 12)), static_cast<char>(0x80 | ((cp >> 6) & 0x3F)),
             static_cast<char>(0x80 | (cp & 0x3F))};
    } else {
      one = {static_cast<char>(0xF0 | (cp >> 18)), static_cast<char>(0x80 | ((cp >> 12) & 0x3F)),
             static_cast<char>(0x80 | ((cp >> 6) & 0x3F)), static_cast<char>(0x80 | (cp & 0x3F))};
    }
    all += one;
  }
  const std::string once = fold_case(all);
  CHECK(fold_case(once) == once);
  CHECK(once.size() >= all.size() - 200);  // folding mostly keeps lengths (a few shrink, some grow)
}
