#include "api/metrics.h"

#include <cstdio>

namespace linklens::api {

void Metrics::record(const std::string& route, int status, double seconds) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++requests_[{route, status}];
  Histogram& h = latency_[route];
  for (std::size_t i = 0; i < kBounds.size(); ++i) {
    if (seconds <= kBounds[i]) ++h.buckets[i];
  }
  ++h.count;
  h.sum += seconds;
}

std::string Metrics::exposition() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::string out;
  char line[256];
  out += "# HELP linklens_http_requests_total Requests answered, by route and status.\n";
  out += "# TYPE linklens_http_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    std::snprintf(line, sizeof line, "linklens_http_requests_total{route=\"%s\",status=\"%d\"} %llu\n",
                  key.first.c_str(), key.second, static_cast<unsigned long long>(n));
    out += line;
  }
  out += "# HELP linklens_http_errors_total Requests answered with a 4xx or 5xx status, by route.\n";
  out += "# TYPE linklens_http_errors_total counter\n";
  std::map<std::string, uint64_t> errors;
  for (const auto& [key, n] : requests_) {
    if (key.second >= 400) errors[key.first] += n;
  }
  for (const auto& [route, n] : errors) {
    std::snprintf(line, sizeof line, "linklens_http_errors_total{route=\"%s\"} %llu\n", route.c_str(),
                  static_cast<unsigned long long>(n));
    out += line;
  }
  out += "# HELP linklens_http_request_duration_seconds Time from routing to response, by route.\n";
  out += "# TYPE linklens_http_request_duration_seconds histogram\n";
  for (const auto& [route, h] : latency_) {
    for (std::size_t i = 0; i < kBounds.size(); ++i) {
      std::snprintf(line, sizeof line, "linklens_http_request_duration_seconds_bucket{route=\"%s\",le=\"%g\"} %llu\n",
                    route.c_str(), kBounds[i], static_cast<unsigned long long>(h.buckets[i]));
      out += line;
    }
    std::snprintf(line, sizeof line,
                  "linklens_http_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} %llu\n"
                  "linklens_http_request_duration_seconds_sum{route=\"%s\"} %.6f\n"
                  "linklens_http_request_duration_seconds_count{route=\"%s\"} %llu\n",
                  route.c_str(), static_cast<unsigned long long>(h.count), route.c_str(), h.sum, route.c_str(),
                  static_cast<unsigned long long>(h.count));
    out += line;
  }
  return out;
}

}  // namespace linklens::api
