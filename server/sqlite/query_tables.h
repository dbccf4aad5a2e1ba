// The pre-aggregated query tables (domain_overview, referring_domains, anchors) and the source
// authority copied onto every link, rebuilt from the links table after ranking. They let a domain
// overview, a page of referring domains or anchors, and a page of backlinks sorted by authority
// be read through an index instead of aggregating over all of a domain's links per request.
#pragma once

#include <string>

#include "index/status.h"

struct sqlite3;

namespace linklens::ranking {

// Rebuilds the tables inside the caller's transaction. False and `error` on failure.
Status rebuild_query_tables(sqlite3* db);

}  // namespace linklens::ranking
