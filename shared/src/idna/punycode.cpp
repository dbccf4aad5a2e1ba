// RFC 3492 section 6, with the overflow checks of its section 6.4.
#include "punycode.h"

#include <cstdint>

namespace linklens::punycode {
namespace {

constexpr uint32_t kBase = 36, kTMin = 1, kTMax = 26, kSkew = 38, kDamp = 700;
constexpr uint32_t kInitialBias = 72, kInitialN = 128;
constexpr uint32_t kMaxInt = 0xFFFFFFFFu;

uint32_t adapt(uint32_t delta, uint32_t num_points, bool first_time) {
  delta = first_time ? delta / kDamp : delta / 2;
  delta += delta / num_points;
  uint32_t k = 0;
  while (delta > ((kBase - kTMin) * kTMax) / 2) {
    delta /= kBase - kTMin;
    k += kBase;
  }
  return k + (((kBase - kTMin + 1) * delta) / (delta + kSkew));
}

int digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0' + 26;
  if (c >= 'a' && c <= 'z') return c - 'a';
  if (c >= 'A' && c <= 'Z') return c - 'A';
  return -1;
}

char digit_char(uint32_t d) { return static_cast<char>(d < 26 ? 'a' + d : '0' + (d - 26)); }

}  // namespace

bool decode(std::string_view in, std::u32string& out) {
  out.clear();
  std::size_t basic_end = in.rfind('-');
  std::size_t pos = 0;
  if (basic_end != std::string_view::npos) {
    for (std::size_t i = 0; i < basic_end; ++i) {
      unsigned char c = static_cast<unsigned char>(in[i]);
      if (c >= 0x80) return false;
      out.push_back(c);
    }
    pos = basic_end + 1;
  }
  uint32_t n = kInitialN, bias = kInitialBias, i = 0;
  while (pos < in.size()) {
    uint32_t old_i = i, w = 1;
    for (uint32_t k = kBase;; k += kBase) {
      if (pos >= in.size()) return false;
      int digit = digit_value(in[pos++]);
      if (digit < 0) return false;
      if (static_cast<uint32_t>(digit) > (kMaxInt - i) / w) return false;
      i += static_cast<uint32_t>(digit) * w;
      uint32_t t = k <= bias ? kTMin : (k >= bias + kTMax ? kTMax : k - bias);
      if (static_cast<uint32_t>(digit) < t) break;
      if (w > kMaxInt / (kBase - t)) return false;
      w *= kBase - t;
    }
    uint32_t count = static_cast<uint32_t>(out.size()) + 1;
    bias = adapt(i - old_i, count, old_i == 0);
    if (i / count > kMaxInt - n) return false;
    n += i / count;
    i %= count;
    if (n > 0x10FFFF || (n >= 0xD800 && n <= 0xDFFF)) return false;
    out.insert(out.begin() + i, static_cast<char32_t>(n));
    ++i;
  }
  return true;
}

bool encode(std::u32string_view in, std::string& out) {
  out.clear();
  uint32_t basic = 0;
  for (char32_t c : in) {
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
      ++basic;
    }
  }
  uint32_t handled = basic;
  if (basic > 0) out.push_back('-');
  uint32_t n = kInitialN, delta = 0, bias = kInitialBias;
  while (handled < in.size()) {
    uint32_t m = kMaxInt;
    for (char32_t c : in)
      if (c >= n && c < m) m = c;
    if (m - n > (kMaxInt - delta) / (handled + 1)) return false;
    delta += (m - n) * (handled + 1);
    n = m;
    for (char32_t c : in) {
      if (c < n) {
        if (++delta == 0) return false;
      }
      if (c == n) {
        uint32_t q = delta;
        for (uint32_t k = kBase;; k += kBase) {
          uint32_t t = k <= bias ? kTMin : (k >= bias + kTMax ? kTMax : k - bias);
          if (q < t) break;
          out.push_back(digit_char(t + (q - t) % (kBase - t)));
          q = (q - t) / (kBase - t);
        }
        out.push_back(digit_char(q));
        bias = adapt(delta, handled + 1, handled == basic);
        delta = 0;
        ++handled;
      }
    }
    ++delta;
    ++n;
  }
  return true;
}

}  // namespace linklens::punycode
