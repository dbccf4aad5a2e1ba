#include "clickhouse/clickhouse_schema.h"

namespace linklens::clickhouse {

std::vector<std::string> schema_statements(const Location& l) {
  const std::string db = l.database;
  return {
      "CREATE DATABASE IF NOT EXISTS " + db,
      // Link columns are those of the SQLite `links` table; page_* are the source page's as crawled
      // in the event's snapshot (denormalised: the source page lives on another shard).
      "CREATE TABLE IF NOT EXISTS " + db +
          ".link_events_local ("
          " snapshot UInt32, run UInt32, version UInt64, seen UInt8, id UInt64,"
          " target_domain String, target_host String, target_url String, scope String,"
          " source_url String, source_host String, source_domain String,"
          " kind String, anchor String, href String, rel String, follow String, effective_follow String,"
          " anchor_class String, placement String, ordinal UInt32, position Float64, weight Float64,"
          " hidden UInt8, in_noscript UInt8, context String,"
          " page_status Int32, page_title String, page_ip String, page_subnet String, page_country String,"
          " page_links UInt32, page_external UInt32,"
          " anchor_key String"  // fold_case(anchor), computed in C++ at ingest (18.16's lowerUTF8 is partial)
          ") ENGINE = MergeTree PARTITION BY snapshot ORDER BY (target_domain, id, version)"
          // Granules of 1,024 rows, not 8,192: most domains have a few backlinks, and a per-domain
          // read decompresses whole granules of every column (a tail domain's read went 15 -> 5 ms).
          " SETTINGS index_granularity = 1024",
      "CREATE TABLE IF NOT EXISTS " + db + ".link_events AS " + db +
          ".link_events_local"
          " ENGINE = Distributed(" +
          l.cluster + ", " + db + ", link_events_local, cityHash64(target_domain))",
      "CREATE TABLE IF NOT EXISTS " + db +
          ".pages_local ("
          " snapshot UInt32, run UInt32, version UInt64, url String, host String, domain String, status Int32,"
          " content_type String, title String, canonical String, noindex UInt8, nofollow UInt8, ip String, subnet "
          "String,"
          " country String, country_source String, fetched_at String, link_count UInt32, external_links UInt32,"
          " link_ids Array(UInt64), link_domains Array(String),"
          " site_name String, application_name String"  // og:site_name, application-name (SQLite schema 8)
          ") ENGINE = MergeTree PARTITION BY snapshot ORDER BY (domain, url, version) SETTINGS index_granularity = "
          "1024",
      "CREATE TABLE IF NOT EXISTS " + db + ".pages AS " + db +
          ".pages_local"
          " ENGINE = Distributed(" +
          l.cluster + ", " + db + ", pages_local, cityHash64(domain))",
      "CREATE TABLE IF NOT EXISTS " + db +
          ".domain_authority_local ("
          " rank UInt32, domain String, score Float64, pagerank Float64, harmonic Float64, pagerank_part Float64,"
          " harmonic_part Float64, referring_domains UInt64, linked_domains UInt64, ranked_at String"
          ") ENGINE = MergeTree PARTITION BY rank ORDER BY domain",
      "CREATE TABLE IF NOT EXISTS " + db +
          ".page_authority_local (rank UInt32, url String, authority Float64)"
          " ENGINE = MergeTree PARTITION BY rank ORDER BY url",
      // Each link's current state as links_view computes it (one row per backlink: internal links
      // are left out), with the scores of the rank that wrote it: a per-target read is then a
      // range of one table's primary key, not a GROUP BY over every event of the target's links
      // (3.9 s for a domain with 214,728 backlinks). Filled by rank on each shard; the
      // publication's links_rank names the partition that matches its runs (0: none does).
      "CREATE TABLE IF NOT EXISTS " + db +
          ".link_current_local ("
          " rank UInt32, id UInt64, target_domain String, target_host String, target_url String, scope String,"
          " source_url String, source_host String, source_domain String, kind String, anchor String,"
          " anchor_key String, href String, rel String, follow String, effective_follow String,"
          " anchor_class String, placement String, ordinal UInt32, position Float64, weight Float64,"
          " hidden UInt8, in_noscript UInt8, context String, source_status Int32, source_title String,"
          " source_ip String, source_subnet String, source_country String, source_links UInt32,"
          " source_external UInt32, first_seen UInt32, last_seen UInt32, lost_in UInt32,"
          " source_authority Float64, source_domain_authority Float64"
          // Ordered by score within a target: the default page of backlinks (highest source_authority
          // first) is the end of the target's range, a granule or two, not rows spread over all of it.
          ") ENGINE = MergeTree PARTITION BY rank ORDER BY (target_domain, source_authority, id)"
          " SETTINGS index_granularity = 1024",
      // Per target domain (domain mode), from link_current_local by the same rank: what an overview,
      // the referring domains, the anchors and the lists made from them read, so the biggest
      // domains answer from a few thousand rows, not from every backlink (target_tables.h).
      "CREATE TABLE IF NOT EXISTS " + db +
          ".target_summary_local (rank UInt32, target_domain String, counts Array(UInt64),"
          " anchor_classes Array(String), anchor_class_backlinks Array(UInt64))"
          " ENGINE = MergeTree PARTITION BY rank ORDER BY target_domain SETTINGS index_granularity = 256",
      "CREATE TABLE IF NOT EXISTS " + db +
          ".refdomain_current_local (rank UInt32, target_domain String, source_domain String, authority Float64,"
          " backlinks UInt64, live_backlinks UInt64, follow_backlinks UInt64, first_seen UInt32, last_seen UInt32,"
          " countries Array(String), country_links Array(UInt64))"
          " ENGINE = MergeTree PARTITION BY rank ORDER BY (target_domain, source_domain)"
          " SETTINGS index_granularity = 1024",
      "CREATE TABLE IF NOT EXISTS " + db +
          ".anchor_current_local (rank UInt32, target_domain String, anchor_key String, anchor String,"
          " backlinks UInt64, referring_domains UInt64, follow_backlinks UInt64)"
          " ENGINE = MergeTree PARTITION BY rank ORDER BY (target_domain, anchor_key) SETTINGS index_granularity = "
          "1024",
      "CREATE TABLE IF NOT EXISTS " + db +
          ".snapshots ("
          " id UInt32, name String, source String, run UInt32, started_at String, committed_at String,"
          " pages UInt64, links UInt64, new_links UInt64, lost_links UInt64"
          ") ENGINE = MergeTree ORDER BY (id, run)",
      "CREATE TABLE IF NOT EXISTS " + db +
          ".publications (seq UInt64, runs Array(UInt32), rank UInt32, disavow UInt64,"
          " published_at String, latest_snapshot UInt32, links_rank UInt32)"
          " ENGINE = MergeTree ORDER BY seq",
      "CREATE TABLE IF NOT EXISTS " + db +
          ".disavowed (file UInt64, target_domain String, kind String, value String, added_at String)"
          " ENGINE = MergeTree ORDER BY (target_domain, file, kind, value)",
      "CREATE TABLE IF NOT EXISTS " + db +
          ".disavow_files (file UInt64, target_domain String)"
          " ENGINE = MergeTree ORDER BY (target_domain, file)",
  };
}

const std::vector<AddedColumn>& added_columns() {
  static const std::vector<AddedColumn> columns = {{"publications", "latest_snapshot", "UInt32"},
                                                   {"publications", "links_rank", "UInt32"}};
  return columns;
}

}  // namespace linklens::clickhouse
