// Prometheus text exposition for GET /metrics: requests by route and status, errors by route, and
// a latency histogram by route. Routes are the registered patterns, never raw paths, so a client
// cannot grow the label set.
#pragma once

#include <array>
#include <map>
#include <mutex>
#include <string>

namespace linklens::api {

class Metrics {
 public:
  void record(const std::string& route, int status, double seconds);
  std::string exposition() const;

 private:
  static constexpr std::array<double, 12> kBounds = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                     0.05,   0.1,   0.25,   0.5,   1,    2.5};
  struct Histogram {
    std::array<uint64_t, kBounds.size()> buckets{};
    uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, int>, uint64_t> requests_;
  std::map<std::string, Histogram> latency_;
};

}  // namespace linklens::api
