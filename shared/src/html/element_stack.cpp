#include "element_stack.h"

#include <algorithm>

#include "linklens/html/tokenizer.h"

namespace linklens::html {
namespace {

struct NameFlags {
  std::string_view name;
  uint32_t flags;
};

constexpr uint32_t kSpecialBlock = kSpecial | kBlock | kWordBreak;

// One row per element name the parser treats specially. Unknown names have no flags.
constexpr NameFlags kTable[] = {
    {"a", kFormatting},
    {"address", kClosesP | kBlock | kWordBreak},
    {"applet", kScopeBoundary | kSpecial},
    {"area", kVoidElement},
    {"article", kClosesP | kSpecialBlock},
    {"aside", kClosesP | kSpecialBlock},
    {"b", kFormatting | kBreakout},
    {"base", kVoidElement},
    {"big", kFormatting | kBreakout},
    {"blockquote", kClosesP | kSpecialBlock | kBreakout},
    {"body", kSpecial | kBlock | kBreakout},
    {"br", kVoidElement | kBreakout | kWordBreak},
    {"button", kSpecial},
    {"caption", kScopeBoundary | kSpecialBlock},
    {"center", kClosesP | kSpecialBlock | kBreakout},
    {"code", kFormatting | kBreakout},
    {"col", kVoidElement},
    {"colgroup", kSpecial},
    {"dd", kSpecialBlock | kBreakout},
    {"details", kClosesP | kSpecialBlock},
    {"dialog", kClosesP},
    {"dir", kClosesP | kSpecial},
    {"div", kClosesP | kBlock | kWordBreak | kBreakout},
    {"dl", kClosesP | kSpecialBlock | kBreakout},
    {"dt", kSpecialBlock | kBreakout},
    {"em", kFormatting | kBreakout},
    {"embed", kVoidElement | kBreakout},
    {"fieldset", kClosesP | kSpecial},
    {"figcaption", kClosesP | kSpecialBlock},
    {"figure", kClosesP | kSpecialBlock},
    {"font", kFormatting},
    {"footer", kClosesP | kSpecialBlock},
    {"form", kClosesP | kSpecialBlock},
    {"frameset", kSpecial},
    {"h1", kClosesP | kSpecialBlock | kHeading | kBreakout},
    {"h2", kClosesP | kSpecialBlock | kHeading | kBreakout},
    {"h3", kClosesP | kSpecialBlock | kHeading | kBreakout},
    {"h4", kClosesP | kSpecialBlock | kHeading | kBreakout},
    {"h5", kClosesP | kSpecialBlock | kHeading | kBreakout},
    {"h6", kClosesP | kSpecialBlock | kHeading | kBreakout},
    {"head", kSpecial | kBreakout},
    {"header", kClosesP | kSpecialBlock},
    {"hgroup", kClosesP | kSpecial},
    {"hr", kVoidElement | kClosesP | kBreakout | kWordBreak},
    {"html", kScopeBoundary | kTableScopeBoundary | kSpecial},
    {"i", kFormatting | kBreakout},
    {"iframe", kSpecial | kInvisibleText},
    {"img", kVoidElement | kBreakout | kWordBreak},
    {"input", kVoidElement},
    {"keygen", kVoidElement},
    {"li", kSpecialBlock | kBreakout},
    {"link", kVoidElement},
    {"listing", kClosesP | kSpecial | kBreakout},
    {"main", kClosesP | kSpecialBlock},
    {"marquee", kScopeBoundary | kSpecial},
    {"menu", kClosesP | kSpecial | kBreakout},
    {"meta", kVoidElement | kBreakout},
    {"nav", kClosesP | kSpecialBlock},
    {"nobr", kFormatting | kBreakout},
    {"noembed", kSpecial | kInvisibleText},
    {"noframes", kSpecial | kInvisibleText},
    {"noscript", kSpecial},
    {"object", kScopeBoundary | kSpecial},
    {"ol", kClosesP | kSpecialBlock | kBreakout},
    {"option", kInvisibleText},
    {"p", kClosesP | kBlock | kWordBreak | kBreakout},
    {"param", kVoidElement},
    {"plaintext", kSpecial},
    {"pre", kClosesP | kSpecialBlock | kBreakout},
    {"ruby", kBreakout},
    {"s", kFormatting | kBreakout},
    {"script", kSpecial | kInvisibleText},
    {"search", kClosesP | kSpecial},
    {"section", kClosesP | kSpecialBlock},
    {"select", kSpecial | kInvisibleText},
    {"small", kFormatting | kBreakout},
    {"source", kVoidElement},
    {"span", kBreakout},
    {"strike", kFormatting | kBreakout},
    {"strong", kFormatting | kBreakout},
    {"style", kSpecial | kInvisibleText},
    {"sub", kBreakout},
    {"summary", kClosesP | kSpecialBlock},
    {"sup", kBreakout},
    {"table", kClosesP | kScopeBoundary | kTableScopeBoundary | kSpecialBlock | kBreakout},
    {"tbody", kSpecial},
    {"td", kScopeBoundary | kSpecialBlock},
    {"template", kScopeBoundary | kTableScopeBoundary | kSpecial | kInvisibleText},
    {"textarea", kSpecial | kInvisibleText},
    {"tfoot", kSpecial},
    {"th", kScopeBoundary | kSpecialBlock},
    {"thead", kSpecial},
    {"title", kSpecial | kInvisibleText},
    {"tr", kSpecial},
    {"track", kVoidElement},
    {"tt", kFormatting | kBreakout},
    {"u", kFormatting | kBreakout},
    {"ul", kClosesP | kSpecialBlock | kBreakout},
    {"var", kBreakout},
    {"wbr", kVoidElement},
    {"xmp", kClosesP | kSpecial | kInvisibleText},
};

constexpr bool table_is_sorted() {
  for (std::size_t i = 1; i < std::size(kTable); ++i) {
    if (!(kTable[i - 1].name < kTable[i].name)) return false;
  }
  return true;
}
static_assert(table_is_sorted(), "kTable must be sorted by name for binary search");
static_assert(std::size(kTable) == kElementRows, "kElementRows (element_stack.h) counts kTable's rows");

}  // namespace

namespace {

// Open-addressing index over kTable (built once): one hash and usually one compare per lookup.
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
    for (std::size_t i = 0; i < std::size(kTable); ++i) {
      std::size_t s = hash(kTable[i].name) & (kSlots - 1);
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
    if (kTable[i].name == name) return i;
  }
}

uint32_t element_flags(std::string_view name) {
  const int row = element_row(name);
  return row < 0 ? 0 : kTable[row].flags;
}

namespace {
constexpr int row_of(std::string_view name) {
  for (std::size_t i = 0; i < std::size(kTable); ++i) {
    if (kTable[i].name == name) return static_cast<int>(i);
  }
  return -1;
}
}  // namespace

// Constant-initialized: ready before any other translation unit's static initializers run.
constexpr int ElementStack::kButtonRow = row_of("button");

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
