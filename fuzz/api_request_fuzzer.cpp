// Fuzzes the HTTP API's request parsing, which sees every client byte before the index does:
// the query-string parameters of the list endpoints (target and mode, limit, order_by, cursor,
// where, select, format), a connection's first bytes as the connection gate frames them
// (request_frame.h), the JSON body of POST /v1/authority (simdjson), the ways a disavow
// file's body is sent to POST /v1/disavow/parse (Content-Type, form and multipart; the file
// itself is fuzz_disavow's), the case folding anchors are keyed by, and the audit's
// settings bodies (POST /v1/audit/keep and /brand) with the brand-term matching anchors meet.
//
// Properties: parsing ends with a value or a Status that is a 4xx with a message; a cursor
// this server encodes always parses back to the same position; an upload is read or refused
// with a 4xx; folding the case twice changes nothing.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "api/audit_settings.h"
#include "api/authority_request.h"
#include "api/disavow_upload.h"
#include "api/list_params.h"
#include "api/request_frame.h"
#include "index/index_queries.h"
#include "index/target.h"
#include "linklens/brand.h"
#include "linklens/case_fold.h"

using namespace linklens::api;
using namespace linklens;

namespace {

void expect_client_error(const Status& e) {
  if (!e.ok() && (e.http_status() < 400 || e.http_status() > 499 || e.message().empty() || e.code().empty())) {
    std::abort();
  }
}

QueryParams split_query(const std::string& text) {
  QueryParams params;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t amp = text.find('&', start);
    std::string pair = text.substr(start, amp == std::string::npos ? std::string::npos : amp - start);
    std::size_t eq = pair.find('=');
    params.emplace(pair.substr(0, eq), eq == std::string::npos ? "" : pair.substr(eq + 1));
    if (amp == std::string::npos) break;
    start = amp + 1;
  }
  return params;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string input(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] >= 0xE0 && data[0] < 0xF0) {  // a query string: every pair read, '=' kept in values
    const QueryParams params = parse_query_string("/v1/x?" + input);
    std::size_t pairs = 0;
    for (char c : input.substr(0, input.find('#'))) pairs += c == '&';
    if (params.size() > pairs + 1) std::abort();
    return 0;
  }
  if (data[0] >= 0xF0) {  // a settings body; then "term\nanchor" through the brand matching
    auto change = parse_settings_change(input, (data[0] & 1) != 0);
    if (!change) expect_client_error(change.error());
    const std::size_t nl = input.find('\n');
    const std::string term = input.substr(0, nl), anchor = nl == std::string::npos ? "" : input.substr(nl + 1);
    const auto terms = brand::brand_terms("example.com", {anchor, term, term}, {term});
    (void)brand::is_branded(anchor, terms);
    (void)brand::is_branded(anchor, {term});
    (void)brand::anchor_class(anchor, "example.com", terms);
    return 0;
  }
  if (data[0] % 8 == 5) {  // a connection's first bytes, as the connection gate reads them
    const RequestFrame frame = read_request_frame(input, (data[0] & 8) != 0);
    if (frame.state == RequestFrame::State::kRefused) {
      const int s = frame.refusal.http_status();
      if ((s != 400 && s != 414 && s != 431 && s != 501 && s != 505) || frame.refusal.code().empty()) std::abort();
    }
    if (frame.state == RequestFrame::State::kComplete) {
      // The head ends where it says; more bytes after it never change the first request's frame.
      if (frame.head_bytes > input.size() || input.compare(frame.head_bytes - 4, 4, "\r\n\r\n") != 0) std::abort();
      const RequestFrame more = read_request_frame(input + "GET / HTTP/1.1\r\n", false);
      if (more.state != RequestFrame::State::kComplete || more.head_bytes != frame.head_bytes ||
          more.body_bytes != frame.body_bytes || more.chunked != frame.chunked) {
        std::abort();
      }
    }
    return 0;
  }
  if (data[0] % 8 == 7) {
    const std::string once = fold_case(input);
    if (fold_case(once) != once) std::abort();
    return 0;
  }
  if (data[0] % 8 == 6) {  // "Content-Type\nquery\nbody"
    httplib::Request req;
    const std::size_t a = input.find('\n'), b = a == std::string::npos ? a : input.find('\n', a + 1);
    req.set_header("Content-Type", input.substr(0, a));
    req.target = "/v1/disavow/parse?" + (a == std::string::npos ? "" : input.substr(a + 1, b - a - 1));
    req.body = b == std::string::npos ? "" : input.substr(b + 1);
    if (data[0] & 16) req.files.emplace("file", httplib::MultipartFormData{"file", req.body, "d.txt", "text/plain"});
    DisavowUpload upload;
    expect_client_error(read_disavow_upload(req, upload));
    return 0;
  }
  if (data[0] & 1) {
    std::vector<std::string> targets;
    Status e = parse_authority_request(input, targets);
    expect_client_error(e);
    if (e.ok() && targets.size() > kMaxAuthorityTargets) std::abort();
    return 0;
  }
  const QueryParams params = split_query(input);
  expect_client_error(
      check_known_parameters(params, {"target", "mode", "limit", "cursor", "where", "select", "order_by"}));
  std::string target, mode;
  expect_client_error(single_value(params, "target", target));
  expect_client_error(single_value(params, "mode", mode));
  Target t;
  Status target_error = parse_target(target, mode, t);
  expect_client_error(target_error);
  if (target_error.ok() && t.domain.empty()) std::abort();  // every target has a key in the index
  // A target without a scheme may skip the URL parser (index/target.cpp); with one it never does.
  // Both must name the same host, domain and graph, or both be refused.
  if (!target.empty() && target.find("://") == std::string::npos && target.size() + 7 <= 2048 &&
      (mode.empty() || mode == "domain" || mode == "subdomains" || mode == "host")) {
    Target parsed;
    const bool parsed_ok = parse_target("http://" + target, mode, parsed).ok();
    if (parsed_ok != target_error.ok()) std::abort();
    if (parsed_ok &&
        (parsed.host != t.host || parsed.domain != t.domain || parsed.under_private_suffix != t.under_private_suffix)) {
      std::abort();
    }
  }
  int limit = 0;
  if (parse_limit(params, limit).ok() && (limit < 1 || limit > 1000)) std::abort();
  Sort sort;
  Status sort_error = parse_order_by(params, backlink_sort_keys(), sort);
  expect_client_error(sort_error);
  if (sort_error.ok()) {
    std::optional<Cursor> cursor;
    expect_client_error(parse_cursor(params, sort, cursor));
    Cursor c{sort.key, sort.descending, static_cast<double>(size) / 7.0, input.substr(0, 40)};
    std::optional<Cursor> back;
    QueryParams with_cursor = {{"cursor", encode_cursor(c)}};
    if (!parse_cursor(with_cursor, sort, back).ok() || !back || back->value != c.value || back->tie != c.tie) {
      std::abort();
    }
  }
  std::vector<Condition> where;
  expect_client_error(parse_where(params, backlink_fields(), where));
  std::vector<std::string> select;
  expect_client_error(parse_select(params, backlink_fields(), default_backlink_fields(), select));
  OutputFormat format;
  expect_client_error(parse_format(params, format));
  return 0;
}
