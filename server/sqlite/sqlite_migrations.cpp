#include "sqlite/sqlite_migrations.h"

#include <sqlite3.h>

#include <cstdlib>
#include <functional>
#include <memory>

#include "sqlite/compact_links.h"
#include "sqlite/query_tables.h"
#include "sqlite/sqlite_exec.h"
#include "sqlite/sqlite_functions.h"

namespace linklens::store {
namespace {

struct Step {
  int from;
  const char* what;
  std::function<Status(sqlite3*)> run;
  // The query tables are made again once, after the last step, when a step changed what they count.
  bool rebuilds_query_tables = false;
};

// The definition SQLite keeps for `table` (a migrated index has its added columns last), or "".
std::string table_definition(sqlite3* db, const char* table) {
  std::string sql;
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?1", -1, &s, nullptr) ==
      SQLITE_OK) {
    sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC);
    if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0)) {
      sql = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
    }
  }
  sqlite3_finalize(s);
  return sql;
}

// Schema 11: the tables read by domain become WITHOUT ROWID, their rows kept in the primary key's
// order. A lookup by domain was two B-tree searches (the key's index, then the row): an authority
// batch of 1,000 domains made 4,000 of them in the index. Each table is made again from its own
// definition, so its columns keep their order and every row is copied as it is.
Status cluster_by_domain(sqlite3* db) {
  for (const char* table : {"domain_overview", "domain_changes", "domain_authority"}) {
    const std::string sql = table_definition(db, table);
    const std::size_t open = sql.find('('), close = sql.rfind(')');
    if (open == std::string::npos || close == std::string::npos || close < open ||
        sql.find_first_not_of(" \t\r\n", close + 1) != std::string::npos) {
      return Status::failure(std::string("the index's table ") + table + " has a definition this step cannot read");
    }
    const std::string clustered = std::string("linklens_clustered_") + table;
    LINKLENS_RETURN_IF_ERROR(
        exec_sql(db, "CREATE TABLE " + clustered + sql.substr(open, close - open + 1) + " WITHOUT ROWID"));
    LINKLENS_RETURN_IF_ERROR(  // in key order: the pages fill instead of splitting
        exec_sql(db, "INSERT INTO " + clustered + " SELECT * FROM " + table + " ORDER BY domain"));
    LINKLENS_RETURN_IF_ERROR(exec_sql(db, std::string("DROP TABLE ") + table));
    LINKLENS_RETURN_IF_ERROR(exec_sql(db, "ALTER TABLE " + clustered + " RENAME TO " + table));
  }
  return {};
}

// The chain, oldest first. Each step takes the index from `from` to `from + 1`.
const std::vector<Step>& steps() {
  static const std::vector<Step> chain = {
      {5,
       "links.anchor_key added (Unicode case folding of each anchor); query tables rebuilt: anchors counted per "
       "key under their most common spelling, the overview's follow split by effective follow status, live referring "
       "domains counted, each referring domain in one country",
       [](sqlite3* db) {
         LINKLENS_RETURN_IF_ERROR(exec_sql(db, "ALTER TABLE links ADD COLUMN anchor_key TEXT NOT NULL DEFAULT ''"));
         LINKLENS_RETURN_IF_ERROR(
             exec_sql(db, "ALTER TABLE domain_overview ADD COLUMN live_referring_domains INTEGER NOT NULL DEFAULT 0"));
         return exec_sql(db, "UPDATE links SET anchor_key = linklens_fold_case(anchor)");
       },
       true},
      {6,
       "domain_authority.index_score and authority_source added: the score answers carry may come from a "
       "web-graph release (linklens import-ranks, then linklens rank), the index's own kept beside it",
       [](sqlite3* db) {
         LINKLENS_RETURN_IF_ERROR(
             exec_sql(db, "ALTER TABLE domain_authority ADD COLUMN index_score REAL NOT NULL DEFAULT 0"));
         LINKLENS_RETURN_IF_ERROR(
             exec_sql(db, "ALTER TABLE domain_authority ADD COLUMN authority_source TEXT NOT NULL DEFAULT 'index'"));
         return exec_sql(db, "UPDATE domain_authority SET index_score = score");
       }},
      {7,
       "pages.site_name and application_name added (the audit's brand terms; filled by the next ingest of a "
       "page), and pages_subnet, an index of the domains each /24 hosts (the audit tells shared hosting from a "
       "private blog network)",
       [](sqlite3* db) {
         LINKLENS_RETURN_IF_ERROR(exec_sql(db, "ALTER TABLE pages ADD COLUMN site_name TEXT"));
         LINKLENS_RETURN_IF_ERROR(exec_sql(db, "ALTER TABLE pages ADD COLUMN application_name TEXT"));
         return exec_sql(db, "CREATE INDEX IF NOT EXISTS pages_subnet ON pages(subnet, domain)");
       }},
      {8,
       "links stored compactly: host and domain names, URLs, hrefs, anchors and context snippets once each, a "
       "link a row of integer ids (link_rows; the links view reads as the table did), indexes only where a query "
       "needs one",
       compact_links},
      {9,
       "anchors_by_count orders each target's anchors by backlinks, then anchor, both descending, and holds "
       "their counts: a page of the anchor list (and the overview's top ten) is read in order from the index "
       "alone, with no sort",
       [](sqlite3* db) {
         LINKLENS_RETURN_IF_ERROR(exec_sql(db, "DROP INDEX IF EXISTS anchors_by_count"));
         return exec_sql(db,
                         "CREATE INDEX anchors_by_count ON anchors(target_domain, backlinks DESC, anchor DESC,"
                         " referring_domains, follow_backlinks)");
       }},
      {10,
       "domain_overview, domain_changes and domain_authority are kept in the order of their domain (WITHOUT "
       "ROWID): a lookup by domain is one B-tree search instead of two",
       cluster_by_domain},
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

Status check_schema_version(const std::string& path, const std::string& version) {
  const std::string mine = std::to_string(kSchemaVersion);
  if (version == mine) return {};
  int number = 0;
  try {
    number = std::stoi(version);
  } catch (...) {
    number = 0;
  }
  if (number >= kOldestMigratable && number < kSchemaVersion) {
    return Status::failure("index " + path + " has schema version " + version + ", this linklens reads version " +
                           mine + ": run `linklens migrate --db " + path +
                           "` (it keeps every link; a failed migration changes nothing)");
  }
  if (number > kSchemaVersion) {
    return Status::failure("index " + path + " has schema version " + version +
                           ", written by a newer linklens; this one reads version " + mine +
                           " (use that newer linklens)");
  }
  return Status::failure("index " + path + " has schema version " + version + ", this linklens reads version " + mine +
                         " and migrates from version " + std::to_string(kOldestMigratable) +
                         " on (ingest again into a new file)");
}

Status migrate_index(const std::string& path, MigrationReport& report) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    Status failed = Status::failure("cannot open index " + path + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
    sqlite3_close(db);
    return failed;
  }
  std::unique_ptr<sqlite3, int (*)(sqlite3*)> owner(db, sqlite3_close);
  sqlite3_busy_timeout(db, 5000);
  register_sql_functions(db);
  const std::string version = read_schema_version(db);
  if (version.empty()) {
    return Status::failure(path + " is not a Linklens index (no schema version)");
  }
  report.from = report.to = std::atoi(version.c_str());
  if (report.from == kSchemaVersion) return {};
  if (report.from < kOldestMigratable || report.from > kSchemaVersion) return check_schema_version(path, version);
  LINKLENS_RETURN_IF_ERROR(exec_sql(db, "BEGIN IMMEDIATE"));
  // A failed step or commit is rolled back: the file stays at the version it had.
  auto rolled_back = [&](const Status& why) {
    (void)exec_sql(db, "ROLLBACK");
    return Status::failure("migrating " + path + " from schema version " + std::to_string(report.to) +
                           " failed (nothing was changed): " + why.message());
  };
  bool rebuild = false;
  for (const Step& step : steps()) {
    if (step.from != report.to) continue;
    if (Status s = step.run(db); !s.ok()) return rolled_back(s);
    rebuild = rebuild || step.rebuilds_query_tables;
    report.steps.push_back(std::to_string(step.from) + " -> " + std::to_string(step.from + 1) + ": " + step.what);
    report.to = step.from + 1;
  }
  const std::string set_version =
      "UPDATE meta SET value = '" + std::to_string(report.to) + "' WHERE key = 'schema_version'";
  if (report.to != kSchemaVersion) {
    return rolled_back(Status::failure("the migration chain has no step from version " + std::to_string(report.to)));
  }
  if (rebuild) {
    if (Status s = ranking::rebuild_query_tables(db); !s.ok()) return rolled_back(s);
  }
  if (Status s = exec_sql(db, set_version.c_str()); !s.ok()) return rolled_back(s);
  if (Status s = exec_sql(db, "COMMIT"); !s.ok()) return rolled_back(s);
  return {};
}

}  // namespace linklens::store
