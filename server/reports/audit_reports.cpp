#include "reports/audit_reports.h"

#include "index/target.h"

#include <algorithm>
#include <ctime>
#include <map>
#include <unordered_map>

namespace linklens::audit_data {
namespace {

Json reasons_json(const std::vector<audit::Reason>& reasons) {
  Json out = Json::array();
  for (const auto& r : reasons) {
    out.push_back({{"signal", r.signal},
                   {"contribution", r.contribution},
                   {"detail", r.detail},
                   {"family", r.family},
                   {"strong", r.strong},
                   {"related", r.related}});
  }
  return out;
}

}  // namespace

Json audit_json(const std::string& domain, const AuditRun& run, const disavow::File* disavowed,
                std::size_t backlink_limit) {
  const std::vector<audit::Backlink>& links = run.links;
  const audit::Report& report = run.report;
  Json domains = Json::array();
  std::map<std::string, bool> domain_disavowed;
  Json backlinks = Json::array();
  std::unordered_map<std::string, std::pair<int64_t, int64_t>> actions;  // action -> (domains, backlinks)
  for (std::size_t i = 0; i < links.size(); ++i) {
    const auto& b = links[i];
    const auto& s = report.backlinks[i];
    const bool covered = disavowed && disavow::covers(*disavowed, b.source_url);
    if (covered) domain_disavowed[b.source_domain] = true;
    ++actions[s.action].second;
    if (backlinks.size() < backlink_limit) {
      backlinks.push_back({{"id", b.id},
                           {"source_url", b.source_url},
                           {"source_domain", b.source_domain},
                           {"target_url", b.target_url},
                           {"anchor", b.anchor},
                           {"score", s.score},
                           {"action", s.action},
                           {"strong_families", s.strong_families},
                           {"disavowed", covered},
                           {"reasons", reasons_json(s.reasons)}});
    }
  }
  int64_t toxic_not_disavowed = 0;
  for (const auto& d : report.domains) {
    ++actions[d.action].first;
    const bool covered = domain_disavowed.count(d.domain) > 0;
    toxic_not_disavowed += d.action == "disavow" && !covered;
    domains.push_back({{"domain", d.domain},
                       {"score", d.score},
                       {"action", d.action},
                       {"authority", d.authority},
                       {"authority_source", d.authority_source},
                       {"backlinks", d.backlinks},
                       {"kept", d.kept},
                       {"disavowed", covered},
                       {"reasons", reasons_json(d.reasons)}});
  }
  Json findings = Json::array();
  for (const auto& f : report.findings)
    findings.push_back({{"kind", f.kind}, {"severity", f.severity}, {"detail", f.detail}});
  Json anchors = Json::object();
  for (const auto& [c, n] : report.anchor_distribution) anchors[c] = n;
  Json by_action = Json::object();
  for (const char* a : {"disavow", "review", "keep"}) {
    by_action[a] = {{"referring_domains", actions[a].first}, {"backlinks", actions[a].second}};
  }
  // The most frequent reasons over the domains to act on.
  std::map<std::string, int64_t> reason_counts;
  for (const auto& d : report.domains) {
    if (d.action == "keep") continue;
    for (const auto& r : d.reasons) ++reason_counts[r.signal];
  }
  Json top_reasons = Json::array();
  std::vector<std::pair<std::string, int64_t>> sorted(reason_counts.begin(), reason_counts.end());
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  for (const auto& [signal, n] : sorted) top_reasons.push_back({{"signal", signal}, {"referring_domains", n}});
  const double share = report.domains.empty()
                           ? 0.0
                           : static_cast<double>(toxic_not_disavowed) / static_cast<double>(report.domains.size());
  return {{"target", domain},
          {"brand_terms", run.profile.brand_terms},
          {"kept_domains", run.profile.keep},
          {"summary",
           {{"backlinks", links.size()},
            {"referring_domains", report.domains.size()},
            {"toxic_share", share},
            {"by_action", by_action},
            {"top_reasons", top_reasons}}},
          {"findings", findings},
          {"anchor_distribution", anchors},
          {"domains", domains},
          {"backlinks", backlinks},
          {"backlinks_truncated", links.size() > backlink_limit}};
}

namespace {

// The referring domains a disavow file is asked for, as entries; those a disavow file cannot hold
// (a crawled name with "_" or a label over 63 characters) go to `left_out` instead, so that one
// odd name never costs the user the whole file.
std::vector<disavow::Entry> selected_entries(const audit::Report& report, std::optional<double> min_score,
                                             std::vector<std::string>* left_out) {
  std::vector<disavow::Entry> out;
  for (const auto& d : report.domains) {
    if (min_score ? (d.score < *min_score || d.kept) : d.action != "disavow") continue;
    disavow::Entry e;
    e.kind = disavow::EntryKind::kDomain;
    e.value = d.domain;
    if (!disavow::check_entry(e).empty()) {
      if (left_out) left_out->push_back(d.domain);
      continue;
    }
    e.comments.push_back("toxic score " + std::to_string(static_cast<int>(d.score)) + ": " +
                         audit::reasons_text(d.reasons));
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace

std::vector<disavow::Entry> disavow_entries(const audit::Report& report, std::optional<double> min_score) {
  return selected_entries(report, min_score, nullptr);
}

std::vector<std::string> disavow_header(const std::string& domain, const audit::Report& report,
                                        std::optional<double> min_score, const std::string& date) {
  const std::string which =
      min_score ? "Referring domains with a toxic score of " + std::to_string(static_cast<int>(*min_score)) +
                      " or more, kept domains left out"
                : "Referring domains whose audit verdict is disavow (strong evidence from two signal families)";
  std::vector<std::string> header = {
      "Disavow file for " + domain + ", written by Linklens on " + date,
      which + "; each line's reasons are in the comment above it. Review before uploading."};
  std::vector<std::string> left_out;
  selected_entries(report, min_score, &left_out);
  for (const auto& d : left_out) {
    header.push_back("Left out, not a host name a disavow file can hold (disavow its URLs instead): " +
                     d.substr(0, 300));
  }
  return header;
}

Json gap_json(const std::vector<std::string>& domains, const gap::Result& result, const std::string& category,
              std::size_t limit) {
  Json rows = Json::array();
  std::size_t matched = 0;
  for (const auto& r : result.rows) {
    if (!category.empty() && std::find(r.categories.begin(), r.categories.end(), category) == r.categories.end())
      continue;
    if (matched++ >= limit) continue;
    Json per = Json::object();
    for (std::size_t i = 0; i < domains.size(); ++i) per[domains[i]] = r.backlinks[i];
    rows.push_back({{"domain", r.domain},
                    {"authority", r.authority},
                    {"authority_source", r.authority_source},
                    {"categories", r.categories},
                    {"backlinks", per}});
  }
  Json venn = Json::array();
  for (const auto& [mask, n] : result.venn) {
    Json set = Json::array();
    for (std::size_t i = 0; i < domains.size(); ++i) {
      if (mask & (1u << i)) set.push_back(domains[i]);
    }
    venn.push_back({{"targets", set}, {"referring_domains", n}});
  }
  Json counts = Json::object();
  for (const auto& [c, n] : result.category_counts) counts[c] = n;
  return {{"targets", domains},        {"you", domains.front()}, {"categories", counts},        {"venn", venn},
          {"referring_domains", rows}, {"matched", matched},     {"truncated", matched > limit}};
}

api::ResultTable audit_domains_table(const audit::Report& report) {
  api::ResultTable table{{"domain", "score", "action", "authority", "backlinks", "reasons"}, {}};
  for (const auto& d : report.domains) {
    table.rows.push_back({d.domain, d.score, d.action, d.authority, d.backlinks, audit::reasons_text(d.reasons)});
  }
  return table;
}

api::ResultTable gap_table(const std::vector<std::string>& domains, const Json& gap) {
  api::ResultTable table{{"domain", "authority", "categories"}, {}};
  for (const auto& d : domains) table.columns.push_back(d);
  for (const auto& r : gap["referring_domains"]) {
    std::string categories;
    for (const auto& c : r["categories"]) {
      if (!categories.empty()) categories += ' ';
      categories += c.get<std::string>();
    }
    std::vector<Json> row = {r["domain"], r["authority"], categories};
    for (const auto& d : domains) row.push_back(r["backlinks"][d]);
    table.rows.push_back(std::move(row));
  }
  return table;
}

Status gap_domains(const std::vector<std::string>& inputs, std::vector<std::string>& domains) {
  domains.clear();
  if (inputs.size() < 2 || inputs.size() > 5) {
    return bad_parameter("a gap takes 2 to 5 domains, yours first");
  }
  for (const auto& input : inputs) {
    api::Target t;
    LINKLENS_RETURN_IF_ERROR(api::parse_target(input, "domain", t));
    if (std::find(domains.begin(), domains.end(), t.domain) != domains.end()) {
      return bad_parameter("the gap names " + t.domain + " twice");
    }
    domains.push_back(t.domain);
  }
  return {};
}

Status thresholds_from_json(const nlohmann::json& j, audit::Thresholds& t) {
  if (!j.is_object()) {
    return Status::failure("audit thresholds must be a JSON object");
  }
  const std::map<std::string, double*> numbers = {{"low_authority_below", &t.low_authority_below},
                                                  {"anchor_overuse_share", &t.anchor_overuse_share},
                                                  {"disavow_at", &t.disavow_at},
                                                  {"review_at", &t.review_at},
                                                  {"w_low_authority", &t.w_low_authority},
                                                  {"w_link_farm", &t.w_link_farm},
                                                  {"w_shared_subnet", &t.w_shared_subnet},
                                                  {"w_anchor_overuse", &t.w_anchor_overuse},
                                                  {"w_sitewide", &t.w_sitewide},
                                                  {"w_hidden", &t.w_hidden},
                                                  {"w_broken_source", &t.w_broken_source},
                                                  {"w_spammy_tld", &t.w_spammy_tld},
                                                  {"w_spammy_name", &t.w_spammy_name},
                                                  {"w_reciprocal", &t.w_reciprocal},
                                                  {"w_relevant", &t.w_relevant},
                                                  {"w_hidden_keyword", &t.w_hidden_keyword},
                                                  {"hosting_unrelated_share", &t.hosting_unrelated_share}};
  const std::map<std::string, uint32_t*> counts = {{"link_farm_links", &t.link_farm_links},
                                                   {"shared_subnet_domains", &t.shared_subnet_domains},
                                                   {"anchor_overuse_domains", &t.anchor_overuse_domains},
                                                   {"sitewide_links", &t.sitewide_links},
                                                   {"reciprocal_small_domains", &t.reciprocal_small_domains},
                                                   {"hosting_domains", &t.hosting_domains},
                                                   {"pbn_evidence", &t.pbn_evidence},
                                                   {"relevance_terms", &t.relevance_terms},
                                                   {"disavow_families", &t.disavow_families}};
  for (const auto& [key, value] : j.items()) {
    if (auto n = numbers.find(key); n != numbers.end() && value.is_number()) {
      *n->second = value.get<double>();
    } else if (auto c = counts.find(key); c != counts.end() && value.is_number_unsigned()) {
      *c->second = value.get<uint32_t>();
    } else if (key == "spammy_tlds" && value.is_array()) {
      t.spammy_tlds.clear();
      for (const auto& s : value) {
        if (!s.is_string()) {
          return Status::failure("spammy_tlds must be a list of strings");
        }
        t.spammy_tlds.push_back(s.get<std::string>());
      }
    } else {
      return Status::failure("audit threshold '" + key + "' is unknown or has the wrong type");
    }
  }
  if (!(t.review_at <= t.disavow_at)) {
    return Status::failure("review_at must not be above disavow_at");
  }
  return {};
}

}  // namespace linklens::audit_data
