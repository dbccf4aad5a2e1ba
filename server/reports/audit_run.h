// One audit, as the CLI and the HTTP API both run it: the backlinks from the index, web-scale
// authority from the ranks file, the target's profile (brand terms, its pages' titles, its
// referring domains' /24s and interlinks) and the user's settings from the state database, then
// the arithmetic of shared/ (linklens/audit.h).
#pragma once

#include <string>
#include <vector>

#include "index/index_queries.h"
#include "linklens/audit.h"
#include "linklens/brand.h"
#include "ranks/ranks_file.h"
#include "state/state_db.h"

namespace linklens::audit_data {

struct AuditRequest {
  std::string domain;                    // the target's registrable domain
  std::vector<std::string> brand_terms;  // given for this run (--brand, brand=)
  state::TargetSettings settings;        // the user's, from the state database
};

struct AuditRun {
  std::vector<audit::Backlink> links;
  audit::Profile profile;
  audit::Report report;
};

// The target's home page among its crawled pages (https://d/, http://d/, then www.), and the
// first site name and application name any of its pages declares.
brand::SiteNames home_names(const std::string& domain, const std::vector<api::AuditPage>& pages);

// The target's brand terms: its label, its crawled pages' names, the user's and the request's.
std::vector<std::string> brand_terms_of(const AuditRequest& request, const std::vector<api::AuditPage>& pages);

// Appends an anchor_class column to an anchors table (its "anchor" column) under those terms.
void add_anchor_classes(api::IndexQueries& q, const AuditRequest& request, api::ResultTable& table);

AuditRun run_audit(api::IndexQueries& q, const AuditRequest& request, ranks::RanksReader* ranks,
                   const audit::Thresholds& thresholds);

}  // namespace linklens::audit_data
