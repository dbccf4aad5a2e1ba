// Unicode case folding: the one key under which anchors that differ only in case are counted
// together ("Twitter" and "twitter"; "Straße" and "STRASSE"), the same in the browser, the
// SQLite store and the ClickHouse store.
#pragma once

#include <string>
#include <string_view>

namespace linklens {

// Unicode full case folding (CaseFolding.txt statuses C and F, as Python's str.casefold) of
// UTF-8 text. No normalisation beyond that. Bytes that are not well-formed UTF-8 are kept as
// they are, so the key of any input is defined.
std::string fold_case(std::string_view utf8);

// The Unicode version of the compiled-in folding table.
const char* case_fold_unicode_version();

}  // namespace linklens
