// Migration step 8 -> 9: schema 8's links table (every string in every row, ~720 bytes a link)
// rewritten as schema 9's link_rows with its strings stored once (link_rows.h), and the `links`
// view in the table's place. Runs inside the migration's transaction.
#pragma once

#include "index/status.h"

struct sqlite3;

namespace linklens::store {

Status compact_links(sqlite3* db);

}  // namespace linklens::store
