#include "api/audit_settings.h"

#include "index/target.h"

namespace linklens::api {

StatusOr<SettingsChange> parse_settings_change(const std::string& body, bool keep_list) {
  const char* list = keep_list ? "domains" : "terms";
  const auto j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return bad_parameter("the body must be a JSON object");
  for (const auto& [key, value] : j.items()) {
    if (key != "target" && key != list && key != "remove") {
      return bad_parameter("unknown key '" + key + "' (the body takes target, " + list + " and remove)");
    }
  }
  SettingsChange change;
  if (!j.contains("target") || !j["target"].is_string()) return bad_parameter("target (a domain) is required");
  Target t;
  LINKLENS_RETURN_IF_ERROR(parse_target(j["target"].get<std::string>(), "domain", t));
  change.target = t.domain;
  if (!j.contains(list) || !j[list].is_array() || j[list].empty() || j[list].size() > 1000) {
    return bad_parameter(std::string(list) + " must be a list of 1 to 1000 strings");
  }
  for (const auto& v : j[list]) {
    if (!v.is_string()) return bad_parameter(std::string(list) + " must be a list of strings");
    const std::string s = v.get<std::string>();
    if (keep_list) {
      Target d;
      LINKLENS_RETURN_IF_ERROR(parse_target(s, "domain", d));
      change.values.push_back(d.domain);
    } else {
      if (s.empty() || s.size() > 80) return bad_parameter("a brand term is 1 to 80 bytes");
      change.values.push_back(s);
    }
  }
  if (j.contains("remove")) {
    if (!j["remove"].is_boolean()) return bad_parameter("remove must be true or false");
    change.remove = j["remove"].get<bool>();
  }
  return change;
}

nlohmann::ordered_json settings_json(const std::string& target, const state::TargetSettings& settings) {
  return {{"target", target}, {"brand_terms", settings.brand_terms}, {"keep", settings.keep}};
}

}  // namespace linklens::api
