#include "sqlite/sqlite_rank.h"

#include <sqlite3.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <unordered_map>

#include <initializer_list>
#include <string>

#include "index/store_values.h"
#include "linklens/link_record.h"
#include "sqlite/link_rows.h"
#include "sqlite/query_tables.h"

namespace linklens::ranking {
namespace {

using store::now_utc;

// The rank's two graphs are read from link_rows by id (through the links view every row's names
// were looked up first). A link counts when it is live, followed, visible, of a kind that passes
// signals and not in its target's disavow file.
std::string counting_link_sql(std::initializer_list<LinkKind> kinds) {
  std::string kind_list;
  for (LinkKind k : kinds) kind_list += (kind_list.empty() ? "" : ", ") + std::to_string(static_cast<int>(k));
  return store::link_flag("effective_follow", static_cast<int>(FollowStatus::kFollow)) + " AND NOT (l.flags & " +
         std::to_string(store::kLinkHiddenFlag) + ") AND l.lost_in IS NULL AND " + store::link_flag_value("kind") +
         " IN (" + kind_list +
         ")"
         " AND NOT EXISTS (SELECT 1 FROM disavowed d WHERE d.target_domain = tn.name AND"
         " ((d.kind = 'domain' AND (p.host = d.value OR substr(p.host, -length(d.value) - 1) = '.' || d.value))"
         " OR (d.kind = 'url' AND d.value = p.url)))";
}

// Domain edges: external counting links, one per (source domain, target domain) and per source
// /24 (links from one subnet count once), in the order of that group.
std::string edge_sql() {
  return "WITH e AS (SELECT DISTINCT sn.name AS s, tn.name AS t,"
         " COALESCE(NULLIF(p.subnet, ''), 'domain:' || sn.name) AS g"
         " FROM link_rows l JOIN pages p ON p.id = " +
         store::link_source_sql() +
         " JOIN names sn ON sn.id = l.source_domain_id"
         " JOIN names tn ON tn.id = l.target_domain_id WHERE " +
         store::link_flag("scope", static_cast<int>(LinkScope::kExternal)) + " AND " +
         counting_link_sql({LinkKind::kText, LinkKind::kImage, LinkKind::kArea, LinkKind::kRedirect}) +
         " AND tn.name <> '' AND sn.name <> '')"
         " SELECT MIN(s), t, count(*) FROM e GROUP BY g, t ORDER BY g, t";
}

// Page edges: counting links (canonicals too) between two crawled pages.
std::string page_edge_sql() {
  return "SELECT " + store::link_source_sql() +
         ", t.id FROM link_rows l JOIN strings tu ON tu.id = l.target_url_id"
         " JOIN pages t ON t.url = tu.value JOIN pages p ON p.id = " +
         store::link_source_sql() + " JOIN names tn ON tn.id = l.target_domain_id WHERE " +
         counting_link_sql(
             {LinkKind::kText, LinkKind::kImage, LinkKind::kArea, LinkKind::kRedirect, LinkKind::kCanonical});
}

// Links the target's own disavow file covers (the disavowed table) do not count: `l` is the link
// (of the links view here, of link_rows above, where `tn` is its target's name), `p` its source
// page. The same predicate takes them out of both graphs and out of `explain`.
#define LINKLENS_DISAVOWED                                                                                       \
  " EXISTS (SELECT 1 FROM disavowed d WHERE d.target_domain = l.target_domain AND"                               \
  "   ((d.kind = 'domain' AND (l.source_host = d.value OR substr(l.source_host, -length(d.value) - 1) = '.' || " \
  "d.value))"                                                                                                    \
  "    OR (d.kind = 'url' AND d.value = p.url)))"
#define LINKLENS_NOT_DISAVOWED " AND NOT" LINKLENS_DISAVOWED

// What `explain` lists: the strongest referring domains whose links count, and why the others do not.
constexpr const char* kExplainCountingSql =
    "SELECT l.source_domain, COALESCE(a.score, 0), count(*) FROM links l JOIN pages p ON p.id = l.source_id"
    " LEFT JOIN domain_authority a ON a.domain = l.source_domain"
    " WHERE l.target_domain = ?1 AND l.scope = 'external' AND l.effective_follow = 'follow'"
    " AND l.hidden = 0 AND l.lost_in IS NULL" LINKLENS_NOT_DISAVOWED
    " GROUP BY l.source_domain ORDER BY 2 DESC, 3 DESC LIMIT 10";
constexpr const char* kExplainNotCountingSql =
    "SELECT CASE WHEN l.lost_in IS NOT NULL THEN 'lost' WHEN l.hidden THEN 'hidden'"
    " WHEN l.effective_follow <> 'follow' THEN l.effective_follow"
    " WHEN" LINKLENS_DISAVOWED
    " THEN 'disavowed (the target''s disavow file)'"
    " ELSE 'other kind (' || l.kind || ')' END, count(*)"
    " FROM links l JOIN pages p ON p.id = l.source_id WHERE l.target_domain = ?1 AND l.scope = 'external'"
    " AND NOT (l.effective_follow = 'follow' AND l.hidden = 0 AND l.lost_in IS NULL"
    " AND l.kind IN ('text','image','area','redirect')" LINKLENS_NOT_DISAVOWED ") GROUP BY 1 ORDER BY 2 DESC";
#undef LINKLENS_NOT_DISAVOWED
#undef LINKLENS_DISAVOWED

std::string text_at(sqlite3_stmt* s, int i) {
  const unsigned char* t = sqlite3_column_text(s, i);
  return t ? reinterpret_cast<const char*>(t) : "";
}

// Page-level authority: the same math over the page graph (crawled pages as nodes, every live,
// followed, visible link between two crawled pages as an edge, internal links included), written
// to pages.authority inside the caller's transaction.
Status rank_pages(sqlite3* db, RankSummary& summary) {
  sqlite3_stmt* s = nullptr;
  std::unordered_map<int64_t, uint32_t> index;
  std::vector<int64_t> ids;
  sqlite3_prepare_v2(db, "SELECT id FROM pages ORDER BY url", -1, &s, nullptr);
  while (sqlite3_step(s) == SQLITE_ROW) {
    index.emplace(sqlite3_column_int64(s, 0), static_cast<uint32_t>(ids.size()));
    ids.push_back(sqlite3_column_int64(s, 0));
  }
  sqlite3_finalize(s);
  std::vector<std::pair<uint32_t, uint32_t>> edges;
  const std::string page_edges = page_edge_sql();
  sqlite3_prepare_v2(db, page_edges.c_str(), -1, &s, nullptr);
  while (sqlite3_step(s) == SQLITE_ROW) {
    auto u = index.find(sqlite3_column_int64(s, 0)), v = index.find(sqlite3_column_int64(s, 1));
    if (u != index.end() && v != index.end() && u->second != v->second) edges.emplace_back(u->second, v->second);
  }
  sqlite3_finalize(s);
  std::vector<double> scores =
      score_page_graph(static_cast<uint32_t>(ids.size()), std::move(edges), summary.page_edges);
  summary.pages = static_cast<uint32_t>(ids.size());
  sqlite3_prepare_v2(db, "UPDATE pages SET authority = ?2 WHERE id = ?1", -1, &s, nullptr);
  for (uint32_t i = 0; i < summary.pages; ++i) {
    sqlite3_reset(s);
    sqlite3_bind_int64(s, 1, ids[i]);
    sqlite3_bind_double(s, 2, scores[i]);
    if (sqlite3_step(s) != SQLITE_DONE) {
      Status failed = Status::failure(std::string("writing page authority: ") + sqlite3_errmsg(db));
      sqlite3_finalize(s);
      return failed;
    }
  }
  sqlite3_finalize(s);
  return {};
}

}  // namespace
Status rank_index(store::SqliteStore& store, RankSummary& summary, bool own_transaction, ranks::RanksReader* ranks) {
  sqlite3* db = store.handle();
  NameIds id_of;
  // Every crawled domain is a node, linked or not.
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(db, "SELECT DISTINCT domain FROM pages WHERE domain <> '' ORDER BY domain", -1, &s, nullptr);
  while (sqlite3_step(s) == SQLITE_ROW) id_of(text_at(s, 0));
  sqlite3_finalize(s);
  std::vector<std::pair<uint32_t, uint32_t>> edges;
  const std::string edges_sql = edge_sql();
  if (sqlite3_prepare_v2(db, edges_sql.c_str(), -1, &s, nullptr) != SQLITE_OK) {
    return Status::failure(std::string("reading the link graph: ") + sqlite3_errmsg(db));
  }
  while (sqlite3_step(s) == SQLITE_ROW) {
    uint32_t u = id_of(text_at(s, 0)), v = id_of(text_at(s, 1));
    if (u != v) edges.emplace_back(u, v);
    summary.collapsed_by_subnet += static_cast<uint64_t>(sqlite3_column_int64(s, 2) - 1);
  }
  sqlite3_finalize(s);

  DomainScores ranked = score_domain_graph(std::move(id_of.names), std::move(edges));
  const rank::Graph& graph = ranked.graph;
  const rank::PageRankResult& pr = ranked.pagerank;
  const rank::HarmonicResult& hc = ranked.harmonic;
  const std::vector<rank::AuthorityParts>& scores = ranked.scores;
  summary.domains = graph.nodes;
  summary.edges = graph.edges();
  summary.pagerank_iterations = pr.iterations;
  summary.harmonic_rounds = hc.iterations;

  // Replace the table atomically: readers see the old scores or the new ones, never a mix.
  const bool own = own_transaction;
  auto rollback = [&] {
    if (own) sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  };
  if (sqlite3_exec(db, own ? "BEGIN IMMEDIATE; DELETE FROM domain_authority;" : "DELETE FROM domain_authority;",
                   nullptr, nullptr, nullptr) != SQLITE_OK) {
    return Status::failure(std::string("writing scores: ") + sqlite3_errmsg(db));
  }
  sqlite3_prepare_v2(db,
                     "INSERT INTO domain_authority(domain, score, pagerank, harmonic, pagerank_part, harmonic_part,"
                     " referring_domains, linked_domains, ranked_at, index_score, authority_source)"
                     " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)",
                     -1, &s, nullptr);
  const std::string when = now_utc();
  // In the order of the table's key (domain_authority is WITHOUT ROWID): its pages fill instead of
  // splitting.
  std::vector<uint32_t> by_name(graph.nodes);
  for (uint32_t i = 0; i < graph.nodes; ++i) by_name[i] = i;
  std::sort(by_name.begin(), by_name.end(), [&](uint32_t a, uint32_t b) { return ranked.names[a] < ranked.names[b]; });
  for (const uint32_t i : by_name) {
    sqlite3_reset(s);
    sqlite3_bind_text(s, 1, ranked.names[i].c_str(), -1, SQLITE_TRANSIENT);
    // The score answers carry: a web-graph release's when one covers the domain, else this
    // index's (README, "Authority Score"); this index's is kept beside it either way.
    const std::optional<ranks::WebScore> web = ranks ? ranks->lookup(ranked.names[i]) : std::nullopt;
    const std::string source = web ? "commoncrawl:" + web->release.name : "index";
    sqlite3_bind_double(s, 2, web ? web->score : scores[i].score);
    sqlite3_bind_double(s, 10, scores[i].score);
    sqlite3_bind_text(s, 11, source.c_str(), -1, SQLITE_TRANSIENT);
    if (web) ++summary.web_scored;
    sqlite3_bind_double(s, 3, pr.rank[i]);
    sqlite3_bind_double(s, 4, hc.harmonic[i]);
    sqlite3_bind_double(s, 5, scores[i].pagerank_part);
    sqlite3_bind_double(s, 6, scores[i].harmonic_part);
    sqlite3_bind_int64(s, 7, static_cast<int64_t>(graph.in_offsets[i + 1] - graph.in_offsets[i]));
    sqlite3_bind_int64(s, 8, static_cast<int64_t>(graph.out_offsets[i + 1] - graph.out_offsets[i]));
    sqlite3_bind_text(s, 9, when.c_str(), -1, SQLITE_TRANSIENT);
    if (sqlite3_step(s) != SQLITE_DONE) {
      Status failed = Status::failure(std::string("writing scores: ") + sqlite3_errmsg(db));
      sqlite3_finalize(s);
      rollback();
      return failed;
    }
  }
  sqlite3_finalize(s);
  Status tables = rank_pages(db, summary);
  if (tables.ok()) tables = rebuild_query_tables(db);
  if (!tables.ok()) {
    rollback();
    return tables;
  }
  if (own && sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
    Status failed = Status::failure(std::string("writing scores: ") + sqlite3_errmsg(db));
    rollback();
    return failed;
  }
  summary.top = top_domains(ranked);
  return {};
}

StatusOr<std::string> explain_domain(sqlite3* db, const std::string& domain) {
  std::string out;
  sqlite3_stmt* s = nullptr;
  char line[512];
  sqlite3_prepare_v2(
      db,
      "SELECT index_score, pagerank, harmonic, pagerank_part, harmonic_part, referring_domains, ranked_at,"
      " (SELECT count(*) FROM domain_authority),"
      " (SELECT count(*) FROM domain_authority d2 WHERE d2.index_score > d.index_score),"
      " (SELECT min(pagerank) FROM domain_authority) FROM domain_authority d WHERE domain = ?1",
      -1, &s, nullptr);
  sqlite3_bind_text(s, 1, domain.c_str(), -1, SQLITE_TRANSIENT);
  if (sqlite3_step(s) != SQLITE_ROW) {
    sqlite3_finalize(s);
    return Status::failure(domain +
                           " is not in the ranked index (run `linklens rank` after ingesting pages that link to it)");
  }
  std::snprintf(line, sizeof line,
                "%s: Authority Score %.1f of 100 (rank %lld of %lld domains, ranked %s)\n"
                "  = 100 x (0.7 x PageRank part %.3f + 0.3 x harmonic part %.3f)\n"
                "  PageRank %.3g (a domain nobody links to has %.3g); harmonic centrality %.2f\n"
                "  referring domains that count: %lld\n",
                domain.c_str(), sqlite3_column_double(s, 0), static_cast<long long>(sqlite3_column_int64(s, 8) + 1),
                static_cast<long long>(sqlite3_column_int64(s, 7)), text_at(s, 6).c_str(), sqlite3_column_double(s, 3),
                sqlite3_column_double(s, 4), sqlite3_column_double(s, 1), sqlite3_column_double(s, 9),
                sqlite3_column_double(s, 2), static_cast<long long>(sqlite3_column_int64(s, 5)));
  out += line;
  sqlite3_finalize(s);

  out += "  strongest referring domains (score, followed links):\n";
  sqlite3_prepare_v2(db, kExplainCountingSql, -1, &s, nullptr);
  sqlite3_bind_text(s, 1, domain.c_str(), -1, SQLITE_TRANSIENT);
  int n = 0;
  while (sqlite3_step(s) == SQLITE_ROW) {
    std::snprintf(line, sizeof line, "    %-40s %5.1f  %lld\n", text_at(s, 0).c_str(), sqlite3_column_double(s, 1),
                  static_cast<long long>(sqlite3_column_int64(s, 2)));
    out += line;
    ++n;
  }
  if (n == 0) out += "    (none: no followed, visible, live, not disavowed link from another domain)\n";
  sqlite3_finalize(s);

  out += "  links that do not count:\n";
  sqlite3_prepare_v2(db, kExplainNotCountingSql, -1, &s, nullptr);
  sqlite3_bind_text(s, 1, domain.c_str(), -1, SQLITE_TRANSIENT);
  n = 0;
  while (sqlite3_step(s) == SQLITE_ROW) {
    std::snprintf(line, sizeof line, "    %-40s %lld\n", text_at(s, 0).c_str(),
                  static_cast<long long>(sqlite3_column_int64(s, 1)));
    out += line;
    ++n;
  }
  if (n == 0) out += "    (none)\n";
  sqlite3_finalize(s);
  sqlite3_prepare_v2(db, "SELECT count(*) FROM disavowed WHERE target_domain = ?1", -1, &s, nullptr);
  sqlite3_bind_text(s, 1, domain.c_str(), -1, SQLITE_TRANSIENT);
  if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int64(s, 0) > 0) {
    std::snprintf(line, sizeof line, "  its disavow file (%lld entries) takes the links it covers out of the count\n",
                  static_cast<long long>(sqlite3_column_int64(s, 0)));
    out += line;
  }
  sqlite3_finalize(s);
  return out;
}

}  // namespace linklens::ranking
