#include "query_tables.h"

#include <sqlite3.h>

#include <string>

#include "sqlite_functions.h"

namespace linklens::ranking {
namespace {

// Backlinks are external links (another registrable domain), as in every backlink tool.
constexpr const char* kRebuild = R"SQL(
UPDATE links SET source_authority = COALESCE((SELECT authority FROM pages WHERE pages.id = links.source_id), 0);
DELETE FROM domain_overview;
INSERT INTO domain_overview
SELECT l.target_domain,
       count(*), sum(l.lost_in IS NULL), sum(l.lost_in IS NOT NULL),
       count(DISTINCT l.source_domain), count(DISTINCT l.source_id),
       count(DISTINCT NULLIF(p.ip, '')), count(DISTINCT NULLIF(p.subnet, '')),
       sum(l.follow = 'follow'), sum(l.follow = 'nofollow'), sum(l.follow = 'sponsored'), sum(l.follow = 'ugc'),
       sum(l.kind = 'text'), sum(l.kind = 'image'), sum(l.kind = 'form'), sum(l.kind = 'frame'),
       sum(l.kind = 'redirect'), sum(l.kind = 'canonical')
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
SELECT target_domain, anchor, count(*), count(DISTINCT source_domain), sum(effective_follow = 'follow')
FROM links
WHERE scope = 'external' AND target_domain <> '' AND lost_in IS NULL
GROUP BY target_domain, anchor;
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
SELECT l.target_domain, COALESCE(NULLIF(p.country, ''), 'unknown'), count(DISTINCT l.source_domain), count(*)
FROM links l JOIN pages p ON p.id = l.source_id
WHERE l.scope = 'external' AND l.target_domain <> ''
GROUP BY 1, 2;
DELETE FROM tlds;
INSERT INTO tlds
SELECT target_domain, linklens_public_suffix(source_domain), count(*), sum(backlinks)
FROM referring_domains GROUP BY 1, 2;
)SQL";

}  // namespace

bool rebuild_query_tables(sqlite3* db, std::string& error) {
  store::register_sql_functions(db);
  char* message = nullptr;
  if (sqlite3_exec(db, kRebuild, nullptr, nullptr, &message) != SQLITE_OK) {
    error = std::string("building the query tables: ") + (message ? message : "sqlite error");
    sqlite3_free(message);
    return false;
  }
  return true;
}

}  // namespace linklens::ranking
