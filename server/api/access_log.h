// The structured access log: one JSON object per line per request (time, method, path, route,
// status, duration, bytes, who, from where). "-" writes to stderr, "" turns it off.
#pragma once

#include <cstdio>
#include <mutex>
#include <string>

namespace linklens::api {

class AccessLog {
 public:
  explicit AccessLog(const std::string& destination);
  ~AccessLog();
  bool ok() const { return ok_; }
  void write(const std::string& method, const std::string& path, const std::string& route, int status, double seconds,
             std::size_t bytes, const std::string& principal, const std::string& remote);

 private:
  std::FILE* file_ = nullptr;
  bool owned_ = false, ok_ = true;
  std::mutex mutex_;
};

}  // namespace linklens::api
