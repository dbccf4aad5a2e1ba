#include "text_util.h"

namespace linklens::text {

void append_collapsed(std::string& out, std::string_view in) {
  std::size_t i = 0;
  while (i < in.size()) {
    // A run of visible bytes is appended whole.
    std::size_t run = i;
    while (run < in.size() && !is_ascii_ws(in[run]) &&
           !(static_cast<unsigned char>(in[run]) == 0xC2 && run + 1 < in.size() &&
             static_cast<unsigned char>(in[run + 1]) == 0xA0)) {
      ++run;
    }
    out.append(in, i, run - i);
    i = run;
    // Then the whitespace (ASCII and U+00A0 NO-BREAK SPACE) becomes one space.
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

std::size_t visible_chars(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (!is_ascii_ws(c) && (u & 0xC0) != 0x80) ++n;
  }
  return n;
}

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
