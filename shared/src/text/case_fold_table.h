// The generated case-folding table (tools/gen_case_fold.py): every code point whose full case
// folding differs from itself, with its folding in UTF-8.
#pragma once

#include <cstddef>

namespace linklens::text {

struct CaseFold {
  char32_t code_point;
  const char* folded;  // UTF-8, one to three code points
};

extern const char* const kCaseFoldUnicodeVersion;
extern const std::size_t kCaseFoldCount;
extern const CaseFold kCaseFold[];

}  // namespace linklens::text
