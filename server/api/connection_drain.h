// Graceful stop for the HTTP server: stop accepting at once, then answer everything accepted.
//
// cpp-httplib's own stop() marks the listener invalid, and a connection that was accepted but
// still waits in the task queue then closes without reading its request; a request still
// reading its headers is not visible to handlers at all. So a drain cannot be judged from
// handler counters. Instead the listener itself is shut down (after the kernel's accept backlog
// is empty): httplib's accept loop ends as on a socket error, keeps the listener's number, and
// its task queue's shutdown() runs every accepted connection to its end before listen returns.
#pragma once

#include <httplib.h>

#include <atomic>
#include <cstddef>
#include <functional>

namespace linklens::api {

// Counts connections from accept to close (queued, reading, answering or idle in keep-alive).
struct ConnectionCount {
  std::atomic<int> open{0};
  std::atomic<long> accepted{0};
};

// httplib's thread pool, counting each connection it is handed (one task per accepted socket).
class CountingTaskQueue : public httplib::TaskQueue {
 public:
  CountingTaskQueue(std::size_t threads, ConnectionCount& count) : pool_(threads), count_(count) {}
  void enqueue(std::function<void()> fn) override;
  void shutdown() override { pool_.shutdown(); }

 private:
  httplib::ThreadPool pool_;
  ConnectionCount& count_;
};

// Remembers the listening socket httplib creates (set as the server's socket options; keeps
// httplib's default SO_REUSEADDR).
class ListenerHandle {
 public:
  void remember(httplib::Server& server);
  // Waits (bounded) until the kernel holds no connection that httplib has not accepted yet, then
  // shuts the listener down: later connections are refused, accepted ones are answered.
  void stop_accepting();

 private:
  std::atomic<int> fd_{-1};
};

}  // namespace linklens::api
