// Small ASCII/UTF-8 text helpers shared by the link classifiers.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace linklens::text {

inline char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

inline std::string ascii_lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

inline bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool is_ascii_alnum(char c) { return (c >= '0' && c <= '9') || is_ascii_alpha(c); }

inline bool is_ascii_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }

inline std::string_view trim(std::string_view s) {
  while (!s.empty() && is_ascii_ws(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_ascii_ws(s.back())) s.remove_suffix(1);
  return s;
}

// Appends `in` to `out` collapsing runs of whitespace (ASCII and U+00A0) into one space; a
// leading space is not written when `out` is empty or already ends with a space.
void append_collapsed(std::string& out, std::string_view in);

// The same, but stops once `out` holds at least `cap` bytes (it may end up to 3 bytes past
// `cap`, to finish a UTF-8 character; in invalid UTF-8 it may cut one): what a capped snippet
// reads of a long text node, without collapsing the kilobytes after it. The result is always a
// prefix of what the uncapped call would give.
void append_collapsed(std::string& out, std::string_view in, std::size_t cap);

// Removes a trailing space left by append_collapsed.
inline void trim_trailing_space(std::string& s) {
  while (!s.empty() && s.back() == ' ') s.pop_back();
}

// Splits on ASCII whitespace (the HTML Standard's "split on ASCII whitespace").
std::vector<std::string_view> split_ws(std::string_view s);

// Counts the non-whitespace bytes of s that start a UTF-8 character (visible characters).
std::size_t visible_chars(std::string_view s);

// The visible characters (as visible_chars), the commas and the bytes append_collapsed always
// keeps (a lower bound of the collapsed length) of s, in one pass.
struct TextCounts {
  std::size_t visible = 0;
  std::size_t commas = 0;
  std::size_t kept = 0;
};
TextCounts count_text(std::string_view s);

bool iequals(std::string_view a, std::string_view lower_b);
bool icontains(std::string_view haystack, std::string_view lower_needle);

}  // namespace linklens::text
