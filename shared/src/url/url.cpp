// Url: serialization (URL Standard section 4.5) and the API getters (section 6.1).
#include <string>

#include "url_writer.h"

namespace linklens {

const char* to_string(UrlError error) {
  switch (error) {
    case UrlError::kInvalidScheme: return "not an absolute URL and no usable base";
    case UrlError::kInvalidHost: return "invalid host";
    case UrlError::kMissingHost: return "missing host";
    case UrlError::kInvalidPort: return "invalid port";
    case UrlError::kInvalidBase: return "invalid base URL";
  }
  return "invalid URL";
}

const char* to_string(HostType type) {
  switch (type) {
    case HostType::kNone: return "none";
    case HostType::kEmpty: return "empty";
    case HostType::kDomain: return "domain";
    case HostType::kIPv4: return "ipv4";
    case HostType::kIPv6: return "ipv6";
    case HostType::kOpaque: return "opaque";
  }
  return "none";
}

Url UrlWriter::build(const UrlParts& u) {
  Url url;
  std::string& h = url.href_;
  h.reserve(u.scheme.size() + u.username.size() + u.password.size() + u.host.size() + u.path.size() + u.query.size() +
            u.fragment.size() + 16);
  auto pos = [&h] { return static_cast<uint32_t>(h.size()); };
  h += u.scheme;
  url.scheme_end_ = pos();
  h.push_back(':');
  if (u.has_host) {
    h += "//";
    url.username_start_ = pos();
    if (!u.username.empty() || !u.password.empty()) {
      h += u.username;
      url.username_end_ = pos();
      url.password_start_ = url.password_end_ = pos();
      if (!u.password.empty()) {
        h.push_back(':');
        url.password_start_ = pos();
        h += u.password;
        url.password_end_ = pos();
      }
      h.push_back('@');
    } else {
      url.username_end_ = url.password_start_ = url.password_end_ = pos();
    }
    url.host_start_ = pos();
    h += u.host;
    url.host_end_ = pos();
    if (u.port >= 0) {
      h.push_back(':');
      h += std::to_string(u.port);
    }
  } else {
    url.username_start_ = url.username_end_ = url.password_start_ = url.password_end_ = pos();
    url.host_start_ = url.host_end_ = pos();
  }
  url.path_start_ = pos();
  // A null host with a path starting "//" would read back as a host: the standard adds "/.".
  if (!u.has_host && !u.opaque_path && u.path.size() > 1 && u.path[0] == '/' && u.path[1] == '/') {
    h += "/.";
  }
  url.pathname_start_ = pos();
  h += u.path;
  url.path_end_ = pos();
  if (u.has_query) {
    url.query_start_ = pos();
    h.push_back('?');
    h += u.query;
  }
  if (u.has_fragment) {
    url.fragment_start_ = pos();
    h.push_back('#');
    h += u.fragment;
  }
  url.port_ = u.port;
  url.host_type_ = u.has_host ? u.host_type : HostType::kNone;
  url.opaque_path_ = u.opaque_path;
  url.special_ = u.special;
  return url;
}

std::string_view Url::password() const { return slice(password_start_, password_end_); }

std::string_view Url::host() const {
  if (port_ < 0) return hostname();
  return slice(host_start_, path_start_);
}

std::string_view Url::port() const {
  if (port_ < 0) return {};
  return slice(host_end_ + 1, path_start_);
}

std::string_view Url::search() const {
  if (query_start_ == kNone) return {};
  uint32_t end = fragment_start_ == kNone ? static_cast<uint32_t>(href_.size()) : fragment_start_;
  if (end - query_start_ <= 1) return {};
  return slice(query_start_, end);
}

std::string_view Url::hash() const {
  if (fragment_start_ == kNone || href_.size() - fragment_start_ <= 1) return {};
  return slice(fragment_start_, static_cast<uint32_t>(href_.size()));
}

std::string_view Url::href_without_fragment() const {
  if (fragment_start_ == kNone) return href_;
  return slice(0, fragment_start_);
}

std::string Url::origin() const {
  std::string_view s = scheme();
  if (s == "http" || s == "https" || s == "ws" || s == "wss" || s == "ftp") {
    std::string out(protocol());
    out += "//";
    out += host();
    return out;
  }
  if (s == "blob") {
    auto inner = parse_url(pathname());
    if (inner && (inner->scheme() == "http" || inner->scheme() == "https")) return inner->origin();
  }
  return "null";
}

}  // namespace linklens
