// The bodies and answers of the audit's settings routes: POST /v1/audit/keep, POST
// /v1/audit/brand and GET /v1/audit/settings (docs/http-api.md, "Writes").
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "index/status.h"
#include "state/state_db.h"

namespace linklens::api {

struct SettingsChange {
  std::string target;               // a registrable domain
  std::vector<std::string> values;  // registrable domains (keep) or brand terms (brand)
  bool remove = false;
};

// {"target": "you.com", "domains": ["a.com", ...], "remove": false} for keep, or "terms" for
// brand; at most 1000 values. A bad body is a 400 that says what is wrong.
StatusOr<SettingsChange> parse_settings_change(const std::string& body, bool keep_list);

nlohmann::ordered_json settings_json(const std::string& target, const state::TargetSettings& settings);

}  // namespace linklens::api
