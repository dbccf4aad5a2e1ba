#include "text_util.h"

namespace linklens::text {

void append_collapsed(std::string& out, std::string_view in) {
  for (std::size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    bool space = is_ascii_ws(c);
    if (!space && static_cast<unsigned char>(c) == 0xC2 && i + 1 < in.size() &&
        static_cast<unsigned char>(in[i + 1]) == 0xA0) {  // U+00A0 NO-BREAK SPACE
      space = true;
      ++i;
    }
    if (space) {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
    } else {
      out.push_back(c);
    }
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
