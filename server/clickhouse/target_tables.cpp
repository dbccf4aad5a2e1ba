#include "clickhouse/target_tables.h"

#include "clickhouse/link_current.h"

namespace linklens::clickhouse {
namespace {

// Current links grouped in one INSERT ... SELECT at most (link_current.cpp's reasoning: distinct
// sets per target and per anchor spelling stay well inside a 4 GB server).
constexpr int64_t kRowsPerSlice = 2'000'000;

}  // namespace

std::string overview_counts_sql(uint32_t latest) {
  const std::string l = std::to_string(latest);
  return "count(), countIf(lost_in = 0), countIf(lost_in != 0), uniqExact(source_domain), uniqExact(source_url),"
         " uniqExactIf(source_ip, source_ip != ''), uniqExactIf(source_subnet, source_subnet != ''),"
         " countIf(effective_follow = 'follow'), countIf(effective_follow = 'nofollow'),"
         " countIf(effective_follow = 'sponsored'), countIf(effective_follow = 'ugc'),"
         " countIf(kind = 'text'), countIf(kind = 'image'), countIf(kind = 'form'), countIf(kind = 'frame'),"
         " countIf(kind = 'redirect'), countIf(kind = 'canonical'), uniqExactIf(source_domain, lost_in = 0),"
         " countIf(first_seen = " +
         l + "), countIf(lost_in = " + l + ")";
}

void write_target_tables(ClickHouseIndex& index, const Publication& publication, uint32_t rank) {
  const std::string r = std::to_string(rank);
  for (std::size_t shard = 0; shard < index.shards(); ++shard) {
    Connection& node = index.node(shard);
    Rows rows = node.query("SELECT count() FROM link_current_local WHERE rank = " + r);
    // In slices by target, as link_current_local was written: the per-target groups (distinct
    // source URLs, anchor spellings) of a whole shard at once would not be bounded.
    for (const std::string& slice : target_slices(rows.integer(0, 0), kRowsPerSlice)) {
      // A target's backlinks in domain mode (sql_target_filter); the partition also holds links
      // to other schemes (mailto:, scope 'other'), which no target counts.
      const std::string links = "FROM link_current_local WHERE rank = " + r + " AND scope = 'external' AND " + slice;
      node.execute("INSERT INTO target_summary_local SELECT toUInt32(" + r +
                   "), target_domain, counts, classes, class_backlinks FROM (SELECT target_domain, [" +
                   overview_counts_sql(publication.latest_snapshot) + "] AS counts " + links +
                   " GROUP BY target_domain) ANY LEFT JOIN (SELECT target_domain, groupArray(c) AS classes,"
                   " groupArray(n) AS class_backlinks FROM (SELECT target_domain, anchor_class AS c, count() AS n " +
                   links + " AND lost_in = 0 GROUP BY target_domain, c) GROUP BY target_domain) USING target_domain");
      // (A target whose every link is lost has no classes: the join leaves its arrays empty.)
      // Countries as the countries query counts them: every link, an unknown country named so.
      node.execute("INSERT INTO refdomain_current_local SELECT toUInt32(" + r +
                   "), target_domain, source_domain, any(a__), sum(n__), sum(live__), sum(follow__), min(f__),"
                   " max(l__), groupArray(country__), groupArray(n__) FROM (SELECT target_domain, source_domain,"
                   " if(source_country = '', 'unknown', source_country) AS country__, any(source_domain_authority)"
                   " AS a__, count() AS n__, countIf(lost_in = 0) AS live__, countIf(lost_in = 0 AND"
                   " effective_follow = 'follow') AS follow__, min(first_seen) AS f__, max(last_seen) AS l__ " +
                   links + " GROUP BY target_domain, source_domain, country__) GROUP BY target_domain, source_domain");
      // The anchors query per target: each case-folded key in its most common spelling.
      node.execute("INSERT INTO anchor_current_local SELECT toUInt32(" + r +
                   "), target_domain, anchor_key, argMax(anchor, (n__, anchor)), sum(n__), uniqExactMerge(d__),"
                   " sum(f__) FROM (SELECT target_domain, anchor_key, anchor, count() AS n__,"
                   " uniqExactState(source_domain) AS d__, countIf(effective_follow = 'follow') AS f__ " +
                   links +
                   " AND lost_in = 0 GROUP BY target_domain, anchor_key, anchor) GROUP BY target_domain,"
                   " anchor_key");
    }
  }
}

}  // namespace linklens::clickhouse
