#include "watch/alert_json.h"

namespace linklens::watch {
namespace {

// The length of the well-formed UTF-8 sequence at s[i] (0: none; XML allows no other bytes).
std::size_t utf8_length(const std::string& s, std::size_t i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  if (c < 0x80) return 1;
  std::size_t n = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c <= 0xDF ? 2 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k)
    if ((b(i + k) & 0xC0) != 0x80) return 0;
  if (n == 3 && ((c == 0xE0 && b(i + 1) < 0xA0) || (c == 0xED && b(i + 1) >= 0xA0))) return 0;  // overlong, surrogate
  if (n == 4 && ((c == 0xF0 && b(i + 1) < 0x90) || (c == 0xF4 && b(i + 1) >= 0x90))) return 0;  // overlong, > U+10FFFF
  if (n == 3 && c == 0xEF && b(i + 1) == 0xBF && b(i + 2) >= 0xBE) return 0;  // U+FFFE, U+FFFF: not XML characters
  return n;
}

std::string xml_escape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      const std::size_t n = utf8_length(s, i);
      if (n == 0) {
        out += "\xEF\xBF\xBD";  // U+FFFD for a byte that is not UTF-8
      } else {
        out.append(s, i, n);
        i += n - 1;
      }
      continue;
    }
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        // XML 1.0 allows no control characters but tab, newline and carriage return.
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') break;
        out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

// Atom's dates are RFC 3339; the store writes "YYYY-MM-DDTHH:MM:SSZ" already.
std::string rfc3339(const std::string& stored) { return stored.empty() ? "1970-01-01T00:00:00Z" : stored; }

std::string text_of(const Json& data, const char* key) {
  auto it = data.find(key);
  return it != data.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

std::string feed_path(const Watch& w) {
  return "/v1/alerts/feed?watch=" + std::to_string(w.id) + "&token=" + w.feed_token;
}

Json watch_json(const Watch& w, bool with_secret) {
  Json report = Json::array();
  for (const auto& r : report_kinds())
    if (w.report.count(r)) report.push_back(r);
  Json out = {{"id", w.id},
              {"target", w.target},
              {"mode", w.mode},
              {"report", report},
              {"authority_change", w.authority_change},
              {"webhook_url", w.webhook_url.empty() ? Json(nullptr) : Json(w.webhook_url)},
              {"feed_url", feed_path(w)},
              {"created_at", w.created_at},
              {"created_by", w.created_by},
              {"from_config", w.from_config},
              {"baseline_snapshot", w.baseline_snapshot},
              {"baseline_authority_score", w.baseline_score ? Json(*w.baseline_score) : Json(nullptr)}};
  if (with_secret) out["secret"] = w.secret;
  return out;
}

Json alert_json(const Alert& a, const Watch& w) {
  return {{"id", a.id},
          {"watch", a.watch_id},
          {"target", w.target},
          {"kind", a.kind},
          {"snapshot", {{"id", a.snapshot}, {"name", a.snapshot_name}}},
          {"created_at", a.created_at},
          {"state", a.state},
          {"title", alert_title(a, w)},
          {"data", a.payload}};
}

std::string webhook_body(const Watch& w, const std::vector<Alert>& alerts) {
  Json list = Json::array();
  for (const auto& a : alerts) list.push_back(alert_json(a, w));
  Json body = {{"watch", {{"id", w.id}, {"target", w.target}, {"mode", w.mode}}}, {"alerts", list}};
  return body.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string alert_title(const Alert& a, const Watch& w) {
  const Json& d = a.payload;
  if (a.kind == "link_new" || a.kind == "link_lost") {
    std::string title = (a.kind == "link_new" ? "New backlink from " : "Lost backlink from ") +
                        text_of(d, "source_url") + " to " + text_of(d, "target_url");
    const std::string anchor = text_of(d, "anchor");
    if (!anchor.empty()) title += " (\"" + anchor + "\")";
    const std::string reason = text_of(d, "lost_reason");
    if (reason == "page_error") title += ": the page answers " + std::to_string(d.value("source_status", 0));
    if (reason == "redirected") title += ": the page redirects elsewhere";
    if (reason == "link_removed") title += ": the link was removed from the page";
    return title;
  }
  if (a.kind == "domain_new") return "New referring domain " + text_of(d, "domain") + " for " + w.target;
  if (a.kind == "domain_lost") return "Lost referring domain " + text_of(d, "domain") + " of " + w.target;
  if (a.kind == "authority_change") {
    char from[32], to[32];
    std::snprintf(from, sizeof from, "%.1f", d.value("from", 0.0));
    std::snprintf(to, sizeof to, "%.1f", d.value("to", 0.0));
    return "Authority Score of " + w.target + " moved from " + from + " to " + to;
  }
  if (a.kind == "toxic_domain") return "The audit now says to disavow " + text_of(d, "domain") + " (" + w.target + ")";
  if (a.kind == "links_not_listed") {
    return std::to_string(d.value("gained", int64_t{0})) + " backlinks gained and " +
           std::to_string(d.value("lost", int64_t{0})) + " lost for " + w.target + ": more than the alerts list";
  }
  return a.kind;
}

std::string atom_feed(const Watch& w, const std::vector<Alert>& newest_first, const std::string& base) {
  const std::string self = base + feed_path(w);
  const std::string updated = newest_first.empty() ? rfc3339(w.created_at) : rfc3339(newest_first.front().created_at);
  std::string x = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n";
  // Ids (RFC 4151 tag URIs) stay the same whatever name the server was reached by.
  const std::string tag = "tag:linklens," + w.created_at.substr(0, 10) + ":watch/" + std::to_string(w.id);
  x += "  <id>" + xml_escape(tag) + "</id>\n";
  x += "  <title>" + xml_escape("Linklens alerts: " + w.target + " (" + w.mode + ")") + "</title>\n";
  x += "  <updated>" + updated + "</updated>\n";
  x += "  <author><name>Linklens</name></author>\n";
  x += "  <generator version=\"" LINKLENS_VERSION "\">Linklens</generator>\n";
  x += "  <link rel=\"self\" type=\"application/atom+xml\" href=\"" + xml_escape(self) + "\"/>\n";
  for (const auto& a : newest_first) {
    const Json j = alert_json(a, w);
    x += "  <entry>\n";
    x += "    <id>" + xml_escape(tag + "/alert/" + std::to_string(a.id)) + "</id>\n";
    x += "    <title>" + xml_escape(alert_title(a, w)) + "</title>\n";
    x += "    <updated>" + rfc3339(a.created_at) + "</updated>\n";
    x += "    <category term=\"" + xml_escape(a.kind) + "\"/>\n";
    const std::string source = text_of(a.payload, "source_url");
    if (!source.empty()) x += "    <link rel=\"related\" href=\"" + xml_escape(source) + "\"/>\n";
    x += "    <content type=\"text\">" + xml_escape(j.dump(2, ' ', false, Json::error_handler_t::replace)) +
         "</content>\n";
    x += "  </entry>\n";
  }
  x += "</feed>\n";
  return x;
}

}  // namespace linklens::watch
