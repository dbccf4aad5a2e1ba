// A prepared statement of the state database, finalised on every path (state_db.cpp,
// watch_store.cpp). Internal to server/state/.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>

namespace linklens::state {

struct Statement {
  Statement(sqlite3* db, const char* sql) { ok = sqlite3_prepare_v2(db, sql, -1, &s, nullptr) == SQLITE_OK; }
  ~Statement() { sqlite3_finalize(s); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement& bind(int i, const std::string& v) {
    sqlite3_bind_text(s, i, v.c_str(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Statement& bind(int i, int64_t v) {
    sqlite3_bind_int64(s, i, v);
    return *this;
  }
  Statement& bind(int i, double v) {
    sqlite3_bind_double(s, i, v);
    return *this;
  }
  Statement& bind_null(int i) {
    sqlite3_bind_null(s, i);
    return *this;
  }
  std::string text(int i) const {
    const unsigned char* t = sqlite3_column_text(s, i);
    return t ? std::string(reinterpret_cast<const char*>(t), static_cast<std::size_t>(sqlite3_column_bytes(s, i)))
             : std::string();
  }
  int64_t integer(int i) const { return sqlite3_column_int64(s, i); }
  double real(int i) const { return sqlite3_column_double(s, i); }
  bool is_null(int i) const { return sqlite3_column_type(s, i) == SQLITE_NULL; }
  sqlite3_stmt* s = nullptr;
  bool ok = false;
};

}  // namespace linklens::state
