#include "clickhouse/clickhouse_rank.h"

#include <algorithm>
#include <ctime>
#include <map>
#include <set>
#include <unordered_map>

#include "clickhouse/link_current.h"
#include "clickhouse/target_tables.h"
#include "index/store_values.h"

namespace linklens::ranking {
namespace {

using store::now_utc;

using clickhouse::quote;
using clickhouse::quote_list;
using clickhouse::Rows;

constexpr const char* kCounted = "effective_follow = 'follow' AND hidden = 0 AND lost_in = 0";

}  // namespace

Status rank_clickhouse(clickhouse::ClickHouseIndex& index, clickhouse::Publication& next, RankSummary& summary) {
  try {
    const std::string runs = next.runs_sql();
    const auto rules = index.disavow_files(next);
    std::vector<std::string> with_files;
    for (const auto& [t, file] : rules) with_files.push_back(t);
    const std::string no_file = "target_domain NOT IN (" + quote_list(with_files) + ")";
    const std::string has_file = "target_domain IN (" + quote_list(with_files) + ")";

    NameIds id_of;
    std::set<std::string> urls;
    std::vector<std::pair<uint32_t, uint32_t>> edges;
    std::vector<std::pair<std::string, std::string>> page_links;
    const std::string domain_edge =
        "scope = 'external' AND " + std::string(kCounted) +
        " AND kind IN ('text', 'image', 'area', 'redirect') AND target_domain != '' AND source_domain != ''";
    const std::string page_edge =
        std::string(kCounted) + " AND kind IN ('text', 'image', 'area', 'redirect', 'canonical')";
    for (std::size_t shard = 0; shard < index.shards(); ++shard) {
      auto& node = index.node(shard);
      Rows d = node.query("SELECT DISTINCT domain FROM pages_local WHERE run IN (" + runs + ") AND domain != ''");
      for (std::size_t i = 0; i < d.size(); ++i) id_of(d.text(i, 0));
      Rows u = node.query("SELECT DISTINCT url FROM pages_local WHERE run IN (" + runs + ")");
      for (std::size_t i = 0; i < u.size(); ++i) urls.insert(u.text(i, 0));
      // Domain edges: sources on one subnet count once per target (as SQLite's kEdgeSql).
      const std::string group = "if(source_subnet = '', concat('domain:', source_domain), source_subnet)";
      Rows e = node.query("SELECT min(s), t, count() FROM (SELECT DISTINCT source_domain AS s, target_domain AS t, " +
                          group + " AS g FROM (" + clickhouse::link_state(next, "target_domain != '' AND " + no_file) +
                          ") WHERE " + domain_edge + ") GROUP BY g, t");
      for (std::size_t i = 0; i < e.size(); ++i) {
        edges.emplace_back(id_of(e.text(i, 0)), id_of(e.text(i, 1)));
        summary.collapsed_by_subnet += static_cast<uint64_t>(e.integer(i, 2) - 1);
      }
      if (!with_files.empty()) {
        // Targets with a disavow file: their links come here and are filtered link by link.
        Rows f = node.query("SELECT source_domain, target_domain, " + group + ", source_url FROM (" +
                            clickhouse::link_state(next, has_file) + ") WHERE " + domain_edge);
        std::map<std::pair<std::string, std::string>, std::set<std::string>> groups;
        for (std::size_t i = 0; i < f.size(); ++i) {
          if (disavow::covers(rules.at(f.text(i, 1)), f.text(i, 3))) continue;
          groups[{f.text(i, 2), f.text(i, 1)}].insert(f.text(i, 0));
        }
        for (const auto& [key, sources] : groups) {
          edges.emplace_back(id_of(*sources.begin()), id_of(key.second));
          summary.collapsed_by_subnet += sources.size() - 1;
        }
      }
      // Page edges: to crawled pages, which live on the link's shard (both by target domain).
      Rows p = node.query("SELECT source_url, target_url, target_domain FROM (" + clickhouse::link_state(next, "1") +
                          ") WHERE " + page_edge + " AND target_url IN (SELECT url FROM pages_local WHERE run IN (" +
                          runs + "))");
      for (std::size_t i = 0; i < p.size(); ++i) {
        auto rule = rules.find(p.text(i, 2));
        if (rule != rules.end() && disavow::covers(rule->second, p.text(i, 0))) continue;
        page_links.emplace_back(p.text(i, 0), p.text(i, 1));
      }
    }
    // Self-links (u == v) are dropped as SQLite's rank drops them.
    edges.erase(std::remove_if(edges.begin(), edges.end(), [](const auto& e) { return e.first == e.second; }),
                edges.end());
    DomainScores ranked = score_domain_graph(std::move(id_of.names), std::move(edges));
    summary.domains = ranked.graph.nodes;
    summary.edges = ranked.graph.edges();
    summary.pagerank_iterations = ranked.pagerank.iterations;
    summary.harmonic_rounds = ranked.harmonic.iterations;

    std::vector<std::string> page_urls(urls.begin(), urls.end());  // URL order, as SQLite's rank
    std::unordered_map<std::string, uint32_t> page_index;
    for (uint32_t i = 0; i < page_urls.size(); ++i) page_index.emplace(page_urls[i], i);
    std::vector<std::pair<uint32_t, uint32_t>> page_edges;
    for (const auto& [s, t] : page_links) {
      auto u = page_index.find(s), v = page_index.find(t);
      if (u != page_index.end() && v != page_index.end() && u->second != v->second)
        page_edges.emplace_back(u->second, v->second);
    }
    std::vector<double> page_scores =
        score_page_graph(static_cast<uint32_t>(page_urls.size()), std::move(page_edges), summary.page_edges);
    summary.pages = static_cast<uint32_t>(page_urls.size());

    // A rank id no node has used, so a failed rank's leftovers are never read.
    uint32_t rank = next.rank;
    for (std::size_t shard = 0; shard < index.shards(); ++shard) {
      Rows m = index.node(shard).query(
          "SELECT (SELECT max(rank) FROM domain_authority_local), (SELECT max(rank) FROM page_authority_local),"
          " (SELECT max(rank) FROM link_current_local)");
      rank = std::max({rank, static_cast<uint32_t>(m.integer(0, 0)), static_cast<uint32_t>(m.integer(0, 1)),
                       static_cast<uint32_t>(m.integer(0, 2))});
    }
    ++rank;
    const std::string when = now_utc();
    std::string domains_tsv, pages_tsv;
    const auto& g = ranked.graph;
    for (uint32_t i = 0; i < g.nodes; ++i) {
      domains_tsv += std::to_string(rank) + "\t";
      clickhouse::append_tsv(domains_tsv, ranked.names[i]);
      const auto& sc = ranked.scores[i];
      // Field by field: GCC 12 warns falsely (-Wrestrict) on a chain of "\t" + std::string.
      for (const std::string& field :
           {clickhouse::number(sc.score), clickhouse::number(ranked.pagerank.rank[i]),
            clickhouse::number(ranked.harmonic.harmonic[i]), clickhouse::number(sc.pagerank_part),
            clickhouse::number(sc.harmonic_part), std::to_string(g.in_offsets[i + 1] - g.in_offsets[i]),
            std::to_string(g.out_offsets[i + 1] - g.out_offsets[i]), when}) {
        domains_tsv += '\t';
        domains_tsv += field;
      }
      domains_tsv += '\n';
    }
    for (uint32_t i = 0; i < page_urls.size(); ++i) {
      pages_tsv += std::to_string(rank) + "\t";
      clickhouse::append_tsv(pages_tsv, page_urls[i]);
      pages_tsv += '\t';
      pages_tsv += clickhouse::number(page_scores[i]);
      pages_tsv += '\n';
    }
    for (std::size_t shard = 0; shard < index.shards(); ++shard) {
      auto& node = index.node(shard);
      if (!domains_tsv.empty()) {
        node.insert("domain_authority_local",
                    "rank, domain, score, pagerank, harmonic, pagerank_part, harmonic_part, referring_domains, "
                    "linked_domains, ranked_at",
                    domains_tsv);
      }
      if (!pages_tsv.empty()) node.insert("page_authority_local", "rank, url, authority", pages_tsv);
    }
    clickhouse::write_link_current(index, next, rank);
    clickhouse::write_target_tables(index, next, rank);
    next.rank = rank;
    next.links_rank = rank;  // only now: every table of this rank is written
    summary.top = top_domains(ranked);
  } catch (const clickhouse::Error& e) {
    return Status::failure(std::string("ranking: ") + e.what());
  }
  return {};
}

void drop_old_ranks(clickhouse::ClickHouseIndex& index, uint32_t published_rank) {
  // Kept: the ranks the last two publications name, scores and query tables alike (a request
  // that began on the one before reads them to its end), and any newer than the published one.
  std::set<long long> kept = {published_rank};
  try {
    Rows named = index.catalog().query("SELECT rank FROM publications ORDER BY seq DESC LIMIT 2");
    for (std::size_t i = 0; i < named.size(); ++i) kept.insert(named.integer(i, 0));
  } catch (const clickhouse::Error&) {
    return;  // nothing is dropped without knowing what is read
  }
  for (std::size_t shard = 0; shard < index.shards(); ++shard) {
    for (const char* table : {"domain_authority_local", "page_authority_local", "link_current_local",
                              "target_summary_local", "refdomain_current_local", "anchor_current_local"}) {
      try {
        Rows parts = index.node(shard).query(
            std::string("SELECT DISTINCT partition FROM system.parts WHERE active AND database = currentDatabase()"
                        " AND table = ") +
            quote(table));
        for (std::size_t i = 0; i < parts.size(); ++i) {
          const long long r = std::atoll(parts.text(i, 0).c_str());
          if (r < static_cast<long long>(published_rank) && !kept.count(r)) {
            index.node(shard).execute(std::string("ALTER TABLE ") + table + " DROP PARTITION " + std::to_string(r));
          }
        }
      } catch (const clickhouse::Error&) {
        // Old scores are never read; a shard that is down keeps them until the next rank.
      }
    }
  }
}

}  // namespace linklens::ranking
