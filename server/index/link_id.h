// A link's identity: a 63-bit hash of what makes two sightings the same link (source page URL,
// target URL, kind, anchor). Both stores use it as the link's id, so a backlink keeps its id
// across re-ingests and has the same id in SQLite and in ClickHouse (which has no row ids), and
// the API's tie-breaking order, cursors and `id` field agree between backends.
//
// Collisions: at n links the chance of any is about n^2 / 2^64 (1e-5 at 10^7 links). SQLite
// refuses a colliding row (the ingest fails with a constraint error and leaves the index as it
// was); a ClickHouse index would merge the two links' histories.
#pragma once

#include <cstdint>
#include <string_view>

namespace linklens::store {

int64_t link_id(std::string_view source_url, std::string_view target_url, std::string_view kind,
                std::string_view anchor);

}  // namespace linklens::store
