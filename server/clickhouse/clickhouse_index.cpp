#include "clickhouse/clickhouse_index.h"

#include <charconv>
#include <cstdio>
#include <ctime>

#include "clickhouse/clickhouse_schema.h"

namespace linklens::clickhouse {

std::string Publication::runs_sql() const {
  if (runs.empty()) return "0";
  std::string out;
  for (uint32_t r : runs) out += (out.empty() ? "" : ", ") + std::to_string(r);
  return out;
}

std::string number(double value) {
  // %.17g, as to_chars writes it faster than snprintf (an ingest writes two per link). Seventeen
  // digits, not the shortest text that reads back: ClickHouse 18.16 parses short decimals like
  // 66.45096831014526 to a neighbouring double, and the parity test saw scores move.
  char buf[40];
  const auto written = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::general, 17);
  return std::string(buf, written.ptr);
}

ClickHouseIndex::ClickHouseIndex(Location location) : location_(std::move(location)) {}

StatusOr<std::unique_ptr<ClickHouseIndex>> ClickHouseIndex::connect(const Location& location, bool create_schema) {
  std::unique_ptr<ClickHouseIndex> index(new ClickHouseIndex(location));
  try {
    for (const Node& n : location.nodes) {
      index->nodes_.push_back(std::make_unique<Connection>(n, create_schema ? "default" : location.database));
    }
    if (create_schema) {
      for (auto& c : index->nodes_) {
        for (const auto& sql : schema_statements(location)) c->execute(sql);
      }
      index->nodes_.clear();
      for (const Node& n : location.nodes) index->nodes_.push_back(std::make_unique<Connection>(n, location.database));
    }
    if (create_schema) {
      for (const AddedColumn& added : added_columns()) {
        for (auto& node : index->nodes_) {
          Rows has = node->query("SELECT count() FROM system.columns WHERE database = currentDatabase() AND table = " +
                                 quote(added.table) + " AND name = " + quote(added.column));
          if (has.size() && has.integer(0, 0) == 0) {
            node->execute(std::string("ALTER TABLE ") + added.table + " ADD COLUMN " + added.column + " " + added.type);
          }
        }
      }
    }
    index->current_publications_ = index->publications_current();
    // A database written before anchor keys (schema 6 of the SQLite index) or before the pages'
    // site names (schema 8) would fail query by query: refused whole, with what to do.
    for (std::size_t i = 0; i < index->nodes_.size(); ++i) {
      for (const auto& [table, column] :
           {std::pair<const char*, const char*>{"link_events_local", "anchor_key"}, {"pages_local", "site_name"}}) {
        Rows old = index->nodes_[i]->query(
            "SELECT count() FROM system.tables WHERE database = " + quote(location.database) + " AND name = '" + table +
            "' AND NOT has((SELECT groupArray(name) FROM system.columns WHERE database = " + quote(location.database) +
            " AND table = '" + table + "'), '" + column + "')");
        if (old.size() && old.integer(0, 0) > 0) {
          return Status::failure("ClickHouse database '" + location.database + "' on " + location.nodes[i].name() +
                                 " was written by an older linklens (its " + table + " has no " + column +
                                 " column): ingest the crawl again into a new database (`linklens ingest --store "
                                 "clickhouse://.../NEWDB ...`)");
        }
      }
    }
    // The Distributed tables place rows by cityHash64(key) % shards; that is this index's shard
    // i only when the cluster has exactly these nodes, one replica each, with equal weights.
    Rows r = index->catalog().query(
        "SELECT count(), uniqExact(shard_num), min(shard_weight), max(shard_weight) FROM system.clusters WHERE cluster "
        "= " +
        quote(location.cluster));
    if (r.size() != 1 || r.integer(0, 0) != static_cast<int64_t>(location.nodes.size()) ||
        r.integer(0, 1) != static_cast<int64_t>(location.nodes.size()) || r.integer(0, 2) != 1 ||
        r.integer(0, 3) != 1) {
      return Status::failure("ClickHouse cluster '" + location.cluster + "' (remote_servers) must have " +
                             std::to_string(location.nodes.size()) +
                             " shards of one replica each with weight 1, in the order of the nodes in " + location.url);
    }
  } catch (const Error& e) {
    return Status::failure(e.what());
  }
  return index;
}

bool ClickHouseIndex::publications_current() {
  std::string names;
  for (const AddedColumn& added : added_columns()) names += (names.empty() ? "" : ", ") + quote(added.column);
  Rows has = catalog().query(
      "SELECT count() FROM system.columns WHERE database = currentDatabase() AND table = 'publications' AND name IN "
      "(" +
      names + ")");
  return has.size() && has.integer(0, 0) == static_cast<int64_t>(added_columns().size());
}

Publication ClickHouseIndex::publication() {
  // A database read before any writer added the columns (or before its first ingest made the
  // table) is looked at again: its next writer adds them while this server runs.
  if (!current_publications_) current_publications_ = publications_current();
  Rows r = catalog().query(
      std::string("SELECT seq, arrayStringConcat(arrayMap(x -> toString(x), runs), ','), rank, disavow") +
      (current_publications_ ? ", latest_snapshot, links_rank" : "") + " FROM publications ORDER BY seq DESC LIMIT 1");
  Publication p;
  if (r.size() == 0) return p;
  p.seq = static_cast<uint64_t>(r.integer(0, 0));
  const std::string& runs = r.text(0, 1);
  for (std::size_t start = 0; start < runs.size();) {
    std::size_t comma = runs.find(',', start);
    p.runs.push_back(static_cast<uint32_t>(std::stoul(runs.substr(start, comma - start))));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  p.rank = static_cast<uint32_t>(r.integer(0, 2));
  p.disavow = static_cast<uint64_t>(r.integer(0, 3));
  if (current_publications_) {
    p.latest_snapshot = static_cast<uint32_t>(r.integer(0, 4));
    p.links_rank = static_cast<uint32_t>(r.integer(0, 5));
    // Every publication with a run has a committed snapshot (ids from 1): a 0 is a row written
    // before the column, whose latest snapshot is looked up as it always was.
    if (p.latest_snapshot != 0 || p.runs.empty()) return p;
  }
  Rows latest =
      catalog().query("SELECT max(id) FROM snapshots WHERE committed_at != '' AND run IN (" + p.runs_sql() + ")");
  p.latest_snapshot = latest.size() ? static_cast<uint32_t>(latest.integer(0, 0)) : 0;
  return p;
}

std::vector<std::size_t> ClickHouseIndex::shards_of(const std::vector<std::string>& domains) {
  if (shards() == 1) return std::vector<std::size_t>(domains.size(), 0);
  // Bounded: emptied before a call whose domains would take it past the bound, never during one
  // (this call's answers are all read from it below). One big call may pass it until the next.
  constexpr std::size_t kKeptShards = 100000;
  if (shard_of_.size() + domains.size() > kKeptShards) shard_of_.clear();
  std::vector<std::string> unknown;
  for (const auto& d : domains) {
    if (!shard_of_.count(d)) unknown.push_back(d);
  }
  if (!unknown.empty()) {
    Rows r = catalog().query("SELECT cityHash64(d) % " + std::to_string(shards()) + " FROM (SELECT arrayJoin([" +
                             quote_list(unknown) + "]) AS d)");
    if (r.size() != unknown.size())
      throw Error(0, "ClickHouse gave " + std::to_string(r.size()) + " shards for " + std::to_string(unknown.size()) +
                         " domains");
    for (std::size_t i = 0; i < r.size(); ++i) shard_of_[unknown[i]] = static_cast<std::size_t>(r.integer(i, 0));
  }
  std::vector<std::size_t> out;
  out.reserve(domains.size());
  for (const auto& d : domains) out.push_back(shard_of_.at(d));
  return out;
}

std::string ClickHouseIndex::unreachable_shards() {
  std::string out;
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    try {
      Connection probe(location_.nodes[i], location_.database, std::chrono::seconds(5));
      probe.query("SELECT 1");
    } catch (const Error&) {
      out += "shard " + std::to_string(i + 1) + " (" + location_.nodes[i].name() + ") does not answer; ";
    }
  }
  return out;
}

std::map<std::string, disavow::File> ClickHouseIndex::disavow_files(const Publication& publication,
                                                                    const std::string& domain) {
  const std::string only = domain.empty() ? "" : " AND target_domain = " + quote(domain);
  Rows r = catalog().query(
      "SELECT target_domain, kind, value FROM disavowed WHERE (target_domain, file) IN (SELECT target_domain, max(file)"
      " FROM disavow_files WHERE file <= " +
      std::to_string(publication.disavow) + only + " GROUP BY target_domain)" + only +
      " ORDER BY target_domain, kind, value");
  std::map<std::string, disavow::File> files;
  for (std::size_t i = 0; i < r.size(); ++i) {
    disavow::Entry e;
    e.kind = r.text(i, 1) == "url" ? disavow::EntryKind::kUrl : disavow::EntryKind::kDomain;
    e.value = r.text(i, 2);
    files[r.text(i, 0)].entries.push_back(std::move(e));
  }
  return files;
}

void ClickHouseIndex::publish(const Publication& next) {
  std::string tsv = std::to_string(next.seq) + "\t[" + next.runs_sql() + "]\t" + std::to_string(next.rank) + "\t" +
                    std::to_string(next.disavow) + "\t";
  std::time_t t = std::time(nullptr);
  char when[32];
  std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  tsv += when;
  for (uint32_t value : {next.latest_snapshot, next.links_rank}) {  // one by one: GCC 12's false -Wrestrict
    tsv += '\t';
    tsv += std::to_string(value);
  }
  tsv += '\n';
  if (next.runs.empty()) tsv.replace(tsv.find("[0]"), 3, "[]");
  catalog().insert("publications", "seq, runs, rank, disavow, published_at, latest_snapshot, links_rank", tsv);
}

std::string link_state(const Publication& p, const std::string& events_condition) {
  // The filter sits in a subquery: ClickHouse applies a SELECT's aliases in its own WHERE, and
  // the aggregates below are aliased with the column names.
  const std::string events =
      "FROM (SELECT * FROM link_events_local WHERE run IN (" + p.runs_sql() + ") AND (" + events_condition + "))";
  auto latest = [](const char* column, const char* name) {
    return std::string("argMaxIf(") + column + ", version, seen = 1) AS " + name;
  };
  auto page = [](const char* column, const char* name) {
    return std::string("argMax(") + column + ", version) AS " + name;
  };
  std::string state =
      "SELECT id, any(target_domain) AS target_domain, anyIf(target_host, seen = 1) AS target_host,"
      " anyIf(target_url, seen = 1) AS target_url, anyIf(scope, seen = 1) AS scope, anyIf(source_url, seen = 1) AS "
      "source_url,"
      " anyIf(source_host, seen = 1) AS source_host, anyIf(source_domain, seen = 1) AS source_domain,"
      " anyIf(kind, seen = 1) AS kind, anyIf(anchor, seen = 1) AS anchor, anyIf(anchor_key, seen = 1) AS anchor_key, " +
      latest("href", "href") + ", " + latest("rel", "rel") + ", " + latest("follow", "follow") + ", " +
      latest("effective_follow", "effective_follow") + ", " + latest("anchor_class", "anchor_class") + ", " +
      latest("placement", "placement") + ", " + latest("ordinal", "ordinal") + ", " + latest("position", "position") +
      ", " + latest("weight", "weight") + ", " + latest("hidden", "hidden") + ", " +
      latest("in_noscript", "in_noscript") + ", " + latest("context", "context") + ", " +
      page("page_status", "source_status") + ", " + page("page_title", "source_title") + ", " +
      page("page_ip", "source_ip") + ", " + page("page_subnet", "source_subnet") + ", " +
      page("page_country", "source_country") + ", " + page("page_links", "source_links") + ", " +
      page("page_external", "source_external") +
      ", minIf(snapshot, seen = 1) AS first_seen, maxIf(snapshot, seen = 1) AS last_seen,"
      " groupArrayIf(snapshot, seen = 0) AS unseen_in " +
      events + " GROUP BY id HAVING countIf(seen = 1) > 0";
  // Lost in the first re-crawl of the source page without the link after its last sighting (as
  // SQLite's mark_lost: a link seen again is live again).
  // (The lambda takes last_seen as an argument: 18.16 loses a column a lambda captures when the
  // outer query does not select it.)
  return "SELECT *, arrayFilter((s, l) -> s > l, unseen_in, arrayResize([last_seen], length(unseen_in), last_seen)) AS "
         "later_unseen,"
         " if(empty(later_unseen), toUInt32(0), arrayReduce('min', later_unseen)) AS lost_in FROM (" +
         state + ")";
}

std::string links_view(const Publication& p, const std::string& events_condition) {
  const std::string events =
      "FROM link_events_local WHERE run IN (" + p.runs_sql() + ") AND (" + events_condition + ")";
  const std::string with_lost = link_state(p, events_condition);
  // 18.16 joins one table per SELECT, so the two score lookups nest; each right side is cut to
  // the pages and domains these links come from.
  std::string page_scores =
      "SELECT url AS source_url, authority AS source_authority FROM page_authority_local WHERE rank = " +
      std::to_string(p.rank) + " AND url IN (SELECT source_url " + events + ")";
  std::string domain_scores =
      "SELECT domain AS source_domain, score AS source_domain_authority FROM domain_authority_local"
      " WHERE rank = " +
      std::to_string(p.rank) + " AND domain IN (SELECT source_domain " + events + ")";
  return "(SELECT * FROM (SELECT * FROM (" + with_lost + ") ANY LEFT JOIN (" + page_scores +
         ") USING source_url) ANY LEFT JOIN (" + domain_scores + ") USING source_domain)";
}

}  // namespace linklens::clickhouse
