#include "sqlite/query_tables.h"

#include <sqlite3.h>

#include <string>

#include "linklens/link_record.h"
#include "sqlite/link_rows.h"
#include "sqlite/sqlite_exec.h"
#include "sqlite/sqlite_functions.h"

namespace linklens::ranking {
namespace {

// Backlinks are external links (another registrable domain), as in every backlink tool. The
// definitions every view shares (docs/http-api.md, "One count everywhere"):
// - follow status is the effective one (rel, then the page's meta robots and X-Robots-Tag);
// - anchors are counted per case-folded key (links.anchor_key), shown in their most common
//   spelling (linklens_most_common: the most links; a tie goes to the spelling last in byte order);
// - each referring domain is in one country: the one most of its links come from, a known
//   country before 'unknown', a tie to the first in order; so the rows add up to the overview.
// Rows are inserted in primary-key order (ORDER BY its columns): the WITHOUT ROWID tables then
// fill their pages instead of splitting them (referring_domains was 80% full).
// The statements read link_rows directly, by integer id, and join the names once per output row:
// grouping the links view by its text columns looked every row's names up first (3x slower).
// Each statement's meaning is the one written beside it over the links view.
// Tables that need the same grouping share one pass over link_rows, kept in a TEMP table (dropped
// after; a failed rank's are rolled back with it): overview and changes, referring domains and
// countries, anchors and anchor classes. A pass is about a second at two million links.
std::string rebuild_sql(int64_t empty_name) {
  using store::link_flag;
  const std::string ext = link_flag("scope", static_cast<int>(LinkScope::kExternal)) + " AND l.target_domain_id <> " +
                          std::to_string(empty_name);
  const std::string follow = link_flag("effective_follow", static_cast<int>(FollowStatus::kFollow));
  auto effective = [](FollowStatus f) { return "sum(" + link_flag("effective_follow", static_cast<int>(f)) + ")"; };
  auto kind = [](LinkKind k) { return "sum(" + link_flag("kind", static_cast<int>(k)) + ")"; };
  return
      // domain_overview: per target domain, over links l JOIN pages p WHERE external; and in the
      // same pass domain_changes: new and lost backlinks in the latest committed snapshot.
      "DELETE FROM domain_overview;"
      "DELETE FROM domain_changes;"
      "DROP TABLE IF EXISTS temp.overview_pass;"
      "CREATE TEMP TABLE overview_pass AS"
      " SELECT l.target_domain_id AS t, count(*) AS backlinks, sum(l.lost_in IS NULL) AS live_backlinks,"
      " sum(l.lost_in IS NOT NULL) AS lost_backlinks,"
      " count(DISTINCT l.source_domain_id) AS referring_domains, count(DISTINCT l.key >> " +
      std::to_string(store::kLinkNumberBits) +
      ") AS referring_pages,"
      " count(DISTINCT NULLIF(p.ip, '')) AS referring_ips, count(DISTINCT NULLIF(p.subnet, '')) AS "
      "referring_subnets, " +
      effective(FollowStatus::kFollow) + " AS follow, " + effective(FollowStatus::kNofollow) + " AS nofollow, " +
      effective(FollowStatus::kSponsored) + " AS sponsored, " + effective(FollowStatus::kUgc) + " AS ugc, " +
      kind(LinkKind::kText) + " AS text, " + kind(LinkKind::kImage) + " AS image, " + kind(LinkKind::kForm) +
      " AS form, " + kind(LinkKind::kFrame) + " AS frame, " + kind(LinkKind::kRedirect) + " AS redirect, " +
      kind(LinkKind::kCanonical) +
      " AS canonical, count(DISTINCT CASE WHEN l.lost_in IS NULL THEN l.source_domain_id END) AS"
      " live_referring_domains, s.latest AS latest, sum(l.first_seen = s.latest) AS added,"
      " sum(l.lost_in IS s.latest) AS lost"
      " FROM link_rows l JOIN pages p ON p.id = " +
      store::link_source_sql() +
      ", (SELECT COALESCE(max(id), 0) AS latest FROM snapshots WHERE committed_at IS NOT NULL) s WHERE " + ext +
      " GROUP BY l.target_domain_id;"
      "INSERT INTO domain_overview(domain, backlinks, live_backlinks, lost_backlinks, referring_domains,"
      " referring_pages, referring_ips, referring_subnets, follow, nofollow, sponsored, ugc, text, image, form, frame,"
      " redirect, canonical, live_referring_domains)"
      " SELECT (SELECT name FROM names n WHERE n.id = o.t), backlinks, live_backlinks, lost_backlinks,"
      " referring_domains, referring_pages, referring_ips, referring_subnets, follow, nofollow, sponsored, ugc, text,"
      " image, form, frame, redirect, canonical, live_referring_domains FROM overview_pass o ORDER BY 1;"
      "INSERT INTO domain_changes SELECT n.name, o.latest, o.added, o.lost FROM overview_pass o"
      " JOIN names n ON n.id = o.t ORDER BY 1;"
      "DROP TABLE overview_pass;"
      // referring_domains: per target and source domain; the source's score from domain_authority.
      "DELETE FROM referring_domains;"
      // One pass per (target, source domain, source page country) feeds it and countries below.
      "DROP TABLE IF EXISTS temp.domain_pass;"
      "CREATE TEMP TABLE domain_pass AS SELECT l.target_domain_id AS t, l.source_domain_id AS s,"
      " COALESCE(NULLIF(p.country, ''), 'unknown') AS country, count(*) AS n, sum(l.lost_in IS NULL) AS live,"
      " sum(l.lost_in IS NULL AND " +
      follow +
      ") AS followed, min(l.first_seen) AS fs, max(l.last_seen) AS ls"
      " FROM link_rows l JOIN pages p ON p.id = " +
      store::link_source_sql() + " WHERE " + ext +
      " GROUP BY 1, 2, 3;"
      "INSERT INTO referring_domains"
      " SELECT t.name, s.name, x.c, x.live, x.followed, x.fs, x.ls,"
      " COALESCE((SELECT score FROM domain_authority a WHERE a.domain = s.name), 0)"
      " FROM (SELECT t, s, sum(n) AS c, sum(live) AS live, sum(followed) AS followed, min(fs) AS fs, max(ls) AS ls"
      " FROM domain_pass GROUP BY 1, 2) x"
      " JOIN names t ON t.id = x.t JOIN names s ON s.id = x.s ORDER BY 1, 2;"
      // anchors: per target and anchor key (live links), shown in the key's most common spelling.
      // A key is a string id (0 in anchor_key_id: the anchor is its own key).
      // The live backlinks, read once for it and anchor_classes below.
      "DELETE FROM anchors;"
      "DROP TABLE IF EXISTS temp.anchor_pass;"
      "CREATE TEMP TABLE anchor_pass AS SELECT l.target_domain_id AS t,"
      " CASE WHEN l.anchor_key_id = 0 THEN l.anchor_id ELSE l.anchor_key_id END AS key, l.anchor_id AS a,"
      " l.source_domain_id AS s, " +
      follow + " AS f, " + store::link_flag_value("anchor_class") + " AS c FROM link_rows l WHERE " + ext +
      " AND l.lost_in IS NULL;"
      "INSERT INTO anchors WITH"
      " spellings AS (SELECT t, key, a, count(*) AS n FROM anchor_pass GROUP BY 1, 2, 3),"
      " shown AS (SELECT sp.t, sp.key, linklens_most_common(st.value, sp.n) AS anchor FROM spellings sp"
      " JOIN strings st ON st.id = sp.a GROUP BY 1, 2),"
      " totals AS (SELECT t, key, count(*) AS backlinks, count(DISTINCT s) AS referring_domains,"
      " sum(f) AS follow_backlinks FROM anchor_pass GROUP BY 1, 2)"
      " SELECT n.name, s.anchor, t.backlinks, t.referring_domains, t.follow_backlinks"
      " FROM totals t JOIN shown s ON s.t = t.t AND s.key = t.key JOIN names n ON n.id = t.t ORDER BY 1, 2;"

      // anchor_classes: live backlinks per anchor class.
      "DELETE FROM anchor_classes;"
      "INSERT INTO anchor_classes"
      " SELECT n.name, " +
      store::link_flag_name("anchor_class", "x.c") +
      ", x.backlinks"
      " FROM (SELECT t, c, count(*) AS backlinks FROM anchor_pass GROUP BY 1, 2) x JOIN names n ON n.id = x.t ORDER BY "
      "1, 2;"
      "DROP TABLE anchor_pass;"
      // countries: each referring domain in the country most of its links come from.
      "DELETE FROM countries;"
      "INSERT INTO countries"
      " WITH per AS (SELECT t, s, country, n FROM domain_pass),"
      " ranked AS (SELECT t, country, sum(n) OVER (PARTITION BY t, s) AS backlinks,"
      " row_number() OVER (PARTITION BY t, s ORDER BY country = 'unknown', n DESC, country) AS r FROM per)"
      " SELECT nm.name, r.country, count(*), sum(r.backlinks) FROM ranked r JOIN names nm ON nm.id = r.t"
      " WHERE r.r = 1 GROUP BY r.t, r.country ORDER BY 1, 2;"
      "DROP TABLE domain_pass;"
      // tlds: referring domains and backlinks per public suffix of the referring domain.
      "DELETE FROM tlds;"
      "INSERT INTO tlds"
      " SELECT target_domain, linklens_public_suffix(source_domain), count(*), sum(backlinks)"
      " FROM referring_domains GROUP BY 1, 2;";
}

}  // namespace

Status rebuild_query_tables(sqlite3* db) {
  store::register_sql_functions(db);
  const std::string copy_authority =
      "UPDATE link_rows SET source_authority = COALESCE((SELECT authority FROM pages"
      " WHERE pages.id = " +
      store::link_source_sql("link_rows") + "), 0.0)";
  LINKLENS_RETURN_IF_ERROR(store::LinkRowWriter::rebuild_authority_index(db, copy_authority.c_str())
                               .with_context("copying page authority to the links"));
  int64_t empty_name = -1;  // the id of "" in names (links without a target domain), if any
  {
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(db, "SELECT id FROM names WHERE name = ''", -1, &s, nullptr);
    if (s && sqlite3_step(s) == SQLITE_ROW) empty_name = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
  }
  const std::string rebuild = rebuild_sql(empty_name);
  return store::exec_sql(db, rebuild).with_context("building the query tables");
}

}  // namespace linklens::ranking
