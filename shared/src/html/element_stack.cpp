#include "element_stack.h"

#include <algorithm>

#include "linklens/html/tokenizer.h"

namespace linklens::html {
namespace {

// Open-addressing index over kElementTable (built once): one hash and usually one compare per lookup.
struct FlagIndex {
  static constexpr std::size_t kSlots = 512;  // power of two, > 4x the names
  int16_t slot[kSlots];
  static std::size_t hash(std::string_view n) {
    std::size_t h = n.size() * 0x9E3779B1u;
    for (char c : n) h = (h ^ static_cast<unsigned char>(c)) * 0x01000193u;
    return h;
  }
  FlagIndex() {
    std::fill(std::begin(slot), std::end(slot), int16_t{-1});
    for (std::size_t i = 0; i < std::size(kElementTable); ++i) {
      std::size_t s = hash(kElementTable[i].name) & (kSlots - 1);
      while (slot[s] >= 0) s = (s + 1) & (kSlots - 1);
      slot[s] = static_cast<int16_t>(i);
    }
  }
};

}  // namespace

int element_row(std::string_view name) {
  static const FlagIndex index;
  if (name.empty() || name.size() > 10) return -1;  // the longest listed name is "blockquote"
  for (std::size_t s = FlagIndex::hash(name) & (FlagIndex::kSlots - 1);; s = (s + 1) & (FlagIndex::kSlots - 1)) {
    int16_t i = index.slot[s];
    if (i < 0) return -1;
    if (kElementTable[i].name == name) return i;
  }
}

uint32_t element_flags(std::string_view name) {
  const int row = element_row(name);
  return row < 0 ? 0 : kElementTable[row].flags;
}

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
