#include "api/connection_drain.h"

#include <poll.h>
#include <sys/socket.h>

#include <chrono>
#include <thread>

namespace linklens::api {

void CountingTaskQueue::enqueue(std::function<void()> fn) {
  ++count_.open;
  ++count_.accepted;
  pool_.enqueue([this, fn = std::move(fn)] {
    fn();  // the whole connection: every request on it, then close
    --count_.open;
  });
}

void ListenerHandle::remember(httplib::Server& server) {
  server.set_socket_options([this](socket_t sock) {
    httplib::default_socket_options(sock);
    fd_ = sock;
  });
}

void ListenerHandle::stop_accepting() {
  const int fd = fd_.load();
  if (fd < 0) return;
  // A connection the kernel completed but httplib has not accepted yet would be reset by the
  // shutdown: give the accept loop time to take them (bounded, for a flood of new connections).
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  while (std::chrono::steady_clock::now() < give_up) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 0) <= 0 || !(p.revents & POLLIN)) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ::shutdown(fd, SHUT_RDWR);
}

}  // namespace linklens::api
