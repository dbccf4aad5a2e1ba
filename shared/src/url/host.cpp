#include "host.h"

#include <algorithm>
#include <cstdint>

#include "linklens/idna.h"
#include "percent_encode.h"

namespace linklens::url_detail {
namespace {

bool is_forbidden_host_byte(unsigned char c) {
  switch (c) {
    case 0x00:
    case 0x09:
    case 0x0A:
    case 0x0D:
    case ' ':
    case '#':
    case '/':
    case ':':
    case '<':
    case '>':
    case '?':
    case '@':
    case '[':
    case '\\':
    case ']':
    case '^':
    case '|': return true;
    default: return false;
  }
}

bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

// IPv4 number parser. Values are saturated well above 2^32, which every caller rejects.
bool parse_ipv4_number(std::string_view input, uint64_t& value) {
  if (input.empty()) return false;
  int radix = 10;
  if (input.size() >= 2 && input[0] == '0' && (input[1] == 'x' || input[1] == 'X')) {
    input.remove_prefix(2);
    radix = 16;
  } else if (input.size() >= 2 && input[0] == '0') {
    input.remove_prefix(1);
    radix = 8;
  }
  value = 0;
  for (char ch : input) {
    int d = hex_value(static_cast<unsigned char>(ch));
    if (d < 0 || d >= radix) return false;
    value = value * static_cast<uint64_t>(radix) + static_cast<uint64_t>(d);
    if (value > (uint64_t{1} << 40)) value = uint64_t{1} << 40;
  }
  return true;
}

}  // namespace

bool ends_in_a_number(std::string_view input) {
  if (!input.empty() && input.back() == '.') {
    input.remove_suffix(1);
    if (input.empty()) return false;  // "." alone: one empty part
  }
  std::size_t dot = input.rfind('.');
  std::string_view last = dot == std::string_view::npos ? input : input.substr(dot + 1);
  if (!last.empty() && std::all_of(last.begin(), last.end(), [](char c) { return is_digit(c); })) return true;
  uint64_t ignored;
  return parse_ipv4_number(last, ignored);
}

bool parse_ipv4(std::string_view input, uint32_t& address) {
  uint64_t numbers[4];
  std::size_t count = 0;
  if (!input.empty() && input.back() == '.') input.remove_suffix(1);  // one trailing dot is allowed
  std::size_t start = 0;
  while (true) {
    std::size_t dot = input.find('.', start);
    std::string_view part = input.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (count == 4) return false;
    if (!parse_ipv4_number(part, numbers[count])) return false;
    ++count;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  for (std::size_t i = 0; i + 1 < count; ++i) {
    if (numbers[i] > 255) return false;
  }
  if (numbers[count - 1] >= (uint64_t{1} << (8 * (5 - count)))) return false;
  uint64_t ipv4 = numbers[count - 1];
  for (std::size_t i = 0; i + 1 < count; ++i) ipv4 += numbers[i] << (8 * (3 - i));
  address = static_cast<uint32_t>(ipv4);
  return true;
}

void serialize_ipv4(uint32_t address, std::string& out) {
  for (int i = 3; i >= 0; --i) {
    out += std::to_string((address >> (8 * i)) & 0xFF);
    if (i != 0) out.push_back('.');
  }
}

bool parse_ipv6(std::string_view input, uint16_t (&address)[8]) {
  std::fill(std::begin(address), std::end(address), 0);
  int piece_index = 0, compress = -1;
  std::size_t p = 0;
  const std::size_t n = input.size();
  auto at = [&](std::size_t i) -> int { return i < n ? static_cast<unsigned char>(input[i]) : -1; };
  if (at(p) == ':') {
    if (at(p + 1) != ':') return false;
    p += 2;
    compress = ++piece_index;
  }
  while (at(p) != -1) {
    if (piece_index == 8) return false;
    if (at(p) == ':') {
      if (compress != -1) return false;
      ++p;
      compress = ++piece_index;
      continue;
    }
    unsigned value = 0;
    int length = 0;
    while (length < 4 && at(p) != -1 && hex_value(static_cast<unsigned char>(at(p))) >= 0) {
      value = value * 16 + static_cast<unsigned>(hex_value(static_cast<unsigned char>(at(p))));
      ++p;
      ++length;
    }
    if (at(p) == '.') {
      if (length == 0) return false;
      p -= static_cast<std::size_t>(length);
      if (piece_index > 6) return false;
      int numbers_seen = 0;
      while (at(p) != -1) {
        int ipv4_piece = -1;
        if (numbers_seen > 0) {
          if (at(p) == '.' && numbers_seen < 4)
            ++p;
          else
            return false;
        }
        if (at(p) == -1 || !is_digit(static_cast<unsigned char>(at(p)))) return false;
        while (at(p) != -1 && is_digit(static_cast<unsigned char>(at(p)))) {
          int number = at(p) - '0';
          if (ipv4_piece == -1)
            ipv4_piece = number;
          else if (ipv4_piece == 0)
            return false;
          else
            ipv4_piece = ipv4_piece * 10 + number;
          if (ipv4_piece > 255) return false;
          ++p;
        }
        address[piece_index] = static_cast<uint16_t>(address[piece_index] * 0x100 + ipv4_piece);
        ++numbers_seen;
        if (numbers_seen == 2 || numbers_seen == 4) ++piece_index;
      }
      if (numbers_seen != 4) return false;
      break;
    } else if (at(p) == ':') {
      ++p;
      if (at(p) == -1) return false;
    } else if (at(p) != -1) {
      return false;
    }
    address[piece_index++] = static_cast<uint16_t>(value);
  }
  if (compress != -1) {
    int swaps = piece_index - compress;
    piece_index = 7;
    while (piece_index != 0 && swaps > 0) {
      std::swap(address[piece_index], address[compress + swaps - 1]);
      --piece_index;
      --swaps;
    }
  } else if (piece_index != 8) {
    return false;
  }
  return true;
}

void serialize_ipv6(const uint16_t (&address)[8], std::string& out) {
  // Compress the first longest run of two or more zero pieces.
  int compress = -1, best = 1;
  for (int i = 0; i < 8;) {
    if (address[i] != 0) {
      ++i;
      continue;
    }
    int j = i;
    while (j < 8 && address[j] == 0) ++j;
    if (j - i > best) {
      best = j - i;
      compress = i;
    }
    i = j;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('[');
  bool ignore0 = false;
  for (int i = 0; i < 8; ++i) {
    if (ignore0 && address[i] == 0) continue;
    ignore0 = false;
    if (compress == i) {
      out += (i == 0) ? "::" : ":";
      ignore0 = true;
      continue;
    }
    uint16_t v = address[i];
    bool started = false;
    for (int shift = 12; shift >= 0; shift -= 4) {
      int d = (v >> shift) & 15;
      if (d != 0 || started || shift == 0) {
        out.push_back(kHex[d]);
        started = true;
      }
    }
    if (i != 7) out.push_back(':');
  }
  out.push_back(']');
}

bool parse_host(std::string_view input, bool is_opaque, std::string& out, HostType& type) {
  out.clear();
  if (!input.empty() && input.front() == '[') {
    if (input.size() < 2 || input.back() != ']') return false;
    uint16_t address[8];
    if (!parse_ipv6(input.substr(1, input.size() - 2), address)) return false;
    serialize_ipv6(address, out);
    type = HostType::kIPv6;
    return true;
  }
  if (is_opaque) {
    for (char c : input) {
      if (is_forbidden_host_byte(static_cast<unsigned char>(c))) return false;
    }
    append_encoded(out, input, kC0ControlSet);
    type = out.empty() ? HostType::kEmpty : HostType::kOpaque;
    return true;
  }
  auto ascii =
      input.find('%') == std::string_view::npos ? domain_to_ascii(input) : domain_to_ascii(percent_decode(input));
  if (!ascii) return false;
  if (ends_in_a_number(*ascii)) {
    uint32_t address;
    if (!parse_ipv4(*ascii, address)) return false;
    serialize_ipv4(address, out);
    type = HostType::kIPv4;
    return true;
  }
  out = std::move(ascii).value();
  type = HostType::kDomain;
  return true;
}

}  // namespace linklens::url_detail
