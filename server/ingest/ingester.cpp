#include "ingest/ingester.h"

#include <simdjson.h>

#include <utility>

#include "encoding/charset.h"
#include "ingest/ascii.h"
#include "ingest/http_response.h"
#include "ingest/warc_reader.h"
#include "linklens/html/entities.h"
#include "linklens/inspect.h"
#include "linklens/link_fields.h"
#include "linklens/public_suffix.h"
#include "linklens/url.h"

namespace linklens::ingest {

struct WarcRecordView {
  const WarcRecord& record;
  std::string url;  // normalised target URI, without fragment
};

namespace {

using ascii::icontains;

bool looks_like_html(const HttpResponse& r) {
  std::string_view ct = r.header("Content-Type");
  if (!ct.empty()) return icontains(ct, "html");
  std::string_view head = r.body().substr(0, 512);
  return icontains(head, "<html") || icontains(head, "<!doctype html");
}

void fill_page_identity(store::CrawledPage& page, const Url& url) {
  page.url = std::string(url.href_without_fragment());
  page.host = std::string(url.hostname());
  if (url.host_type() == HostType::kDomain) {
    page.domain = std::string(PublicSuffixList::builtin().split_host(page.host).registrable_domain());
  }
  if (page.domain.empty()) page.domain = page.host;  // IP hosts stand for themselves
}

// A link from a redirect or a WAT entry, with the fields every producer derives the same way.
LinkRecord simple_link(const Url& base, const store::CrawledPage& page, std::string_view href, LinkKind kind,
                       std::string_view anchor, std::string_view rel, uint32_t ordinal) {
  LinkRecord l;
  l.href = std::string(href);
  l.kind = kind;
  l.anchor = std::string(anchor);
  l.ordinal = ordinal;
  l.anchor_class = anchor.empty() ? AnchorClass::kEmpty : AnchorClass::kOther;
  set_follow_fields(l, rel, page.nofollow);
  set_target_fields(l, base, page.host, page.domain);
  l.weight = kind == LinkKind::kRedirect || kind == LinkKind::kCanonical ? 1.0 : 0.0;
  return l;
}

}  // namespace

void Ingester::note(std::string message) {
  if (stats_.messages.size() < 50) stats_.messages.push_back(std::move(message));
}

Status Ingester::ingest_file(const std::string& path) {
  auto source = ByteSource::open(path);
  if (!source) return source.error();
  ++stats_.files;
  WarcReader reader(std::move(source).value());
  WarcRecord record;
  uint64_t last_compressed = 0;
  while (reader.next(record)) {
    ++stats_.records;
    stats_.bytes += record.block.size();
    stats_.compressed_bytes += reader.source().compressed_bytes_read() - last_compressed;
    last_compressed = reader.source().compressed_bytes_read();
    std::string_view type = record.type();
    Status stored;
    if (type == "response" || type == "metadata") {
      auto url = parse_url(record.target_uri());
      if (!url || (url->scheme() != "http" && url->scheme() != "https")) {
        ++stats_.skipped_records;  // dns:, whois:, metadata about non-web URIs
        continue;
      }
      WarcRecordView view{record, std::string(url->href_without_fragment())};
      stored = type == "response" ? ingest_response(view) : ingest_wat(view);
    } else {
      ++stats_.skipped_records;
    }
    LINKLENS_RETURN_IF_ERROR(stored);
    if (progress_ && stats_.records % 256 == 0) progress_(stats_);
  }
  stats_.compressed_bytes += reader.source().compressed_bytes_read() - last_compressed;
  const WarcStats& ws = reader.stats();
  stats_.malformed += ws.malformed;
  for (const auto& m : ws.messages) note(path + ": " + m);
  if (progress_) progress_(stats_);
  // A file that is not whole is an error, not a note: a snapshot stored from part of a file would
  // report every link after the cut as lost.
  const std::string records = " (" + std::to_string(ws.records) + " records before it)";
  if (!reader.source().status().ok()) return partial_file(reader.source().status().message() + records);
  if (!ws.cut_short.empty()) return partial_file(ws.cut_short + records);
  if (ws.records == 0) return Status::failure("no WARC record in it (an empty file, or not a WARC/WAT file)");
  return {};
}

Status Ingester::ingest_response(const WarcRecordView& view) {
  HttpResponse http;
  if (!parse_http_response(view.record.block, http)) {
    ++stats_.malformed;
    note("response record without an HTTP status line: " + view.url);
    return {};
  }
  ++stats_.responses;
  auto base = parse_url(view.url);
  store::CrawledPage page;
  fill_page_identity(page, *base);
  page.status = http.status;
  page.content_type = std::string(http.header("Content-Type"));
  page.fetched_at = std::string(view.record.header("WARC-Date"));
  page.ip = std::string(view.record.header("WARC-IP-Address"));
  Country country = countries_.lookup(page.ip, page.host);
  page.country = country.code;
  page.country_source = country.source;
  if (!http.problem.empty()) note(view.url + ": " + http.problem);

  std::vector<LinkRecord> links;
  if (http.status >= 300 && http.status < 400 && !http.header("Location").empty()) {
    links.push_back(simple_link(*base, page, http.header("Location"), LinkKind::kRedirect, "", "", 0));
  } else if (http.status >= 200 && http.status < 300 && looks_like_html(http)) {
    encoding::Decoded decoded = encoding::to_utf8(http.body(), http.header("Content-Type"));
    InspectOptions options;
    options.page_url = view.url;
    for (const auto& h : http.headers) options.headers.push_back(h);
    auto report = inspect_html(decoded.text(), options);
    if (report) {
      ++stats_.html_pages;
      page.title = report->page.title;
      page.site_name = report->page.site_name;
      page.application_name = report->page.application_name;
      page.canonical = report->page.canonical;
      page.noindex = report->page.robots.noindex;
      page.nofollow = report->page.robots.nofollow;
      links = std::move(report->links);
    }
  }
  stats_.links += links.size();
  ++stats_.pages;
  return store_.take_page(std::move(page), std::move(links));
}

Status Ingester::ingest_wat(const WarcRecordView& view) {
  if (!icontains(view.record.header("Content-Type"), "json")) {
    ++stats_.skipped_records;
    return {};
  }
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(view.record.block).get(doc) != simdjson::SUCCESS) {
    ++stats_.malformed;
    note("WAT record with invalid JSON: " + view.url);
    return {};
  }
  simdjson::dom::element envelope;
  std::string_view warc_type;
  if (doc["Envelope"].get(envelope) != simdjson::SUCCESS ||
      envelope["WARC-Header-Metadata"]["WARC-Type"].get(warc_type) != simdjson::SUCCESS || warc_type != "response") {
    ++stats_.skipped_records;  // metadata about request or metadata records
    return {};
  }
  ++stats_.wat_records;
  simdjson::dom::element http;
  if (envelope["Payload-Metadata"]["HTTP-Response-Metadata"].get(http) != simdjson::SUCCESS) {
    ++stats_.skipped_records;
    return {};
  }
  auto target = parse_url(view.url);
  store::CrawledPage page;
  fill_page_identity(page, *target);
  std::string_view text;
  if (http["Response-Message"]["Status"].get(text) == simdjson::SUCCESS)
    page.status = std::atoi(std::string(text).c_str());
  if (envelope["WARC-Header-Metadata"]["WARC-Date"].get(text) == simdjson::SUCCESS) page.fetched_at = std::string(text);
  if (envelope["WARC-Header-Metadata"]["WARC-IP-Address"].get(text) == simdjson::SUCCESS) page.ip = std::string(text);
  Country country = countries_.lookup(page.ip, page.host);
  page.country = country.code;
  page.country_source = country.source;
  if (http["Headers"]["Content-Type"].get(text) == simdjson::SUCCESS) page.content_type = std::string(text);
  simdjson::dom::element html;
  std::vector<LinkRecord> links;
  if (http["HTML-Metadata"].get(html) == simdjson::SUCCESS) {
    Url base = *target;
    if (html["Head"]["Base"].get(text) == simdjson::SUCCESS) {
      if (auto b = parse_url(text, *target)) base = std::move(b).value();
    }
    if (html["Head"]["Title"].get(text) == simdjson::SUCCESS) page.title = std::string(text);
    simdjson::dom::array wat_links;
    if (html["Links"].get(wat_links) == simdjson::SUCCESS) {
      for (simdjson::dom::element entry : wat_links) {
        std::string_view path, url, anchor, rel;
        if (entry["path"].get(path) != simdjson::SUCCESS || entry["url"].get(url) != simdjson::SUCCESS) continue;
        if (entry["text"].get(anchor) != simdjson::SUCCESS) anchor = {};
        if (entry["rel"].get(rel) != simdjson::SUCCESS) rel = {};
        LinkKind kind;
        if (path == "A@/href")
          kind = LinkKind::kText;
        else if (path == "AREA@/href")
          kind = LinkKind::kArea;
        else if (path == "FORM@/action")
          kind = LinkKind::kForm;
        else if (path == "IFRAME@/src" || path == "FRAME@/src")
          kind = LinkKind::kFrame;
        else if (path == "LINK@/href" && icontains(rel, "canonical"))
          kind = LinkKind::kCanonical;
        else
          continue;  // images, scripts, stylesheets: not links
        // WAT files keep attribute values as written in the page: decode their character
        // references as a browser would before resolving ("?a=1&amp;b=2").
        std::string href = html::decode_character_references(url, true);
        std::string text_decoded = html::decode_character_references(anchor, false);
        links.push_back(simple_link(base, page, href, kind, text_decoded, rel, static_cast<uint32_t>(links.size())));
      }
    }
  }
  stats_.links += links.size();
  ++stats_.pages;
  return store_.take_page(std::move(page), std::move(links));
}

}  // namespace linklens::ingest
