// The front door of `linklens serve`: one thread accepts every connection and holds it, without
// a worker, until its first request has arrived whole; only then does a worker (cpp-httplib's
// request loop) take it. cpp-httplib 0.11.4 gives each accepted connection a worker at once and
// has no total header timeout, so a few clients sending a byte a second held every worker.
//
// What the gate does that cpp-httplib does not (docs/http-api.md, "Slow, hostile and confused
// clients"):
//   - a request head (and a small body) must arrive within header_timeout_ms, else 408 and close;
//   - an unreadable request (request line, header syntax, version, smuggling-shaped lengths) is
//     refused by the gate with a JSON error and the connection closed, never kept 30 s;
//   - a connection whose answer is a framing error (400, 411, 413, 414, ...) is closed after it;
//   - pipelined requests on a new connection: the first is answered with `Connection: close`
//     and the connection ends, so the client resends the rest (cpp-httplib reads ahead and
//     dropped them silently); nginx in front answers them all (deploy/);
//   - at most max_per_address open connections per client address (503 beyond; 0 lifts it);
//   - when a connection waits for a worker, idle keep-alive connections are closed to free one,
//     and an idle connection that dribbles its next request is closed after header_timeout_ms;
//   - a stop (SIGTERM) answers what was accepted and closes idle connections at once.
#pragma once

#include <httplib.h>

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "api/request_frame.h"
#include "index/status.h"

namespace linklens::api {

struct GateOptions {
  int workers = 8;
  int header_timeout_ms = 10000;
  int max_per_address = 64;
  int max_waiting = 4096;                        // connections whose first request is still arriving
  std::size_t body_wait_bytes = 65536;           // a first request's body up to this is waited for too
  std::size_t max_body_bytes = 1 << 20;          // a first request declaring more gets 413 at the gate
  int read_timeout_s = 10, write_timeout_s = 5;  // per read / write on a served connection
  FrameLimits limits;
  // Told of every answer the gate gives itself (408, 400, 503, ...), for the access log.
  std::function<void(const Status&, const std::string& remote)> on_refused;
};

class ConnectionGate {
 public:
  // Installs its hooks in `server` (post-routing); call before server.bind_to_port, which is
  // where it learns the listening socket.
  ConnectionGate(httplib::Server& server, GateOptions options);
  ~ConnectionGate();
  ConnectionGate(const ConnectionGate&) = delete;
  ConnectionGate& operator=(const ConnectionGate&) = delete;

  // Serves on the bound socket until stop(); returns when every accepted connection has been
  // answered and closed.
  void run();
  // Any thread: stop accepting now, answer what was accepted, close idle connections.
  void stop();

  int open() const;
  long accepted() const;

  // Called by the request handlers, on the worker thread that serves the request (no-ops on
  // any other thread): the request's head has been read / its answer has been written.
  // request_started() is false when the connection has already been answered with
  // Connection: close: the request must not run (answer it with an error).
  static bool request_started();
  static void response_written();

  struct Impl;  // opaque (connection_gate.cpp)

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace linklens::api
