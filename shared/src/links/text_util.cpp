#include "text_util.h"

#include <algorithm>

namespace linklens::text {

void append_collapsed(std::string& out, std::string_view in) { append_collapsed(out, in, std::string::npos); }

void append_collapsed(std::string& out, std::string_view in, std::size_t cap) {
  const std::size_t start = out.size();
  if (start >= cap || in.empty()) return;
  // Collapsing never lengthens the text, so it is written in place into room for all of `in`,
  // or, under a cap, for the cap and the rest of a character; the string is cut to size after.
  const bool capped = cap - start < in.size();
  out.resize(start + (capped ? cap - start + 3 : in.size()));
  char* const base = out.data();
  char* const stop = base + (capped ? cap : out.size());
  char* o = base + start;
  const std::size_t n = in.size();
  std::size_t i = 0;
  while (i < n) {
    // A run of visible bytes is copied; at the cap it ends at the next character boundary.
    for (; i < n; ++i) {
      const auto u = static_cast<unsigned char>(in[i]);
      if ((u <= ' ' || u == 0xC2) &&
          (u == 0xC2 ? i + 1 < n && static_cast<unsigned char>(in[i + 1]) == 0xA0 : is_ascii_ws(in[i])))
        break;
      if (o >= stop && ((u & 0xC0) != 0x80 || o - stop >= 3)) {  // (3: bad UTF-8 cannot overrun)
        out.resize(static_cast<std::size_t>(o - base));
        return;
      }
      *o++ = in[i];
    }
    // Then the whitespace (ASCII and U+00A0 NO-BREAK SPACE) becomes one space, unless the text
    // is empty or already ends with one.
    bool space = false;
    while (i < n) {
      if (is_ascii_ws(in[i])) {
        ++i;
      } else if (static_cast<unsigned char>(in[i]) == 0xC2 && i + 1 < n &&
                 static_cast<unsigned char>(in[i + 1]) == 0xA0) {
        i += 2;
      } else {
        break;
      }
      space = true;
    }
    if (o >= stop) break;
    if (space && o != base && o[-1] != ' ') *o++ = ' ';
  }
  out.resize(static_cast<std::size_t>(o - base));
}

std::vector<std::string_view> split_ws(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && is_ascii_ws(s[i])) ++i;
    std::size_t start = i;
    while (i < s.size() && !is_ascii_ws(s[i])) ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

namespace {

// What one byte adds to TextCounts, packed in one word of three 21-bit fields (visible, commas,
// kept). One load and one add a byte, with no branch: these counts run over every text node of
// every page.
constexpr int kFieldBits = 21;
constexpr uint64_t kFieldMask = (uint64_t{1} << kFieldBits) - 1;
constexpr uint64_t kCommaUnit = uint64_t{1} << kFieldBits;
constexpr uint64_t kKeptUnit = uint64_t{1} << (2 * kFieldBits);

struct CountTable {
  uint64_t add[256];
  constexpr CountTable() : add() {
    for (int b = 0; b < 256; ++b) {
      const bool ws = b == ' ' || b == '\t' || b == '\n' || b == '\f' || b == '\r';
      const bool continuation = (b & 0xC0) == 0x80;
      // A byte above ' ' other than those of U+00A0 (0xC2 0xA0) is never collapsed away.
      const bool kept = b > ' ' && b != 0xC2 && b != 0xA0;
      add[b] = (!ws && !continuation ? 1 : 0) + (b == ',' ? kCommaUnit : 0) + (kept ? kKeptUnit : 0);
    }
  }
};
constexpr CountTable kCounts;

}  // namespace

TextCounts count_text(std::string_view s) {
  TextCounts out;
  // Chunks keep each field of the packed sum below 2^21.
  constexpr std::size_t kChunk = std::size_t{1} << (kFieldBits - 1);
  for (std::size_t start = 0; start < s.size(); start += kChunk) {
    const std::size_t end = std::min(s.size(), start + kChunk);
    uint64_t sum = 0;
    for (std::size_t i = start; i < end; ++i) sum += kCounts.add[static_cast<unsigned char>(s[i])];
    out.visible += sum & kFieldMask;
    out.commas += (sum >> kFieldBits) & kFieldMask;
    out.kept += sum >> (2 * kFieldBits);
  }
  return out;
}

std::size_t visible_chars(std::string_view s) { return count_text(s).visible; }

bool iequals(std::string_view a, std::string_view lower_b) {
  if (a.size() != lower_b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != lower_b[i]) return false;
  }
  return true;
}

bool icontains(std::string_view haystack, std::string_view lower_needle) {
  if (lower_needle.empty()) return true;
  if (haystack.size() < lower_needle.size()) return false;
  for (std::size_t i = 0; i + lower_needle.size() <= haystack.size(); ++i) {
    if (iequals(haystack.substr(i, lower_needle.size()), lower_needle)) return true;
  }
  return false;
}

}  // namespace linklens::text
