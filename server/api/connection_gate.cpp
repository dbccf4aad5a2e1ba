#include "api/connection_gate.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <unordered_map>
#include <vector>

namespace linklens::api {

// cpp-httplib serves one accepted socket in Server::process_and_close_socket, which is private:
// its own accept loop is the only caller. The gate runs the accept loop itself, so it needs that
// member. C++ allows naming a private member in an explicit instantiation ([temp.spec.general]
// p6), which reaches it without patching Debian's library; the call is virtual, so httplib's own
// code runs.
using ServeSocket = bool (httplib::Server::*)(socket_t);
ServeSocket serve_socket_member();
template <ServeSocket Member>
struct ServeSocketAccess {
  friend ServeSocket serve_socket_member() { return Member; }
};
template struct ServeSocketAccess<&httplib::Server::process_and_close_socket>;

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// How long a connection closed by the server may take to close its side after our FIN before
// it is cut (nginx's lingering_timeout is 5 s; answers here are small).
constexpr milliseconds kLingerFor{2000};
// The watchdog's tick: deadlines are kept to this precision.
constexpr int kTickMs = 100;
// An idle keep-alive connection is closed to free its worker only after this long: a client
// that just had its answer is usually about to send the next request.
constexpr milliseconds kIdleBeforeReclaim{200};

// A status's reason phrase, for the answers the gate writes itself.
const char* reason_phrase(int status) {
  switch (status) {
    case 400: return "Bad Request";
    case 408: return "Request Timeout";
    case 414: return "URI Too Long";
    case 431: return "Request Header Fields Too Large";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return "Error";
  }
}

// A request whose answer means its bytes may not have been read to their end: the connection
// cannot be trusted to start the next request where this one stopped.
bool is_framing_error(int status) {
  switch (status) {
    case 400:
    case 408:
    case 411:
    case 413:
    case 414:
    case 431:
    case 501:
    case 505: return true;
    default: return false;
  }
}

std::string address_of(const sockaddr_storage& peer) {
  char text[INET6_ADDRSTRLEN] = {0};
  if (peer.ss_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in&>(peer).sin_addr, text, sizeof text);
  } else if (peer.ss_family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6&>(peer).sin6_addr, text, sizeof text);
  }
  return text;
}

void set_blocking(int fd, bool blocking) {
  const int flags = fcntl(fd, F_GETFL, 0);
  if (flags >= 0) fcntl(fd, F_SETFL, blocking ? (flags & ~O_NONBLOCK) : (flags | O_NONBLOCK));
}

void set_receive_low_water(int fd, std::size_t bytes) {
  const int value = static_cast<int>(std::max<std::size_t>(1, bytes));
  setsockopt(fd, SOL_SOCKET, SO_RCVLOWAT, &value, sizeof value);
}

}  // namespace

struct ConnectionGate::Impl {
  // A connection the gate holds while its first request arrives, or while it closes.
  struct Held {
    int fd = -1;
    std::string address;
    Clock::time_point deadline;
    bool lingering = false;  // answered and half-closed: read and dropped until the client closes
    std::size_t peeked = 0;  // bytes seen at the last peek
    bool resting = false;    // a peek saw nothing new: left out of the next poll (see examine)
  };
  // A connection a worker serves (cpp-httplib's request loop).
  struct Served {
    // The gate's own descriptor of the socket (a dup): httplib closes its own when it is done,
    // so this one can never name another socket while the entry lives; closed at erase.
    int fd = -1;
    std::string address;
    enum class Phase { kQueued, kBusy, kIdle, kClosing } phase = Phase::kQueued;
    Clock::time_point since;                      // when the phase began
    std::optional<Clock::time_point> bytes_seen;  // idle, with bytes of a next request waiting
    bool close_after = false;                     // the next answer ends the connection
    bool was_cut = false;                         // shut down by the watchdog (once)
    bool routed = false;                          // this request reached the handlers
  };

  httplib::Server& server;
  GateOptions options;
  std::atomic<int> listener{-1};
  int wake_fd = -1;
  std::atomic<bool> stopping{false};
  bool listening = true;
  Clock::time_point accept_paused_until;  // out of descriptors: the listener rests a tick
  std::vector<Held> held;                 // the gate thread's only

  mutable std::mutex mutex;  // guards what follows, shared with the workers
  std::unordered_map<std::uint64_t, Served> served;
  std::map<std::string, int> per_address;
  int queued = 0;
  std::uint64_t next_id = 1;
  std::atomic<int> open{0};
  std::atomic<long> accepted{0};

  httplib::ThreadPool pool;
  std::string peek_buffer;

  Impl(httplib::Server& s, GateOptions o)
      : server(s), options(std::move(o)), pool(static_cast<std::size_t>(std::max(1, options.workers))) {
    wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    peek_buffer.resize(options.limits.max_head + options.body_wait_bytes + 1);
  }
  ~Impl() {
    if (wake_fd >= 0) ::close(wake_fd);
  }

  void wake() const {
    const std::uint64_t one = 1;
    [[maybe_unused]] ssize_t n = ::write(wake_fd, &one, sizeof one);
  }

  // --- the gate thread ---------------------------------------------------------------------

  void run() {
    const int fd = listener.load();
    if (fd < 0) return;
    set_blocking(fd, false);
    ::listen(fd, SOMAXCONN);  // cpp-httplib listens with a backlog of 5
    while (true) {
      if (stopping && listening) {
        accept_ready(fd);  // what the kernel completed before the stop is answered, not reset
        ::shutdown(fd, SHUT_RDWR);
        listening = false;
      }
      watch_served();
      if (stopping && !listening && held.empty()) {
        std::lock_guard<std::mutex> lock(mutex);
        if (served.empty()) break;
      }
      std::vector<pollfd> fds;
      fds.push_back({wake_fd, POLLIN, 0});
      const bool accepting = listening && Clock::now() >= accept_paused_until;
      fds.push_back({accepting ? fd : -1, POLLIN, 0});  // a negative descriptor is skipped by poll
      const std::size_t first_held = fds.size();
      for (Held& h : held) {
        fds.push_back({h.resting ? -1 : h.fd, static_cast<short>(POLLIN | POLLRDHUP), 0});
        h.resting = false;
      }
      ::poll(fds.data(), fds.size(), kTickMs);
      if (fds[0].revents & POLLIN) {
        std::uint64_t count = 0;
        [[maybe_unused]] ssize_t n = ::read(wake_fd, &count, sizeof count);
      }
      std::vector<Held> still;
      const auto now = Clock::now();
      for (std::size_t i = 0; i < held.size(); ++i) {
        const short events = fds[first_held + i].revents;
        if (!examine(held[i], events, now)) continue;  // dispatched, refused or closed
        still.push_back(std::move(held[i]));
      }
      held = std::move(still);
      if (accepting && (fds[1].revents & POLLIN)) accept_ready(fd);
    }
    pool.shutdown();
  }

  void accept_ready(int fd) {
    for (int i = 0; i < 256; ++i) {  // bounded: the held connections get their turn too
      sockaddr_storage peer{};
      socklen_t length = sizeof peer;
      const int client = ::accept4(fd, reinterpret_cast<sockaddr*>(&peer), &length, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (client < 0) {
        // Out of descriptors: the listener stays readable, so it rests a tick instead of
        // spinning (the kernel keeps the connections in its backlog meanwhile).
        if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
          accept_paused_until = Clock::now() + milliseconds(kTickMs);
        }
        return;
      }
      ++accepted;
      ++open;
      Held h{client, address_of(peer), Clock::now() + milliseconds(options.header_timeout_ms), false};
      const int one = 1;
      setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      int from_address = 0;
      {
        std::lock_guard<std::mutex> lock(mutex);
        from_address = ++per_address[h.address];
      }
      if (options.max_per_address > 0 && from_address > options.max_per_address) {
        refuse(h, {503, "too_many_connections",
                   "this address holds " + std::to_string(options.max_per_address) +
                       " connections to the server already (max_connections_per_address)"});
      } else if (static_cast<int>(held.size()) >= options.max_waiting) {
        refuse(h, {503, "too_many_connections", "too many connections are sending their first request"});
      }
      if (h.lingering && static_cast<int>(held.size()) >= options.max_waiting) {
        close_held(h);  // a flood: no lingering for it
        continue;
      }
      held.push_back(std::move(h));
    }
  }

  // One held connection after poll: false when it leaves the gate's hands.
  bool examine(Held& h, short events, Clock::time_point now) {
    if (h.lingering) {
      if (events & (POLLIN | POLLRDHUP | POLLHUP | POLLERR)) {
        char drop[4096];
        const ssize_t n = ::recv(h.fd, drop, sizeof drop, MSG_DONTWAIT);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) return close_held(h);
      }
      return now < h.deadline || close_held(h);
    }
    if (events & (POLLIN | POLLRDHUP | POLLHUP | POLLERR)) {
      const ssize_t n = ::recv(h.fd, peek_buffer.data(), peek_buffer.size(), MSG_PEEK | MSG_DONTWAIT);
      if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) return close_held(h);  // gone
      if (n > 0 && static_cast<std::size_t>(n) == h.peeked && !(events & (POLLRDHUP | POLLHUP))) {
        // Nothing new, yet poll said readable: under memory pressure Linux reports a socket
        // readable below its low-water mark. It rests one poll, or the gate would spin on it.
        h.resting = true;
      } else if (n > 0) {
        h.peeked = static_cast<std::size_t>(n);
        const std::string_view bytes(peek_buffer.data(), static_cast<std::size_t>(n));
        const bool peer_closed = (events & (POLLRDHUP | POLLHUP)) != 0;
        const RequestFrame frame = read_request_frame(bytes, peer_closed, options.limits);
        if (frame.state == RequestFrame::State::kRefused) return refuse(h, frame.refusal);
        if (frame.state == RequestFrame::State::kComplete && frame.body_bytes > options.max_body_bytes) {
          return refuse(h, {413, "body_too_large", "the request body is larger than this server accepts"});
        }
        if (frame.state == RequestFrame::State::kComplete) {
          std::size_t needed = frame.head_bytes;
          // A client sending Expect: 100-continue waits for an interim answer before its body.
          if (!frame.chunked && !frame.expects_continue) needed += std::min(frame.body_bytes, options.body_wait_bytes);
          if (bytes.size() >= needed) {
            // Bytes past the first request: pipelined requests, which cpp-httplib would read
            // into a buffer it then drops.
            const bool pipelined = !frame.chunked && frame.body_bytes <= options.body_wait_bytes &&
                                   bytes.size() > frame.head_bytes + frame.body_bytes;
            dispatch(h, pipelined);
            return false;
          }
          if (peer_closed) return refuse(h, {400, "bad_request", "the connection closed before the request's body"});
          set_receive_low_water(h.fd, needed);
        } else {
          set_receive_low_water(h.fd, bytes.size() + 1);  // poll again only when more has come
        }
      }
    }
    if (now >= h.deadline) {
      return refuse(h, {408, "request_timeout",
                        "the request did not arrive whole within " + std::to_string(options.header_timeout_ms) +
                            " ms (header_timeout_ms)"});
    }
    return true;
  }

  // Answers a held connection with an error and half-closes it. It lingers (held, bounded by
  // kLingerFor) until the client closes, so the answer is not lost to a reset. True: still held.
  bool refuse(Held& h, const Status& e) {
    const std::string body = nlohmann::json{{"error", {{"code", e.code()}, {"message", e.message()}}}}.dump();
    const std::string answer = "HTTP/1.1 " + std::to_string(e.http_status()) + " " + reason_phrase(e.http_status()) +
                               "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
                               "\r\nConnection: close\r\n\r\n" + body;
    [[maybe_unused]] ssize_t n = ::send(h.fd, answer.data(), answer.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    ::shutdown(h.fd, SHUT_WR);
    set_receive_low_water(h.fd, 1);
    if (options.on_refused) options.on_refused(e, h.address);
    h.lingering = true;
    h.deadline = Clock::now() + kLingerFor;
    return true;
  }

  bool close_held(Held& h) {
    ::close(h.fd);
    forget_address(h.address);
    return false;
  }

  void forget_address(const std::string& address) {
    std::lock_guard<std::mutex> lock(mutex);
    auto it = per_address.find(address);
    if (it != per_address.end() && --it->second <= 0) per_address.erase(it);
    --open;
  }

  void dispatch(Held& h, bool pipelined) {
    set_receive_low_water(h.fd, 1);
    set_blocking(h.fd, true);
    // As cpp-httplib's own accept loop does: a client that stops reading an answer cannot hold
    // a worker in send() for ever.
    const timeval read_timeout{options.read_timeout_s, 0}, write_timeout{options.write_timeout_s, 0};
    setsockopt(h.fd, SOL_SOCKET, SO_RCVTIMEO, &read_timeout, sizeof read_timeout);
    setsockopt(h.fd, SOL_SOCKET, SO_SNDTIMEO, &write_timeout, sizeof write_timeout);
    Served s;
    s.fd = ::fcntl(h.fd, F_DUPFD_CLOEXEC, 0);
    s.address = h.address;
    s.since = Clock::now();
    s.close_after = pipelined || stopping;
    std::uint64_t id = 0;
    {
      std::lock_guard<std::mutex> lock(mutex);
      id = next_id++;
      served.emplace(id, std::move(s));
      ++queued;
    }
    pool.enqueue([this, id, fd = h.fd] { serve(id, fd); });
  }

  // The watchdog: frees workers held by idle or dribbling keep-alive connections.
  void watch_served() {
    const auto now = Clock::now();
    std::lock_guard<std::mutex> lock(mutex);
    std::vector<std::pair<Clock::time_point, Served*>> idle;
    for (auto& [id, s] : served) {
      if (s.phase == Served::Phase::kClosing && !s.was_cut && now - s.since > kLingerFor) {
        cut(s);  // half-closed by us and still open: the client ignored Connection: close
      } else if (s.phase == Served::Phase::kIdle) {
        char byte = 0;
        const ssize_t n = ::recv(s.fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
        if (n > 0) {
          if (!s.bytes_seen) s.bytes_seen = now;
          if (now - *s.bytes_seen > milliseconds(options.header_timeout_ms)) cut(s);
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && !s.was_cut &&
                   (stopping || now - s.since >= kIdleBeforeReclaim)) {
          idle.emplace_back(s.since, &s);
        }
      }
    }
    // Longest idle first: as many as connections wait for a worker; all of them when stopping.
    std::sort(idle.begin(), idle.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    const std::size_t wanted = stopping ? idle.size() : std::min<std::size_t>(idle.size(), std::max(0, queued));
    for (std::size_t i = 0; i < wanted; ++i) cut(*idle[i].second);
  }

  // Ends a served connection from outside its worker: its next read sees the end (the gate's
  // own descriptor names that socket for as long as the entry lives).
  void cut(Served& s) {
    if (s.was_cut || s.fd < 0) return;
    ::shutdown(s.fd, SHUT_RDWR);
    s.phase = Served::Phase::kClosing;
    s.was_cut = true;
  }

  // --- a worker ----------------------------------------------------------------------------

  void serve(std::uint64_t id, int fd);
};

namespace {
// The connection this worker thread serves: set while cpp-httplib's request loop runs on it.
thread_local ConnectionGate::Impl* t_gate = nullptr;
thread_local std::uint64_t t_connection = 0;
}  // namespace

void ConnectionGate::Impl::serve(std::uint64_t id, int fd) {
  std::string address;
  {
    std::lock_guard<std::mutex> lock(mutex);
    auto& s = served.at(id);
    s.phase = Served::Phase::kBusy;
    s.since = Clock::now();
    address = s.address;
    --queued;
  }
  t_gate = this;
  t_connection = id;
  (server.*serve_socket_member())(fd);  // every request on the connection; then it closes it
  t_gate = nullptr;
  t_connection = 0;
  {
    std::lock_guard<std::mutex> lock(mutex);
    auto it = served.find(id);
    if (it != served.end() && it->second.fd >= 0) ::close(it->second.fd);
    served.erase(id);
  }
  forget_address(address);
  wake();
}

ConnectionGate::ConnectionGate(httplib::Server& server, GateOptions options)
    : impl_(std::make_unique<Impl>(server, std::move(options))) {
  Impl* impl = impl_.get();
  server.set_socket_options([impl](socket_t sock) {
    // SO_REUSEADDR only: cpp-httplib 0.11.4's default also sets SO_REUSEPORT, which lets a
    // second server bind the same port and take a share of its connections.
    const int one = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    impl->listener = sock;
  });
  // Before each answer is written: a connection that must end says so in the answer.
  server.set_post_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!t_gate) return;
    std::lock_guard<std::mutex> lock(t_gate->mutex);
    auto it = t_gate->served.find(t_connection);
    if (it == t_gate->served.end()) return;
    // A body left unread (an answer given before it was read, or a method cpp-httplib reads no
    // body for) would be read as the next request: the connection ends with this answer.
    const std::string length = req.get_header_value("Content-Length");
    const bool body_unread =
        !length.empty() && req.files.empty() && std::strtoull(length.c_str(), nullptr, 10) != req.body.size();
    // A 400 from a handler (a bad parameter) leaves the connection sound; one from cpp-httplib
    // (a request it could not read) does not.
    const bool unreadable = is_framing_error(res.status) && (res.status != 400 || !it->second.routed);
    if (unreadable || body_unread || t_gate->stopping) it->second.close_after = true;
    if (it->second.close_after) {
      res.headers.erase("Keep-Alive");
      res.set_header("Connection", "close");
    }
  });
}

ConnectionGate::~ConnectionGate() = default;

void ConnectionGate::run() { impl_->run(); }

void ConnectionGate::stop() {
  impl_->stopping = true;
  impl_->wake();
}

int ConnectionGate::open() const { return impl_->open.load(); }
long ConnectionGate::accepted() const { return impl_->accepted.load(); }

bool ConnectionGate::request_started() {
  if (!t_gate) return true;
  std::lock_guard<std::mutex> lock(t_gate->mutex);
  auto it = t_gate->served.find(t_connection);
  if (it == t_gate->served.end()) return true;
  // A request read after this connection's last answer said Connection: close (pipelined, or
  // the leftover of an unread body) is not run: its client resends it.
  if (it->second.phase == Impl::Served::Phase::kClosing || it->second.was_cut) return false;
  it->second.phase = Impl::Served::Phase::kBusy;
  it->second.bytes_seen.reset();
  it->second.routed = true;
  return true;
}

void ConnectionGate::response_written() {
  if (!t_gate) return;
  std::lock_guard<std::mutex> lock(t_gate->mutex);
  auto it = t_gate->served.find(t_connection);
  if (it == t_gate->served.end()) return;
  Impl::Served& s = it->second;
  s.since = Clock::now();
  s.bytes_seen.reset();
  s.routed = false;
  if (s.close_after) {
    // FIN after the answer; the worker's next read sees the client close (or the watchdog cuts
    // the connection after kLingerFor).
    ::shutdown(s.fd, SHUT_WR);
    s.phase = Impl::Served::Phase::kClosing;
  } else {
    s.phase = Impl::Served::Phase::kIdle;
  }
}

}  // namespace linklens::api
