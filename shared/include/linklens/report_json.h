// The JSON form of a PageReport: {"page": {...}, "links": [LinkRecord...]}, exactly as
// docs/link-record.md documents it. One writer for the CLI, the wasm module and the server.
#pragma once

#include <string>

#include "linklens/link_record.h"

namespace linklens {

std::string report_to_json(const PageReport& report, bool pretty = false);
std::string link_to_json(const LinkRecord& link);

}  // namespace linklens
