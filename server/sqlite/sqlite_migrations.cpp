#include "sqlite/sqlite_migrations.h"

#include <sqlite3.h>

#include <cstdlib>
#include <functional>
#include <memory>

#include "sqlite/query_tables.h"
#include "sqlite/sqlite_functions.h"

namespace linklens::store {
namespace {

bool exec(sqlite3* db, const char* sql, std::string& error) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    error = message ? message : sqlite3_errmsg(db);
    sqlite3_free(message);
    return false;
  }
  return true;
}

struct Step {
  int from;
  const char* what;
  std::function<bool(sqlite3*, std::string&)> run;
};

// The chain, oldest first. Each step takes the index from `from` to `from + 1`.
const std::vector<Step>& steps() {
  static const std::vector<Step> chain = {
      {5,
       "links.anchor_key added (Unicode case folding of each anchor); query tables rebuilt: anchors counted per "
       "key under their most common spelling, the overview's follow split by effective follow status, live referring "
       "domains counted, each referring domain in one country",
       [](sqlite3* db, std::string& error) {
         return exec(db, "ALTER TABLE links ADD COLUMN anchor_key TEXT NOT NULL DEFAULT ''", error) &&
                exec(db, "ALTER TABLE domain_overview ADD COLUMN live_referring_domains INTEGER NOT NULL DEFAULT 0",
                     error) &&
                exec(db, "UPDATE links SET anchor_key = linklens_fold_case(anchor)", error) &&
                ranking::rebuild_query_tables(db, error);
       }},
  };
  return chain;
}

}  // namespace

std::string read_schema_version(sqlite3* db) {
  std::string version;
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key='schema_version'", -1, &s, nullptr) == SQLITE_OK &&
      sqlite3_step(s) == SQLITE_ROW) {
    version = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
  }
  sqlite3_finalize(s);
  return version;
}

std::optional<std::string> schema_refusal(const std::string& path, const std::string& version) {
  const std::string mine = std::to_string(kSchemaVersion);
  if (version == mine) return std::nullopt;
  int number = 0;
  try {
    number = std::stoi(version);
  } catch (...) {
    number = 0;
  }
  if (number >= kOldestMigratable && number < kSchemaVersion) {
    return "index " + path + " has schema version " + version + ", this linklens reads version " + mine +
           ": run `linklens migrate --db " + path + "` (it keeps every link; a failed migration changes nothing)";
  }
  if (number > kSchemaVersion) {
    return "index " + path + " has schema version " + version +
           ", written by a newer linklens; this one reads version " + mine + " (use that newer linklens)";
  }
  return "index " + path + " has schema version " + version + ", this linklens reads version " + mine +
         " and migrates from version " + std::to_string(kOldestMigratable) + " on (ingest again into a new file)";
}

bool migrate_index(const std::string& path, MigrationReport& report, std::string& error) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    error = "cannot open index " + path + ": " + (db ? sqlite3_errmsg(db) : "out of memory");
    sqlite3_close(db);
    return false;
  }
  std::unique_ptr<sqlite3, int (*)(sqlite3*)> owner(db, sqlite3_close);
  sqlite3_busy_timeout(db, 5000);
  register_sql_functions(db);
  const std::string version = read_schema_version(db);
  if (version.empty()) {
    error = path + " is not a Linklens index (no schema version)";
    return false;
  }
  report.from = report.to = std::atoi(version.c_str());
  if (report.from == kSchemaVersion) return true;
  if (report.from < kOldestMigratable || report.from > kSchemaVersion) {
    error = *schema_refusal(path, version);
    return false;
  }
  if (!exec(db, "BEGIN IMMEDIATE", error)) return false;
  for (const Step& step : steps()) {
    if (step.from != report.to) continue;
    std::string why;
    if (!step.run(db, why)) {
      exec(db, "ROLLBACK", why);
      error = "migrating " + path + " from schema version " + std::to_string(step.from) +
              " failed (nothing was changed): " + why;
      return false;
    }
    report.steps.push_back(std::to_string(step.from) + " -> " + std::to_string(step.from + 1) + ": " + step.what);
    report.to = step.from + 1;
  }
  const std::string set_version =
      "UPDATE meta SET value = '" + std::to_string(report.to) + "' WHERE key = 'schema_version'";
  if (report.to != kSchemaVersion || !exec(db, set_version.c_str(), error) || !exec(db, "COMMIT", error)) {
    std::string ignored;
    exec(db, "ROLLBACK", ignored);
    if (report.to != kSchemaVersion)
      error = "the migration chain has no step from version " + std::to_string(report.to);
    return false;
  }
  return true;
}

}  // namespace linklens::store
