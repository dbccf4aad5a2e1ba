// Version of the Linklens core, and of the data compiled into it.
#pragma once

namespace linklens {

const char* core_version();              // "0.3.0"
const char* builtin_suffix_list_date();  // date of the compiled-in Public Suffix List

}  // namespace linklens
