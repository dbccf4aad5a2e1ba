// IndexQueries over the SQLite index (server/sqlite/sqlite_schema.sql.inc). Domain-mode answers
// read the query tables `linklens rank` builds; the narrower modes aggregate the target's links
// live, through the (target_domain, ...) indexes, with the same definitions.
#pragma once

#include <sqlite3.h>

#include "index/index_queries.h"

namespace linklens::api {

class SqliteIndexQueries : public IndexQueries {
 public:
  // `db` is a read connection inside the caller's read transaction (one consistent index for the
  // whole request); it is not owned.
  explicit SqliteIndexQueries(sqlite3* db) : db_(db) {}

  bool indexed(const Target& target) override;
  Overview overview(const Target& target) override;
  ResultPage backlinks(const BacklinkQuery& query) override;
  ResultPage refdomains(const ListQuery& query) override;
  ResultPage anchors(const ListQuery& query) override;
  ResultTable tlds(const Target& target) override;
  ResultTable countries(const Target& target) override;
  ResultPage refips(const ListQuery& query, bool by_subnet) override;
  ResultPage target_pages(const ListQuery& query, bool broken_first) override;
  ResultTable history(const Target& target) override;
  ResultTable authority_distribution(const Target& target, int bucket_width) override;
  std::vector<AuthorityAnswer> authority(const std::vector<std::string>& inputs) override;
  std::vector<audit::Backlink> audit_backlinks(const std::string& domain) override;
  audit::History audit_history(const std::string& domain) override;
  std::vector<AuditPage> audit_target_pages(const std::string& domain) override;
  std::map<std::string, int64_t> subnet_domains(const std::vector<std::string>& subnets) override;
  std::set<std::pair<std::string, std::string>> links_among(const std::vector<std::string>& domains) override;
  disavow::File disavowed(const std::string& domain) override;
  gap::Result gap(const std::vector<std::string>& domains) override;
  std::vector<SnapshotInfo> snapshots() override;
  Comparison compare(const Target& target, int64_t from, int64_t to, int limit) override;

 private:
  int64_t latest_snapshot();
  struct RefDomain {
    std::string domain;
    int64_t backlinks = 0;
    double authority = 0;
  };
  std::vector<RefDomain> all_refdomains(const Target& target);

  sqlite3* db_;
  int64_t latest_ = -1;
};

}  // namespace linklens::api
