// NFC = canonical decomposition, canonical ordering, canonical composition (UAX #15 section 1.3).
// Hangul syllables are decomposed and composed algorithmically (Unicode chapter 3.12).
#include "nfc.h"

#include <algorithm>

#include "unicode_tables.h"

namespace linklens::nfc {
namespace {

using unicode::combining_class;

constexpr char32_t kSBase = 0xAC00, kLBase = 0x1100, kVBase = 0x1161, kTBase = 0x11A7;
constexpr char32_t kLCount = 19, kVCount = 21, kTCount = 28;
constexpr char32_t kNCount = kVCount * kTCount, kSCount = kLCount * kNCount;

void decompose_into(char32_t cp, std::u32string& out) {
  if (cp >= kSBase && cp < kSBase + kSCount) {
    char32_t s = cp - kSBase;
    out.push_back(kLBase + s / kNCount);
    out.push_back(kVBase + (s % kNCount) / kTCount);
    if (s % kTCount != 0) out.push_back(kTBase + s % kTCount);
    return;
  }
  const auto* begin = unicode::kDecompositions;
  const auto* end = begin + unicode::kDecompositionCount;
  const auto* it =
      std::lower_bound(begin, end, cp, [](const unicode::Decomposition& d, char32_t c) { return d.code_point < c; });
  if (it != end && it->code_point == cp) {
    out.append(unicode::kDecompositionData + it->offset, it->length);
  } else {
    out.push_back(cp);
  }
}

// Returns the primary composite of (first, second), or 0 when there is none.
char32_t compose_pair(char32_t first, char32_t second) {
  if (first >= kLBase && first < kLBase + kLCount && second >= kVBase && second < kVBase + kVCount) {
    return kSBase + ((first - kLBase) * kVCount + (second - kVBase)) * kTCount;
  }
  if (first >= kSBase && first < kSBase + kSCount && (first - kSBase) % kTCount == 0 && second > kTBase &&
      second < kTBase + kTCount) {
    return first + (second - kTBase);
  }
  const auto* begin = unicode::kCompositions;
  const auto* end = begin + unicode::kCompositionCount;
  const auto* it = std::lower_bound(begin, end, std::pair{first, second},
                                    [](const unicode::Composition& c, std::pair<char32_t, char32_t> key) {
                                      return c.first < key.first || (c.first == key.first && c.second < key.second);
                                    });
  if (it != end && it->first == first && it->second == second) return it->composite;
  return 0;
}

}  // namespace

void normalize(std::u32string& text) {
  // Fast path: nothing below U+0300 decomposes, reorders or composes (except Hangul jamo, above).
  if (std::all_of(text.begin(), text.end(), [](char32_t c) { return c < 0x300; })) return;

  std::u32string d;
  d.reserve(text.size() + 8);
  for (char32_t cp : text) decompose_into(cp, d);

  // Canonical ordering: stable sort of each run of non-starters by combining class.
  for (std::size_t i = 0; i < d.size();) {
    if (combining_class(d[i]) == 0) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < d.size() && combining_class(d[j]) != 0) ++j;
    std::stable_sort(d.begin() + static_cast<long>(i), d.begin() + static_cast<long>(j),
                     [](char32_t a, char32_t b) { return combining_class(a) < combining_class(b); });
    i = j;
  }

  // Canonical composition.
  std::u32string out;
  out.reserve(d.size());
  std::size_t starter = std::u32string::npos;  // index in `out` of the last starter
  int last_ccc = -1;
  for (char32_t cp : d) {
    int ccc = combining_class(cp);
    if (starter != std::u32string::npos) {
      // Blocked when a character between the starter and cp has ccc 0 or >= ccc(cp).
      bool blocked = last_ccc != -1 && (last_ccc == 0 || last_ccc >= ccc);
      if (!blocked) {
        char32_t composite = compose_pair(out[starter], cp);
        if (composite != 0) {
          out[starter] = composite;
          continue;
        }
      }
    }
    if (ccc == 0) {
      starter = out.size();
      last_ccc = -1;
    } else {
      last_ccc = ccc;
    }
    out.push_back(cp);
  }
  text.swap(out);
}

bool is_normalized(const std::u32string& text) {
  std::u32string copy = text;
  normalize(copy);
  return copy == text;
}

}  // namespace linklens::nfc
