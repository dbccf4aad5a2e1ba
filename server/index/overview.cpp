#include "index/overview.h"

#include <initializer_list>
#include <utility>

namespace linklens::api {

namespace {

// `"name":` (names are ASCII literals: nothing to escape).
void key(std::string& out, const char* name) {
  out.push_back('"');
  out += name;
  out += "\":";
}

// `"a":1,"b":2`: a run of counts, comma-separated, no braces.
void counts(std::string& out, std::initializer_list<std::pair<const char*, int64_t>> named) {
  bool first = true;
  for (const auto& [name, n] : named) {
    if (!first) out.push_back(',');
    first = false;
    key(out, name);
    out += std::to_string(n);
  }
}

}  // namespace

void append_overview_fields(const Overview& o, std::optional<double> authority_score, std::string& out) {
  const std::vector<int64_t>& v = o.counts;
  out += "{\"target\":";
  append_json_string(o.target, out);
  out += ",\"mode\":";
  append_json_string(o.mode, out);
  out += ",\"domain\":";
  append_json_string(o.domain, out);
  out += o.indexed ? ",\"indexed\":true" : ",\"indexed\":false";
  out += ",\"authority_score\":";
  append_json_number(authority_score, out);
  out.push_back(',');
  counts(out, {{"backlinks", v[0]},
               {"live_backlinks", v[1]},
               {"lost_backlinks", v[2]},
               {"referring_domains", v[3]},
               {"referring_pages", v[4]},
               {"referring_ips", v[5]},
               {"referring_subnets", v[6]},
               {"live_referring_domains", v[17]},
               {"lost_referring_domains", v[3] - v[17]}});  // every link from them is lost
  out += ",\"follow\":{";
  counts(out, {{"follow", v[7]}, {"nofollow", v[8]}, {"sponsored", v[9]}, {"ugc", v[10]}});
  out += "},\"kinds\":{";
  counts(out, {{"text", v[11]},
               {"image", v[12]},
               {"form", v[13]},
               {"frame", v[14]},
               {"redirect", v[15]},
               {"canonical", v[16]}});
  out += "},\"last_snapshot\":{";
  counts(out, {{"id", o.snapshot}, {"new_backlinks", o.new_backlinks}, {"lost_backlinks", o.lost_backlinks}});
  out += "},\"anchor_classes\":{";
  for (std::size_t i = 0; i < o.anchor_classes.size(); ++i) {
    if (i) out.push_back(',');
    append_json_string(o.anchor_classes[i].first, out);
    out.push_back(':');
    out += std::to_string(o.anchor_classes[i].second);
  }
  out += "},\"top_anchors\":";
  o.top_anchors.append_json(out);
  out += ",\"top_tlds\":";
  o.top_tlds.append_json(out);
  out += ",\"top_countries\":";
  o.top_countries.append_json(out);
}

}  // namespace linklens::api
