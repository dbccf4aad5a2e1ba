#include "index/overview.h"

namespace linklens::api {

namespace {

using Writer = nlohmann::detail::serializer<Json>;

// `"name":` (names are ASCII literals: nothing to escape).
void key(std::string& out, const char* name) {
  out.push_back('"');
  out += name;
  out += "\":";
}

}  // namespace

void append_overview_fields(const Overview& o, std::optional<double> authority_score, std::string& out) {
  Writer writer(nlohmann::detail::output_adapter<char, std::string>(out), ' ', Json::error_handler_t::replace);
  const std::vector<int64_t>& v = o.counts;
  auto count = [&](const char* name, int64_t n) {
    key(out, name);
    out += std::to_string(n);
    out.push_back(',');
  };
  out.push_back('{');
  key(out, "target");
  append_json_string(o.target, out);
  out.push_back(',');
  key(out, "mode");
  append_json_string(o.mode, out);
  out.push_back(',');
  key(out, "domain");
  append_json_string(o.domain, out);
  out.push_back(',');
  key(out, "indexed");
  out += o.indexed ? "true," : "false,";
  key(out, "authority_score");
  writer.dump(authority_score ? Json(*authority_score) : Json(nullptr), false, false, 0);
  out.push_back(',');
  static const char* kCounts[] = {"backlinks",       "live_backlinks", "lost_backlinks",   "referring_domains",
                                  "referring_pages", "referring_ips",  "referring_subnets"};
  for (int i = 0; i < 7; ++i) count(kCounts[i], v[static_cast<std::size_t>(i)]);
  count("live_referring_domains", v[17]);
  count("lost_referring_domains", v[3] - v[17]);  // every link from them is lost
  out += "\"follow\":{";
  count("follow", v[7]);
  count("nofollow", v[8]);
  count("sponsored", v[9]);
  key(out, "ugc");
  out += std::to_string(v[10]);
  out += "},\"kinds\":{";
  count("text", v[11]);
  count("image", v[12]);
  count("form", v[13]);
  count("frame", v[14]);
  count("redirect", v[15]);
  key(out, "canonical");
  out += std::to_string(v[16]);
  out += "},\"last_snapshot\":{";
  count("id", o.snapshot);
  count("new_backlinks", o.new_backlinks);
  key(out, "lost_backlinks");
  out += std::to_string(o.lost_backlinks);
  out += "},\"anchor_classes\":{";
  for (std::size_t i = 0; i < o.anchor_classes.size(); ++i) {
    if (i) out.push_back(',');
    append_json_string(o.anchor_classes[i].first, out);
    out.push_back(':');
    out += std::to_string(o.anchor_classes[i].second);
  }
  out += "},";
  key(out, "top_anchors");
  o.top_anchors.append_json(out);
  out.push_back(',');
  key(out, "top_tlds");
  o.top_tlds.append_json(out);
  out.push_back(',');
  key(out, "top_countries");
  o.top_countries.append_json(out);
}

}  // namespace linklens::api
