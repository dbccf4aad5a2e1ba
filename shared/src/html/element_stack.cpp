#include "element_stack.h"

#include <algorithm>

#include "linklens/html/tokenizer.h"

namespace linklens::html {
namespace {

// A name of at most 16 bytes as two words, its bytes in order and zero-padded, with its length:
// hashed and compared a word at a time (every start and end tag of a page is looked up, and a
// string compare was a call to memcmp each time).
struct PackedName {
  uint64_t lo = 0, hi = 0;
  std::size_t size = 0;
  bool operator==(const PackedName&) const = default;
};

PackedName pack(std::string_view name) {  // REQUIRES: name.size() <= 16
  PackedName p;
  p.size = name.size();
  for (std::size_t i = 0; i < name.size(); ++i) {
    const uint64_t byte = static_cast<unsigned char>(name[i]);
    if (i < 8)
      p.lo |= byte << (8 * i);
    else
      p.hi |= byte << (8 * (i - 8));
  }
  return p;
}

// Open-addressing index over kElementTable (built once): one hash and usually one compare per lookup.
struct FlagIndex {
  static constexpr std::size_t kSlots = 512;   // power of two, > 4x the names
  static constexpr std::size_t kLongest = 10;  // "blockquote"
  int16_t slot[kSlots];
  PackedName name[kSlots];
  static std::size_t hash(const PackedName& p) {
    // (The length needs no part in it: the compare checks it.)
    return static_cast<std::size_t>((p.lo * 0x9E3779B97F4A7C15u ^ p.hi * 0xC2B2AE3D27D4EB4Fu) >> 40);
  }
  FlagIndex() {
    std::fill(std::begin(slot), std::end(slot), int16_t{-1});
    for (std::size_t i = 0; i < std::size(kElementTable); ++i) {
      const PackedName p = pack(kElementTable[i].name);
      std::size_t s = hash(p) & (kSlots - 1);
      while (slot[s] >= 0) s = (s + 1) & (kSlots - 1);
      slot[s] = static_cast<int16_t>(i);
      name[s] = p;
    }
  }
};
static_assert([] {
  for (const NameFlags& row : kElementTable) {
    if (row.name.size() > FlagIndex::kLongest) return false;
  }
  return true;
}());

}  // namespace

int element_row(std::string_view name) {
  static const FlagIndex index;
  if (name.empty() || name.size() > FlagIndex::kLongest) return -1;
  const PackedName p = pack(name);
  for (std::size_t s = FlagIndex::hash(p) & (FlagIndex::kSlots - 1);; s = (s + 1) & (FlagIndex::kSlots - 1)) {
    const int16_t i = index.slot[s];
    if (i < 0) return -1;
    if (index.name[s] == p) return i;
  }
}

uint32_t element_flags(std::string_view name) { return row_flags(element_row(name)); }

bool ElementStack::contains(std::string_view name) const {
  return std::any_of(stack_.begin(), stack_.end(), [&](const OpenElement& e) { return e.name == name; });
}

bool content_state_after(std::string_view name, bool scripting, TokenizerState& state) {
  if (name == "title" || name == "textarea")
    state = TokenizerState::kRcdata;
  else if (name == "style" || name == "xmp" || name == "iframe" || name == "noembed" || name == "noframes")
    state = TokenizerState::kRawtext;
  else if (name == "noscript" && scripting)
    state = TokenizerState::kRawtext;
  else if (name == "script")
    state = TokenizerState::kScriptData;
  else if (name == "plaintext")
    state = TokenizerState::kPlaintext;
  else
    return false;
  return true;
}

}  // namespace linklens::html
