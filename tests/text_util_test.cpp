// The core's text collapser and counters (shared/src/links/text_util), against the plain
// byte-at-a-time versions they replaced, on hand-written and generated text.
#include <catch2/catch.hpp>

#include <random>
#include <string>

#include "text_util.h"

using namespace linklens::text;

namespace {

// The collapser as it was: whitespace runs (ASCII and U+00A0) become one space, none leading.
void reference_collapse(std::string& out, std::string_view in) {
  std::size_t i = 0;
  while (i < in.size()) {
    std::size_t run = i;
    while (run < in.size() && !is_ascii_ws(in[run]) &&
           !(static_cast<unsigned char>(in[run]) == 0xC2 && run + 1 < in.size() &&
             static_cast<unsigned char>(in[run + 1]) == 0xA0))
      ++run;
    out.append(in, i, run - i);
    i = run;
    bool space = false;
    while (i < in.size()) {
      if (is_ascii_ws(in[i])) {
        ++i;
      } else if (static_cast<unsigned char>(in[i]) == 0xC2 && i + 1 < in.size() &&
                 static_cast<unsigned char>(in[i + 1]) == 0xA0) {
        i += 2;
      } else {
        break;
      }
      space = true;
    }
    if (space && !out.empty() && out.back() != ' ') out.push_back(' ');
  }
}

std::size_t reference_visible(std::string_view s) {
  std::size_t n = 0;
  for (char c : s)
    if (!is_ascii_ws(c) && (static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

std::size_t reference_commas(std::string_view s) {
  return static_cast<std::size_t>(std::count(s.begin(), s.end(), ','));
}

// Text made of the bytes the collapser treats differently: words, each kind of whitespace,
// U+00A0 and a lone 0xC2, multi-byte characters, stray continuation bytes, control bytes, commas.
std::string generated_text(std::mt19937& rng) {
  static const char* const kPieces[] = {"word",
                                        "Lorem",
                                        " ",
                                        "  ",
                                        "\t",
                                        "\n",
                                        "\r\n",
                                        "\f",
                                        "\xC2\xA0",
                                        "\xC2",
                                        "\xC3\xA9",
                                        "\xE2\x82\xAC",
                                        "\xF0\x9F\x98\x80",
                                        "\x80",
                                        "\xA0",
                                        "\x0B",
                                        "\x01",
                                        ",",
                                        ", ",
                                        "x"};
  std::uniform_int_distribution<int> pick(0, static_cast<int>(std::size(kPieces)) - 1);
  std::uniform_int_distribution<int> length(0, 120);
  std::string s;
  for (int n = length(rng); n > 0; --n) s += kPieces[pick(rng)];
  return s;
}

}  // namespace

TEST_CASE("text: append_collapsed collapses whitespace runs into one space") {
  std::string out;
  append_collapsed(out, "  Hello \t\n world\xC2\xA0\xC2\xA0!  ");
  CHECK(out == "Hello world ! ");  // a trailing space stays (trim_trailing_space drops it)
  append_collapsed(out, "  next");
  CHECK(out == "Hello world ! next");  // no second space after it
  std::string empty;
  append_collapsed(empty, " \n ");
  CHECK(empty.empty());  // no leading space in an empty text
  std::string lone;
  append_collapsed(lone,
                   "a\xC2"
                   "b\xC2");
  CHECK(lone ==
        "a\xC2"
        "b\xC2");  // 0xC2 without 0xA0 is not a space
}

TEST_CASE("text: a capped append is a prefix of the whole that reaches the cap at a character boundary") {
  std::string out = "start ";
  append_collapsed(out,
                   "ab\xC3\xA9"
                   "cd",
                   9);  // the cap falls inside é
  CHECK(out == "start ab\xC3\xA9");
  std::string full;
  append_collapsed(full, "x", 0);
  CHECK(full.empty());
  std::string bad;
  append_collapsed(bad, "a" + std::string(50, '\x80'), 4);  // stray continuation bytes cannot overrun
  CHECK(bad.size() <= 4 + 3);
}

TEST_CASE("text: generated text collapses and counts as the byte-at-a-time versions did") {
  std::mt19937 rng(20261203);
  for (int n = 0; n < 20000; ++n) {
    const std::string prefix = n % 3 == 0 ? "" : generated_text(rng).substr(0, 10);
    const std::string a = generated_text(rng), b = generated_text(rng);
    std::string expected = prefix, got = prefix;
    reference_collapse(expected, a);
    reference_collapse(expected, b);
    append_collapsed(got, a);
    append_collapsed(got, b);
    REQUIRE(got == expected);

    const std::size_t cap = static_cast<std::size_t>(n % 97);
    std::string capped = prefix;
    append_collapsed(capped, a, cap);
    append_collapsed(capped, b, cap);
    INFO("cap " << cap);
    REQUIRE(expected.compare(0, capped.size(), capped) == 0);  // a prefix of the whole
    if (capped.size() < expected.size()) {
      REQUIRE(capped.size() >= std::min(cap, expected.size()));
      REQUIRE(capped.size() <= std::max(cap, prefix.size()) + 3);
    }

    // What the block-text recorder takes for blank: ASCII whitespace only.
    const TextCounts a_counts = count_text(a);
    const bool ascii_blank = a.find_first_not_of(" \t\n\f\r") == std::string::npos;
    REQUIRE((a_counts.visible == 0 && a_counts.kept == 0 && a.find('\xA0') == std::string::npos) == ascii_blank);

    const TextCounts counts = count_text(a);
    REQUIRE(counts.visible == reference_visible(a));
    REQUIRE(counts.commas == reference_commas(a));
    REQUIRE(visible_chars(b) == reference_visible(b));
  }
}
