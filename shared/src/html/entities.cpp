#include "entities.h"

#include "utf8.h"

#include <algorithm>
#include <cstring>
#include <string_view>
#include <vector>

namespace linklens::html {
namespace {

bool is_alnum(unsigned char c) { return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'); }

// The table's rows by their first two bytes (every name has at least two): a search looks at the
// few names that share them. Ampersands in URLs ("&utm_source=") are searched for every length
// of their run of letters, so most searches find nothing, and find that at once.
struct FirstTwo {
  static int slot(unsigned char a, unsigned char b) { return a < 128 && b < 128 ? a * 128 + b : -1; }
  std::vector<uint16_t> begin = std::vector<uint16_t>(128 * 128, 0), end = std::vector<uint16_t>(128 * 128, 0);
  FirstTwo() {
    for (std::size_t i = kNamedEntityCount; i-- > 0;) {  // backwards: begin ends at the first row
      const NamedEntity& e = kNamedEntities[i];
      const int s = slot(static_cast<unsigned char>(e.name[0]), static_cast<unsigned char>(e.name[1]));
      if (s < 0) continue;  // (never: the generator checks every name is ASCII, 2+ bytes)
      if (end[static_cast<std::size_t>(s)] == 0) end[static_cast<std::size_t>(s)] = static_cast<uint16_t>(i + 1);
      begin[static_cast<std::size_t>(s)] = static_cast<uint16_t>(i);
    }
  }
};

const NamedEntity* find_exact(std::string_view name) {
  static const FirstTwo index;
  if (name.size() < 2) return nullptr;
  const int s = FirstTwo::slot(static_cast<unsigned char>(name[0]), static_cast<unsigned char>(name[1]));
  if (s < 0) return nullptr;
  const NamedEntity* begin = kNamedEntities + index.begin[static_cast<std::size_t>(s)];
  const NamedEntity* end = kNamedEntities + index.end[static_cast<std::size_t>(s)];
  const NamedEntity* it = std::lower_bound(begin, end, name, [](const NamedEntity& e, std::string_view n) {
    return std::string_view(e.name, e.name_length) < n;
  });
  if (it != end && std::string_view(it->name, it->name_length) == name) return it;
  return nullptr;
}

// 13.2.5.80: numeric references to C1 controls mean their windows-1252 characters.
uint32_t c1_replacement(uint32_t cp) {
  static constexpr uint16_t kTable[32] = {0x20AC, 0x81,   0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                          0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D,   0x017D, 0x8F,
                                          0x90,   0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                          0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D,   0x017E, 0x0178};
  return (cp >= 0x80 && cp <= 0x9F) ? kTable[cp - 0x80] : cp;
}

}  // namespace

void append_utf8(std::string& out, uint32_t cp) { utf8::append(out, static_cast<char32_t>(cp)); }

// The references most pages use, written out in full with their semicolon: each is the longest
// match the table search below would find for them, so they skip it.
struct CommonReference {
  std::string_view name, value;
};
constexpr CommonReference kCommonReferences[] = {{"amp;", "&"}, {"quot;", "\""}, {"nbsp;", "\xC2\xA0"},
                                                 {"lt;", "<"},  {"gt;", ">"},    {"apos;", "'"}};

std::size_t decode_char_ref(const char* p, const char* end, bool in_attribute, std::string& out) {
  const std::size_t avail = static_cast<std::size_t>(end - p);
  const std::string_view rest(p, avail);
  if (avail > 0 && is_alnum(static_cast<unsigned char>(p[0]))) {
    for (const CommonReference& r : kCommonReferences) {
      if (r.name[0] == p[0] && rest.starts_with(r.name)) {  // the first letter first: no call to compare
        out.append(r.value);
        return r.name.size();
      }
    }
    // Named character reference state: the longest name in the table that the input starts with.
    std::size_t run = 0;
    while (run < avail && run < kLongestEntityName && is_alnum(static_cast<unsigned char>(p[run]))) ++run;
    std::size_t candidate = run + (run < avail && p[run] == ';' ? 1 : 0);
    for (std::size_t len = candidate; len >= 1; --len) {
      const NamedEntity* e = find_exact(std::string_view(p, len));
      if (e == nullptr) continue;
      bool has_semicolon = p[len - 1] == ';';
      if (in_attribute && !has_semicolon && len < avail &&
          (p[len] == '=' || is_alnum(static_cast<unsigned char>(p[len])))) {
        // Historical reasons: "&copy=1" in an attribute stays as written.
        out.push_back('&');
        out.append(p, len);
        return len;
      }
      out.append(e->value, e->value_length);
      return len;
    }
    out.push_back('&');  // ambiguous ampersand: the alphanumerics that follow are plain text
    return 0;
  }
  if (avail > 0 && p[0] == '#') {
    std::size_t i = 1;
    bool hex = i < avail && (p[i] == 'x' || p[i] == 'X');
    if (hex) ++i;
    std::size_t digits_start = i;
    uint32_t code = 0;
    while (i < avail) {
      unsigned char c = static_cast<unsigned char>(p[i]);
      int v;
      if (c >= '0' && c <= '9')
        v = c - '0';
      else if (hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f')
        v = (c | 0x20) - 'a' + 10;
      else
        break;
      code = std::min<uint32_t>(code * (hex ? 16 : 10) + static_cast<uint32_t>(v), 0x110000);
      ++i;
    }
    if (i == digits_start) {  // "&#" or "&#x" with no digits: not a reference
      out.push_back('&');
      out.append(p, i);
      return i;
    }
    if (i < avail && p[i] == ';') ++i;
    if (code == 0 || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) code = 0xFFFD;
    append_utf8(out, c1_replacement(code));
    return i;
  }
  out.push_back('&');
  return 0;
}

}  // namespace linklens::html

#include "linklens/html/entities.h"

namespace linklens::html {

std::string decode_character_references(std::string_view text, bool attribute_value) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t amp = text.find('&', i);
    if (amp == std::string_view::npos) {
      out.append(text.substr(i));
      break;
    }
    out.append(text.substr(i, amp - i));
    i = amp + 1;
    i += decode_char_ref(text.data() + i, text.data() + text.size(), attribute_value, out);
  }
  return out;
}

}  // namespace linklens::html
