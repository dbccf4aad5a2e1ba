// Referring country of a crawled page: from its WARC-IP-Address with Debian's GeoIP country
// databases (geoip-database: /usr/share/GeoIP/GeoIP.dat and GeoIPv6.dat), and from the host's
// country-code TLD when there is no address or the database has no answer.
//
// Thread-safety: one CountryLookup per thread (the GeoIP handles are not shared).
#pragma once

#include <string>
#include <string_view>

namespace linklens::ingest {

struct Country {
  std::string code;    // ISO 3166-1 alpha-2 ("DE"), "" when unknown
  std::string source;  // "geoip" or "cctld", "" when unknown
};

class CountryLookup {
 public:
  explicit CountryLookup(const std::string& directory = "/usr/share/GeoIP");
  ~CountryLookup();
  CountryLookup(const CountryLookup&) = delete;
  CountryLookup& operator=(const CountryLookup&) = delete;

  Country lookup(std::string_view ip, std::string_view host) const;
  bool has_database() const { return v4_ != nullptr; }

 private:
  void* v4_ = nullptr;  // GeoIP*, kept opaque so GeoIP.h stays out of the header
  void* v6_ = nullptr;
};

// The country of a country-code TLD ("uk" -> "GB", "de" -> "DE"); "" for generic TLDs.
std::string country_of_cctld(std::string_view host);

}  // namespace linklens::ingest
