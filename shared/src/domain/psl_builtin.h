// The Public Suffix List compiled in at build time (tools/gen_psl_rules.py writes it): one rule
// per line, with the list's "// ===BEGIN ICANN DOMAINS===" style section markers kept.
#pragma once

#include <cstddef>

namespace linklens::psl {

extern const char kBuiltinListDate[];
extern const char kBuiltinRules[];
extern const std::size_t kBuiltinRulesSize;

}  // namespace linklens::psl
