// The embind boundary of the core: one call per job, strings in and JSON text out, so a page is
// one crossing however many links it has. wasm/linklens.mjs wraps these into the documented JS
// API (README, "WebAssembly module").
#include <emscripten/bind.h>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "dom_json.h"
#include "linklens/classify_links.h"
#include "linklens/idna.h"
#include "linklens/inspect.h"
#include "linklens/public_suffix.h"
#include "linklens/report_json.h"
#include "linklens/url.h"
#include "linklens/version.h"

namespace {

std::string quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out.push_back(c);
    }
  }
  return out + "\"";
}

std::string version_json() {
  return std::string("{\"core\":") + quote(linklens::core_version()) +
         ",\"publicSuffixList\":" + quote(linklens::builtin_suffix_list_date()) +
         ",\"idnaUnicode\":" + quote(linklens::idna_unicode_version()) + "}";
}

std::string resolve_url_json(const std::string& input, const std::string& base) {
  auto url = base.empty() ? linklens::parse_url(input) : linklens::resolve_url(input, base);
  if (!url) return std::string("{\"ok\":false,\"error\":") + quote(linklens::to_string(url.error())) + "}";
  const auto& u = *url;
  return std::string("{\"ok\":true,\"href\":") + quote(u.href()) + ",\"protocol\":" + quote(u.protocol()) +
         ",\"username\":" + quote(u.username()) + ",\"password\":" + quote(u.password()) +
         ",\"host\":" + quote(u.host()) + ",\"hostname\":" + quote(u.hostname()) + ",\"port\":" + quote(u.port()) +
         ",\"pathname\":" + quote(u.pathname()) + ",\"search\":" + quote(u.search()) + ",\"hash\":" + quote(u.hash()) +
         ",\"origin\":" + quote(u.origin()) + ",\"hostType\":" + quote(linklens::to_string(u.host_type())) + "}";
}

// A host, or a URL whose host is taken.
std::string registrable_domain_json(const std::string& host_or_url, bool include_private) {
  std::string host = host_or_url;
  if (host_or_url.find("://") != std::string::npos) {
    auto url = linklens::parse_url(host_or_url);
    if (!url) return "null";
    host = std::string(url->hostname());
  }
  auto parts = linklens::PublicSuffixList::builtin().split_host(host, {.include_private = include_private});
  if (parts.host.empty()) return "null";
  const char* section = parts.section == linklens::SuffixSection::kIcann     ? "icann"
                        : parts.section == linklens::SuffixSection::kPrivate ? "private"
                                                                             : "none";
  return std::string("{\"host\":") + quote(parts.host) + ",\"registrableDomain\":" +
         (parts.registrable_domain().empty() ? std::string("null") : quote(parts.registrable_domain())) +
         ",\"publicSuffix\":" + quote(parts.public_suffix()) + ",\"subdomain\":" + quote(parts.subdomain()) +
         ",\"section\":" + quote(section) + ",\"isIp\":" + (parts.is_ip ? "true" : "false") + "}";
}

// The non-empty lines of a list the JS wrapper joined with newlines (headers, keywords, fields).
std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  for (std::size_t start = 0; start < text.size();) {
    const std::size_t eol = std::min(text.find('\n', start), text.size());
    if (eol > start) lines.push_back(text.substr(start, eol - start));
    start = eol + 1;
  }
  return lines;
}

// headers: "Name: value" lines; keywords: one per line.
linklens::InspectOptions inspect_options(const std::string& page_url, const std::string& headers,
                                         const std::string& brand, const std::string& keywords, bool scripting) {
  linklens::InspectOptions options;
  options.page_url = page_url;
  options.brand = brand;
  options.scripting = scripting;
  for (const std::string& line : lines_of(headers)) {
    std::size_t colon = line.find(':');
    if (colon != std::string::npos) {
      std::size_t v = line.find_first_not_of(" \t", colon + 1);
      options.headers.emplace_back(line.substr(0, colon), v == std::string::npos ? "" : line.substr(v));
    }
  }
  options.keywords = lines_of(keywords);
  return options;
}

std::string inspect_html_json(const std::string& html, const std::string& page_url, const std::string& headers,
                              const std::string& brand, const std::string& keywords, bool scripting) {
  auto report = linklens::inspect_html(html, inspect_options(page_url, headers, brand, keywords, scripting));
  if (!report) return std::string("{\"error\":") + quote(linklens::to_string(report.error())) + "}";
  return linklens::report_to_json(*report);
}

// A page's live-DOM facts classified once and read several ways: the extension's worker sends
// the overlay its rows at once, then compares the raw HTML and keeps the whole report after the
// overlay is painted (wasm/linklens.mjs, classifyPage).
class ClassifiedPage {
 public:
  ClassifiedPage(const std::string& dom_json, const std::string& headers, const std::string& brand,
                 const std::string& keywords) {
    linklens::DomPage page;
    std::vector<linklens::DomLink> links;
    if (!linklens::wasm::read_dom_json(dom_json, page, links)) {
      error_ = "classifyLinks takes {page, links}";
      return;
    }
    options_ = inspect_options(page.url, headers, brand, keywords, true);
    auto report = linklens::classify_links(page, links, options_);
    if (!report) {
      error_ = linklens::to_string(report.error());
      return;
    }
    report_ = std::move(report.value());
  }

  // "" when the page was classified.
  std::string error() const { return error_; }

  // fields: LinkRecord field names, one per line. {"page": {...}, "links": [[...], ...]}.
  std::string rows_json(const std::string& fields) const {
    if (!error_.empty()) return error_json();
    auto json = linklens::report_rows_json(report_, lines_of(fields));
    return json ? *json : "{\"error\":\"rowsJson takes LinkRecord field names\"}";
  }

  // raw_html: the page's HTML as a crawler gets it. Links only the rendered DOM has are marked
  // rendered_only: {"links": N (the raw HTML's), "rendered_only": [index, ...]}, or null when
  // the raw HTML could not be read. Once per page: a second call answers the first's result.
  std::string compare_raw_json(const std::string& raw_html) {
    if (!error_.empty()) return error_json();
    if (!compared_) {
      compared_ = true;
      linklens::InspectOptions raw_options = options_;
      raw_options.scripting = false;  // a crawler's view
      auto raw = linklens::inspect_html(raw_html, raw_options);
      if (raw) raw_links_ = linklens::mark_rendered_only(report_, raw.value());
    }
    if (!raw_links_) return "null";
    std::string out = "{\"links\":" + std::to_string(*raw_links_) + ",\"rendered_only\":[";
    bool first = true;
    for (std::size_t i = 0; i < report_.links.size(); ++i) {
      if (!report_.links[i].rendered_only) continue;
      if (!first) out += ',';
      first = false;
      out += std::to_string(i);
    }
    return out + "]}";
  }

  // The whole report (docs/link-record.md) and what the raw comparison found:
  // {"page", "links", "raw": {"links": N} or null}.
  std::string report_json() const {
    if (!error_.empty()) return error_json();
    std::string json = linklens::report_to_json(report_);
    json.pop_back();  // the closing brace: the raw comparison goes inside the same object
    return json + (raw_links_ ? ",\"raw\":{\"links\":" + std::to_string(*raw_links_) + "}}" : ",\"raw\":null}");
  }

 private:
  std::string error_json() const { return std::string("{\"error\":") + quote(error_) + "}"; }

  std::string error_;
  linklens::InspectOptions options_;
  linklens::PageReport report_;
  bool compared_ = false;
  std::optional<std::size_t> raw_links_;
};

// raw_html: the page's HTML as a crawler gets it ("" = not fetched); when given, links only the
// rendered DOM has are marked rendered_only and the answer says {"raw": {"links": N}}.
std::string classify_links_json(const std::string& dom_json, const std::string& raw_html, bool have_raw,
                                const std::string& headers, const std::string& brand, const std::string& keywords) {
  ClassifiedPage page(dom_json, headers, brand, keywords);
  if (have_raw) page.compare_raw_json(raw_html);
  return page.report_json();
}

}  // namespace

EMSCRIPTEN_BINDINGS(linklens) {
  emscripten::function("versionJson", &version_json);
  emscripten::function("resolveUrlJson", &resolve_url_json);
  emscripten::function("registrableDomainJson", &registrable_domain_json);
  emscripten::function("inspectHtmlJson", &inspect_html_json);
  emscripten::function("classifyLinksJson", &classify_links_json);
  emscripten::class_<ClassifiedPage>("ClassifiedPage")
      .constructor<const std::string&, const std::string&, const std::string&, const std::string&>()
      .function("error", &ClassifiedPage::error)
      .function("rowsJson", &ClassifiedPage::rows_json)
      .function("compareRawJson", &ClassifiedPage::compare_raw_json)
      .function("reportJson", &ClassifiedPage::report_json);
}
