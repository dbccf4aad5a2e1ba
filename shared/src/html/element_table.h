// The element names the HTML parser treats specially, with what it needs to know of each. Its
// rows are small and dense: what is kept per name can sit in an array indexed by row, and the row
// of a name written in the code is a compile-time constant (listed_row).
#pragma once

#include <cstdint>
#include <iterator>
#include <string_view>

namespace linklens::html {

// Properties of HTML element names, looked up once per start or end tag (element_row, then
// row_flags).
enum ElementFlag : uint32_t {
  kVoidElement = 1u << 0,
  kClosesP = 1u << 1,        // a start tag that closes an open <p>
  kFormatting = 1u << 2,     // a formatting element (a, b, i, ...)
  kScopeBoundary = 1u << 3,  // bounds "has an element in scope"
  kTableScopeBoundary = 1u << 4,
  kSpecial = 1u << 5,  // special category, less address, div and p
  kBlock = 1u << 6,    // a paragraph-like container for link density and context
  kHeading = 1u << 7,
  kBreakout = 1u << 8,       // breaks out of foreign content
  kInvisibleText = 1u << 9,  // its text is never visible (script, style, title, ...; not noscript)
  kWordBreak = 1u << 10,     // its boundaries separate words in innerText (blocks, br, img)
};

struct NameFlags {
  std::string_view name;
  uint32_t flags;
};

inline constexpr uint32_t kSpecialBlock = kSpecial | kBlock | kWordBreak;

// One row per element name the parser treats specially. Unknown names have no flags.
inline constexpr NameFlags kElementTable[] = {
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

constexpr bool element_table_is_sorted() {
  for (std::size_t i = 1; i < std::size(kElementTable); ++i) {
    if (!(kElementTable[i - 1].name < kElementTable[i].name)) return false;
  }
  return true;
}
// Sorted, so a name is listed once and a reader finds it (element_row hashes; order is not needed).
static_assert(element_table_is_sorted(), "kElementTable must be sorted by name, each name once");

inline constexpr std::size_t kElementRows = std::size(kElementTable);

// The flags of a row (element_row's answer): none for a name not listed.
constexpr uint32_t row_flags(int row) { return row < 0 ? 0 : kElementTable[row].flags; }

// The row of a name written in the code, found when it is compiled (element_row looks up a name
// read from a page). -1 when the name is not listed.
consteval int listed_row(std::string_view name) {
  for (std::size_t i = 0; i < kElementRows; ++i) {
    if (kElementTable[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace linklens::html
