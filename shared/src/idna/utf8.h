// Strict UTF-8 <-> UTF-32 conversion for host names (no surrogates, no overlongs).
#pragma once

#include <string>
#include <string_view>

namespace linklens::utf8 {

// Decodes `in` into `out`. Returns false on any ill-formed sequence.
bool decode(std::string_view in, std::u32string& out);

// Appends the UTF-8 encoding of `cp` (a scalar value) to `out`.
void append(std::string& out, char32_t cp);

std::string encode(std::u32string_view in);

}  // namespace linklens::utf8
