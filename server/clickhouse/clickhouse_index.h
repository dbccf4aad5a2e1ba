// A Linklens index in a ClickHouse cluster: connections to its nodes, what is published, which
// shard holds a domain, and the SQL of a link's current state.
//
// Publication: ingest writes rows tagged with its run, and nothing reads a run until a row in the
// first node's `publications` table lists it. That row is written last, in one INSERT, so an ingest
// that fails part-way (a shard gone mid-insert) leaves rows no query reads, and readers move from
// one published state to the next in one step. Every read embeds the published runs and rank.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "clickhouse/clickhouse_client.h"
#include "linklens/disavow.h"

namespace linklens::clickhouse {

struct Publication {
  uint64_t seq = 0;
  std::vector<uint32_t> runs;  // committed ingest runs
  uint32_t rank = 0;           // the rank run whose scores are read (0: never ranked)
  uint64_t disavow = 0;        // disavow files up to this one are applied
  uint32_t latest_snapshot = 0;
  // The rank whose link_current_local partition holds the current links of exactly these runs
  // (written by that rank, before this publication); 0 when none does (an ingest published
  // without ranking, or a database older than the table): reads then group the events.
  uint32_t links_rank = 0;
  std::string runs_sql() const;  // "1, 2, 5" ("0" when none: no run has id 0)
};

class ClickHouseIndex {
 public:
  // Connects to every node and checks the cluster (one node per shard, as many as given); with
  // create_schema the tables are created where missing. nullptr and `error` on failure.
  static StatusOr<std::unique_ptr<ClickHouseIndex>> connect(const Location& location, bool create_schema);

  std::size_t shards() const { return nodes_.size(); }
  Connection& node(std::size_t i) { return *nodes_[i]; }
  Connection& catalog() { return *nodes_[0]; }
  const Location& location() const { return location_; }

  // The newest publication, in one round trip to the catalog: two for a row written before
  // publications carried latest_snapshot, and one more while the table lacks the added columns.
  Publication publication();
  // The shard of each domain, as the Distributed tables place it (cityHash64(domain) % shards).
  // Asked of the cluster once per domain (ClickHouse's hash is its own): kept after that, since a
  // cluster's shape is fixed for the life of a connection (connect checks it).
  std::vector<std::size_t> shards_of(const std::vector<std::string>& domains);
  // "shard 2 (127.0.0.1:8124) does not answer; " for every node that fails a ping, "" when all
  // answer: what a failed distributed write or read should tell the operator first.
  std::string unreachable_shards();
  // The disavow files `publication` applies (each target's newest file up to publication.disavow),
  // by target domain; only `domain`'s when given. A cleared file has no entries and no key.
  std::map<std::string, disavow::File> disavow_files(const Publication& publication, const std::string& domain = "");
  // Appends a publication row (the commit point of ingest, rank and disavow).
  void publish(const Publication& next);

 private:
  explicit ClickHouseIndex(Location location);
  bool publications_current();  // whether the catalog's publications has every added column
  Location location_;
  // Whether the catalog's publications table has every added column (clickhouse_schema.h): a
  // reader of an older database reads it the old way, and nothing there has links_rank.
  bool current_publications_ = true;
  std::unordered_map<std::string, std::size_t> shard_of_;  // bounded (shards_of)
  std::vector<std::unique_ptr<Connection>> nodes_;
};

// The current state of the links whose events match `events_condition` (SQL over link_events_local
// columns; it must select whole links, e.g. by target_domain), one row per link with the columns of
// SQLite's `links l JOIN pages p` under the names the API uses: id, source_url, source_host,
// source_domain, target_url, target_host, target_domain, scope, href, rel, follow, effective_follow,
// kind, anchor, anchor_class, placement, ordinal, position, weight, hidden, in_noscript, context,
// first_seen, last_seen, lost_in (0 = live), source_status, source_title, source_ip, source_subnet,
// source_country, source_links, source_external, source_authority, source_domain_authority.
// Reads the node's local tables: run it on the shard that holds the domains.
std::string links_view(const Publication& publication, const std::string& events_condition);
// The same without the two score columns (no joins): for counting.
std::string link_state(const Publication& publication, const std::string& events_condition);

std::string number(double value);  // a float literal that reads back exactly

}  // namespace linklens::clickhouse
