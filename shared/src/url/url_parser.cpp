// The URL Standard's basic URL parser (section 4.4), without state overrides (the setters of the
// URL API are not part of Linklens). Each state is named as in the standard; the comments on the
// branches name the characters they handle.
//
// The parser walks UTF-8 bytes. Every delimiter the standard looks at is ASCII, and every
// percent-encode set contains all bytes >= 0x80, so byte-wise processing gives the same result as
// code-point-wise processing for valid UTF-8.
#include <cstdint>
#include <string>

#include "common_url.h"
#include "host.h"
#include "linklens/url.h"
#include "percent_encode.h"
#include "url_writer.h"

namespace linklens {
namespace {

using namespace url_detail;

enum class State {
  kSchemeStart,
  kScheme,
  kNoScheme,
  kSpecialRelativeOrAuthority,
  kPathOrAuthority,
  kRelative,
  kRelativeSlash,
  kSpecialAuthoritySlashes,
  kSpecialAuthorityIgnoreSlashes,
  kAuthority,
  kHost,
  kPort,
  kFile,
  kFileSlash,
  kFileHost,
  kPathStart,
  kPath,
  kOpaquePath,
  kQuery,
  kFragment,
};

constexpr int kEof = -1;

bool is_alpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(int c) { return c >= '0' && c <= '9'; }
char to_lower(int c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); }

int default_port(std::string_view scheme) {
  if (scheme == "http" || scheme == "ws") return 80;
  if (scheme == "https" || scheme == "wss") return 443;
  if (scheme == "ftp") return 21;
  return -1;
}

// A Windows drive letter: an ASCII alpha followed by ':' or '|'.
bool is_windows_drive_letter(std::string_view s) {
  return s.size() == 2 && is_alpha(static_cast<unsigned char>(s[0])) && (s[1] == ':' || s[1] == '|');
}

// "starts with a Windows drive letter": a drive letter, then the end or one of / \ ? #.
bool starts_with_windows_drive_letter(std::string_view rest) {
  if (rest.size() < 2 || !is_windows_drive_letter(rest.substr(0, 2))) return false;
  if (rest.size() == 2) return true;
  char c = rest[2];
  return c == '/' || c == '\\' || c == '?' || c == '#';
}

// The first path segment of `path` ("/C:/x" -> true) is a normalized Windows drive letter.
bool first_segment_is_normalized_drive_letter(std::string_view path) {
  return path.size() >= 3 && path[0] == '/' && is_alpha(static_cast<unsigned char>(path[1])) && path[2] == ':' &&
         (path.size() == 3 || path[3] == '/');
}

bool equals_ignore_case(std::string_view a, std::string_view lower) {
  if (a.size() != lower.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (to_lower(static_cast<unsigned char>(a[i])) != lower[i]) return false;
  }
  return true;
}

bool is_single_dot(std::string_view s) { return s == "." || equals_ignore_case(s, "%2e"); }

bool is_double_dot(std::string_view s) {
  return s == ".." || equals_ignore_case(s, ".%2e") || equals_ignore_case(s, "%2e.") || equals_ignore_case(s, "%2e%2e");
}

void shorten_path(UrlParts& u) {
  if (u.scheme == "file" && u.path.size() == 3 && first_segment_is_normalized_drive_letter(u.path)) return;
  std::size_t slash = u.path.rfind('/');
  if (slash != std::string::npos) u.path.resize(slash);
}

void copy_query(UrlParts& u, const Url& base) {
  u.has_query = base.has_query();
  u.query = UrlWriter::raw_query(base);
}

// Removes leading and trailing C0 control or space, then every ASCII tab or newline.
std::string_view preprocess(std::string_view input, std::string& scratch) {
  std::size_t b = 0, e = input.size();
  while (b < e && static_cast<unsigned char>(input[b]) <= 0x20) ++b;
  while (e > b && static_cast<unsigned char>(input[e - 1]) <= 0x20) --e;
  input = input.substr(b, e - b);
  if (input.find_first_of("\t\n\r") == std::string_view::npos) return input;
  scratch.clear();
  for (char c : input) {
    if (c != '\t' && c != '\n' && c != '\r') scratch.push_back(c);
  }
  return scratch;
}

// Reused between calls so that a parse allocates (almost) only the final href.
thread_local UrlParts t_parts;

Result<Url, UrlError> parse_full(std::string_view raw_input, const Url* base) {
  UrlParts& u = t_parts;
  static thread_local std::string buffer, scratch, host_out;
  u.clear();
  buffer.clear();
  const std::string_view in = preprocess(raw_input, scratch);
  const long n = static_cast<long>(in.size());

  State state = State::kSchemeStart;
  bool at_sign_seen = false, inside_brackets = false, password_token_seen = false;
  auto at = [&](long i) -> int {
    return i >= 0 && i < n ? static_cast<unsigned char>(in[static_cast<std::size_t>(i)]) : kEof;
  };

  for (long p = 0;; ++p) {
    const int c = at(p);
    switch (state) {
      case State::kSchemeStart:
        if (is_alpha(c)) {
          buffer.push_back(to_lower(c));
          state = State::kScheme;
        } else {
          state = State::kNoScheme;
          --p;
        }
        break;

      case State::kScheme:
        if (is_alpha(c) || is_digit(c) || c == '+' || c == '-' || c == '.') {
          buffer.push_back(to_lower(c));
        } else if (c == ':') {
          u.scheme = buffer;
          u.special = is_special_scheme(u.scheme);
          buffer.clear();
          if (u.scheme == "file") {
            state = State::kFile;
          } else if (u.special && base != nullptr && base->scheme() == u.scheme) {
            state = State::kSpecialRelativeOrAuthority;
          } else if (u.special) {
            state = State::kSpecialAuthoritySlashes;
          } else if (at(p + 1) == '/') {
            state = State::kPathOrAuthority;
            ++p;
          } else {
            u.opaque_path = true;
            state = State::kOpaquePath;
          }
        } else {
          // Not a scheme after all: start over in no scheme state.
          buffer.clear();
          state = State::kNoScheme;
          p = -1;
        }
        break;

      case State::kNoScheme:
        if (base == nullptr || (base->has_opaque_path() && c != '#')) return UrlError::kInvalidScheme;
        if (base->has_opaque_path() && c == '#') {
          u.scheme = base->scheme();
          u.special = base->is_special();
          u.path = base->pathname();
          u.opaque_path = true;
          copy_query(u, *base);
          u.has_fragment = true;
          state = State::kFragment;
        } else if (base->scheme() != "file") {
          state = State::kRelative;
          --p;
        } else {
          state = State::kFile;
          --p;
        }
        break;

      case State::kSpecialRelativeOrAuthority:
        if (c == '/' && at(p + 1) == '/') {
          state = State::kSpecialAuthorityIgnoreSlashes;
          ++p;
        } else {
          state = State::kRelative;
          --p;
        }
        break;

      case State::kPathOrAuthority:
        if (c == '/') {
          state = State::kAuthority;
        } else {
          state = State::kPath;
          --p;
        }
        break;

      case State::kRelative:
        u.scheme = base->scheme();
        u.special = base->is_special();
        if (c == '/' || (u.special && c == '\\')) {
          state = State::kRelativeSlash;
        } else {
          UrlWriter::copy_authority(u, *base);
          u.path = base->pathname();
          copy_query(u, *base);
          if (c == '?') {
            u.has_query = true;
            u.query.clear();
            state = State::kQuery;
          } else if (c == '#') {
            u.has_fragment = true;
            state = State::kFragment;
          } else if (c != kEof) {
            u.has_query = false;
            u.query.clear();
            shorten_path(u);
            state = State::kPath;
            --p;
          }
        }
        break;

      case State::kRelativeSlash:
        if (u.special && (c == '/' || c == '\\')) {
          state = State::kSpecialAuthorityIgnoreSlashes;
        } else if (c == '/') {
          state = State::kAuthority;
        } else {
          UrlWriter::copy_authority(u, *base);
          state = State::kPath;
          --p;
        }
        break;

      case State::kSpecialAuthoritySlashes:
        state = State::kSpecialAuthorityIgnoreSlashes;
        if (c == '/' && at(p + 1) == '/') {
          ++p;
        } else {
          --p;
        }
        break;

      case State::kSpecialAuthorityIgnoreSlashes:
        if (c != '/' && c != '\\') {
          state = State::kAuthority;
          --p;
        }
        break;

      case State::kAuthority:
        if (c == '@') {
          // '@' seen: the buffer so far was userinfo. A second '@' belongs to the userinfo.
          if (at_sign_seen) buffer.insert(0, "%40");
          at_sign_seen = true;
          for (char b : buffer) {
            if (b == ':' && !password_token_seen) {
              password_token_seen = true;
              continue;
            }
            append_encoded(password_token_seen ? u.password : u.username, static_cast<unsigned char>(b), kUserinfoSet);
          }
          buffer.clear();
        } else if (c == kEof || c == '/' || c == '?' || c == '#' || (u.special && c == '\\')) {
          if (at_sign_seen && buffer.empty()) return UrlError::kMissingHost;
          // Re-read the buffered host (and port) in host state.
          p -= static_cast<long>(buffer.size()) + 1;
          buffer.clear();
          state = State::kHost;
        } else {
          buffer.push_back(static_cast<char>(c));
        }
        break;

      case State::kHost:
        if (c == ':' && !inside_brackets) {
          if (buffer.empty()) return UrlError::kMissingHost;
          if (!parse_host(buffer, !u.special, host_out, u.host_type)) return UrlError::kInvalidHost;
          u.has_host = true;
          u.host = host_out;
          buffer.clear();
          state = State::kPort;
        } else if (c == kEof || c == '/' || c == '?' || c == '#' || (u.special && c == '\\')) {
          --p;
          if (u.special && buffer.empty()) return UrlError::kMissingHost;
          if (!parse_host(buffer, !u.special, host_out, u.host_type)) return UrlError::kInvalidHost;
          u.has_host = true;
          u.host = host_out;
          buffer.clear();
          state = State::kPathStart;
        } else {
          if (c == '[') inside_brackets = true;
          if (c == ']') inside_brackets = false;
          buffer.push_back(static_cast<char>(c));
        }
        break;

      case State::kPort:
        if (is_digit(c)) {
          buffer.push_back(static_cast<char>(c));
        } else if (c == kEof || c == '/' || c == '?' || c == '#' || (u.special && c == '\\')) {
          if (!buffer.empty()) {
            long port = 0;
            for (char d : buffer) {
              port = port * 10 + (d - '0');
              if (port > 65535) return UrlError::kInvalidPort;
            }
            u.port = (port == default_port(u.scheme)) ? -1 : static_cast<int>(port);
            buffer.clear();
          }
          state = State::kPathStart;
          --p;
        } else {
          return UrlError::kInvalidPort;
        }
        break;

      case State::kFile:
        u.scheme = "file";
        u.special = true;
        u.has_host = true;
        u.host.clear();
        u.host_type = HostType::kEmpty;
        if (c == '/' || c == '\\') {
          state = State::kFileSlash;
        } else if (base != nullptr && base->scheme() == "file") {
          u.has_host = UrlWriter::has_host(*base);
          u.host = base->hostname();
          u.host_type = base->host_type();
          u.path = base->pathname();
          copy_query(u, *base);
          if (c == '?') {
            u.has_query = true;
            u.query.clear();
            state = State::kQuery;
          } else if (c == '#') {
            u.has_fragment = true;
            state = State::kFragment;
          } else if (c != kEof) {
            u.has_query = false;
            u.query.clear();
            if (!starts_with_windows_drive_letter(in.substr(static_cast<std::size_t>(p)))) {
              shorten_path(u);
            } else {
              u.path.clear();
            }
            state = State::kPath;
            --p;
          }
        } else {
          state = State::kPath;
          --p;
        }
        break;

      case State::kFileSlash:
        if (c == '/' || c == '\\') {
          state = State::kFileHost;
        } else {
          if (base != nullptr && base->scheme() == "file") {
            u.has_host = UrlWriter::has_host(*base);
            u.host = base->hostname();
            u.host_type = base->host_type();
            std::string_view base_path = base->pathname();
            if (!starts_with_windows_drive_letter(in.substr(static_cast<std::size_t>(p))) &&
                first_segment_is_normalized_drive_letter(base_path)) {
              u.path.append(base_path.substr(0, 3));
            }
          }
          state = State::kPath;
          --p;
        }
        break;

      case State::kFileHost:
        if (c == kEof || c == '/' || c == '\\' || c == '?' || c == '#') {
          --p;
          if (is_windows_drive_letter(buffer)) {
            // "file://C|/": the drive letter is the first path segment; path state keeps buffer.
            state = State::kPath;
          } else if (buffer.empty()) {
            u.has_host = true;
            u.host.clear();
            u.host_type = HostType::kEmpty;
            state = State::kPathStart;
          } else {
            if (!parse_host(buffer, false, host_out, u.host_type)) return UrlError::kInvalidHost;
            if (host_out == "localhost") {
              host_out.clear();
              u.host_type = HostType::kEmpty;
            }
            u.has_host = true;
            u.host = host_out;
            buffer.clear();
            state = State::kPathStart;
          }
        } else {
          buffer.push_back(static_cast<char>(c));
        }
        break;

      case State::kPathStart:
        if (u.special) {
          state = State::kPath;
          if (c != '/' && c != '\\') --p;
        } else if (c == '?') {
          u.has_query = true;
          state = State::kQuery;
        } else if (c == '#') {
          u.has_fragment = true;
          state = State::kFragment;
        } else if (c != kEof) {
          state = State::kPath;
          if (c != '/') --p;
        }
        break;

      case State::kPath: {
        const bool slash = c == '/' || (u.special && c == '\\');
        if (c == kEof || slash || c == '?' || c == '#') {
          if (is_double_dot(buffer)) {
            shorten_path(u);
            if (!slash) u.path.push_back('/');
          } else if (is_single_dot(buffer) && !slash) {
            u.path.push_back('/');
          } else if (!is_single_dot(buffer)) {
            if (u.scheme == "file" && u.path.empty() && is_windows_drive_letter(buffer)) buffer[1] = ':';
            u.path.push_back('/');
            u.path += buffer;
          }
          buffer.clear();
          if (c == '?') {
            u.has_query = true;
            state = State::kQuery;
          } else if (c == '#') {
            u.has_fragment = true;
            state = State::kFragment;
          }
        } else {
          append_encoded(buffer, static_cast<unsigned char>(c), kPathSet);
        }
        break;
      }

      case State::kOpaquePath:
        if (c == '?') {
          u.has_query = true;
          state = State::kQuery;
        } else if (c == '#') {
          u.has_fragment = true;
          state = State::kFragment;
        } else if (c == ' ') {
          // A space right before the query or fragment is encoded so that it survives.
          int next = at(p + 1);
          if (next == '?' || next == '#')
            u.path += "%20";
          else
            u.path.push_back(' ');
        } else if (c != kEof) {
          append_encoded(u.path, static_cast<unsigned char>(c), kC0ControlSet);
        }
        break;

      case State::kQuery:
        if (c == '#') {
          u.has_fragment = true;
          state = State::kFragment;
        } else if (c != kEof) {
          append_encoded(u.query, static_cast<unsigned char>(c), u.special ? kSpecialQuerySet : kQuerySet);
        }
        break;

      case State::kFragment:
        if (c != kEof) append_encoded(u.fragment, static_cast<unsigned char>(c), kFragmentSet);
        break;
    }
    if (p >= n) break;
  }
  return UrlWriter::build(u);
}

Result<Url, UrlError> parse(std::string_view input, const Url* base) {
  // Most hrefs are an absolute http(s) URL or a path on the page's own host, with nothing to
  // encode or normalise: they skip the byte-at-a-time state machine.
  t_parts.clear();
  if (url_detail::parse_common_url(input, base, t_parts)) return UrlWriter::build(t_parts);
  return parse_full(input, base);
}

}  // namespace

namespace url_detail {
Result<Url, UrlError> parse_url_without_shortcut(std::string_view input, const Url* base) {
  return parse_full(input, base);
}
}  // namespace url_detail

bool is_special_scheme(std::string_view scheme) {
  switch (scheme.size()) {
    case 2: return scheme == "ws";
    case 3: return scheme == "wss" || scheme == "ftp";
    case 4: return scheme == "http" || scheme == "file";
    case 5: return scheme == "https";
    default: return false;
  }
}

Result<Url, UrlError> parse_url(std::string_view input) { return parse(input, nullptr); }

Result<Url, UrlError> parse_url(std::string_view input, const Url& base) { return parse(input, &base); }

Result<Url, UrlError> resolve_url(std::string_view input, std::string_view base) {
  auto parsed_base = parse_url(base);
  if (!parsed_base) return UrlError::kInvalidBase;
  return parse_url(input, *parsed_base);
}

}  // namespace linklens
