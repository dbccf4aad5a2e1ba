// UrlParts: a URL as separate components while the parser works on it; UrlWriter turns them into
// a Url (href plus offsets) and gives the parser the raw components of a base Url.
#pragma once

#include <string>
#include <string_view>

#include "linklens/url.h"

namespace linklens {

struct UrlParts {
  std::string scheme;
  std::string username, password;
  bool has_host = false;  // false: host is null
  std::string host;       // serialized host
  HostType host_type = HostType::kNone;
  int port = -1;
  std::string path;  // "/a/b" (segments each behind a '/'), or the opaque path itself
  bool opaque_path = false;
  bool has_query = false;
  std::string query;
  bool has_fragment = false;
  std::string fragment;
  bool special = false;

  void clear() {
    scheme.clear();
    username.clear();
    password.clear();
    host.clear();
    path.clear();
    query.clear();
    fragment.clear();
    has_host = opaque_path = has_query = has_fragment = special = false;
    host_type = HostType::kNone;
    port = -1;
  }
};

class UrlWriter {
 public:
  static Url build(const UrlParts& parts);

  // Raw base components, as the parser copies them (presence kept, unlike the API getters).
  static std::string_view raw_path(const Url& url) { return url.pathname(); }
  static std::string_view raw_password(const Url& url) { return url.slice(url.password_start_, url.password_end_); }
  static bool has_host(const Url& url) { return url.host_type_ != HostType::kNone; }
  // The base's credentials, host and port, as a relative reference takes them.
  static void copy_authority(UrlParts& u, const Url& base) {
    u.username = base.username();
    u.password = raw_password(base);
    u.has_host = has_host(base);
    u.host = base.hostname();
    u.host_type = base.host_type();
    u.port = base.port_number();
  }
  static std::string_view raw_query(const Url& url) {
    if (url.query_start_ == Url::kNone) return {};
    uint32_t end = url.fragment_start_ == Url::kNone ? static_cast<uint32_t>(url.href_.size()) : url.fragment_start_;
    return url.slice(url.query_start_ + 1, end);
  }
};

}  // namespace linklens
