// WHATWG URL Standard parsing, resolution and serialization.
//
// parse_url() implements the standard's "basic URL parser" (without state overrides) over UTF-8
// input and returns a Url: the serialized href plus offsets of every component inside it, so
// reading a component never allocates. Judged by web-platform-tests' urltestdata.json.
//
// Deliberate deviation: the standard works on Unicode scalar values. Invalid UTF-8 bytes in a
// path, query or fragment are percent-encoded byte for byte (a browser would first have replaced
// them with U+FFFD); in a host they make the parse fail.
//
// Thread-safety: all functions are reentrant; Url is an immutable value.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "linklens/result.h"

namespace linklens {

enum class UrlError : uint8_t {
  kInvalidScheme = 1,  // no scheme and no base (or a base with an opaque path)
  kInvalidHost,        // host failed to parse (forbidden code point, IDNA, IPv4, IPv6)
  kMissingHost,        // special URL with an empty host, or credentials with no host
  kInvalidPort,        // non-digit or > 65535
  kInvalidBase,        // the base given as a string did not parse
};

const char* to_string(UrlError error);

enum class HostType : uint8_t {
  kNone,    // host is null (e.g. "mailto:x", "sc:/path")
  kEmpty,   // host is the empty string (e.g. "file:///x", "sc://")
  kDomain,  // an ASCII domain (after IDNA)
  kIPv4,
  kIPv6,
  kOpaque,  // the host of a non-special URL, percent-encoded as given
};

const char* to_string(HostType type);

class Url {
 public:
  // The full serialization (the standard's href).
  std::string_view href() const { return href_; }

  // Components as the URL Standard's API getters return them.
  std::string_view scheme() const { return slice(0, scheme_end_); }        // "http"
  std::string_view protocol() const { return slice(0, scheme_end_ + 1); }  // "http:"
  std::string_view username() const { return slice(username_start_, username_end_); }
  std::string_view password() const;
  std::string_view hostname() const { return slice(host_start_, host_end_); }
  std::string_view host() const;             // hostname plus ":port" when a port is present
  std::string_view port() const;             // "" when none (or the scheme's default)
  int port_number() const { return port_; }  // -1 when none
  std::string_view pathname() const { return slice(pathname_start_, path_end_); }
  std::string_view search() const;  // "" or "?query"
  std::string_view hash() const;    // "" or "#fragment"
  std::string origin() const;       // "null" for opaque origins

  // Raw component presence, which the getters above flatten.
  bool has_query() const { return query_start_ != kNone; }
  bool has_fragment() const { return fragment_start_ != kNone; }
  bool has_opaque_path() const { return opaque_path_; }
  bool has_credentials() const { return username_end_ > username_start_ || password_end_ > password_start_; }
  HostType host_type() const { return host_type_; }
  bool is_special() const { return special_; }

  // href without the fragment: the form a crawler stores pages under.
  std::string_view href_without_fragment() const;

 private:
  friend class UrlWriter;
  static constexpr uint32_t kNone = 0xFFFFFFFFu;
  std::string_view slice(uint32_t begin, uint32_t end) const {
    return std::string_view(href_).substr(begin, end - begin);
  }

  std::string href_;
  uint32_t scheme_end_ = 0;  // offset of ':'
  uint32_t username_start_ = 0, username_end_ = 0;
  uint32_t password_start_ = 0, password_end_ = 0;
  uint32_t host_start_ = 0, host_end_ = 0;
  uint32_t path_start_ = 0;      // includes a "/." inserted to keep "//" paths unambiguous
  uint32_t pathname_start_ = 0;  // after that "/."
  uint32_t path_end_ = 0;
  uint32_t query_start_ = kNone;     // offset of '?'
  uint32_t fragment_start_ = kNone;  // offset of '#'
  int32_t port_ = -1;
  HostType host_type_ = HostType::kNone;
  bool opaque_path_ = false;
  bool special_ = false;
};

// Parses `input` on its own (an absolute URL).
Result<Url, UrlError> parse_url(std::string_view input);

// Parses `input` against `base` (a relative reference resolved as a browser would).
Result<Url, UrlError> parse_url(std::string_view input, const Url& base);

// Parses `base`, then `input` against it. Errors with kInvalidBase if the base does not parse.
Result<Url, UrlError> resolve_url(std::string_view input, std::string_view base);

// True for the special schemes: http, https, ws, wss, ftp, file.
bool is_special_scheme(std::string_view scheme);

}  // namespace linklens
