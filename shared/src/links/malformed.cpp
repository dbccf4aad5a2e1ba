#include "malformed.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "text_util.h"

namespace linklens::links {
namespace {

// Schemes that look like a typo of http(s) but are real.
constexpr std::array<std::string_view, 12> kNearHttpSchemes = {"ftp",  "ftps", "sftp", "tftp", "ws",   "wss",
                                                               "rtsp", "rtmp", "irc",  "ircs", "hxxp", "hxxps"};

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::array<std::size_t, 33> prev{}, row{};
  if (a.size() > 32 || b.size() > 32) return 99;
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j)
      row[j] = std::min({prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    prev = row;
  }
  return prev[b.size()];
}

// At most `max` bytes of s, cut at a character boundary.
std::string_view head(std::string_view s, std::size_t max) {
  if (s.size() <= max) return s;
  std::size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return s.substr(0, cut);
}

bool starts_with_nocase(std::string_view s, std::string_view lower_prefix) {
  return s.size() >= lower_prefix.size() && text::iequals(s.substr(0, lower_prefix.size()), lower_prefix);
}

}  // namespace

std::string malformed_reason(std::string_view href, bool parsed) {
  href = text::trim(href);
  if (!parsed) return "the href does not parse as a URL: \"" + std::string(head(href, 60)) + "\"";
  if (starts_with_nocase(href, "www.") || starts_with_nocase(href, "http//") || starts_with_nocase(href, "https//")) {
    return "\"" + std::string(head(href, 40)) +
           "\" reads as a path on this site (an absolute URL without \"https://\"?)";
  }
  // The scheme as written: a letter, then letters, digits, "+", "-" or ".", then ":".
  std::size_t i = 0;
  if (href.empty() || !std::isalpha(static_cast<unsigned char>(href[0]))) return {};
  while (i < href.size() &&
         (std::isalnum(static_cast<unsigned char>(href[i])) || href[i] == '+' || href[i] == '-' || href[i] == '.'))
    ++i;
  if (i >= href.size() || href[i] != ':') return {};
  const std::string scheme = text::ascii_lowercase(href.substr(0, i));
  if (scheme == "http" || scheme == "https") return {};
  if (std::find(kNearHttpSchemes.begin(), kNearHttpSchemes.end(), scheme) != kNearHttpSchemes.end()) return {};
  if (std::min(edit_distance(scheme, "http"), edit_distance(scheme, "https")) <= 2)
    return "unknown scheme \"" + scheme + ":\" (a typo of https:?)";
  return {};
}

}  // namespace linklens::links
