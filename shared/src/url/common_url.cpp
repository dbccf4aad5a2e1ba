#include "common_url.h"

#include <array>

#include "percent_encode.h"

namespace linklens::url_detail {
namespace {

// Bytes each component may hold for the shortcut: printable ASCII outside the component's
// percent-encode set, and none the parser treats specially there ('\\' is a slash in special
// URLs; '?' and '#' end the path, '#' the query).
constexpr std::array<bool, 256> plain_bytes(const EncodeSet& set, std::string_view also_refused) {
  std::array<bool, 256> ok{};
  for (int c = 0x21; c <= 0x7E; ++c) ok[c] = !set[c] && c != '\\';
  for (char c : also_refused) ok[static_cast<unsigned char>(c)] = false;
  return ok;
}
constexpr auto kPlainPath = plain_bytes(kPathSet, "?#");
constexpr auto kPlainQuery = plain_bytes(kSpecialQuerySet, "#");
constexpr auto kPlainFragment = plain_bytes(kFragmentSet, "");

bool is_host_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

bool is_http_scheme(std::string_view scheme) { return scheme == "http" || scheme == "https"; }

// A segment the path state would drop or shorten the path for: ".", "..", or one spelled with %2e.
bool may_be_dot_segment(std::string_view segment) {
  return segment.starts_with('.') || segment.starts_with("%2e") || segment.starts_with("%2E");
}

}  // namespace

bool parse_common_url(std::string_view in, const Url* base, UrlParts& u) {
  std::size_t at = 0;
  if (in.starts_with("https://")) {
    u.scheme = "https";
    at = 8;
  } else if (in.starts_with("http://")) {
    u.scheme = "http";
    at = 7;
  } else if (in.starts_with("//") || in.starts_with('/')) {
    if (base == nullptr || !is_http_scheme(base->scheme())) return false;
    u.scheme = base->scheme();
    at = in.starts_with("//") ? 2 : 0;
  } else {
    return false;
  }
  u.special = true;

  if (at == 0) {
    // A path-absolute reference keeps the base's authority, whatever its form.
    UrlWriter::copy_authority(u, *base);
  } else {
    const std::size_t host_begin = at;
    while (at < in.size() && is_host_byte(static_cast<unsigned char>(in[at]))) ++at;
    if (at < in.size() && in[at] != '/' && in[at] != '?' && in[at] != '#') return false;  // port, userinfo, ...
    const std::string_view host = in.substr(host_begin, at - host_begin);
    if (host.empty() || host.back() == '.') return false;
    const std::size_t last_label = host.rfind('.') + 1;                    // npos + 1 == 0
    if (host[last_label] >= '0' && host[last_label] <= '9') return false;  // may end in a number (IPv4)
    u.host.assign(host);
    for (char& c : u.host)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    u.has_host = true;
    u.host_type = HostType::kDomain;
    u.port = -1;
  }

  // The path: verbatim, or "/" when there is none.
  const std::size_t path_begin = at;
  std::size_t segment = at;
  for (; at < in.size() && in[at] != '?' && in[at] != '#'; ++at) {
    const auto c = static_cast<unsigned char>(in[at]);
    if (!kPlainPath[c]) return false;
    if (c == '/') {
      if (at > path_begin && may_be_dot_segment(in.substr(segment, at - segment))) return false;
      segment = at + 1;
    }
  }
  if (at > path_begin && may_be_dot_segment(in.substr(segment, at - segment))) return false;
  if (at == path_begin)
    u.path = "/";
  else
    u.path.assign(in.substr(path_begin, at - path_begin));

  if (at < in.size() && in[at] == '?') {
    const std::size_t begin = ++at;
    while (at < in.size() && in[at] != '#') {
      if (!kPlainQuery[static_cast<unsigned char>(in[at])]) return false;
      ++at;
    }
    u.has_query = true;
    u.query.assign(in.substr(begin, at - begin));
  }
  if (at < in.size()) {  // at '#'
    const std::size_t begin = ++at;
    for (; at < in.size(); ++at)
      if (!kPlainFragment[static_cast<unsigned char>(in[at])]) return false;
    u.has_fragment = true;
    u.fragment.assign(in.substr(begin));
  }
  return true;
}

}  // namespace linklens::url_detail
