// The ClickHouse tables of a Linklens index, created on every node of the cluster.
//
// Per shard (sharded by cityHash64 of the target's registrable domain, so a domain's backlinks,
// its crawled pages and every version of each of its links live on one shard):
//   link_events_local  one row per sighting of a link (seen = 1) or per re-crawl of its source page
//                      without it (seen = 0); MergeTree, partitioned by snapshot, ordered by
//                      (target_domain, id, version) for the per-domain reads of the API.
//   pages_local        one row per crawl of a page, with the ids of every link it ever had.
//   link_current_local each backlink's current state with its scores, as one rank computed it
//                      (partitioned by rank, ordered by (target_domain, source_authority, id)):
//                      what per-target reads use when the publication says it matches its runs
//                      (links_rank);
//   target_summary_local, refdomain_current_local, anchor_current_local
//                      per target domain, from link_current_local by the same rank
//                      (target_tables.h).
// Through Distributed tables link_events and pages, which place rows by shard; ingest writes each
// shard's local tables itself, the same way (shard_writer.h).
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

// Columns added to existing tables since a database could first be written, as (table, column,
// type): a writer adds what is missing (ALTER TABLE ... ADD COLUMN); a reader of an older
// database does without them (clickhouse_index.h).
struct AddedColumn {
  const char* table;
  const char* column;
  const char* type;
};
const std::vector<AddedColumn>& added_columns();

}  // namespace linklens::clickhouse
