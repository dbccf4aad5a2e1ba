// The API's hand-written JSON (index/result_table.h, index/overview.h) against nlohmann's dump of
// the same values: answers written straight into text must keep the bytes the JSON tree wrote.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "api/authority_source.h"
#include "index/overview.h"
#include "index/result_table.h"

using linklens::api::append_json_string;
using linklens::api::Json;
using linklens::api::ResultTable;

namespace {

std::string dumped(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

// How answers put their score into a JSON tree before they were written straight into text: the
// reference for the writers of api/authority_source.h.
void put_authority(Json& out, const linklens::api::AuthorityView& view) {
  out["authority_score"] = view.score ? Json(*view.score) : Json(nullptr);
  out["authority_source"] = view.source;
  out["index_authority_score"] = view.index_score ? Json(*view.index_score) : Json(nullptr);
}

}  // namespace

TEST_CASE("a JSON string is written as dump writes it, bad UTF-8 replaced") {
  const std::vector<std::string> texts = {"",
                                          "plain ascii, with spaces",
                                          "quote \" and backslash \\",
                                          "tab\tnewline\ncarriage\r",
                                          std::string("nul \0 inside", 12),
                                          "del \x7f",
                                          "caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x98\x80",
                                          "bad \xff byte",
                                          "cut \xe2\x80",
                                          "\x01\x1f"};
  for (const auto& text : texts) {
    std::string out;
    append_json_string(text, out);
    CHECK(out == dumped(Json(text)));
  }
}

TEST_CASE("a JSON number is written as dump writes a double, null when absent or not finite") {
  const std::vector<double> values = {0.0,    -0.0, 0.1 + 0.2, 66.45096831014526, 100.0,   1e16, 1e300,
                                      5e-324, -3.5, 1e-5,      std::nan(""),      HUGE_VAL};
  for (double v : values) {
    std::string out;
    linklens::api::append_json_number(v, out);
    CHECK(out == dumped(Json(v)));
  }
  std::string none;
  linklens::api::append_json_number(std::nullopt, none);
  CHECK(none == "null");
}

TEST_CASE("a table is written as its JSON tree would be dumped") {
  ResultTable t{{"anchor", "backlinks", "share", "new", "nothing"}, {}};
  t.rows.push_back({"click \"here\"", 12, 0.1 + 0.2, true, nullptr});
  t.rows.push_back({"caf\xc3\xa9 \xff", -3, 66.45096831014526, false, Json::array({1, "x"})});
  std::string out;
  t.append_json(out);
  CHECK(out == dumped(t.to_json()));
  ResultTable empty{{"a"}, {}};
  out.clear();
  empty.append_json(out);
  CHECK(out == "[]");
}

namespace {

// The overview as the JSON tree wrote it before it was written straight into text
// (add_overview_counts, add_top_lists and put_authority of earlier versions), kept here as the
// reference the hand-written answer must equal byte for byte.
std::string overview_as_tree(const linklens::api::Overview& o, const linklens::api::AuthorityView& view) {
  const std::vector<int64_t>& v = o.counts;
  Json out = {{"target", o.target}, {"mode", o.mode}, {"domain", o.domain}, {"indexed", o.indexed}};
  out["authority_score"] = o.index_score;
  static const char* kNames[] = {"backlinks",       "live_backlinks", "lost_backlinks",   "referring_domains",
                                 "referring_pages", "referring_ips",  "referring_subnets"};
  for (int i = 0; i < 7; ++i) out[kNames[i]] = v[static_cast<std::size_t>(i)];
  out["live_referring_domains"] = v[17];
  out["lost_referring_domains"] = v[3] - v[17];
  out["follow"] = {{"follow", v[7]}, {"nofollow", v[8]}, {"sponsored", v[9]}, {"ugc", v[10]}};
  out["kinds"] = {{"text", v[11]},  {"image", v[12]},    {"form", v[13]},
                  {"frame", v[14]}, {"redirect", v[15]}, {"canonical", v[16]}};
  out["last_snapshot"] = {{"id", o.snapshot}, {"new_backlinks", o.new_backlinks}, {"lost_backlinks", o.lost_backlinks}};
  Json classes = Json::object();
  for (const auto& [name, n] : o.anchor_classes) classes[name] = n;
  out["anchor_classes"] = classes;
  out["top_anchors"] = o.top_anchors.to_json();
  out["top_tlds"] = o.top_tlds.to_json();
  out["top_countries"] = o.top_countries.to_json();
  put_authority(out, view);
  return dumped(out);
}

std::string overview_as_text(const linklens::api::Overview& o, const linklens::api::AuthorityView& view) {
  std::string out;
  linklens::api::append_overview_fields(o, view.score, out);
  linklens::api::append_authority_source(view, out);
  out.push_back('}');
  return out;
}

}  // namespace

TEST_CASE("an overview is written as its JSON tree would be dumped") {
  linklens::api::Overview o;
  o.target = "https://Caf\xc3\xa9.example/\"x\" \xff";
  o.mode = "prefix";
  o.domain = "xn--caf-dma.example";
  o.indexed = true;
  o.index_score = 66.45096831014526;
  for (std::size_t i = 0; i < o.counts.size(); ++i) o.counts[i] = static_cast<int64_t>(i * 1000 + 7);
  o.snapshot = 3;
  o.new_backlinks = 12;
  o.lost_backlinks = 4;
  o.anchor_classes = {{"branded", 20}, {"other", 5}, {"image", 5}};
  o.top_anchors = {{"anchor", "backlinks", "referring_domains", "follow_backlinks"}, {}};
  o.top_anchors.rows.push_back({"click \"here\"\n", 9, 3, 2});
  o.top_anchors.rows.push_back({"caf\xc3\xa9", 1, 1, 0});
  o.top_tlds = {{"tld", "referring_domains", "backlinks"}, {{"co.uk", 2, 5}}};
  o.top_countries = {{"country", "referring_domains", "backlinks"}, {{"unknown", 1, 1}}};
  linklens::api::AuthorityView from_index{o.index_score, "index", o.index_score, std::nullopt};
  CHECK(overview_as_text(o, from_index) == overview_as_tree(o, from_index));
  linklens::api::AuthorityView from_web{41.5, "commoncrawl:cc-main-2026-jun", o.index_score, std::nullopt};
  CHECK(overview_as_text(o, from_web) == overview_as_tree(o, from_web));
  linklens::api::Overview unknown;  // not in the index, no ranks file: null scores, zeros, empty lists
  unknown.target = unknown.domain = "nowhere.example";
  unknown.mode = "domain";
  linklens::api::AuthorityView none{std::nullopt, "unknown", std::nullopt, std::nullopt};
  CHECK(overview_as_text(unknown, none) == overview_as_tree(unknown, none));
}

TEST_CASE("an authority batch's result is written as its JSON tree would be dumped") {
  using linklens::api::AuthorityAnswer;
  using linklens::api::AuthorityView;
  auto as_tree = [](const AuthorityAnswer& a, const AuthorityView& view) {
    Json result = {{"input", a.input},
                   {"domain", a.domain},
                   {"valid", a.valid},
                   {"indexed", a.indexed},
                   {"referring_domains", a.referring_domains},
                   {"backlinks", a.backlinks}};
    put_authority(result, view);
    return dumped(result);
  };
  AuthorityAnswer known{"https://Example.com/x", "example.com", true, true, 66.45096831014526, 105, 214};
  AuthorityAnswer invalid{"not a \"domain\" \xff", "", false, false, 0, 0, 0};
  const std::vector<AuthorityView> views = {{66.45096831014526, "index", 66.45096831014526, std::nullopt},
                                            {0.0, "commoncrawl:cc-main-2026-jun", 32.7, std::nullopt},
                                            {std::nullopt, "unknown", std::nullopt, std::nullopt}};
  for (const auto& view : views) {
    for (const auto& a : {known, invalid}) {
      std::string out;
      linklens::api::append_authority_result(a, view, out);
      CHECK(out == as_tree(a, view));
    }
  }
}
