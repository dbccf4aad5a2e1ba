// The audit, disavow and gap reports in their JSON and CSV forms, shared by the CLI
// (`linklens audit|disavow|gap`) and the HTTP API (/v1/audit, /v1/disavow, /v1/gap), whichever
// backend the numbers came from.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "index/result_table.h"
#include "index/status.h"
#include "linklens/audit.h"
#include "linklens/disavow.h"
#include "linklens/gap.h"
#include "reports/audit_run.h"

namespace linklens::audit_data {

using Json = nlohmann::ordered_json;

// The full audit answer: summary, findings, anchor distribution, domains and backlinks with
// their reasons. Backlinks a disavow file covers are marked and left out of the toxic share.
Json audit_json(const std::string& domain, const AuditRun& run, const disavow::File* disavowed,
                std::size_t backlink_limit);

// domain: lines with the reasons as comments, under a dated header: for every referring domain
// whose verdict is disavow, or with `min_score`, for every one at or above it that is not on the
// keep list.
std::vector<disavow::Entry> disavow_entries(const audit::Report& report, std::optional<double> min_score);
// The header names any selected domain a disavow file cannot hold (left out of the entries).
std::vector<std::string> disavow_header(const std::string& domain, const audit::Report& report,
                                        std::optional<double> min_score, const std::string& date);

Json gap_json(const std::vector<std::string>& domains, const gap::Result& result, const std::string& category,
              std::size_t limit);

// The CSV forms: one row per referring domain (audit), one per prospect (gap).
api::ResultTable audit_domains_table(const audit::Report& report);
api::ResultTable gap_table(const std::vector<std::string>& domains, const Json& gap);

// The 2 to 5 registrable domains of a gap, from targets as given (domains or URLs); a bad, missing
// or repeated one is an error that says which.
Status gap_domains(const std::vector<std::string>& inputs, std::vector<std::string>& domains);

// Thresholds from a JSON object (keys as in audit::Thresholds); unknown keys are errors.
Status thresholds_from_json(const nlohmann::json& j, audit::Thresholds& t);

}  // namespace linklens::audit_data
