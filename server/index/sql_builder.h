// The SQL both backends build the same way, with each dialect's few differences named: the order
// of a list, the keyset condition after a cursor, a `where` condition and a target. One implementation of
// paging and filtering; a backend supplies its SqlSyntax (how values enter its SQL, and its
// spelling of not-equal, contains, prefix and a boolean test).
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "index/index_queries.h"

namespace linklens::api {

struct SqlSyntax {
  // A value as SQL: a bound parameter's name (SQLite) or a quoted literal (ClickHouse).
  std::function<std::string(const std::string&)> text;
  std::function<std::string(double)> number;
  std::function<std::string(int64_t)> integer;
  // The dialect's lines, over an expression `e` and a value `v` already in SQL.
  std::string (*not_equal)(const std::string& e, const std::string& v);  // NULL counts as not equal
  std::string (*contains)(const std::string& e, const std::string& v);   // ASCII case-insensitive
  std::string (*starts_with)(const std::string& e, const std::string& v);
  std::string (*ends_with)(const std::string& e, const std::string& v);
  std::string (*is)(const std::string& e, bool flag);
};

// " ASC" or " DESC".
std::string sql_direction(const ListQuery& q);
// The rows after q's cursor in its order (key, then the tie-breaker): "1" without a cursor.
std::string sql_keyset(const std::string& key, const std::string& tie, const ListQuery& q, bool tie_integer,
                       const SqlSyntax& syntax);
// A `where` condition over the field's expression.
std::string sql_condition(const Condition& c, const std::string& expression, const SqlSyntax& syntax);
// The links a target has as backlinks: external links (to another registrable domain, as in
// every backlink tool) to its domain, narrowed by its mode. `qualifier` is the link table's
// alias with its dot ("l.") or "".
std::string sql_target_filter(const Target& t, const std::string& qualifier, const SqlSyntax& syntax);

}  // namespace linklens::api
