// Per-target query tables of a ClickHouse index, one partition per rank on each shard, made from
// that rank's link_current_local (link_current.h) right after it is written:
//   target_summary_local     a target domain's overview counts and live anchor classes;
//   refdomain_current_local  per (target, referring domain): score, counts, first and last
//                            sighting, and link counts per source country;
//   anchor_current_local     per (target, case-folded anchor): the live anchors list.
// They answer the domain-mode questions whose answers depend on nothing but the target (no
// filters): the overview and its top lists, referring domains, anchors, TLDs, countries, the
// authority distribution and the gap. The SQL is the per-target queries' own, grouped by target
// as well, so both paths give the same answers (the parity test compares them with SQLite's).
#pragma once

#include <cstdint>
#include <string>

#include "clickhouse/clickhouse_index.h"

namespace linklens::clickhouse {

// The twenty overview counts over link rows of one target (Overview::counts' eighteen, then the
// latest snapshot's new and lost backlinks),
// as a comma-separated list of aggregates; `latest` is the publication's latest snapshot.
std::string overview_counts_sql(uint32_t latest);

// Writes rank `rank`'s partitions of the three tables on every shard, from link_current_local's
// partition of the same rank (written first). Throws Error.
void write_target_tables(ClickHouseIndex& index, const Publication& publication, uint32_t rank);

}  // namespace linklens::clickhouse
