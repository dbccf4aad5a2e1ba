#include "reports/audit_run.h"

#include <algorithm>
#include <map>
#include <set>

#include "api/authority_source.h"

namespace linklens::audit_data {

brand::SiteNames home_names(const std::string& domain, const std::vector<api::AuditPage>& pages) {
  brand::SiteNames names;
  for (const char* prefix : {"https://", "http://", "https://www.", "http://www."}) {
    if (!names.title.empty()) break;
    for (const auto& p : pages) {
      if (p.url == prefix + domain + "/" && !p.title.empty()) {
        names.title = p.title;
        break;
      }
    }
  }
  for (const auto& p : pages) {  // shortest URLs first: the home page's names win
    if (names.site_name.empty()) names.site_name = p.site_name;
    if (names.application_name.empty()) names.application_name = p.application_name;
  }
  return names;
}

std::vector<std::string> brand_terms_of(const AuditRequest& request, const std::vector<api::AuditPage>& pages) {
  std::vector<std::string> user_terms = request.settings.brand_terms;
  user_terms.insert(user_terms.end(), request.brand_terms.begin(), request.brand_terms.end());
  return brand::brand_terms(request.domain, home_names(request.domain, pages), user_terms);
}

void add_anchor_classes(api::IndexQueries& q, const AuditRequest& request, api::ResultTable& table) {
  const auto column = std::find(table.columns.begin(), table.columns.end(), "anchor");
  if (column == table.columns.end()) return;
  const std::size_t at = static_cast<std::size_t>(column - table.columns.begin());
  const std::vector<std::string> terms = brand_terms_of(request, q.audit_target_pages(request.domain));
  table.columns.push_back("anchor_class");
  for (auto& row : table.rows) {
    row.push_back(brand::anchor_class(row[at].is_string() ? row[at].get<std::string>() : "", request.domain, terms));
  }
}

AuditRun run_audit(api::IndexQueries& q, const AuditRequest& request, ranks::RanksReader* ranks,
                   const audit::Thresholds& thresholds) {
  AuditRun run;
  run.links = q.audit_backlinks(request.domain);
  api::use_web_authority(run.links, ranks);

  const std::vector<api::AuditPage> pages = q.audit_target_pages(request.domain);
  audit::Profile& profile = run.profile;
  profile.brand_terms = brand_terms_of(request, pages);
  for (const auto& p : pages) {
    if (!p.title.empty()) profile.topic_titles.push_back(p.title);
  }
  profile.keep = request.settings.keep;

  // Only /24s with two referring domains or more can be a network or a hosting question.
  std::map<std::string, std::set<std::string>> on_subnet;
  for (const auto& b : run.links) {
    if (!b.source_subnet.empty()) on_subnet[b.source_subnet].insert(b.source_domain);
  }
  std::vector<std::string> subnets, grouped;
  for (const auto& [subnet, domains] : on_subnet) {
    if (domains.size() < 2) continue;
    subnets.push_back(subnet);
    grouped.insert(grouped.end(), domains.begin(), domains.end());
  }
  profile.subnet_domains = q.subnet_domains(subnets);
  profile.interlinks = q.links_among(grouped);

  run.report = audit::score(run.links, profile, thresholds, q.audit_history(request.domain));
  return run;
}

}  // namespace linklens::audit_data
