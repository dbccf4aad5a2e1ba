#include "encoding/charset.h"

#include <iconv.h>
#include <simdjson.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>

namespace linklens::encoding {
namespace {

struct Label {
  std::string_view label, name;
};

// WHATWG Encoding Standard labels (the common ones) -> canonical names.
constexpr std::array kLabels = {
    Label{"utf-8", "utf-8"},
    Label{"utf8", "utf-8"},
    Label{"unicode-1-1-utf-8", "utf-8"},
    Label{"windows-1252", "windows-1252"},
    Label{"iso-8859-1", "windows-1252"},
    Label{"latin1", "windows-1252"},
    Label{"l1", "windows-1252"},
    Label{"ascii", "windows-1252"},
    Label{"us-ascii", "windows-1252"},
    Label{"cp1252", "windows-1252"},
    Label{"iso_8859-1", "windows-1252"},
    Label{"iso8859-1", "windows-1252"},
    Label{"x-cp1252", "windows-1252"},
    Label{"cp819", "windows-1252"},
    Label{"ibm819", "windows-1252"},
    Label{"iso-8859-2", "iso-8859-2"},
    Label{"latin2", "iso-8859-2"},
    Label{"iso-8859-3", "iso-8859-3"},
    Label{"iso-8859-4", "iso-8859-4"},
    Label{"iso-8859-5", "iso-8859-5"},
    Label{"cyrillic", "iso-8859-5"},
    Label{"iso-8859-6", "iso-8859-6"},
    Label{"arabic", "iso-8859-6"},
    Label{"iso-8859-7", "iso-8859-7"},
    Label{"greek", "iso-8859-7"},
    Label{"iso-8859-8", "iso-8859-8"},
    Label{"hebrew", "iso-8859-8"},
    Label{"iso-8859-10", "iso-8859-10"},
    Label{"iso-8859-13", "iso-8859-13"},
    Label{"iso-8859-14", "iso-8859-14"},
    Label{"iso-8859-15", "iso-8859-15"},
    Label{"latin9", "iso-8859-15"},
    Label{"iso-8859-16", "iso-8859-16"},
    Label{"windows-1250", "windows-1250"},
    Label{"cp1250", "windows-1250"},
    Label{"windows-1251", "windows-1251"},
    Label{"cp1251", "windows-1251"},
    Label{"windows-1253", "windows-1253"},
    Label{"windows-1254", "windows-1254"},
    Label{"iso-8859-9", "windows-1254"},
    Label{"latin5", "windows-1254"},
    Label{"windows-1255", "windows-1255"},
    Label{"windows-1256", "windows-1256"},
    Label{"windows-1257", "windows-1257"},
    Label{"windows-1258", "windows-1258"},
    Label{"windows-874", "windows-874"},
    Label{"tis-620", "windows-874"},
    Label{"iso-8859-11", "windows-874"},
    Label{"koi8-r", "koi8-r"},
    Label{"koi8", "koi8-r"},
    Label{"koi8-u", "koi8-u"},
    Label{"ibm866", "ibm866"},
    Label{"cp866", "ibm866"},
    Label{"macintosh", "macintosh"},
    Label{"mac", "macintosh"},
    Label{"shift_jis", "shift_jis"},
    Label{"shift-jis", "shift_jis"},
    Label{"sjis", "shift_jis"},
    Label{"x-sjis", "shift_jis"},
    Label{"ms_kanji", "shift_jis"},
    Label{"windows-31j", "shift_jis"},
    Label{"csshiftjis", "shift_jis"},
    Label{"ms932", "shift_jis"},
    Label{"euc-jp", "euc-jp"},
    Label{"x-euc-jp", "euc-jp"},
    Label{"iso-2022-jp", "iso-2022-jp"},
    Label{"gbk", "gbk"},
    Label{"gb2312", "gbk"},
    Label{"x-gbk", "gbk"},
    Label{"chinese", "gbk"},
    Label{"csgb2312", "gbk"},
    Label{"gb_2312-80", "gbk"},
    Label{"gb18030", "gb18030"},
    Label{"big5", "big5"},
    Label{"big5-hkscs", "big5"},
    Label{"x-x-big5", "big5"},
    Label{"cn-big5", "big5"},
    Label{"csbig5", "big5"},
    Label{"euc-kr", "euc-kr"},
    Label{"ks_c_5601-1987", "euc-kr"},
    Label{"korean", "euc-kr"},
    Label{"windows-949", "euc-kr"},
    Label{"cp949", "euc-kr"},
    Label{"utf-16le", "utf-16le"},
    Label{"utf-16", "utf-16le"},
    Label{"utf-16be", "utf-16be"},
};

// The iconv name for a canonical WHATWG name (WHATWG's Shift_JIS, GBK, Big5 and EUC-KR are the
// Windows supersets).
std::string iconv_name(std::string_view name) {
  if (name == "shift_jis") return "CP932";
  if (name == "gbk" || name == "gb18030") return "GB18030";
  if (name == "big5") return "BIG5-HKSCS";
  if (name == "euc-kr") return "CP949";
  if (name == "windows-874") return "CP874";
  if (name == "ibm866") return "CP866";
  std::string out(name);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

std::string lower_trim(std::string_view s) {
  std::size_t b = s.find_first_not_of(" \t\r\n\f\"'");
  std::size_t e = s.find_last_not_of(" \t\r\n\f\"'");
  if (b == std::string_view::npos) return {};
  std::string out(s.substr(b, e - b + 1));
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Length of the well-formed UTF-8 sequence at in[i] (1 for ASCII), or 0 when it is ill-formed.
std::size_t sequence_length(std::string_view in, std::size_t i) {
  unsigned char b = static_cast<unsigned char>(in[i]);
  if (b < 0x80) return 1;
  std::size_t n = (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 0;
  if (n == 0 || i + n > in.size()) return 0;
  uint32_t cp = n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
  for (std::size_t k = 1; k < n; ++k) {
    unsigned char c = static_cast<unsigned char>(in[i + k]);
    if ((c & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (c & 0x3F);
  }
  static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

// Skips the ASCII run at in[i..], eight bytes at a time.
std::size_t skip_ascii(std::string_view in, std::size_t i) {
  while (i + 8 <= in.size()) {
    uint64_t w;
    std::memcpy(&w, in.data() + i, 8);
    if (w & 0x8080808080808080ull) break;
    i += 8;
  }
  while (i < in.size() && static_cast<unsigned char>(in[i]) < 0x80) ++i;
  return i;
}

// Copies valid UTF-8 (by runs) and replaces every ill-formed byte with U+FFFD.
bool sanitize_utf8(std::string_view in, std::string& out) {
  bool errors = false;
  out.reserve(out.size() + in.size());
  std::size_t start = 0, i = 0;
  while (i < in.size()) {
    i = skip_ascii(in, i);
    if (i >= in.size()) break;
    std::size_t n = sequence_length(in, i);
    if (n != 0) {
      i += n;
      continue;
    }
    out.append(in, start, i - start);
    out += "\xEF\xBF\xBD";
    errors = true;
    start = ++i;
  }
  out.append(in, start, in.size() - start);
  return !errors;
}

bool convert(std::string_view in, const std::string& from, Decoded& out) {
  iconv_t cd = iconv_open("UTF-8", from.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) return false;
  out.utf8.clear();
  out.utf8.reserve(in.size() * 2);
  char* src = const_cast<char*>(in.data());
  std::size_t src_left = in.size();
  char buf[1 << 15];
  while (src_left > 0) {
    char* dst = buf;
    std::size_t dst_left = sizeof buf;
    std::size_t r = iconv(cd, &src, &src_left, &dst, &dst_left);
    out.utf8.append(buf, static_cast<std::size_t>(dst - buf));
    if (r != static_cast<std::size_t>(-1)) continue;
    if (errno == E2BIG) continue;
    // EILSEQ (an invalid sequence) or EINVAL (a truncated one at the end): U+FFFD, skip a byte.
    out.utf8 += "\xEF\xBF\xBD";
    out.had_errors = true;
    ++src;
    --src_left;
    iconv(cd, nullptr, nullptr, nullptr, nullptr);  // reset shift state
  }
  char* dst = buf;
  std::size_t dst_left = sizeof buf;
  iconv(cd, nullptr, nullptr, &dst, &dst_left);  // flush stateful encodings (ISO-2022-JP)
  out.utf8.append(buf, static_cast<std::size_t>(dst - buf));
  iconv_close(cd);
  return true;
}

}  // namespace

std::string canonical_encoding(std::string_view label) {
  std::string l = lower_trim(label);
  for (const Label& entry : kLabels) {
    if (entry.label == l) return std::string(entry.name);
  }
  return {};
}

std::string charset_from_content_type(std::string_view content_type) {
  std::string lower = lower_trim(content_type);
  std::size_t pos = lower.find("charset=");
  if (pos == std::string::npos) return {};
  std::string value = lower.substr(pos + 8);
  return lower_trim(value.substr(0, value.find(';')));
}

std::string prescan_meta_charset(std::string_view bytes) {
  std::string head = lower_trim(bytes.substr(0, 1024));
  std::size_t pos = 0;
  while ((pos = head.find("<meta", pos)) != std::string::npos) {
    std::size_t end = head.find('>', pos);
    std::string tag = head.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    pos += 5;
    std::size_t cs = tag.find("charset");
    if (cs == std::string::npos) continue;
    std::size_t i = cs + 7;
    while (i < tag.size() && (tag[i] == ' ' || tag[i] == '\t' || tag[i] == '\n')) ++i;
    if (i >= tag.size() || tag[i] != '=') continue;
    ++i;
    while (i < tag.size() && (tag[i] == ' ' || tag[i] == '"' || tag[i] == '\'')) ++i;
    std::size_t j = i;
    while (j < tag.size() && tag[j] != '"' && tag[j] != '\'' && tag[j] != ';' && tag[j] != ' ' && tag[j] != '/' &&
           tag[j] != '>')
      ++j;
    std::string label = canonical_encoding(tag.substr(i, j - i));
    // A page cannot declare itself UTF-16 in its own ASCII bytes: the standard reads that as UTF-8.
    if (label == "utf-16le" || label == "utf-16be") return "utf-8";
    if (!label.empty()) return label;
  }
  return {};
}

Decoded to_utf8(std::string_view bytes, std::string_view content_type) {
  Decoded d;
  if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF") {
    d.encoding = "utf-8";
    d.source = "bom";
    bytes.remove_prefix(3);
  } else if (bytes.size() >= 2 && bytes.substr(0, 2) == "\xFF\xFE") {
    d.encoding = "utf-16le";
    d.source = "bom";
    bytes.remove_prefix(2);
  } else if (bytes.size() >= 2 && bytes.substr(0, 2) == "\xFE\xFF") {
    d.encoding = "utf-16be";
    d.source = "bom";
    bytes.remove_prefix(2);
  } else if (std::string e = canonical_encoding(charset_from_content_type(content_type)); !e.empty()) {
    d.encoding = e;
    d.source = "content-type";
  } else if (std::string m = prescan_meta_charset(bytes); !m.empty()) {
    d.encoding = m;
    d.source = "meta";
  } else {
    // Unlabelled: valid UTF-8 is UTF-8, else windows-1252.
    if (simdjson::validate_utf8(bytes.data(), bytes.size())) {
      d.encoding = "utf-8";
      d.source = "sniffed-utf-8";
      d.input = bytes;
      d.copied = false;
      return d;
    }
    d.encoding = "windows-1252";
    d.source = "default";
  }
  if (d.encoding == "utf-8") {
    // Most pages are valid UTF-8 throughout: simdjson checks them many bytes at a time, by the
    // rules of sequence_length (no overlong form, surrogate, or code point past U+10FFFF), and
    // the page is read where it is. The byte-by-byte pass is for the others.
    if (simdjson::validate_utf8(bytes.data(), bytes.size())) {
      d.input = bytes;
      d.copied = false;
      return d;
    }
    d.had_errors = !sanitize_utf8(bytes, d.utf8);
    return d;
  }
  if (!convert(bytes, iconv_name(d.encoding), d)) {
    // iconv lacks the encoding: treat as UTF-8 with replacement, and say so.
    d.encoding = "utf-8";
    d.source += " (unsupported by iconv, read as utf-8)";
    d.utf8.clear();
    d.had_errors = !sanitize_utf8(bytes, d.utf8);
  }
  return d;
}

}  // namespace linklens::encoding
