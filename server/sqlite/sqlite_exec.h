// Runs one or more SQL statements on a SQLite connection: ok, or the failure with SQLite's message.
#pragma once

#include <string>

#include "index/status.h"

struct sqlite3;

namespace linklens::store {

Status exec_sql(sqlite3* db, const std::string& sql);

// Whether `table` holds no row (one step of its b-tree), or why it cannot be read.
StatusOr<bool> table_is_empty(sqlite3* db, const std::string& table);

}  // namespace linklens::store
