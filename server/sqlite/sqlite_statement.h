// A prepared SQLite statement for read queries: named bindings, typed columns, finalised on
// scope exit. Every failure throws StatusError (index/status.h); an interrupted statement (the request's time
// budget ran out, see api_server.cpp) is a 503 query_timeout, anything else a 500 that does not
// repeat SQLite's message (it may name files).
#pragma once

#include <sqlite3.h>

#include <string>
#include <string_view>

#include "index/result_table.h"
#include "index/status.h"

namespace linklens::api {

// Prepared statements kept between requests, per connection and per thread: a server thread's
// reader parses each of a request's statements once, not on every request (parsing was a third
// of an overview's time). Only connections that enable it use it; the owner of such a
// connection calls forget() before closing it, on the thread that used it.
class StatementCache {
 public:
  static void enable(sqlite3* db);
  static void forget(sqlite3* db);  // finalizes what it kept for `db`
};

class SqliteStatement {
 public:
  SqliteStatement(sqlite3* db, const std::string& sql);
  ~SqliteStatement();
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  void bind(const char* name, std::string_view text);
  void bind(const char* name, double value);
  void bind_int(const char* name, int64_t value);
  bool step();  // true while there is a row
  void reset() { sqlite3_reset(stmt_); }

  bool is_null(int i) const { return sqlite3_column_type(stmt_, i) == SQLITE_NULL; }
  int64_t integer(int i) const { return sqlite3_column_int64(stmt_, i); }
  double real(int i) const { return sqlite3_column_double(stmt_, i); }
  std::string text(int i) const;
  int columns() const { return sqlite3_column_count(stmt_); }
  std::string column_name(int i) const { return sqlite3_column_name(stmt_, i); }
  Json value(int i) const;  // the column as JSON by its stored type (NULL -> null)

 private:
  int index(const char* name) const;
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  const std::string* cached_sql_ = nullptr;  // the cache's key when the statement returns to it
};

}  // namespace linklens::api
