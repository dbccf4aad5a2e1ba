// The index's schema versions and the one migration chain between them (`linklens migrate`).
//
// Every change to the index's schema adds a step here. An index at an older version is refused by
// every command that opens it, with the command that migrates it; `linklens migrate` runs the
// steps from its version to this one in one transaction, so a failed migration leaves the file as
// it was.
#pragma once

#include <string>
#include <vector>

#include "index/status.h"

struct sqlite3;

namespace linklens::store {

// The version this linklens writes and reads.
//   2: countries, page authority; 3: query tables; 4: overview tables; 5: link ids are link_id()
//   hashes; 6: anchor keys (case folded) and one follow definition in the query tables; 7: the
//   Authority Score's source; 8: site names, pages by subnet; 9: compact links (link_rows.h);
//   10: anchors_by_count in the order of a page of anchors; 11: the tables read by domain
//   (domain_overview, domain_changes, domain_authority) clustered by it (WITHOUT ROWID).
constexpr int kSchemaVersion = 11;
// The oldest version the chain migrates from.
constexpr int kOldestMigratable = 5;

// The schema_version in `meta`, or "" for a new (empty) file.
std::string read_schema_version(sqlite3* db);

// Why the index at `path`, at schema `version`, cannot be opened as it is (ok: it can).
Status check_schema_version(const std::string& path, const std::string& version);

struct MigrationReport {
  int from = 0;
  int to = 0;
  std::vector<std::string> steps;  // what each step did, in order
};

// Brings the index at `path` to kSchemaVersion. On failure the file is unchanged.
Status migrate_index(const std::string& path, MigrationReport& report);

}  // namespace linklens::store
