// The per-shard table of each backlink's current state (link_current_local, clickhouse_schema.h):
// written by rank, read by the per-target queries when the publication names it.
//
// Why a table and not the events: a backlink's state (its latest href, rel, placement, the source
// page as last crawled, first and last sighting, the snapshot it was lost in) is a GROUP BY over
// every event of the link. For a domain with 200,000 backlinks that is seconds per answer, and an
// overview asks seven questions. Rank already reads every link; writing the state once there
// makes a per-target answer a read of one primary-key range.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "clickhouse/clickhouse_index.h"

namespace linklens::clickhouse {

// Writes rank `rank`'s partition on every shard: the current state of the backlinks of
// `publication`'s runs, with the scores of `rank` (already written). Bounded memory: each shard
// is grouped in slices of its target domains. The caller names the partition in the publication
// (links_rank) once every table of the rank is written. Throws Error.
void write_link_current(ClickHouseIndex& index, const Publication& publication, uint32_t rank);

// Conditions that split `rows` rows into slices of about `rows_per_slice` by target domain (a
// domain's rows in one slice): {"1"} when one slice holds them all.
std::vector<std::string> target_slices(int64_t rows, int64_t rows_per_slice);

// The condition that selects the backlinks of the target domain `domain` in link_current_local,
// whose columns are links_view's (clickhouse_index.h); requires publication.links_rank != 0.
// Readers name the table itself in FROM with this in WHERE, not a subquery of it: ClickHouse
// 18.16 reads every column a subquery lists (a tail domain's answer went from 2 to 8 ms).
std::string link_current_range(const Publication& publication, const std::string& domain);

// The columns of link_current_local after `rank`, in table order.
const char* link_current_columns();

}  // namespace linklens::clickhouse
