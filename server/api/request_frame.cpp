#include "api/request_frame.h"

#include <cctype>
#include <string>

namespace linklens::api {
namespace {

bool is_token_char(unsigned char c) {
  if (std::isalnum(c)) return true;
  for (char t : std::string_view("!#$%&'*+-.^_`|~")) {
    if (c == static_cast<unsigned char>(t)) return true;
  }
  return false;
}

bool is_token(std::string_view s) {
  if (s.empty()) return false;
  for (unsigned char c : s) {
    if (!is_token_char(c)) return false;
  }
  return true;
}

std::string lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

RequestFrame refused(int http_status, const char* code, std::string message) {
  RequestFrame f;
  f.state = RequestFrame::State::kRefused;
  f.refusal = Status{http_status, code, std::move(message)};
  return f;
}

RequestFrame bad_request(std::string message) { return refused(400, "bad_request", std::move(message)); }

// "METHOD SP TARGET SP HTTP/1.x"
RequestFrame check_request_line(std::string_view line, const FrameLimits& limits) {
  const std::size_t sp1 = line.find(' ');
  const std::size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp1 == std::string_view::npos || sp2 == std::string_view::npos) {
    // "GET /" alone is HTTP/0.9, which has no headers to end and no status line to answer with.
    return bad_request("the request line is not METHOD TARGET HTTP/1.1");
  }
  const std::string_view method = line.substr(0, sp1), target = line.substr(sp1 + 1, sp2 - sp1 - 1),
                         version = line.substr(sp2 + 1);
  if (!is_token(method)) return bad_request("the request method is not a token");
  if (target.size() > limits.max_target) return refused(414, "uri_too_long", "the request URI is too long");
  if (target.empty()) return bad_request("the request target is empty");
  for (unsigned char c : target) {
    if (c <= 0x20 || c == 0x7F) return bad_request("the request target holds a space or a control character");
  }
  if (version == "HTTP/1.1" || version == "HTTP/1.0") return {};
  if (version.size() == 8 && version.substr(0, 5) == "HTTP/" && std::isdigit(static_cast<unsigned char>(version[5])) &&
      version[6] == '.' && std::isdigit(static_cast<unsigned char>(version[7]))) {
    return refused(505, "http_version_not_supported",
                   "this server speaks HTTP/1.1 (and 1.0), not " + std::string(version));
  }
  return bad_request("the request line does not end in HTTP/1.1");
}

}  // namespace

RequestFrame read_request_frame(std::string_view bytes, bool peer_closed, const FrameLimits& limits) {
  const std::size_t end = bytes.find("\r\n\r\n");
  const std::string_view head = bytes.substr(0, end == std::string_view::npos ? bytes.size() : end + 2);

  // The request line, checked as soon as it is whole (or cannot be).
  const std::size_t line_end = head.find('\n');
  if (line_end == std::string_view::npos) {
    if (head.size() > limits.max_target + 32) return refused(414, "uri_too_long", "the request URI is too long");
    if (peer_closed) return bad_request("the connection closed before the request line ended");
    return {};
  }
  if (line_end == 0 || head[line_end - 1] != '\r') return bad_request("request lines end with CRLF");
  if (RequestFrame f = check_request_line(head.substr(0, line_end - 1), limits);
      f.state == RequestFrame::State::kRefused) {
    return f;
  }
  if (end == std::string_view::npos) {
    if (bytes.size() > limits.max_head) {
      return refused(431, "headers_too_large", "the request's headers are larger than this server reads");
    }
    if (peer_closed) return bad_request("the connection closed before the request's headers ended");
    return {};
  }
  if (end + 4 > limits.max_head) {
    return refused(431, "headers_too_large", "the request's headers are larger than this server reads");
  }

  RequestFrame frame;
  frame.head_bytes = end + 4;
  bool http11 = head.substr(line_end - 9, 8) == "HTTP/1.1";
  int hosts = 0, lengths = 0;
  std::string transfer;
  std::size_t start = line_end + 1;
  while (start < head.size()) {
    const std::size_t eol = head.find('\n', start);  // every line of `head` ends with "\r\n"
    const std::string_view line = head.substr(start, eol - start);
    start = eol + 1;
    if (line.empty() || line.back() != '\r') return bad_request("header lines end with CRLF");
    const std::string_view field = line.substr(0, line.size() - 1);
    if (field.empty()) return bad_request("an empty header line");
    if (field.front() == ' ' || field.front() == '\t') return bad_request("a header line is folded (obsolete)");
    const std::size_t colon = field.find(':');
    if (colon == std::string_view::npos) return bad_request("a header line has no colon");
    const std::string_view name = field.substr(0, colon);
    if (!is_token(name)) return bad_request("a header name is not a token");
    const std::string_view value = trim(field.substr(colon + 1));
    for (unsigned char c : value) {
      if ((c < 0x20 && c != '\t') || c == 0x7F) return bad_request("a header value holds a control character");
    }
    const std::string key = lowercase(name);
    if (key == "host") {
      ++hosts;
    } else if (key == "content-length") {
      // One length, digits only: two different lengths or a list are how requests are smuggled
      // past a proxy that reads the other one.
      if (value.empty() || value.size() > 18) return bad_request("Content-Length is not a length");
      std::size_t n = 0;
      for (char c : value) {
        if (!std::isdigit(static_cast<unsigned char>(c))) return bad_request("Content-Length is not a length");
        n = n * 10 + static_cast<std::size_t>(c - '0');
      }
      if (lengths++ > 0 && n != frame.body_bytes) return bad_request("two different Content-Length headers");
      frame.body_bytes = n;
    } else if (key == "transfer-encoding") {
      transfer += (transfer.empty() ? "" : ",") + lowercase(value);
    } else if (key == "expect") {
      frame.expects_continue = lowercase(value) == "100-continue";
    }
  }
  if (http11 && hosts != 1)
    return bad_request(hosts ? "more than one Host header" : "an HTTP/1.1 request needs a Host header");
  if (!transfer.empty()) {
    if (lengths) return bad_request("both Transfer-Encoding and Content-Length");
    if (transfer != "chunked")
      return refused(501, "not_implemented", "this server reads no transfer coding but chunked");
    frame.chunked = true;
  }
  frame.state = RequestFrame::State::kComplete;
  return frame;
}

}  // namespace linklens::api
