// The index's schema as one SQL script (sqlite_schema.sql.inc): every table and index, created if
// missing. The `links` view is made separately (link_rows.h).
#pragma once

namespace linklens::store {

const char* index_schema_sql();

}  // namespace linklens::store
