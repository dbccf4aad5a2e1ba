#include "sqlite/string_ids.h"

#include "sqlite/sqlite_exec.h"

namespace linklens::store {
namespace {

constexpr std::size_t kMaxCached = std::size_t{1} << 22;

Status failure(sqlite3* db, const char* what) { return Status::failure(std::string(what) + ": " + sqlite3_errmsg(db)); }

sqlite3_stmt* prepare(sqlite3* db, const char* sql) {
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr);
  return s;
}

void bind_text(sqlite3_stmt* s, int i, std::string_view v) {
  sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
}

template <class Map>
void remember(Map& cache, bool& complete, std::string_view value, int64_t id) {
  if (cache.size() >= kMaxCached) {
    cache.clear();
    complete = false;
  }
  cache.emplace(std::string(value), id);
}

}  // namespace

int64_t string_hash(std::string_view value) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : value) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return static_cast<int64_t>((h ^ (h >> 31) ^ (h >> 62)) & 0x7fffffffULL);
}

StringIds::StringIds(sqlite3* db)
    : db_(db),
      find_name_(prepare(db, "SELECT id FROM names WHERE name = ?1")),
      add_name_(prepare(db, "INSERT INTO names(name) VALUES(?1)")),
      find_string_(prepare(db, "SELECT id, value FROM strings WHERE hash = ?1")),
      add_string_(prepare(db, "INSERT INTO strings(hash, value) VALUES(?1, ?2)")) {}

StringIds::~StringIds() {
  for (sqlite3_stmt* s : {find_name_, add_name_, find_string_, add_string_}) sqlite3_finalize(s);
}

void StringIds::forget() {
  names_.clear();
  strings_.clear();
  // Called as a write transaction starts (and ends): an empty table can be filled from the cache alone.
  // A table that cannot be read is not taken as empty: every value is then looked up.
  auto empty = [&](const char* table) {
    auto is = table_is_empty(db_, table);
    return is && *is;
  };
  names_complete_ = empty("names");
  strings_complete_ = empty("strings");
}

StatusOr<int64_t> StringIds::name(std::string_view value) {
  if (auto it = names_.find(value); it != names_.end()) return it->second;
  if (!find_name_ || !add_name_) return failure(db_, "preparing the name lookup");
  int64_t id = 0;
  sqlite3_reset(find_name_);
  bind_text(find_name_, 1, value);
  const int found = names_complete_ ? SQLITE_DONE : sqlite3_step(find_name_);
  if (found == SQLITE_ROW) {
    id = sqlite3_column_int64(find_name_, 0);
  } else if (found == SQLITE_DONE) {
    sqlite3_reset(add_name_);
    bind_text(add_name_, 1, value);
    if (sqlite3_step(add_name_) != SQLITE_DONE) return failure(db_, "storing a host name");
    id = sqlite3_last_insert_rowid(db_);
  } else {
    return failure(db_, "looking up a host name");
  }
  sqlite3_reset(find_name_);
  remember(names_, names_complete_, value, id);
  return id;
}

StatusOr<int64_t> StringIds::string(std::string_view value) {
  if (auto it = strings_.find(value); it != strings_.end()) return it->second;
  if (!find_string_ || !add_string_) return failure(db_, "preparing the string lookup");
  const int64_t hash = string_hash(value);
  int64_t id = 0;
  sqlite3_reset(find_string_);
  sqlite3_bind_int64(find_string_, 1, hash);
  int step = SQLITE_DONE;
  while (!strings_complete_ && (step = sqlite3_step(find_string_)) == SQLITE_ROW) {  // each string sharing the hash
    const auto* text = static_cast<const char*>(sqlite3_column_blob(find_string_, 1));
    const auto size = static_cast<std::size_t>(sqlite3_column_bytes(find_string_, 1));
    if (std::string_view(text ? text : "", size) == value) {
      id = sqlite3_column_int64(find_string_, 0);
      break;
    }
  }
  sqlite3_reset(find_string_);
  if (step != SQLITE_ROW && step != SQLITE_DONE) return failure(db_, "looking up a string");
  if (id == 0) {
    sqlite3_reset(add_string_);
    sqlite3_bind_int64(add_string_, 1, hash);
    bind_text(add_string_, 2, value);
    if (sqlite3_step(add_string_) != SQLITE_DONE) return failure(db_, "storing a string");
    id = sqlite3_last_insert_rowid(db_);
  }
  remember(strings_, strings_complete_, value, id);
  return id;
}

}  // namespace linklens::store
