// The words of a text as the audit compares them: case-folded (linklens/case_fold.h), split at
// ASCII punctuation and spaces; bytes beyond ASCII stay inside words. Internal to src/audit/.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace linklens::audit {

std::vector<std::string> folded_words(std::string_view text);

}  // namespace linklens::audit
