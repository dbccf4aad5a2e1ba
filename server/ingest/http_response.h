// The HTTP response inside a WARC `response` record: status line, headers, body. The body is
// de-chunked (Transfer-Encoding: chunked) and decompressed (Content-Encoding: gzip, deflate) when
// the archive kept it that way; a body that cannot be decoded is kept as it was, and said so.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace linklens::ingest {

struct HttpResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string problem;  // non-empty when the body could not be fully decoded

  std::string_view header(std::string_view name) const;  // ASCII case-insensitive; "" if absent
  // The body: a view into the block parse_http_response read (not copied: a page's bytes are
  // copied often enough on their way in), or into decoded_body when it was de-chunked or inflated.
  std::string_view body() const { return decoded ? std::string_view(decoded_body) : raw_body; }
  std::string_view raw_body;
  std::string decoded_body;
  bool decoded = false;
};

// Returns false when `block` does not start with an HTTP status line. `out.body()` may point into
// `block`: keep the block while the response is read.
bool parse_http_response(std::string_view block, HttpResponse& out);

}  // namespace linklens::ingest
