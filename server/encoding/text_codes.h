// Bytes as text, the two ways the server writes them: lowercase hex (digests, signatures,
// tokens) and a percent-encoded URL component (query values the server builds itself).
#pragma once

#include <cstddef>
#include <string>

namespace linklens::encoding {

// "00ff...": two lowercase hex digits per byte.
std::string hex_lower(const unsigned char* bytes, std::size_t size);

// Every byte but RFC 3986's unreserved ones (ALPHA DIGIT - . _ ~) as %XX.
std::string url_encode_component(const std::string& value);

}  // namespace linklens::encoding
