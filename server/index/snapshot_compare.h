// What changed in a target's link profile between two snapshots of the index: the answer of
// `linklens compare`, GET /v1/compare, and the events of a watch (watch/alert_computer.h).
//
// A link is alive at snapshot X when it was first seen at or before X and not lost by X
// (first_seen <= X and (lost_in is none or lost_in > X)); snapshot 0 is "before the first
// snapshot", when nothing is alive. Between `from` and `to` (from < to) a link is gained when it
// is alive at `to` and not at `from`, lost when alive at `from` and not at `to`; a referring
// domain is gained (lost) when it has a link alive at `to` (`from`) and none at the other.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "index/result_table.h"
#include "index/status.h"

namespace linklens::api {

struct SnapshotInfo {
  int64_t id = 0;
  std::string name, committed_at;
};

struct ChangedLink {
  std::string source_url, source_domain, target_url, anchor, follow, kind;
  int64_t first_seen = 0, lost_in = 0;  // lost_in 0: alive
  int source_status = 0;                // the source page's HTTP status in its latest crawl
  double source_authority = 0;
};

struct AnchorChange {
  std::string anchor;  // one spelling of the case-folded anchor (the greatest, so always the same)
  int64_t gained = 0, lost = 0;
};

struct Comparison {
  int64_t from = 0, to = 0;
  int64_t gained_links = 0, lost_links = 0;               // every changed link, counted
  std::vector<ChangedLink> gained, lost;                  // the first `limit` of each: strongest source first
  std::vector<std::string> gained_domains, lost_domains;  // every one, sorted
  std::vector<AnchorChange> anchors;  // the 100 anchors that changed most (gained + lost), then by name
};

// Why a link was lost, from its source page's latest crawl: "page_error" (4xx/5xx), "redirected"
// (3xx: the URL now redirects elsewhere), or "link_removed" (the page was crawled again without
// the link); "" for a link that is alive.
const char* lost_reason(int64_t lost_in, int source_status);

// The two snapshots a comparison names, by id or name (as `compare --from/--to` and
// /v1/compare's from/to take them): `to` defaults to the latest, `from` to the one before `to`
// (0, before the first, when there is none; "0" names it too). 404 for a snapshot the index does
// not have, 400 when from is not before to.
Status resolve_compare_snapshots(const std::vector<SnapshotInfo>& snapshots, const std::string& from_text,
                                 const std::string& to_text, SnapshotInfo& from, SnapshotInfo& to);

// The JSON of a comparison (docs/http-api.md, GET /v1/compare), with the snapshots' names.
Json comparison_json(const std::string& target, const std::string& mode, const Comparison& c, const SnapshotInfo& from,
                     const SnapshotInfo& to);
Json changed_link_json(const ChangedLink& link);

}  // namespace linklens::api
