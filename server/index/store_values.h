// Values both stores derive the same way, so the SQLite and ClickHouse indexes of one crawl agree.
#pragma once

#include <string>

namespace linklens::store {

// "192.0.2.17" -> "192.0.2.0/24"; IPv6 -> its /48 ("2001:db8:1:/48"); "" when not an address.
std::string subnet_of(const std::string& ip);

// The current time as ISO 8601 UTC ("2026-11-23T16:08:03Z"): snapshot and rank timestamps.
std::string now_utc();
// Today in UTC, "2026-11-23": the date of a disavow file's header or of an applied file.
std::string today_utc();

}  // namespace linklens::store
