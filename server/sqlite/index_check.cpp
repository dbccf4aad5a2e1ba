#include "sqlite/index_check.h"

#include <sqlite3.h>

#include <chrono>
#include <vector>

namespace linklens::store {
namespace {

struct Tree {
  std::string type, name, table, sql;
};

std::string quoted(const std::string& name) {
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// Steps a statement to its end (or its first rows). "" when it read cleanly, else SQLite's
// message. `rows`: how many rows to read at most.
std::string read_rows(sqlite3* db, const std::string& sql, int rows = 1) {
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) return sqlite3_errmsg(db);
  int rc = SQLITE_ROW;
  for (int i = 0; i < rows && rc == SQLITE_ROW; ++i) rc = sqlite3_step(s);
  std::string message = rc == SQLITE_ROW || rc == SQLITE_DONE ? "" : sqlite3_errmsg(db);
  sqlite3_finalize(s);
  return message;
}

std::string quick_check(sqlite3* db) {
  sqlite3_stmt* s = nullptr;
  std::string verdict;
  if (sqlite3_prepare_v2(db, "PRAGMA quick_check(1)", -1, &s, nullptr) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW) {
    const unsigned char* text = sqlite3_column_text(s, 0);
    verdict = text ? reinterpret_cast<const char*>(text) : "";
  } else {
    verdict = sqlite3_errmsg(db);
  }
  sqlite3_finalize(s);
  return verdict == "ok" ? "" : verdict;
}

// The first column an index is ordered by ("" for an expression index).
std::string first_index_column(sqlite3* db, const std::string& index) {
  sqlite3_stmt* s = nullptr;
  std::string column;
  if (sqlite3_prepare_v2(db, ("PRAGMA index_info(" + quoted(index) + ")").c_str(), -1, &s, nullptr) == SQLITE_OK &&
      sqlite3_step(s) == SQLITE_ROW) {
    const unsigned char* text = sqlite3_column_text(s, 2);
    if (text) column = reinterpret_cast<const char*>(text);
  }
  sqlite3_finalize(s);
  return column;
}

std::string sample_trees(sqlite3* db, const IndexCheck& check) {
  std::vector<Tree> trees;
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db,
                         "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master "
                         "WHERE rootpage > 0 AND type IN ('table', 'index') ORDER BY type DESC, name",
                         -1, &s, nullptr) != SQLITE_OK) {
    return sqlite3_errmsg(db);
  }
  int rc = SQLITE_ROW;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    auto text = [&](int i) { return std::string(reinterpret_cast<const char*>(sqlite3_column_text(s, i))); };
    trees.push_back({text(0), text(1), text(2), text(3)});
  }
  sqlite3_finalize(s);
  if (rc != SQLITE_DONE) return sqlite3_errmsg(db);

  const auto give_up = std::chrono::steady_clock::now() + std::chrono::milliseconds(check.budget_ms);
  for (const Tree& t : trees) {
    if (std::chrono::steady_clock::now() > give_up) break;
    std::string problem;
    if (t.type == "table") {
      problem = read_rows(db, "SELECT * FROM " + quoted(t.name) + " LIMIT 1");
      // The last row: the rightmost path of the b-tree (a rowid table's max(rowid) is one descent).
      if (problem.empty() && t.sql.find("WITHOUT ROWID") == std::string::npos) {
        problem = read_rows(
            db, "SELECT * FROM " + quoted(t.name) + " WHERE rowid = (SELECT max(rowid) FROM " + quoted(t.name) + ")");
      }
    } else {
      const std::string column = first_index_column(db, t.name);
      if (!column.empty()) {
        problem = read_rows(db, "SELECT " + quoted(column) + " FROM " + quoted(t.table) + " INDEXED BY " +
                                    quoted(t.name) + " ORDER BY " + quoted(column) + " LIMIT 1");
      }
    }
    if (!problem.empty()) return t.type + " " + t.name + ": " + problem;
  }
  return "";
}

}  // namespace

Status check_index_file(sqlite3* db, const std::string& path, std::uint64_t file_bytes, const IndexCheck& check) {
  const bool full = file_bytes <= check.full_check_bytes;
  const std::string problem = full ? quick_check(db) : sample_trees(db, check);
  if (problem.empty()) return {};
  return Status::failure("the index " + path + " is damaged (" + problem.substr(0, 200) + (full ? "" : "; sampled") +
                         "): rebuild it with `linklens ingest` or restore a copy");
}

}  // namespace linklens::store
