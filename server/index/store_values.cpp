#include "index/store_values.h"

#include <algorithm>
#include <ctime>

namespace linklens::store {

std::string subnet_of(const std::string& ip) {
  if (ip.find(':') != std::string::npos) {
    std::size_t n = 0, i = 0;
    for (; i < ip.size() && n < 3; ++i) n += ip[i] == ':';
    return n == 3 ? ip.substr(0, i) + ":/48" : std::string();
  }
  std::size_t last = ip.rfind('.');
  if (last == std::string::npos || std::count(ip.begin(), ip.end(), '.') != 3) return {};
  return ip.substr(0, last) + ".0/24";
}

std::string now_utc() {
  std::time_t t = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

std::string today_utc() { return now_utc().substr(0, 10); }

}  // namespace linklens::store
