// What the connection gate reads of a request before a worker takes it: where its head ends,
// how long its body is, and whether the request can be read at all. cpp-httplib answers an
// unreadable request line or header with a 400 and then keeps the connection and its worker
// for the keep-alive time; the gate refuses such requests itself and closes. Pure (no I/O) and
// fuzzed (fuzz_api_request).
#pragma once

#include <cstddef>
#include <string_view>

#include "index/status.h"

namespace linklens::api {

struct FrameLimits {
  std::size_t max_target = 8192;  // request target bytes (cpp-httplib's own limit): 414 beyond
  std::size_t max_head = 16384;   // request line and headers: 431 beyond
};

struct RequestFrame {
  enum class State { kIncomplete, kComplete, kRefused };
  State state = State::kIncomplete;
  std::size_t head_bytes = 0;     // through the blank line, when complete
  std::size_t body_bytes = 0;     // Content-Length (0 without one)
  bool chunked = false;           // Transfer-Encoding: chunked (the API answers 411)
  bool expects_continue = false;  // Expect: 100-continue: the body comes after an interim answer
  Status refusal;                 // when refused: 400, 414, 431, 501 or 505 with a message
};

// Reads the start of a connection's bytes. `peer_closed`: no more bytes will come, so an
// unfinished head is refused rather than waited for. Lines end with CRLF (RFC 9112 section 2.2
// allows a bare LF, but cpp-httplib skips such header lines unread: refusing them keeps the
// gate and the parser behind it agreeing on where a request ends).
RequestFrame read_request_frame(std::string_view bytes, bool peer_closed, const FrameLimits& limits = {});

}  // namespace linklens::api
