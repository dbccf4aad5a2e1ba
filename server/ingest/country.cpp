#include "ingest/country.h"

#include <GeoIP.h>

namespace linklens::ingest {

CountryLookup::CountryLookup(const std::string& directory) {
  // GEOIP_MEMORY_CACHE: the files are read once; lookups then touch no disk.
  v4_ = GeoIP_open((directory + "/GeoIP.dat").c_str(), GEOIP_MEMORY_CACHE | GEOIP_SILENCE);
  v6_ = GeoIP_open((directory + "/GeoIPv6.dat").c_str(), GEOIP_MEMORY_CACHE | GEOIP_SILENCE);
}

CountryLookup::~CountryLookup() {
  if (v4_) GeoIP_delete(static_cast<GeoIP*>(v4_));
  if (v6_) GeoIP_delete(static_cast<GeoIP*>(v6_));
}

Country CountryLookup::lookup(std::string_view ip, std::string_view host) const {
  if (!ip.empty()) {
    std::string address(ip);
    const char* code = nullptr;
    if (address.find(':') != std::string::npos) {
      if (v6_) code = GeoIP_country_code_by_addr_v6(static_cast<GeoIP*>(v6_), address.c_str());
    } else if (v4_) {
      code = GeoIP_country_code_by_addr(static_cast<GeoIP*>(v4_), address.c_str());
    }
    // "A1"/"A2"/"AP"/"EU" are GeoIP's pseudo-countries (proxies, satellite, regions).
    if (code && code[0] && std::string_view(code) != "A1" && std::string_view(code) != "A2" &&
        std::string_view(code) != "AP" && std::string_view(code) != "EU") {
      return {code, "geoip"};
    }
  }
  std::string cc = country_of_cctld(host);
  if (!cc.empty()) return {cc, "cctld"};
  return {};
}

std::string country_of_cctld(std::string_view host) {
  if (!host.empty() && host.back() == '.') host.remove_suffix(1);
  std::size_t dot = host.rfind('.');
  std::string_view tld = dot == std::string_view::npos ? host : host.substr(dot + 1);
  if (tld.size() != 2 || !(tld[0] >= 'a' && tld[0] <= 'z') || !(tld[1] >= 'a' && tld[1] <= 'z')) return {};
  // Country-code TLDs sold as generic names say nothing about the site's country.
  static constexpr std::string_view kGenericUse[] = {"io", "co", "tv", "me", "ai", "fm", "ly", "gg",
                                                     "to", "cc", "ws", "so", "sh", "ac", "am"};
  for (std::string_view g : kGenericUse) {
    if (tld == g) return {};
  }
  if (tld == "uk") return "GB";
  std::string out(tld);
  out[0] = static_cast<char>(out[0] - 32);
  out[1] = static_cast<char>(out[1] - 32);
  return out;
}

}  // namespace linklens::ingest
