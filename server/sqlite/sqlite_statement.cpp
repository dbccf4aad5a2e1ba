#include "sqlite/sqlite_statement.h"

namespace linklens::api {
namespace {

[[noreturn]] void fail(sqlite3* db, int rc) {
  if (rc == SQLITE_INTERRUPT) {
    throw StatusError(503, "query_timeout",
                      "the query ran past this server's time budget; narrow it with where or mode");
  }
  if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
    throw StatusError(503, "index_busy", "the index is busy; try again");
  }
  if ((rc & 0xff) == SQLITE_CORRUPT || rc == SQLITE_NOTADB) {
    throw StatusError(503, "index_damaged", "a page of the index is damaged: rebuild it or restore a copy");
  }
  (void)db;
  throw StatusError(500, "internal", "the index could not answer");
}

}  // namespace

SqliteStatement::SqliteStatement(sqlite3* db, const std::string& sql) : db_(db) {
  int rc = sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &stmt_, nullptr);
  if (rc != SQLITE_OK) fail(db, rc);
}

int SqliteStatement::index(const char* name) const {
  int i = sqlite3_bind_parameter_index(stmt_, name);
  if (i == 0) throw StatusError(500, "internal", "the index could not answer");  // a bug of ours
  return i;
}

void SqliteStatement::bind(const char* name, std::string_view text) {
  sqlite3_bind_text(stmt_, index(name), text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

void SqliteStatement::bind(const char* name, double value) { sqlite3_bind_double(stmt_, index(name), value); }

void SqliteStatement::bind_int(const char* name, int64_t value) { sqlite3_bind_int64(stmt_, index(name), value); }

bool SqliteStatement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  fail(db_, rc);
}

std::string SqliteStatement::text(int i) const {
  const unsigned char* t = sqlite3_column_text(stmt_, i);
  return t ? std::string(reinterpret_cast<const char*>(t), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, i)))
           : std::string();
}

Json SqliteStatement::value(int i) const {
  switch (sqlite3_column_type(stmt_, i)) {
    case SQLITE_INTEGER: return integer(i);
    case SQLITE_FLOAT: return real(i);
    case SQLITE_NULL: return nullptr;
    default: return text(i);
  }
}

}  // namespace linklens::api
