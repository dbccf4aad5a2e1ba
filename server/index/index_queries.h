// The questions the HTTP API asks of an index, independent of where the index lives. The SQLite
// implementation is sqlite_index_queries.h; a ClickHouse one answers the same questions the same
// way. Handlers parse requests (list_params.h, target.h) and call these; implementations throw
// StatusError for what only the database can discover (Index::read returns it as a Status).
#pragma once

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "api/list_params.h"
#include "index/overview.h"
#include "index/result_table.h"
#include "index/snapshot_compare.h"
#include "index/target.h"
#include "linklens/audit.h"
#include "linklens/disavow.h"
#include "linklens/gap.h"

namespace linklens::api {

struct ListQuery {
  Target target;
  Sort sort;
  std::optional<Cursor> after;
  int limit = 100;
};

struct BacklinkQuery : ListQuery {
  std::vector<std::string> select;
  std::vector<Condition> where;
  bool one_per_domain = false;
};

struct AuditPage {  // one of the target's own crawled pages
  std::string url, title, site_name, application_name;
};

struct AuthorityAnswer {
  std::string input, domain;
  bool valid = false, indexed = false;
  double authority_score = 0;
  int64_t referring_domains = 0, backlinks = 0;
  bool under_private_suffix = false;  // Target::under_private_suffix: which names the ranks file knows it by
};

// The fields of a backlink row: what select, where and CSV columns may name.
const std::vector<FieldSpec>& backlink_fields();
// Each field's expression in a backend's SQL (one table for both: query_fields.cpp); nullptr for
// an unknown field.
enum class SqlDialect { kSqlite, kClickHouse };
struct BacklinkField {
  FieldSpec spec;
  const char* sqlite;
  const char* clickhouse;
};
const std::vector<BacklinkField>& backlink_catalogue();
const char* backlink_sql(const std::string& field, SqlDialect dialect);
const std::vector<std::string>& default_backlink_fields();
const std::vector<SortKey>& backlink_sort_keys();     // authority, first_seen, last_seen
const std::vector<SortKey>& refdomain_sort_keys();    // authority, backlinks, first_seen, last_seen
const std::vector<SortKey>& anchor_sort_keys();       // backlinks, referring_domains
const std::vector<SortKey>& refip_sort_keys();        // referring_domains, backlinks
const std::vector<SortKey>& target_page_sort_keys();  // backlinks, referring_domains

class IndexQueries {
 public:
  virtual ~IndexQueries() = default;

  // True when the target's domain has backlinks or crawled pages in the index.
  virtual bool indexed(const Target& target) = 0;
  virtual Overview overview(const Target& target) = 0;
  virtual ResultPage backlinks(const BacklinkQuery& query) = 0;
  virtual ResultPage refdomains(const ListQuery& query) = 0;
  virtual ResultPage anchors(const ListQuery& query) = 0;
  virtual ResultTable tlds(const Target& target) = 0;
  virtual ResultTable countries(const Target& target) = 0;
  virtual ResultPage refips(const ListQuery& query, bool by_subnet) = 0;
  virtual ResultPage target_pages(const ListQuery& query, bool broken_first) = 0;
  virtual ResultTable history(const Target& target) = 0;
  virtual ResultTable authority_distribution(const Target& target, int bucket_width) = 0;
  virtual std::vector<AuthorityAnswer> authority(const std::vector<std::string>& inputs) = 0;

  // What the audit and gap reports read (their arithmetic is in shared/: linklens/audit.h, gap.h).
  virtual std::vector<audit::Backlink> audit_backlinks(const std::string& domain) = 0;
  virtual audit::History audit_history(const std::string& domain) = 0;
  // What the audit knows of the target and of its referring domains' /24s (reports/audit_run.h
  // turns it into an audit::Profile): the target's crawled pages (2xx, shortest URLs first, at
  // most 200), the registrable domains each given /24 hosts in the whole index, and the live
  // links among the given domains.
  virtual std::vector<AuditPage> audit_target_pages(const std::string& domain) = 0;
  virtual std::map<std::string, int64_t> subnet_domains(const std::vector<std::string>& subnets) = 0;
  virtual std::set<std::pair<std::string, std::string>> links_among(const std::vector<std::string>& domains) = 0;
  virtual disavow::File disavowed(const std::string& domain) = 0;  // the target's applied disavow file
  virtual gap::Result gap(const std::vector<std::string>& domains) = 0;

  // The committed snapshots, oldest first; and what changed for a target between two of them
  // (index/snapshot_compare.h; 0 <= from < to), at most `limit` links of each side listed.
  virtual std::vector<SnapshotInfo> snapshots() = 0;
  virtual Comparison compare(const Target& target, int64_t from, int64_t to, int limit) = 0;
};

// What every implementation answers the same way from its other answers.
// The overview's top anchors, public suffixes and countries (10 of each).
void add_top_lists(IndexQueries& queries, const Target& target, Overview& out);
// Referring domains per Authority Score bucket of `width` (0-100).
ResultTable authority_buckets(const std::vector<double>& authorities, int width);

// The countries report: each referring domain counted once, in the country most of its links
// come from (a known country before "unknown"; a tie to the first in order), so the rows add up
// to the overview's referring_domains and backlinks. Rows by referring domains, then country.
struct DomainCountry {
  std::string domain;
  std::string country;  // "unknown" when the page's country is not known
  int64_t links;
};
ResultTable assign_countries(const std::vector<DomainCountry>& rows);
// The last column of each row, "a.com,b.com", as a sorted JSON list (refips' domains).
void split_domain_lists(ResultPage& page);

}  // namespace linklens::api
