#include "folded_words.h"

#include <cctype>

#include "linklens/case_fold.h"

namespace linklens::audit {

std::vector<std::string> folded_words(std::string_view text) {
  std::vector<std::string> out;
  std::string folded = fold_case(text), word;
  for (char c : folded) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x80 && !std::isalnum(u)) {
      if (!word.empty()) out.push_back(std::move(word));
      word.clear();
    } else {
      word.push_back(c);
    }
  }
  if (!word.empty()) out.push_back(std::move(word));
  return out;
}

}  // namespace linklens::audit
