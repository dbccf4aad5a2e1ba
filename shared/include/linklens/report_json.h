// The JSON form of a PageReport: {"page": {...}, "links": [LinkRecord...]}, exactly as
// docs/link-record.md documents it. One writer for the CLI, the wasm module and the server.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "linklens/link_record.h"

namespace linklens {

std::string report_to_json(const PageReport& report, bool pretty = false);
std::string link_to_json(const LinkRecord& link);

// The same report with each link as a row of the named LinkRecord fields, in that order:
// {"page": {...}, "links": [[value, ...], ...]}. A reader that needs a few fields of thousands of
// links (the extension's overlay) gets a fraction of the bytes. Nothing when a name is not a
// LinkRecord field.
std::optional<std::string> report_rows_json(const PageReport& report, const std::vector<std::string>& fields);

}  // namespace linklens
