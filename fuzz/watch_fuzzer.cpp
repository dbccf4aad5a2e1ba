// Fuzzes what watches read from clients and configs, and what they write for others to read: the
// watch body (POST /v1/watches, the config's "watches"), the id bodies of DELETE /v1/watches and
// POST /v1/watches/token, the webhook address rules (webhook_allow ranges and the address check;
// never a DNS lookup here), and the alert text that goes into webhook bodies and the Atom feed.
//
// Properties: parsing ends with a watch or a 4xx Status with a message; a parsed watch has a
// target, known report kinds and an authority_change in range; an address inside an allowed range
// is allowed and loopback is refused without one; the feed holds no control character XML 1.0
// forbids and every '<' in it opens markup of our own.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "watch/alert_json.h"
#include "watch/watch_request.h"
#include "watch/webhook.h"

using namespace linklens;

namespace {

void expect_client_error(const Status& e) {
  if (!e.ok() && (e.http_status() < 400 || e.http_status() > 499 || e.message().empty() || e.code().empty())) {
    std::abort();
  }
}

void feed_is_clean(const std::string& xml) {
  for (unsigned char c : xml) {
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') std::abort();
  }
  // Every '<' starts one of the elements the writer emits (or the XML declaration, or a closing tag).
  static const char* kOpen[] = {"<?xml",  "</",         "<feed",  "<id>",    "<title>",   "<updated>", "<author>",
                                "<name>", "<generator", "<link ", "<entry>", "<category", "<content"};
  for (std::size_t at = xml.find('<'); at != std::string::npos; at = xml.find('<', at + 1)) {
    bool known = false;
    for (const char* o : kOpen) known = known || xml.compare(at, std::char_traits<char>::length(o), o) == 0;
    if (!known) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string input(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 5) {
    case 0: {  // a watch body
      const watch::Json j = watch::Json::parse(input, nullptr, false);
      if (j.is_discarded()) return 0;
      watch::Watch w;
      const Status parsed = watch::parse_watch(j, w);
      expect_client_error(parsed);
      if (parsed.ok()) {
        if (w.target.empty() || w.report.empty() || !(w.authority_change >= 0.1 && w.authority_change <= 100))
          std::abort();
        for (const auto& r : w.report) {
          bool known = false;
          for (const auto& k : watch::report_kinds()) known = known || k == r;
          if (!known) std::abort();
        }
      }
      return 0;
    }
    case 1: {  // an id body
      auto id = watch::parse_watch_id(input);
      if (!id) expect_client_error(id.error());
      if (id && *id < 1) std::abort();
      return 0;
    }
    case 2: {  // "range\naddress": the allow rule and the address check
      const std::size_t nl = input.find('\n');
      const std::string range = input.substr(0, nl), address = nl == std::string::npos ? "" : input.substr(nl + 1);
      watch::WebhookPolicy none, some;
      std::string why;
      if (watch::address_allowed("127.0.0.1", none, why) || watch::address_allowed("::1", none, why)) std::abort();
      (void)watch::address_allowed(address, none, why);
      if (watch::check_allow_rules({range}).ok()) {
        some.allow = {range};
        // The range's own first address is inside it.
        const std::string first = range.substr(0, range.find('/'));
        if (!watch::address_allowed(first, some, why)) std::abort();
      }
      return 0;
    }
    case 3: {  // the signature: stable, "sha256=" and 64 hex digits
      const std::string a = watch::webhook_signature(input, static_cast<int64_t>(size), input);
      if (a != watch::webhook_signature(input, static_cast<int64_t>(size), input) || a.size() != 71) std::abort();
      return 0;
    }
    default: {  // an alert's payload (JSON) and a target: titles and the Atom feed
      const std::size_t nl = input.find('\n');
      watch::Watch w;
      w.id = 1;
      w.target = input.substr(0, nl);
      w.created_at = "2026-12-01T00:00:00Z";
      watch::Alert a;
      a.id = 2;
      a.watch_id = 1;
      a.created_at = "2026-12-02T00:00:00Z";
      static const char* kKinds[] = {"link_new",         "link_lost",    "domain_new",      "domain_lost",
                                     "authority_change", "toxic_domain", "links_not_listed"};
      a.kind = kKinds[size % 7];
      a.payload = watch::Json::parse(nl == std::string::npos ? "" : input.substr(nl + 1), nullptr, false);
      if (a.payload.is_discarded() || !a.payload.is_object()) a.payload = watch::Json::object();
      try {
        (void)watch::alert_title(a, w);
        feed_is_clean(watch::atom_feed(w, {a}, "http://127.0.0.1:8787"));
      } catch (const watch::Json::exception&) {
        // A payload of the wrong types (a number where a string is read) throws; the server's own
        // payloads never do, and the throw never escapes a request (it becomes a 500).
      }
      return 0;
    }
  }
}
