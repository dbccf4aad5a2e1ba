#include "sqlite/query_tables.h"

#include <sqlite3.h>

#include <string>

#include "sqlite/link_rows.h"
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
constexpr const char* kRebuild = R"SQL(
DELETE FROM domain_overview;
INSERT INTO domain_overview(domain, backlinks, live_backlinks, lost_backlinks, referring_domains, referring_pages,
  referring_ips, referring_subnets, follow, nofollow, sponsored, ugc, text, image, form, frame, redirect, canonical,
  live_referring_domains)
SELECT l.target_domain,
       count(*), sum(l.lost_in IS NULL), sum(l.lost_in IS NOT NULL),
       count(DISTINCT l.source_domain), count(DISTINCT l.source_id),
       count(DISTINCT NULLIF(p.ip, '')), count(DISTINCT NULLIF(p.subnet, '')),
       sum(l.effective_follow = 'follow'), sum(l.effective_follow = 'nofollow'), sum(l.effective_follow = 'sponsored'),
       sum(l.effective_follow = 'ugc'),
       sum(l.kind = 'text'), sum(l.kind = 'image'), sum(l.kind = 'form'), sum(l.kind = 'frame'),
       sum(l.kind = 'redirect'), sum(l.kind = 'canonical'),
       count(DISTINCT CASE WHEN l.lost_in IS NULL THEN l.source_domain END)
FROM links l JOIN pages p ON p.id = l.source_id
WHERE l.scope = 'external' AND l.target_domain <> ''
GROUP BY l.target_domain;
DELETE FROM referring_domains;
INSERT INTO referring_domains
SELECT l.target_domain, l.source_domain, count(*), sum(l.lost_in IS NULL),
       sum(l.lost_in IS NULL AND l.effective_follow = 'follow'), min(l.first_seen), max(l.last_seen),
       COALESCE((SELECT score FROM domain_authority a WHERE a.domain = l.source_domain), 0)
FROM links l
WHERE l.scope = 'external' AND l.target_domain <> ''
GROUP BY l.target_domain, l.source_domain;
DELETE FROM anchors;
INSERT INTO anchors
WITH spellings AS (
  SELECT target_domain, anchor_key, anchor, count(*) AS n FROM links
  WHERE scope = 'external' AND target_domain <> '' AND lost_in IS NULL GROUP BY 1, 2, 3),
shown AS (
  SELECT target_domain, anchor_key, linklens_most_common(anchor, n) AS anchor FROM spellings GROUP BY 1, 2),
totals AS (
  SELECT target_domain, anchor_key, count(*) AS backlinks, count(DISTINCT source_domain) AS referring_domains,
         sum(effective_follow = 'follow') AS follow_backlinks FROM links
  WHERE scope = 'external' AND target_domain <> '' AND lost_in IS NULL GROUP BY 1, 2)
SELECT t.target_domain, s.anchor, t.backlinks, t.referring_domains, t.follow_backlinks
FROM totals t JOIN shown s ON s.target_domain = t.target_domain AND s.anchor_key = t.anchor_key;
DELETE FROM domain_changes;
INSERT INTO domain_changes
SELECT l.target_domain, s.latest, sum(l.first_seen = s.latest), sum(l.lost_in IS s.latest)
FROM links l, (SELECT COALESCE(max(id), 0) AS latest FROM snapshots WHERE committed_at IS NOT NULL) s
WHERE l.scope = 'external' AND l.target_domain <> ''
GROUP BY l.target_domain;
DELETE FROM anchor_classes;
INSERT INTO anchor_classes
SELECT target_domain, anchor_class, count(*) FROM links
WHERE scope = 'external' AND target_domain <> '' AND lost_in IS NULL
GROUP BY target_domain, anchor_class;
DELETE FROM countries;
INSERT INTO countries
WITH per AS (
  SELECT l.target_domain, l.source_domain, COALESCE(NULLIF(p.country, ''), 'unknown') AS country, count(*) AS n
  FROM links l JOIN pages p ON p.id = l.source_id
  WHERE l.scope = 'external' AND l.target_domain <> ''
  GROUP BY 1, 2, 3),
ranked AS (
  SELECT target_domain, country, sum(n) OVER (PARTITION BY target_domain, source_domain) AS backlinks,
         row_number() OVER (PARTITION BY target_domain, source_domain ORDER BY country = 'unknown', n DESC, country) AS r
  FROM per)
SELECT target_domain, country, count(*), sum(backlinks) FROM ranked WHERE r = 1 GROUP BY 1, 2;
DELETE FROM tlds;
INSERT INTO tlds
SELECT target_domain, linklens_public_suffix(source_domain), count(*), sum(backlinks)
FROM referring_domains GROUP BY 1, 2;
)SQL";

}  // namespace

Status rebuild_query_tables(sqlite3* db) {
  store::register_sql_functions(db);
  LINKLENS_RETURN_IF_ERROR(store::LinkRowWriter::rebuild_authority_index(
                               db,
                               "UPDATE link_rows SET source_authority = COALESCE((SELECT authority FROM pages"
                               " WHERE pages.id = link_rows.source_id), 0)")
                               .with_context("copying page authority to the links"));
  char* message = nullptr;
  if (sqlite3_exec(db, kRebuild, nullptr, nullptr, &message) != SQLITE_OK) {
    Status failed = Status::failure(std::string("building the query tables: ") + (message ? message : "sqlite error"));
    sqlite3_free(message);
    return failed;
  }
  return {};
}

}  // namespace linklens::ranking
