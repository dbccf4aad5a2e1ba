// The ClickHouse tables of a Linklens index, created on every node of the cluster.
//
// Per shard (sharded by cityHash64 of the target's registrable domain, so a domain's backlinks,
// its crawled pages and every version of each of its links live on one shard):
//   link_events_local  one row per sighting of a link (seen = 1) or per re-crawl of its source page
//                      without it (seen = 0); MergeTree, partitioned by snapshot, ordered by
//                      (target_domain, id, version) for the per-domain reads of the API.
//   pages_local        one row per crawl of a page, with the ids of every link it ever had.
// Through Distributed tables link_events and pages, which ingest writes to.
// Every node, full copies written by `rank`: domain_authority_local, page_authority_local
// (partitioned by rank run, so a query joins them locally and a new rank replaces an old one whole).
// The first node's catalog: snapshots, publications (which runs and which rank the API reads),
// disavow_files and disavowed.
#pragma once

#include <string>
#include <vector>

#include "clickhouse/clickhouse_client.h"

namespace linklens::clickhouse {

// CREATE ... IF NOT EXISTS for `location` (database, cluster name) on one node.
std::vector<std::string> schema_statements(const Location& location);

}  // namespace linklens::clickhouse
