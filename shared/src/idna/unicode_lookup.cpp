// Binary searches over the generated range tables (see unicode_tables.h for their invariants).
#include <algorithm>

#include "unicode_tables.h"

namespace linklens::unicode {
namespace {

template <class Range>
const Range& find_range(const Range* table, std::size_t count, char32_t cp) {
  // The last range whose start is <= cp; table[0].start == 0, so one always exists.
  const Range* end = table + count;
  const Range* it = std::upper_bound(table, end, cp, [](char32_t c, const Range& r) { return c < r.start; });
  return *(it - 1);
}

}  // namespace

const MapRange& map_range(char32_t cp) { return find_range(kMapRanges, kMapRangeCount, cp); }

bool is_mark(char32_t cp) {
  if (cp < 0x300) return false;
  return find_range(kMarkRanges, kMarkRangeCount, cp).value != 0;
}

BidiClass bidi_class(char32_t cp) { return static_cast<BidiClass>(find_range(kBidiRanges, kBidiRangeCount, cp).value); }

uint8_t combining_class(char32_t cp) {
  if (cp < 0x300) return 0;
  return static_cast<uint8_t>(find_range(kCccRanges, kCccRangeCount, cp).value);
}

char joining_type(char32_t cp) { return static_cast<char>(find_range(kJoiningRanges, kJoiningRangeCount, cp).value); }

}  // namespace linklens::unicode
