// IndexQueries over a ClickHouse index (clickhouse_index.h), with the definitions of the SQLite
// implementation, so both backends give the same answers (tests/clickhouse/parity_test.py).
//
// A target's backlinks, its crawled pages and every version of its links are on one shard, so a
// per-target question runs on that shard's local tables, over the links' current state
// (links_view); questions across domains (the authority batch, audit context, gap) go to each
// shard that holds one of them. What a request reads is fixed by the publication read when it
// starts.
#pragma once

#include "clickhouse/clickhouse_index.h"
#include "index/index_queries.h"

namespace linklens::api {

// What a failed request to the cluster means for the one who asked: a time budget spent, an
// unreachable shard, or an error of ours. The queries below let clickhouse::Error through; the
// backend's reads (clickhouse_backend.cpp) turn it into this Status.
Status status_of(const clickhouse::Error& e);

class ClickHouseIndexQueries : public IndexQueries {
 public:
  // `index` is this thread's; a query running past `time_budget_ms` fails with 503 query_timeout.
  ClickHouseIndexQueries(clickhouse::ClickHouseIndex& index, int time_budget_ms);
  // The same on a publication the caller has just read (one catalog round trip per request).
  ClickHouseIndexQueries(clickhouse::ClickHouseIndex& index, int time_budget_ms, clickhouse::Publication publication);

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
  clickhouse::Rows run(std::size_t shard, const std::string& sql, bool nullable_joins = false);
  std::size_t shard_of(const std::string& domain);
  // The current links of the target's domain, as a FROM item; with_scores adds source_authority
  // and source_domain_authority (two joins: only for the answers that show or sort by them).
  // Read from link_current_local when the publication has it (with the scores either way).
  std::string links_of(const Target& target, bool with_scores = false) const;
  std::string target_condition(const Target& target) const;
  // Whether the target's answers can come from the per-target tables (target_tables.h): a
  // domain-mode target of a publication that has them; and the condition of its rows there.
  bool summarized(const Target& target) const;
  std::string summary_range(const Target& target) const;
  // The same for several target domains at once (a quote_list), when the publication has them.
  std::string summary_rows(const std::string& quoted_domains) const;
  ResultPage run_list(std::size_t shard, const std::string& base, const std::string& key, const std::string& tie,
                      bool tie_integer, const ListQuery& q, std::size_t visible);
  std::vector<std::pair<std::string, double>> refdomain_scores(const Target& target);

  clickhouse::ClickHouseIndex& index_;
  clickhouse::Publication publication_;
  clickhouse::Settings settings_;
};

}  // namespace linklens::api
