#include "clickhouse/link_current.h"

#include <algorithm>

namespace linklens::clickhouse {
namespace {

// Events grouped in one INSERT ... SELECT at most: each link open in the GROUP BY holds some
// thirty aggregate states, about 1 KB, and there are fewer links than events: two million events
// stay well inside a 4 GB server.
constexpr int64_t kEventsPerSlice = 2'000'000;

}  // namespace

std::vector<std::string> target_slices(int64_t rows, int64_t rows_per_slice) {
  const int64_t slices = std::max<int64_t>(1, (rows + rows_per_slice - 1) / rows_per_slice);
  if (slices == 1) return {"1"};
  std::vector<std::string> out;
  for (int64_t slice = 0; slice < slices; ++slice)
    out.push_back("cityHash64(target_domain) % " + std::to_string(slices) + " = " + std::to_string(slice));
  return out;
}

const char* link_current_columns() {
  return "id, target_domain, target_host, target_url, scope, source_url, source_host, source_domain, kind, anchor,"
         " anchor_key, href, rel, follow, effective_follow, anchor_class, placement, ordinal, position, weight,"
         " hidden, in_noscript, context, source_status, source_title, source_ip, source_subnet, source_country,"
         " source_links, source_external, first_seen, last_seen, lost_in, source_authority,"
         " source_domain_authority";
}

void write_link_current(ClickHouseIndex& index, const Publication& publication, uint32_t rank) {
  Publication scored = publication;
  scored.rank = rank;
  const std::string columns = link_current_columns();
  for (std::size_t shard = 0; shard < index.shards(); ++shard) {
    Connection& node = index.node(shard);
    Rows events = node.query("SELECT count() FROM link_events_local WHERE run IN (" + publication.runs_sql() + ")");
    for (const std::string& slice : target_slices(events.integer(0, 0), kEventsPerSlice)) {
      // Backlinks only: the per-target queries never read a domain's links to itself.
      node.execute("INSERT INTO link_current_local (rank, " + columns + ") SELECT toUInt32(" + std::to_string(rank) +
                   "), " + columns + " FROM " + links_view(scored, "source_domain != target_domain AND " + slice));
    }
  }
}

std::string link_current_range(const Publication& publication, const std::string& domain) {
  return "rank = " + std::to_string(publication.links_rank) + " AND target_domain = " + quote(domain);
}

}  // namespace linklens::clickhouse
