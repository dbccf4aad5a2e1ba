#include "sqlite/sqlite_statement.h"

#include <unordered_map>

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

// A connection's idle statements by SQL text. A statement in use is not in it (a second user of
// the same text meanwhile prepares its own, which is finalized after unless the first is back).
struct Kept {
  std::unordered_map<std::string, sqlite3_stmt*> idle;
};
constexpr std::size_t kMaxKeptPerConnection = 256;  // a bound for SQL texts built with literals

// This thread's kept statements. Thread-local objects die in an order of their own at thread
// exit: a reader's connection may close after this registry died, or before. So the registry
// finalizes what it holds when it dies (its connections can then close), and says it died in a
// flag that outlives it (a bool needs no destructor).
thread_local bool t_registry_dead = false;
struct Registry {
  std::unordered_map<sqlite3*, Kept> kept;
  ~Registry() {
    for (auto& [db, k] : kept) {
      for (auto& [sql, stmt] : k.idle) sqlite3_finalize(stmt);
    }
    t_registry_dead = true;
  }
};
std::unordered_map<sqlite3*, Kept>* kept_statements() {
  if (t_registry_dead) return nullptr;
  thread_local Registry registry;
  return &registry.kept;
}

}  // namespace

void StatementCache::enable(sqlite3* db) {
  if (auto* kept = kept_statements()) kept->try_emplace(db);
}

void StatementCache::forget(sqlite3* db) {
  auto* kept = kept_statements();
  if (!kept) return;
  auto it = kept->find(db);
  if (it == kept->end()) return;
  for (auto& [sql, stmt] : it->second.idle) sqlite3_finalize(stmt);
  kept->erase(it);
}

SqliteStatement::SqliteStatement(sqlite3* db, const std::string& sql) : db_(db) {
  auto* registry = kept_statements();
  auto kept = registry ? registry->find(db) : std::unordered_map<sqlite3*, Kept>::iterator{};
  if (registry && kept != registry->end()) {
    auto it = kept->second.idle.find(sql);
    if (it == kept->second.idle.end() && kept->second.idle.size() < kMaxKeptPerConnection) {
      it = kept->second.idle.emplace(sql, nullptr).first;
    }
    if (it != kept->second.idle.end()) {  // (pointers to a map's keys survive its rehashing)
      cached_sql_ = &it->first;
      stmt_ = it->second;
      it->second = nullptr;  // in use
      if (stmt_) return;
    }
  }
  int rc = sqlite3_prepare_v3(db, sql.c_str(), static_cast<int>(sql.size()),
                              cached_sql_ ? SQLITE_PREPARE_PERSISTENT : 0, &stmt_, nullptr);
  if (rc != SQLITE_OK) {
    cached_sql_ = nullptr;
    fail(db, rc);
  }
}

SqliteStatement::~SqliteStatement() {
  auto* registry = cached_sql_ ? kept_statements() : nullptr;
  if (registry) {
    auto kept = registry->find(db_);
    if (kept != registry->end()) {
      auto it = kept->second.idle.find(*cached_sql_);
      if (it != kept->second.idle.end() && it->second == nullptr) {
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
        it->second = stmt_;
        return;
      }
    }
  }
  sqlite3_finalize(stmt_);
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
