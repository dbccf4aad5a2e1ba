#include "sqlite/sqlite_exec.h"

#include <sqlite3.h>

namespace linklens::store {

Status exec_sql(sqlite3* db, const std::string& sql) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    Status failed = Status::failure(message ? message : sqlite3_errmsg(db));
    sqlite3_free(message);
    return failed;
  }
  return {};
}

StatusOr<bool> table_is_empty(sqlite3* db, const std::string& table) {
  sqlite3_stmt* s = nullptr;
  const std::string sql = "SELECT NOT EXISTS(SELECT 1 FROM " + table + ")";
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) {
    return Status::failure("reading " + table + ": " + sqlite3_errmsg(db));
  }
  const int step = sqlite3_step(s);
  const bool empty = step == SQLITE_ROW && sqlite3_column_int(s, 0) == 1;
  sqlite3_finalize(s);
  if (step != SQLITE_ROW) return Status::failure("reading " + table + ": " + sqlite3_errmsg(db));
  return empty;
}

}  // namespace linklens::store
