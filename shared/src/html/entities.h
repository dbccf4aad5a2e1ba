// HTML named character references (generated table) and the character reference decoder.
//
// Invariant: kNamedEntities is sorted by name (bytewise) for binary search; names contain only
// ASCII alphanumerics and, for most, a final ';'.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace linklens::html {

struct NamedEntity {
  const char* name;  // without the leading '&'
  uint8_t name_length;
  const char* value;  // UTF-8
  uint8_t value_length;
};

extern const NamedEntity kNamedEntities[];
extern const std::size_t kNamedEntityCount;
extern const std::size_t kLongestEntityName;

// The HTML Standard's character reference state and the states it leads to (13.2.5.72-80), run
// on [p, end) where p is just after an '&'. Appends what the reference stands for to `out` (or
// the consumed characters as they were, with the '&', when they are not a reference) and returns
// how many bytes after the '&' were consumed. `in_attribute` selects the attribute-value rules
// (a legacy name without ';' followed by '=' or an alphanumeric is left as text).
std::size_t decode_char_ref(const char* p, const char* end, bool in_attribute, std::string& out);

// Appends the UTF-8 encoding of code point `cp` to `out`.
void append_utf8(std::string& out, uint32_t cp);

}  // namespace linklens::html
