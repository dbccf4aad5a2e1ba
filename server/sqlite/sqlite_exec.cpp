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

}  // namespace linklens::store
