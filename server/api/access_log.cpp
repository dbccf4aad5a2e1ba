#include "api/access_log.h"

#include <sys/time.h>
#include <cmath>
#include <ctime>
#include <nlohmann/json.hpp>

namespace linklens::api {

AccessLog::AccessLog(const std::string& destination) {
  if (destination == "-") {
    file_ = stderr;
  } else if (!destination.empty()) {
    file_ = std::fopen(destination.c_str(), "a");
    owned_ = true;
    ok_ = file_ != nullptr;
  }
}

AccessLog::~AccessLog() {
  if (owned_ && file_) std::fclose(file_);
}

void AccessLog::write(const std::string& method, const std::string& path, const std::string& route, int status,
                      double seconds, std::size_t bytes, const std::string& principal, const std::string& remote) {
  if (!file_) return;
  timeval now{};
  gettimeofday(&now, nullptr);
  std::tm tm{};
  gmtime_r(&now.tv_sec, &tm);
  char when[96];
  std::snprintf(when, sizeof when, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(now.tv_usec / 1000));
  nlohmann::ordered_json line = {{"time", when},   {"method", method}, {"path", path},
                                 {"route", route}, {"status", status}, {"ms", std::round(seconds * 1e5) / 100},
                                 {"bytes", bytes}, {"who", principal}, {"remote", remote}};
  std::string text = line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  text.push_back('\n');
  std::lock_guard<std::mutex> lock(mutex_);
  std::fwrite(text.data(), 1, text.size(), file_);
  std::fflush(file_);
}

}  // namespace linklens::api
