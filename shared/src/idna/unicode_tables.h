// Layout of the generated Unicode tables (tools/gen_unicode_tables.py writes their contents).
//
// Invariants the lookups rely on:
//  1. Every range table is sorted by `start`, the first entry starts at 0, and an entry covers
//     [start, next entry's start); the last entry runs to U+10FFFF.
//  2. kDecompositions and kCompositions are sorted by their key(s) for binary search.
#pragma once

#include <cstddef>
#include <cstdint>

namespace linklens::unicode {

enum class MapStatus : uint8_t { kValid, kMapped, kDeviation, kIgnored, kDisallowed };
enum class BidiClass : uint8_t { L, R, AL, AN, EN, ES, CS, ET, ON, BN, NSM, Other };

struct MapRange {
  char32_t start;
  uint8_t status;      // MapStatus
  uint8_t map_length;  // code points in kMapData, when mapped
  uint32_t map_offset;
};

struct ValueRange {
  char32_t start;
  uint32_t value;
};

struct Decomposition {
  char32_t code_point;
  uint8_t length;
  uint32_t offset;  // into kDecompositionData: the full canonical decomposition (NFD)
};

struct Composition {
  char32_t first, second, composite;
};

extern const char kIdnaUnicodeVersion[];
extern const char kPropertyUnicodeVersion[];
extern const MapRange kMapRanges[];
extern const std::size_t kMapRangeCount;
extern const char32_t kMapData[];
extern const ValueRange kMarkRanges[];
extern const std::size_t kMarkRangeCount;
extern const ValueRange kBidiRanges[];
extern const std::size_t kBidiRangeCount;
extern const ValueRange kCccRanges[];
extern const std::size_t kCccRangeCount;
extern const ValueRange kJoiningRanges[];
extern const std::size_t kJoiningRangeCount;
extern const Decomposition kDecompositions[];
extern const std::size_t kDecompositionCount;
extern const char32_t kDecompositionData[];
extern const Composition kCompositions[];
extern const std::size_t kCompositionCount;

// Lookups (unicode_lookup.cpp).
const MapRange& map_range(char32_t cp);
bool is_mark(char32_t cp);
BidiClass bidi_class(char32_t cp);
uint8_t combining_class(char32_t cp);
char joining_type(char32_t cp);  // 'L', 'D', 'R', 'T' or 0

}  // namespace linklens::unicode
