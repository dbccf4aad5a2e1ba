// The URL Standard's percent-encode sets (section 1.3) as 256-bit tables, and the encoder.
// Every set contains the C0 controls and every byte >= 0x7F, so encoding UTF-8 byte by byte is
// exactly "UTF-8 percent-encode" of each code point.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace linklens::url_detail {

using EncodeSet = std::array<bool, 256>;

constexpr EncodeSet make_set(std::string_view extra) {
  EncodeSet set{};
  for (int c = 0; c < 256; ++c) set[c] = c < 0x20 || c > 0x7E;
  for (char c : extra) set[static_cast<unsigned char>(c)] = true;
  return set;
}

inline constexpr EncodeSet kC0ControlSet = make_set("");
inline constexpr EncodeSet kFragmentSet = make_set(" \"<>`");
inline constexpr EncodeSet kQuerySet = make_set(" \"#<>");
inline constexpr EncodeSet kSpecialQuerySet = make_set(" \"#<>'");
inline constexpr EncodeSet kPathSet = make_set(" \"#<>?^`{}");
inline constexpr EncodeSet kUserinfoSet = make_set(" \"#<>?^`{}/:;=@[\\]|");

inline void append_encoded(std::string& out, unsigned char c, const EncodeSet& set) {
  if (!set[c]) {
    out.push_back(static_cast<char>(c));
    return;
  }
  static constexpr char kHex[] = "0123456789ABCDEF";
  out.push_back('%');
  out.push_back(kHex[c >> 4]);
  out.push_back(kHex[c & 15]);
}

inline void append_encoded(std::string& out, std::string_view in, const EncodeSet& set) {
  for (char c : in) append_encoded(out, static_cast<unsigned char>(c), set);
}

inline int hex_value(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decodes `in` (a '%' not followed by two hex digits stays as it is).
inline std::string percent_decode(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '%' && i + 2 < in.size()) {
      int hi = hex_value(static_cast<unsigned char>(in[i + 1]));
      int lo = hex_value(static_cast<unsigned char>(in[i + 2]));
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(in[i]);
  }
  return out;
}

}  // namespace linklens::url_detail
