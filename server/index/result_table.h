// A list answer: named columns and rows of JSON values, written as a JSON array of objects or as
// CSV from the same rows (so the two formats cannot disagree).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace linklens::api {

using Json = nlohmann::ordered_json;

struct ResultTable {
  std::vector<std::string> columns;
  std::vector<std::vector<Json>> rows;

  Json to_json() const;  // [{column: value, ...}, ...]
  // Appends to_json()'s text as the API writes it (compact, bad UTF-8 replaced), without building
  // the array of objects first: a page of rows is the API's biggest answer.
  void append_json(std::string& out) const;
};

// Appends `text` as a JSON string, in the bytes Json::dump (bad UTF-8 replaced, no ASCII escaping)
// writes: printable ASCII without quotes or backslashes, most of an answer's text, is copied as
// it is.
void append_json_string(std::string_view text, std::string& out);
// Appends a JSON number as Json::dump writes a double (shortest round trip, "0.0" for zero), or
// null when there is none or it is not finite.
void append_json_number(std::optional<double> value, std::string& out);

// RFC 4180 CSV with a header row. Text that a spreadsheet would run as a formula (=, +, -, @ at
// the start: anchors come from hostile pages) is prefixed with an apostrophe.
std::string to_csv(const ResultTable& table);

// One page of a list and where the next one starts (none on the last page).
struct ResultPage {
  ResultTable table;
  std::optional<std::string> next_cursor;
};

}  // namespace linklens::api
