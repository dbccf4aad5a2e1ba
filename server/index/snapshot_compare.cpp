#include "index/snapshot_compare.h"

namespace linklens::api {

const char* lost_reason(int64_t lost_in, int source_status) {
  if (lost_in == 0) return "";
  if (source_status >= 400) return "page_error";
  if (source_status >= 300) return "redirected";
  return "link_removed";
}

Json changed_link_json(const ChangedLink& l) {
  Json out = {{"source_url", l.source_url},
              {"source_domain", l.source_domain},
              {"source_authority", l.source_authority},
              {"target_url", l.target_url},
              {"anchor", l.anchor},
              {"follow", l.follow},
              {"kind", l.kind},
              {"first_seen", l.first_seen},
              {"lost_in", l.lost_in ? Json(l.lost_in) : Json(nullptr)},
              {"source_status", l.source_status},
              {"lost_reason", l.lost_in ? Json(lost_reason(l.lost_in, l.source_status)) : Json(nullptr)}};
  return out;
}

namespace {

// The snapshot `text` names (its id or its name); nullptr when none does.
const SnapshotInfo* named(const std::vector<SnapshotInfo>& snapshots, const std::string& text) {
  for (const auto& s : snapshots)
    if (s.name == text) return &s;
  if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos) return nullptr;
  const int64_t id = std::stoll(text);
  for (const auto& s : snapshots)
    if (s.id == id) return &s;
  return nullptr;
}

Json snapshot_json(const SnapshotInfo& s) {
  if (s.id == 0) return {{"id", 0}, {"name", nullptr}, {"committed_at", nullptr}};
  return {{"id", s.id}, {"name", s.name}, {"committed_at", s.committed_at}};
}

}  // namespace

Status resolve_compare_snapshots(const std::vector<SnapshotInfo>& snapshots, const std::string& from_text,
                                 const std::string& to_text, SnapshotInfo& from, SnapshotInfo& to) {
  if (snapshots.empty()) return {404, "no_snapshot", "the index has no committed snapshot to compare"};
  if (to_text.empty()) {
    to = snapshots.back();
  } else if (const SnapshotInfo* s = named(snapshots, to_text)) {
    to = *s;
  } else {
    return {404, "no_such_snapshot", "the index has no snapshot " + to_text};
  }
  if (from_text == "0") {
    from = SnapshotInfo{};
  } else if (from_text.empty()) {
    from = SnapshotInfo{};
    for (const auto& s : snapshots)
      if (s.id < to.id) from = s;
  } else if (const SnapshotInfo* s = named(snapshots, from_text)) {
    from = *s;
  } else {
    return {404, "no_such_snapshot", "the index has no snapshot " + from_text};
  }
  if (from.id >= to.id) return bad_parameter("from must be a snapshot before to");
  return {};
}

Json comparison_json(const std::string& target, const std::string& mode, const Comparison& c, const SnapshotInfo& from,
                     const SnapshotInfo& to) {
  Json gained = Json::array(), lost = Json::array(), anchors = Json::array();
  for (const auto& l : c.gained) gained.push_back(changed_link_json(l));
  for (const auto& l : c.lost) lost.push_back(changed_link_json(l));
  for (const auto& a : c.anchors) anchors.push_back({{"anchor", a.anchor}, {"gained", a.gained}, {"lost", a.lost}});
  return {{"target", target},
          {"mode", mode},
          {"from", snapshot_json(from)},
          {"to", snapshot_json(to)},
          {"links", {{"gained", c.gained_links}, {"lost", c.lost_links}, {"gained_list", gained}, {"lost_list", lost}}},
          {"referring_domains",
           {{"gained", c.gained_domains.size()},
            {"lost", c.lost_domains.size()},
            {"gained_list", c.gained_domains},
            {"lost_list", c.lost_domains}}},
          {"anchors", anchors}};
}

}  // namespace linklens::api
