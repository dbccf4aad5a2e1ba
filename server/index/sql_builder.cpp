#include "index/sql_builder.h"

#include <cstdlib>

namespace linklens::api {

std::string sql_direction(const ListQuery& q) { return q.sort.descending ? " DESC" : " ASC"; }

std::string sql_keyset(const std::string& key, const std::string& tie, const ListQuery& q, bool tie_integer,
                       const SqlSyntax& syntax) {
  if (!q.after) return "1";
  const char* cmp = q.sort.descending ? "<" : ">";
  const std::string v = syntax.number(q.after->value);
  const std::string t = tie_integer
                            ? syntax.integer(static_cast<int64_t>(std::strtoll(q.after->tie.c_str(), nullptr, 10)))
                            : syntax.text(q.after->tie);
  return "(" + key + " " + cmp + " " + v + " OR (" + key + " = " + v + " AND " + tie + " " + cmp + " " + t + "))";
}

std::string sql_condition(const Condition& c, const std::string& e, const SqlSyntax& syntax) {
  auto value = [&](std::size_t i) { return c.numbers.empty() ? syntax.text(c.texts[i]) : syntax.number(c.numbers[i]); };
  switch (c.op) {
    case Op::kEq: return e + " = " + value(0);
    case Op::kNe: return syntax.not_equal(e, value(0));
    case Op::kIn: {
      std::string list;
      const std::size_t n = c.numbers.empty() ? c.texts.size() : c.numbers.size();
      for (std::size_t i = 0; i < n; ++i) {
        if (i) list += ", ";
        list += value(i);
      }
      return e + " IN (" + list + ")";
    }
    case Op::kContains: return syntax.contains(e, value(0));
    case Op::kPrefix: return syntax.starts_with(e, value(0));
    case Op::kGt: return e + " > " + value(0);
    case Op::kGte: return e + " >= " + value(0);
    case Op::kLt: return e + " < " + value(0);
    case Op::kLte: return e + " <= " + value(0);
    case Op::kIs: return syntax.is(e, c.flag);
  }
  return "1";
}

std::string sql_target_filter(const Target& t, const std::string& qualifier, const SqlSyntax& syntax) {
  const std::string host = qualifier + "target_host", url = qualifier + "target_url";
  std::string sql = qualifier + "scope = 'external' AND " + qualifier + "target_domain = " + syntax.text(t.domain);
  // A target URL without a scheme matches both; with one, that one only.
  const std::string http = "http://" + t.url_rest, https = "https://" + t.url_rest;
  const std::string p1 = t.scheme.empty() ? http : t.scheme + "://" + t.url_rest;
  const std::string p2 = t.scheme.empty() ? https : p1;
  switch (t.mode) {
    case TargetMode::kDomain: break;
    case TargetMode::kSubdomains: {
      const std::string h = syntax.text(t.host);
      sql += " AND (" + host + " = " + h + " OR " + syntax.ends_with(host, syntax.text("." + t.host)) + ")";
      break;
    }
    case TargetMode::kHost: sql += " AND " + host + " = " + syntax.text(t.host); break;
    case TargetMode::kPrefix:
      sql +=
          " AND (" + syntax.starts_with(url, syntax.text(p1)) + " OR " + syntax.starts_with(url, syntax.text(p2)) + ")";
      break;
    case TargetMode::kExact: sql += " AND " + url + " IN (" + syntax.text(p1) + ", " + syntax.text(p2) + ")"; break;
  }
  return sql;
}

}  // namespace linklens::api
