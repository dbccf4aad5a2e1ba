// What the audit, disavow and gap reports read from (and the disavow file writes to) a SQLite
// index. The ClickHouse backend reads the same through its own queries.
#pragma once

#include <sqlite3.h>

#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "index/index_queries.h"
#include "index/status.h"

#include "linklens/audit.h"
#include "linklens/disavow.h"
#include "linklens/gap.h"

namespace linklens::audit_data {

// Reading the index failed part-way (interrupted by a time budget, busy, corrupt): never a
// silently shorter answer. `code` is SQLite's result code.
class ReadError : public std::runtime_error {
 public:
  explicit ReadError(int code) : std::runtime_error(sqlite3_errstr(code)), code_(code) {}
  int code() const { return code_; }

 private:
  int code_;
};

// The live backlinks of a registrable domain with what the audit needs of each.
std::vector<audit::Backlink> load_backlinks(sqlite3* db, const std::string& domain);
audit::History load_history(sqlite3* db, const std::string& domain);
// What IndexQueries::audit_target_pages, subnet_domains and links_among answer (index_queries.h).
std::vector<api::AuditPage> load_target_pages(sqlite3* db, const std::string& domain);
std::map<std::string, int64_t> load_subnet_domains(sqlite3* db, const std::vector<std::string>& subnets);
std::set<std::pair<std::string, std::string>> load_links_among(sqlite3* db, const std::vector<std::string>& domains);
// The target's applied disavow file (the disavowed table), as entries.
disavow::File load_disavowed(sqlite3* db, const std::string& domain);
// Replaces the target's applied disavow file inside the caller's transaction.
Status store_disavowed(sqlite3* db, const std::string& domain, const disavow::File& file);
// Per target (2 to 5 registrable domains), its referring domains and their live backlinks.
gap::Result load_gap(sqlite3* db, const std::vector<std::string>& domains);

}  // namespace linklens::audit_data
