// Punycode (RFC 3492) for one label, without the "xn--" prefix.
#pragma once

#include <string>
#include <string_view>

namespace linklens::punycode {

// Returns false on malformed input or overflow.
bool decode(std::string_view in, std::u32string& out);

// Returns false on overflow (labels of absurd length).
bool encode(std::u32string_view in, std::string& out);

}  // namespace linklens::punycode
