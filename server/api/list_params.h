// The parameters every list endpoint shares, parsed without touching the index (so they can be
// fuzzed on their own): limit, order_by with a keyset cursor, where, select and format.
//
//   limit     1..1000 (default 100)
//   order_by  KEY or KEY:asc / KEY:desc, from the endpoint's sort keys
//   cursor    the next_cursor of the previous page; it remembers the order it belongs to, so a
//             cursor from another order is a 400, not a silently wrong page
//   where     repeatable, one condition each: FIELD:OP:VALUE, OP one of eq ne in (VALUE a|b|c)
//             contains prefix gt gte lt lte is (VALUE true|false); everything after the second
//             colon is the value, so values may contain colons and commas
//   select    comma-separated field names
//   format    json (default) or csv
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "index/status.h"

namespace linklens::api {

using QueryParams = std::multimap<std::string, std::string>;

// The parameters of a request target's query string ("/v1/x?a=1&b=c%3Dd"): each pair split at its
// first '=' (a value keeps every '=' after it: "target=a'='1" is "a'='1"), '+' read as a space,
// %XX decoded (a malformed escape is kept as written); a pair without a name is dropped and the
// same pair twice counts once. cpp-httplib 0.11's own parser keeps only
// the text after a value's last '=', so the server reads the target with this one instead.
QueryParams parse_query_string(std::string_view target);

// Names every parameter of `params` that `allowed` does not list (one 400 naming them all).
Status check_known_parameters(const QueryParams& params, const std::vector<std::string>& allowed);

// The single value of `name` ("" when absent); a parameter given twice is a 400 unless repeatable.
Status single_value(const QueryParams& params, const std::string& name, std::string& value);

Status parse_limit(const QueryParams& params, int& limit, int default_limit = 100);
// A whole number from `low` to `high` (`value` keeps its default when the parameter is absent).
Status parse_whole(const QueryParams& params, const std::string& name, int low, int high, int& value);
Status parse_bool(const QueryParams& params, const std::string& name, bool& value);

enum class OutputFormat { kJson, kCsv };
Status parse_format(const QueryParams& params, OutputFormat& format);

struct SortKey {
  std::string name;
  bool descending_by_default = true;
};

struct Sort {
  std::string key;
  bool descending = true;
};
Status parse_order_by(const QueryParams& params, const std::vector<SortKey>& keys, Sort& sort);

// A keyset position: the sort value and the tie-breaker of the last row sent. Opaque to clients
// (base64url), and bound to the sort it came from.
struct Cursor {
  std::string key;
  bool descending = true;
  double value = 0;
  std::string tie;  // the unique tie-breaker of the row (an id or a name)
};
std::string encode_cursor(const Cursor& cursor);
Status parse_cursor(const QueryParams& params, const Sort& sort, std::optional<Cursor>& cursor);

enum class FieldType { kText, kInteger, kReal, kBool };

struct FieldSpec {
  std::string name;
  FieldType type;
  std::string description;
};

enum class Op { kEq, kNe, kIn, kContains, kPrefix, kGt, kGte, kLt, kLte, kIs };

struct Condition {
  std::string field;
  FieldType type = FieldType::kText;
  Op op = Op::kEq;
  std::vector<std::string> texts;  // eq/ne/in/contains/prefix on text
  std::vector<double> numbers;     // comparisons and eq/ne/in on numbers
  bool flag = false;               // is
};
Status parse_where(const QueryParams& params, const std::vector<FieldSpec>& fields, std::vector<Condition>& out);

// The selected fields, in the order asked; `defaults` when absent.
Status parse_select(const QueryParams& params, const std::vector<FieldSpec>& fields,
                    const std::vector<std::string>& defaults, std::vector<std::string>& out);

const FieldSpec* find_field(const std::vector<FieldSpec>& fields, std::string_view name);

}  // namespace linklens::api
