// The API's hand-written JSON (index/result_table.h, index/overview.h) against nlohmann's dump of
// the same values: answers written straight into text must keep the bytes the JSON tree wrote.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "index/result_table.h"

using linklens::api::append_json_string;
using linklens::api::Json;
using linklens::api::ResultTable;

namespace {

std::string dumped(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

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
