#include "linklens/version.h"

#include "domain/psl_builtin.h"

#ifndef LINKLENS_VERSION
#error "LINKLENS_VERSION must be defined by the build"
#endif

namespace linklens {

const char* core_version() { return LINKLENS_VERSION; }
const char* builtin_suffix_list_date() { return psl::kBuiltinListDate; }

}  // namespace linklens
