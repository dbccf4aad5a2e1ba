// `linklens rank` over a ClickHouse index: the domain edge list is aggregated on each shard (a
// domain's backlinks are all on its shard, so each shard's (subnet, target) groups are complete),
// pulled to this machine, ranked with the same code as SQLite (rank/graph_scoring.h), and the scores
// written back to every node under a new rank id, read once a publication names it.
//
// The page graph is ranked here too, for page authority; that part is what stops scaling first
// (README, "Scale").
#pragma once

#include <string>

#include "clickhouse/clickhouse_index.h"
#include "rank/graph_scoring.h"

namespace linklens::ranking {

// Ranks the links `next` publishes (it may include a run not yet published) and sets next.rank
// to the new scores' rank id. Nothing is read under that id until `next` is published.
Status rank_clickhouse(clickhouse::ClickHouseIndex& index, clickhouse::Publication& next, RankSummary& summary);

// Drops the scores and query tables of ranks older than `published_rank` that neither of the last
// two publications names (readers of the previous publication may still be running).
void drop_old_ranks(clickhouse::ClickHouseIndex& index, uint32_t published_rank);

}  // namespace linklens::ranking
