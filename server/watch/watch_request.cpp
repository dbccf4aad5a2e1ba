#include "watch/watch_request.h"

#include <algorithm>

#include "index/target.h"

namespace linklens::watch {
namespace {

Status bad(const std::string& message) { return bad_parameter(message); }

}  // namespace

Status parse_watch(const Json& j, Watch& out) {
  if (!j.is_object()) return bad("a watch is a JSON object");
  static const char* kKeys[] = {"target", "mode", "report", "authority_change", "webhook_url", "secret"};
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string key = it.key();
    if (std::find_if(std::begin(kKeys), std::end(kKeys), [&](const char* k) { return key == k; }) == std::end(kKeys))
      return bad("unknown key '" + key +
                 "' (a watch takes target, mode, report, authority_change, webhook_url, secret)");
  }
  if (!j.contains("target") || !j["target"].is_string()) return bad("target is required (a domain, host or URL)");
  out.mode = "domain";
  if (j.contains("mode")) {
    if (!j["mode"].is_string()) return bad("mode must be domain, subdomains, host, prefix or exact");
    out.mode = j["mode"].get<std::string>();
  }
  api::Target t;
  LINKLENS_RETURN_IF_ERROR(api::parse_target(j["target"].get<std::string>(), out.mode, t));
  // Stored as the API resolved it, so the watch names what /v1/overview would answer for.
  out.target = t.mode == api::TargetMode::kDomain ? t.domain : t.input;
  out.report = {"new_links", "lost_links", "new_domains", "lost_domains"};
  if (j.contains("report")) {
    if (!j["report"].is_array() || j["report"].empty()) return bad("report must be a non-empty list");
    out.report.clear();
    for (const auto& r : j["report"]) {
      const auto& kinds = report_kinds();
      if (!r.is_string() || std::find(kinds.begin(), kinds.end(), r.get<std::string>()) == kinds.end())
        return bad("report takes new_links, lost_links, new_domains, lost_domains, authority and toxic");
      out.report.insert(r.get<std::string>());
    }
  }
  if (j.contains("authority_change")) {
    if (!j["authority_change"].is_number()) return bad("authority_change must be a number of points, 0.1 to 100");
    out.authority_change = j["authority_change"].get<double>();
    if (!(out.authority_change >= 0.1 && out.authority_change <= 100))
      return bad("authority_change must be a number of points, 0.1 to 100");
  }
  if (j.contains("webhook_url")) {
    if (!j["webhook_url"].is_string() || j["webhook_url"].get<std::string>().size() > 2000)
      return bad("webhook_url must be a URL of at most 2000 bytes");
    out.webhook_url = j["webhook_url"].get<std::string>();
  }
  if (j.contains("secret")) {
    if (!j["secret"].is_string()) return bad("secret must be a string of 16 to 200 bytes");
    out.secret = j["secret"].get<std::string>();
    if (out.secret.size() < 16 || out.secret.size() > 200) return bad("secret must be a string of 16 to 200 bytes");
  }
  return {};
}

StatusOr<int64_t> parse_watch_id(const std::string& body) {
  const Json j = Json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return bad("the body must be a JSON object {\"id\": N}");
  for (const auto& [key, value] : j.items())
    if (key != "id") return bad("unknown key '" + key + "' (the body takes id)");
  if (!j.contains("id") || !j["id"].is_number_integer() || j["id"].get<int64_t>() < 1)
    return bad("id must be a watch's id (a whole number)");
  return j["id"].get<int64_t>();
}

}  // namespace linklens::watch
