#include "api/api_routes.h"

#include "index/index_queries.h"

namespace linklens::api {
namespace {

Json type_of(FieldType t) {
  switch (t) {
    case FieldType::kText: return Json::array({"string", "null"});
    case FieldType::kInteger: return Json::array({"integer", "null"});
    case FieldType::kReal: return Json::array({"number", "null"});
    case FieldType::kBool: return "boolean";
  }
  return "string";
}

// An object schema whose every property is required: {name: type}.
Json object_of(const std::vector<std::pair<std::string, Json>>& properties) {
  Json props = Json::object(), required = Json::array();
  for (const auto& [name, type] : properties) {
    props[name] = type.is_object() ? type : Json{{"type", type}};
    required.push_back(name);
  }
  return {{"type", "object"}, {"properties", props}, {"required", required}};
}

Json array_of(const Json& items) { return {{"type", "array"}, {"items", items}}; }

const Json kInt = "integer", kNum = "number", kStr = "string", kBool = "boolean";
const Json kNumOrNull = Json::array({"number", "null"});

// The Authority Score of an answer and where it came from (api/authority_source.h).
void add_authority_props(std::vector<std::pair<std::string, Json>>& props) {
  props.emplace_back("authority_score", kNumOrNull);
  props.emplace_back("authority_source", Json{{"type", "string"}, {"pattern", "^(commoncrawl:.+|index|unknown)$"}});
  props.emplace_back("index_authority_score", kNumOrNull);
}

// Every target answer starts with these.
std::vector<std::pair<std::string, Json>> target_head() {
  return {{"target", kStr}, {"mode", kStr}, {"domain", kStr}, {"indexed", kBool}};
}

Json list_answer(const std::string& items_name, const Json& row, bool paged) {
  auto props = target_head();
  props.emplace_back(items_name, array_of(row));
  if (paged) props.emplace_back("next_cursor", Json::array({"string", "null"}));
  return object_of(props);
}

ParamDoc target_param() { return {"target", "string", "a domain, host or URL", true, {}, false}; }
ParamDoc mode_param() {
  return {"mode",
          "string",
          "domain (the registrable domain, default), subdomains, host, prefix or exact",
          false,
          {"domain", "subdomains", "host", "prefix", "exact"},
          false};
}
ParamDoc limit_param() { return {"limit", "integer", "rows per page, 1 to 1000 (default 100)", false, {}, false}; }
ParamDoc cursor_param() {
  return {"cursor", "string", "next_cursor of the previous page, unchanged (with the same order_by)", false, {}, false};
}
ParamDoc format_param() { return {"format", "string", "json (default) or csv", false, {"json", "csv"}, false}; }
ParamDoc order_param(const std::vector<SortKey>& keys) {
  std::vector<std::string> values;
  for (const auto& k : keys) {
    values.push_back(k.name);
    values.push_back(k.name + ":asc");
    values.push_back(k.name + ":desc");
  }
  return {"order_by", "string", "sort key, optionally :asc or :desc (default " + keys.front().name + ":desc)",
          false,      values,   false};
}

std::vector<std::pair<std::string, Json>> authority_result_props() {
  std::vector<std::pair<std::string, Json>> props = {
      {"input", kStr},    {"domain", kStr}, {"valid", kBool}, {"indexed", kBool}, {"referring_domains", kInt},
      {"backlinks", kInt}};
  add_authority_props(props);
  return props;
}

// Watches, alerts and compare (api/watch_api.h; docs/http-api.md, "Watches and alerts").
void add_watch_routes(std::vector<RouteDoc>& routes) {
  const Json report = array_of(Json{
      {"type", "string"}, {"enum", {"new_links", "lost_links", "new_domains", "lost_domains", "authority", "toxic"}}});
  Json watch = object_of({{"id", kInt},
                          {"target", kStr},
                          {"mode", kStr},
                          {"report", report},
                          {"authority_change", kNum},
                          {"webhook_url", Json::array({"string", "null"})},
                          {"feed_url", kStr},
                          {"created_at", kStr},
                          {"created_by", kStr},
                          {"from_config", kBool},
                          {"baseline_snapshot", kInt},
                          {"baseline_authority_score", kNumOrNull}});
  Json created = watch;
  created["properties"]["secret"] = {{"type", "string"}};
  created["required"].push_back("secret");
  Json listed = watch;
  listed["properties"]["alerts"] =
      object_of({{"pending", kInt}, {"delivered", kInt}, {"failed", kInt}, {"feed", kInt}});
  listed["properties"]["deliveries"] = array_of(object_of(
      {{"at", kStr}, {"attempt", kInt}, {"alerts", kInt}, {"address", kStr}, {"status", kInt}, {"error", kStr}}));
  listed["required"].push_back("alerts");
  listed["required"].push_back("deliveries");
  const Json watch_body = {{"type", "object"},
                           {"properties",
                            {{"target", {{"type", "string"}}},
                             {"mode", {{"type", "string"}}},
                             {"report", report},
                             {"authority_change", {{"type", "number"}}},
                             {"webhook_url", {{"type", "string"}}},
                             {"secret", {{"type", "string"}}}}},
                           {"required", {"target"}}};
  const Json id_body = object_of({{"id", kInt}});
  routes.push_back({"get",
                    "/v1/watches",
                    "The watches (or the one with id), each with its alerts by delivery state and its last "
                    "webhook deliveries. The webhook secret is shown only when a watch is made.",
                    {{"id", "integer", "one watch", false, {}, false}},
                    object_of({{"watches", array_of(listed)}}),
                    false,
                    true});
  routes.back().key_always = true;
  routes.push_back({"post",
                    "/v1/watches",
                    "Makes a watch: what to report about a target (new and lost links and referring domains, an "
                    "Authority Score change of authority_change points, new disavow verdicts) and where (a "
                    "webhook, signed with the answer's secret; always the alerts feed). Alerts start with the "
                    "next snapshot or ranks import. A write (201).",
                    {},
                    object_of({{"watch", created}}),
                    false,
                    true,
                    true,
                    watch_body});
  routes.push_back({"delete",
                    "/v1/watches",
                    "Removes a watch with its alerts and delivery log (the body: {\"id\": N}). A write.",
                    {},
                    object_of({{"deleted", kInt}}),
                    false,
                    true,
                    true,
                    id_body});
  routes.push_back({"post",
                    "/v1/watches/token",
                    "A new feed token for a watch (the body: {\"id\": N}); the old feed URL stops working. A write.",
                    {},
                    object_of({{"id", kInt}, {"feed_url", kStr}}),
                    false,
                    true,
                    true,
                    id_body});
  const Json alert = object_of({{"id", kInt},
                                {"watch", kInt},
                                {"target", kStr},
                                {"kind", kStr},
                                {"snapshot", object_of({{"id", kInt}, {"name", kStr}})},
                                {"created_at", kStr},
                                {"state", kStr},
                                {"title", kStr},
                                {"data", Json{{"type", "object"}}}});
  routes.push_back(
      {"get",
       "/v1/alerts",
       "A watch's alerts after since (an alert id), oldest first: link_new, link_lost (with "
       "lost_reason), domain_new, domain_lost, authority_change, toxic_domain, links_not_listed.",
       {{"watch", "integer", "the watch's id", true, {}, false},
        {"since", "integer", "only alerts after this id (next_since of the last answer)", false, {}, false},
        {"limit", "integer", "alerts, 1 to 1000 (default 100)", false, {}, false}},
       object_of({{"watch", kInt}, {"target", kStr}, {"alerts", array_of(alert)}, {"next_since", kInt}}),
       false,
       true});
  routes.back().key_always = true;
  routes.push_back({"get",
                    "/v1/alerts/feed",
                    "A watch's last 200 alerts as an Atom feed (application/atom+xml), for feed readers: the "
                    "watch's feed token in the URL stands for a key (POST /v1/watches/token revokes it).",
                    {{"watch", "integer", "the watch's id", true, {}, false},
                     {"token", "string", "the watch's feed token (feed_url)", true, {}, false}},
                    Json{{"type", "string"}},
                    false,
                    false});
  const Json snapshot = object_of(
      {{"id", kInt}, {"name", Json::array({"string", "null"})}, {"committed_at", Json::array({"string", "null"})}});
  const Json changed = object_of({{"source_url", kStr},
                                  {"source_domain", kStr},
                                  {"source_authority", kNum},
                                  {"target_url", kStr},
                                  {"anchor", kStr},
                                  {"follow", kStr},
                                  {"kind", kStr},
                                  {"first_seen", kInt},
                                  {"lost_in", Json::array({"integer", "null"})},
                                  {"source_status", kInt},
                                  {"lost_reason", Json::array({"string", "null"})}});
  routes.push_back(
      {"get",
       "/v1/compare",
       "What changed for a target between two snapshots: the links and referring domains gained and lost, "
       "and the anchors that changed.",
       {target_param(),
        mode_param(),
        {"from", "string", "a snapshot id or name (default: the one before to; 0: before the first)", false, {}, false},
        {"to", "string", "a snapshot id or name (default: the latest)", false, {}, false},
        {"limit", "integer", "links listed on each side, 1 to 100000 (default 1000)", false, {}, false}},
       object_of({{"target", kStr},
                  {"mode", kStr},
                  {"domain", kStr},
                  {"from", snapshot},
                  {"to", snapshot},
                  {"links", object_of({{"gained", kInt},
                                       {"lost", kInt},
                                       {"gained_list", array_of(changed)},
                                       {"lost_list", array_of(changed)}})},
                  {"referring_domains", object_of({{"gained", kInt},
                                                   {"lost", kInt},
                                                   {"gained_list", array_of(Json{{"type", "string"}})},
                                                   {"lost_list", array_of(Json{{"type", "string"}})}})},
                  {"anchors", array_of(object_of({{"anchor", kStr}, {"gained", kInt}, {"lost", kInt}}))}}),
       false,
       true});
}

std::vector<RouteDoc> build_routes() {
  const Json anchor_row =
      object_of({{"anchor", kStr}, {"backlinks", kInt}, {"referring_domains", kInt}, {"follow_backlinks", kInt}});
  const Json counted = object_of({{"referring_domains", kInt}, {"backlinks", kInt}});
  Json classed_anchor_row = anchor_row;
  classed_anchor_row["properties"]["anchor_class"] = {{"type", "string"}};
  classed_anchor_row["required"].push_back("anchor_class");
  Json backlink_props = Json::object();
  for (const auto& f : backlink_fields())
    backlink_props[f.name] = {{"type", type_of(f.type)}, {"description", f.description}};
  const Json backlink_row = {{"type", "object"}, {"properties", backlink_props}, {"additionalProperties", false}};
  Json tld_row = counted, country_row = counted;
  tld_row["properties"]["tld"] = {{"type", "string"}};
  tld_row["required"].push_back("tld");
  country_row["properties"]["country"] = {{"type", "string"}};
  country_row["required"].push_back("country");

  auto overview_props = target_head();
  add_authority_props(overview_props);
  for (const char* n : {"backlinks", "live_backlinks", "lost_backlinks", "referring_domains", "referring_pages",
                        "referring_ips", "referring_subnets"}) {
    overview_props.emplace_back(n, kInt);
  }
  overview_props.emplace_back("follow",
                              object_of({{"follow", kInt}, {"nofollow", kInt}, {"sponsored", kInt}, {"ugc", kInt}}));
  overview_props.emplace_back(
      "kinds",
      object_of(
          {{"text", kInt}, {"image", kInt}, {"form", kInt}, {"frame", kInt}, {"redirect", kInt}, {"canonical", kInt}}));
  overview_props.emplace_back("last_snapshot",
                              object_of({{"id", kInt}, {"new_backlinks", kInt}, {"lost_backlinks", kInt}}));
  overview_props.emplace_back("anchor_classes",
                              Json{{"type", "object"}, {"additionalProperties", {{"type", "integer"}}}});
  overview_props.emplace_back("top_anchors", array_of(anchor_row));
  overview_props.emplace_back("top_tlds", array_of(tld_row));
  overview_props.emplace_back("top_countries", array_of(country_row));

  std::vector<std::string> field_names;
  for (const auto& f : backlink_fields()) field_names.push_back(f.name);
  std::string fields_text;
  for (const auto& n : field_names) fields_text += (fields_text.empty() ? "" : ", ") + n;

  std::vector<RouteDoc> routes;
  routes.push_back(
      {"get", "/healthz", "Liveness: answers while the server runs.", {}, object_of({{"status", kStr}}), false, false});
  routes.push_back({"get", "/openapi.json", "This document.", {}, Json{{"type", "object"}}, false, false});
  routes.push_back({"get",
                    "/metrics",
                    "Prometheus text: requests, errors and latency by route.",
                    {},
                    Json{{"type", "string"}},
                    false,
                    true});
  routes.push_back(
      {"get",
       "/v1/overview",
       "Authority Score and backlink profile counts of a target: backlinks, referring domains, pages, IPs and "
       "subnets, follow and kind counts, new and lost in the last snapshot, top anchors, TLDs and countries.",
       {target_param(), mode_param()},
       object_of(overview_props),
       false,
       true});
  routes.push_back(
      {"get",
       "/v1/backlinks",
       "Backlinks of a target, strongest first, with fields, filters and a keyset cursor.",
       {target_param(),
        mode_param(),
        {"select", "string", "comma-separated fields: " + fields_text, false, {}, false},
        {"where",
         "string",
         "FIELD:OP:VALUE, repeatable (all must hold); OP is eq, ne, in (a|b|c), contains, prefix, gt, gte, "
         "lt, lte or is (true|false)",
         false,
         {},
         true},
        order_param(backlink_sort_keys()),
        {"one_per_domain", "boolean", "only the best backlink of each referring domain", false, {}, false},
        limit_param(),
        cursor_param(),
        format_param()},
       list_answer("backlinks", backlink_row, true),
       true,
       true});
  routes.push_back({"get",
                    "/v1/refdomains",
                    "Referring domains of a target with their Authority Score and link counts.",
                    {target_param(), mode_param(), order_param(refdomain_sort_keys()), limit_param(), cursor_param(),
                     format_param()},
                    list_answer("refdomains",
                                object_of({{"domain", kStr},
                                           {"authority", kNum},
                                           {"backlinks", kInt},
                                           {"live_backlinks", kInt},
                                           {"follow_backlinks", kInt},
                                           {"first_seen", kInt},
                                           {"last_seen", kInt}}),
                                true),
                    true,
                    true});
  routes.push_back(
      {"get",
       "/v1/anchors",
       "Anchor texts of a target's live backlinks, each with its anchor class (branded with the target's brand "
       "terms: its label, its pages' names, the user's and brand=; docs/audit.md).",
       {target_param(),
        mode_param(),
        order_param(anchor_sort_keys()),
        limit_param(),
        cursor_param(),
        {"brand", "string", "a brand term, besides the target's own (repeatable)", false, {}, true},
        format_param()},
       list_answer("anchors", classed_anchor_row, true),
       true,
       true});
  routes.push_back({"get",
                    "/v1/tlds",
                    "Referring domains by public suffix.",
                    {target_param(), mode_param(), format_param()},
                    list_answer("tlds", tld_row, false),
                    true,
                    true});
  routes.push_back({"get",
                    "/v1/countries",
                    "Referring domains by the linking site's country.",
                    {target_param(), mode_param(), format_param()},
                    list_answer("countries", country_row, false),
                    true,
                    true});
  routes.push_back({"get",
                    "/v1/refips",
                    "Referring IP addresses or /24 subnets, with the domains on each.",
                    {target_param(),
                     mode_param(),
                     {"group", "string", "ip (default) or subnet", false, {"ip", "subnet"}, false},
                     order_param(refip_sort_keys()),
                     limit_param(),
                     cursor_param(),
                     format_param()},
                    list_answer("refips",
                                Json{{"type", "object"},
                                     {"properties",
                                      {{"ip", {{"type", "string"}}},
                                       {"subnet", {{"type", "string"}}},
                                       {"ips", {{"type", "integer"}}},
                                       {"referring_domains", {{"type", "integer"}}},
                                       {"backlinks", {{"type", "integer"}}},
                                       {"domains", array_of(Json{{"type", "string"}})}}},
                                     {"required", {"subnet", "referring_domains", "backlinks", "domains"}}},
                                true),
                    true,
                    true});
  routes.push_back({"get",
                    "/v1/pages",
                    "The target's linked pages by backlinks, with their HTTP status when crawled.",
                    {target_param(),
                     mode_param(),
                     {"broken_first", "boolean", "pages answering 4xx/5xx first", false, {}, false},
                     order_param(target_page_sort_keys()),
                     limit_param(),
                     cursor_param(),
                     format_param()},
                    list_answer("pages",
                                object_of({{"url", kStr},
                                           {"http_status", Json::array({"integer", "null"})},
                                           {"backlinks", kInt},
                                           {"referring_domains", kInt},
                                           {"follow_backlinks", kInt}}),
                                true),
                    true,
                    true});
  routes.push_back({"get",
                    "/v1/history",
                    "Per snapshot: new and lost backlinks and referring domains.",
                    {target_param(), mode_param(), format_param()},
                    list_answer("history",
                                object_of({{"snapshot", kInt},
                                           {"name", kStr},
                                           {"committed_at", kStr},
                                           {"new_backlinks", kInt},
                                           {"lost_backlinks", kInt},
                                           {"new_referring_domains", kInt},
                                           {"lost_referring_domains", kInt}}),
                                false),
                    true,
                    true});
  routes.push_back(
      {"get",
       "/v1/authority-distribution",
       "Referring domains per Authority Score bucket (0-100).",
       {target_param(),
        mode_param(),
        {"bucket",
         "integer",
         "bucket width: 1, 2, 5, 10 (default), 20, 25 or 50",
         false,
         {"1", "2", "5", "10", "20", "25", "50"},
         false},
        format_param()},
       list_answer("buckets", object_of({{"from", kInt}, {"to", kInt}, {"referring_domains", kInt}}), false),
       true,
       true});
  routes.push_back(
      {"get",
       "/v1/authority-history",
       "Authority Score trend: the target domain's score in every imported web-graph release that covers it, "
       "oldest first (a release that is complete and does not list it: 0, listed false). A domain under a "
       "private suffix (name.github.io) is looked up in the host graph.",
       {target_param()},
       object_of({{"target", kStr},
                  {"domain", kStr},
                  {"graph", kStr},
                  {"looked_up", array_of(Json{{"type", "string"}})},
                  {"history", array_of(object_of({{"release", kStr},
                                                  {"date", kStr},
                                                  {"authority_score", kNum},
                                                  {"listed", kBool},
                                                  {"excerpt", kBool}}))}}),
       false,
       true});
  routes.push_back({"post",
                    "/v1/authority",
                    "Batch: Authority Score, referring domains and backlinks of up to 1000 domains or URLs. Body: "
                    "{\"targets\": [\"example.com\", \"https://a.example.org/x\", ...]}.",
                    {},
                    object_of({{"results", array_of(object_of(authority_result_props()))}}),
                    false,
                    true});
  const Json reasons = array_of(object_of({{"signal", kStr},
                                           {"contribution", kNum},
                                           {"detail", kStr},
                                           {"family", kStr},
                                           {"strong", kBool},
                                           {"related", array_of(Json{{"type", "string"}})}}));
  const ParamDoc brand_param{"brand", "string", "a brand term for this audit, besides the target's own (repeatable)",
                             false,   {},       true};
  const Json action_counts = object_of({{"referring_domains", kInt}, {"backlinks", kInt}});
  routes.push_back(
      {"get",
       "/v1/audit",
       "Backlink Audit: a toxic score 0-100 with its reasons and a verdict (keep, review, disavow: disavow "
       "needs strong evidence from two signal families) for every referring domain and live backlink, profile "
       "findings and the anchor distribution (docs/audit.md). format=csv gives the referring domains.",
       {target_param(),
        {"limit", "integer", "backlinks listed, 1 to 10000 (default 1000)", false, {}, false},
        brand_param,
        format_param()},
       object_of(
           {{"target", kStr},
            {"indexed", kBool},
            {"brand_terms", array_of(Json{{"type", "string"}})},
            {"kept_domains", array_of(Json{{"type", "string"}})},
            {"summary",
             object_of({{"backlinks", kInt},
                        {"referring_domains", kInt},
                        {"toxic_share", kNum},
                        {"by_action",
                         object_of({{"disavow", action_counts}, {"review", action_counts}, {"keep", action_counts}})},
                        {"top_reasons", array_of(object_of({{"signal", kStr}, {"referring_domains", kInt}}))}})},
            {"findings", array_of(object_of({{"kind", kStr}, {"severity", kStr}, {"detail", kStr}}))},
            {"anchor_distribution", Json{{"type", "object"}, {"additionalProperties", {{"type", "integer"}}}}},
            {"domains", array_of(object_of({{"domain", kStr},
                                            {"score", kNum},
                                            {"action", kStr},
                                            {"authority", kNum},
                                            {"authority_source", kStr},
                                            {"backlinks", kInt},
                                            {"kept", kBool},
                                            {"disavowed", kBool},
                                            {"reasons", reasons}}))},
            {"backlinks", array_of(object_of({{"id", kInt},
                                              {"source_url", kStr},
                                              {"source_domain", kStr},
                                              {"target_url", kStr},
                                              {"anchor", kStr},
                                              {"score", kNum},
                                              {"action", kStr},
                                              {"strong_families", kInt},
                                              {"disavowed", kBool},
                                              {"reasons", reasons}}))},
            {"backlinks_truncated", kBool}}),
       true,
       true});
  routes.push_back(
      {"get",
       "/v1/disavow",
       "A Google disavow file (text/plain): domain: lines for the referring domains whose verdict is disavow "
       "(or, with min_score, every one at or above it that is not on the keep list), each with its reasons as "
       "a comment. A file Google would reject is never written (422 says why).",
       {target_param(),
        {"min_score", "number", "0 to 100 (default: the audit's verdicts)", false, {}, false},
        brand_param},
       Json{{"type", "string"}},
       false,
       true});
  const Json settings = object_of({{"target", kStr},
                                   {"brand_terms", array_of(Json{{"type", "string"}})},
                                   {"keep", array_of(Json{{"type", "string"}})}});
  routes.push_back({"get",
                    "/v1/audit/settings",
                    "The user's settings for a target's audit, from the state database: its brand terms (besides "
                    "its label and home page names) and its keep list.",
                    {target_param()},
                    settings,
                    false,
                    true});
  routes.push_back({"post",
                    "/v1/audit/keep",
                    "Adds (or with remove: true, removes) referring domains to the target's keep list: the "
                    "audit never reviews or disavows them. A write: an API key always, a JSON body, no origin "
                    "outside cors_origins.",
                    {},
                    settings,
                    false,
                    true,
                    true,
                    object_of({{"target", kStr}, {"domains", array_of(Json{{"type", "string"}})}})});
  routes.push_back({"post",
                    "/v1/audit/brand",
                    "Adds (or with remove: true, removes) brand terms for the target: anchors naming them are "
                    "branded, never over-optimised. A write, as /v1/audit/keep.",
                    {},
                    settings,
                    false,
                    true,
                    true,
                    object_of({{"target", kStr}, {"terms", array_of(Json{{"type", "string"}})}})});
  routes.push_back(
      {"post",
       "/v1/disavow/parse",
       "Checks a disavow file (the body: text/plain, a raw form body as curl --data-binary sends it, or one "
       "multipart file as curl -F sends it; another type is a 415) by Google's rules: every invalid line "
       "with its number; "
       "with target, which of its live backlinks the file covers.",
       {{"target", "string", "a domain whose backlinks to check against the file", false, {}, false}},
       object_of({{"lines", kInt},
                  {"bytes", kInt},
                  {"entries", kInt},
                  {"valid", kBool},
                  {"problems", array_of(object_of({{"line", kInt}, {"message", kStr}}))},
                  {"covered", Json{{"type", {"object", "null"}}}}}),
       false,
       true});
  routes.push_back(
      {"get",
       "/v1/gap",
       "Backlink Gap of 2 to 5 domains (the first is you): every referring domain with the targets it links "
       "to, its categories (best, weak, strong, shared, unique), the Venn counts.",
       {{"targets", "string", "2 to 5 comma-separated domains, yours first", true, {}, false},
        {"category", "string", "only this category", false, {"best", "weak", "strong", "shared", "unique"}, false},
        {"limit", "integer", "rows, 1 to 100000 (default 1000)", false, {}, false},
        format_param()},
       object_of({{"targets", array_of(Json{{"type", "string"}})},
                  {"you", kStr},
                  {"categories", Json{{"type", "object"}, {"additionalProperties", {{"type", "integer"}}}}},
                  {"venn",
                   array_of(object_of({{"targets", array_of(Json{{"type", "string"}})}, {"referring_domains", kInt}}))},
                  {"referring_domains",
                   array_of(object_of(
                       {{"domain", kStr},
                        {"authority", kNum},
                        {"authority_source", kStr},
                        {"categories", array_of(Json{{"type", "string"}})},
                        {"backlinks", Json{{"type", "object"}, {"additionalProperties", {{"type", "integer"}}}}}}))},
                  {"matched", kInt},
                  {"truncated", kBool}}),
       true,
       true});
  add_watch_routes(routes);
  return routes;
}

}  // namespace

const std::vector<RouteDoc>& route_docs() {
  static const std::vector<RouteDoc> routes = build_routes();
  return routes;
}

const RouteDoc* find_route(const std::string& method, const std::string& path) {
  std::string m = method;
  for (char& c : m) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  for (const auto& r : route_docs()) {
    if (r.path == path && r.method == m) return &r;
  }
  return nullptr;
}

std::vector<std::string> parameter_names(const RouteDoc& route) {
  std::vector<std::string> names;
  for (const auto& p : route.params) names.push_back(p.name);
  return names;
}

Json openapi_document(const std::string& version) {
  const Json error_schema = {{"type", "object"},
                             {"properties", {{"error", object_of({{"code", kStr}, {"message", kStr}})}}},
                             {"required", {"error"}}};
  Json paths = Json::object();
  for (const auto& r : route_docs()) {
    Json params = Json::array();
    for (const auto& p : r.params) {
      Json schema = {{"type", p.type}};
      if (!p.allowed_values.empty()) schema["enum"] = p.allowed_values;
      if (p.repeatable) schema = {{"type", "array"}, {"items", schema}};
      params.push_back({{"name", p.name},
                        {"in", "query"},
                        {"required", p.required},
                        {"description", p.description},
                        {"schema", schema}});
    }
    const bool text = r.response_schema.value("type", "") == "string";
    const char* text_type = r.path == "/v1/alerts/feed" ? "application/atom+xml" : "text/plain";
    Json ok_content = text ? Json{{text_type, {{"schema", r.response_schema}}}}
                           : Json{{"application/json", {{"schema", r.response_schema}}}};
    if (r.csv) ok_content["text/csv"] = {{"schema", {{"type", "string"}}}};
    Json responses = {{"200", {{"description", "the answer"}, {"content", ok_content}}}};
    const Json error_content = {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}};
    for (const char* code : {"400", "401", "404", "413", "429", "500", "503"}) {
      if (!r.needs_key && (std::string(code) == "401" || std::string(code) == "429")) continue;
      responses[code] = {{"description", "error"}, {"content", error_content}};
    }
    Json op = {
        {"summary", r.summary}, {"operationId", r.method + r.path}, {"parameters", params}, {"responses", responses}};
    if (r.method == "post" && r.path == "/v1/disavow/parse") {
      const Json file = {{"type", "string"}};
      op["requestBody"] = {
          {"required", true},
          {"content",
           {{"text/plain", {{"schema", file}}},
            {"application/x-www-form-urlencoded", {{"schema", file}}},
            {"multipart/form-data", {{"schema", object_of({{"file", {{"type", "string"}, {"format", "binary"}}}})}}}}}};
    } else if (!r.request_body.is_null()) {
      Json body = r.request_body;
      if (r.path.rfind("/v1/audit/", 0) == 0) body["properties"]["remove"] = {{"type", "boolean"}};
      op["requestBody"] = {{"required", true}, {"content", {{"application/json", {{"schema", body}}}}}};
    } else if (r.method == "post") {
      const Json targets = {{"type", "array"}, {"maxItems", 1000}, {"items", {{"type", "string"}}}};
      Json body_schema = object_of({{"targets", targets}});
      op["requestBody"] = {{"required", true}, {"content", {{"application/json", {{"schema", body_schema}}}}}};
    }
    if (r.writes) {
      for (const char* code : {"403", "415"}) responses[code] = {{"description", "error"}, {"content", error_content}};
      op["responses"] = responses;
    }
    if (r.needs_key) op["security"] = Json::array({Json{{"bearer", Json::array()}}});
    if (r.key_always) op["x-linklens-key-always"] = true;  // a key even from loopback
    paths[r.path][r.method] = op;
  }
  return {{"openapi", "3.1.0"},
          {"info",
           {{"title", "Linklens API"},
            {"version", version},
            {"description",
             "Backlink lookups over a Linklens index. Unknown parameters are 400s that name them; "
             "an unknown target answers indexed=false."}}},
          {"servers", Json::array({Json{{"url", "/"}}})},
          {"paths", paths},
          {"components",
           {{"schemas", {{"Error", error_schema}}},
            {"securitySchemes", {{"bearer", {{"type", "http"}, {"scheme", "bearer"}}}}}}}};
}

}  // namespace linklens::api
