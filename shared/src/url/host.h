// The URL Standard's host parser (section 3.5) and host serializers.
#pragma once

#include <string>
#include <string_view>

#include "linklens/url.h"

namespace linklens::url_detail {

// Parses `input` as a host; on success writes its serialization to `out` and its type to `type`.
// `is_opaque` is true for non-special URLs (opaque-host parser).
bool parse_host(std::string_view input, bool is_opaque, std::string& out, HostType& type);

// IPv4 parser (section 3.5). Returns false on failure; `maybe_not_ipv4` is irrelevant here
// because callers only invoke it once "ends in a number" holds.
bool parse_ipv4(std::string_view input, uint32_t& address);
bool ends_in_a_number(std::string_view input);
void serialize_ipv4(uint32_t address, std::string& out);

bool parse_ipv6(std::string_view input, uint16_t (&address)[8]);
void serialize_ipv6(const uint16_t (&address)[8], std::string& out);

}  // namespace linklens::url_detail
