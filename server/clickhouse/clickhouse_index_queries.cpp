#include "clickhouse/clickhouse_index_queries.h"

#include "index/sql_builder.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "clickhouse/link_current.h"
#include "clickhouse/target_tables.h"
#include "index/status.h"
#include "linklens/public_suffix.h"

namespace linklens::api {
namespace {

using clickhouse::number;
using clickhouse::quote;
using clickhouse::quote_list;
using clickhouse::Rows;

// A cell as the SQLite implementation gives it: integers, reals, text, null.
Json cell(const Rows& r, std::size_t row, std::size_t column) {
  if (r.null(row, column)) return nullptr;
  std::string type = r.types[column];
  if (type.rfind("Nullable(", 0) == 0) type = type.substr(9, type.size() - 10);
  if (type.rfind("Int", 0) == 0 || type.rfind("UInt", 0) == 0) {
    if (type == "UInt64") return static_cast<int64_t>(std::stoull(r.text(row, column)));
    return r.integer(row, column);
  }
  if (type.rfind("Float", 0) == 0) return r.real(row, column);
  return r.text(row, column);
}

// "SELECT e0 AS n0, ... FROM (SELECT <aggregates> AS x0, ... FROM from WHERE where GROUP BY by)":
// ClickHouse resolves a SELECT's aliases everywhere in it, so an aggregate aliased with the
// name of a column it reads is an error; the inner level uses private names, the outer renames.
std::string grouped(const std::vector<std::pair<std::string, std::string>>& columns, const std::string& from,
                    const std::string& where, const std::string& by) {
  std::string inner, outer;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    inner += (i ? ", " : "") + columns[i].second + " AS x" + std::to_string(i);
    outer += (i ? ", " : "") + std::string("x") + std::to_string(i) + " AS " + columns[i].first;
  }
  return "SELECT " + outer + " FROM (SELECT " + inner + " FROM " + from + " WHERE " + where +
         (by.empty() ? "" : " GROUP BY " + by) + ")";
}

ResultPage collect_page(const Rows& r, const ListQuery& q, std::size_t visible,
                        const std::vector<FieldType>* types = nullptr) {
  ResultPage page;
  for (std::size_t i = 0; i < visible; ++i) page.table.columns.push_back(r.names[i]);
  Cursor last{q.sort.key, q.sort.descending, 0, ""};
  for (std::size_t row = 0; row < r.size(); ++row) {
    std::vector<Json> values;
    values.reserve(visible);
    for (std::size_t i = 0; i < visible; ++i) {
      Json v = cell(r, row, i);
      if (types && (*types)[i] == FieldType::kBool && v.is_number()) v = v.get<int64_t>() != 0;
      values.push_back(std::move(v));
    }
    page.table.rows.push_back(std::move(values));
    last.value = r.real(row, visible);
    last.tie = r.text(row, visible + 1);
  }
  if (static_cast<int>(page.table.rows.size()) == q.limit) page.next_cursor = encode_cursor(last);
  return page;
}

// Over links_view's columns (clickhouse_index.h): the ClickHouse column of the one field table.
const char* backlink_expression(const std::string& field) { return backlink_sql(field, SqlDialect::kClickHouse); }

// ClickHouse's spelling of the shared SQL (index/sql_builder.h): values as quoted literals.
const SqlSyntax& clickhouse_syntax() {
  static const SqlSyntax syntax = {
      [](const std::string& v) { return quote(v); },
      [](double v) { return number(v); },
      [](int64_t v) { return std::to_string(v); },
      [](const std::string& e, const std::string& v) { return "(isNull(" + e + ") OR " + e + " != " + v + ")"; },
      [](const std::string& e, const std::string& v) {
        return "positionCaseInsensitive(toString(" + e + "), " + v + ") > 0";
      },
      [](const std::string& e, const std::string& v) { return "startsWith(toString(" + e + "), " + v + ")"; },
      [](const std::string& e, const std::string& v) { return "endsWith(toString(" + e + "), " + v + ")"; },
      [](const std::string& e, bool flag) { return "(" + e + (flag ? ") != 0" : ") = 0"); }};
  return syntax;
}

std::string keyset(const std::string& key, const std::string& tie, const ListQuery& q, bool tie_integer) {
  return sql_keyset(key, tie, q, tie_integer, clickhouse_syntax());
}

std::string direction(const ListQuery& q) { return sql_direction(q); }

std::string condition_sql(const Condition& c, const std::string& e) { return sql_condition(c, e, clickhouse_syntax()); }

// "a,b" -> {"a", "b"}; "" -> {}.
std::vector<std::string> split_list(const std::string& text, char separator) {
  std::vector<std::string> out;
  if (text.empty()) return out;
  for (std::size_t start = 0;;) {
    const std::size_t end = text.find(separator, start);
    out.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) return out;
    start = end + 1;
  }
}

std::string replace_latest(std::string sql, uint32_t latest) {
  for (std::size_t at; (at = sql.find("{latest}")) != std::string::npos;) sql.replace(at, 8, std::to_string(latest));
  return sql;
}

}  // namespace

Status status_of(const clickhouse::Error& e) {
  if (e.timeout()) return {503, "query_timeout", "the query ran past this server's time budget"};
  if (e.unreachable()) return {503, "index_unavailable", "a shard of the index cannot be reached"};
  return {500, "internal", "the index could not answer"};  // never the cluster's message: it may name tables
}

ClickHouseIndexQueries::ClickHouseIndexQueries(clickhouse::ClickHouseIndex& index, int time_budget_ms)
    : ClickHouseIndexQueries(index, time_budget_ms, index.publication()) {}

ClickHouseIndexQueries::ClickHouseIndexQueries(clickhouse::ClickHouseIndex& index, int time_budget_ms,
                                               clickhouse::Publication publication)
    : index_(index), publication_(std::move(publication)) {
  settings_["max_execution_time"] = std::to_string(std::max(1, (time_budget_ms + 999) / 1000));
}

Rows ClickHouseIndexQueries::run(std::size_t shard, const std::string& sql, bool nullable_joins) {
  clickhouse::Settings s = settings_;
  if (nullable_joins) s["join_use_nulls"] = "1";
  return index_.node(shard).query(sql, s);  // a clickhouse::Error becomes a Status in read (status_of)
}

std::size_t ClickHouseIndexQueries::shard_of(const std::string& domain) { return index_.shards_of({domain})[0]; }

std::string ClickHouseIndexQueries::links_of(const Target& target, bool with_scores) const {
  // Backlinks come from other registrable domains: a domain's internal links (often more than
  // its backlinks) are left out before its links' events are grouped.
  if (publication_.links_rank != 0) return "link_current_local";  // target_condition selects the range
  const std::string condition =
      "target_domain = " + quote(target.domain) + " AND source_domain != " + quote(target.domain);
  return with_scores ? clickhouse::links_view(publication_, condition)
                     : "(" + clickhouse::link_state(publication_, condition) + ")";
}

bool ClickHouseIndexQueries::summarized(const Target& t) const {
  return publication_.links_rank != 0 && t.mode == TargetMode::kDomain;
}

std::string ClickHouseIndexQueries::summary_range(const Target& t) const {
  return clickhouse::link_current_range(publication_, t.domain);
}

std::string ClickHouseIndexQueries::summary_rows(const std::string& quoted_domains) const {
  return "rank = " + std::to_string(publication_.links_rank) + " AND target_domain IN (" + quoted_domains + ")";
}

std::string ClickHouseIndexQueries::target_condition(const Target& t) const {
  if (publication_.links_rank != 0) {
    return clickhouse::link_current_range(publication_, t.domain) + " AND " +
           sql_target_filter(t, "", clickhouse_syntax());
  }
  return sql_target_filter(t, "", clickhouse_syntax());
}

ResultPage ClickHouseIndexQueries::run_list(std::size_t shard, const std::string& base, const std::string& key,
                                            const std::string& tie, bool tie_integer, const ListQuery& q,
                                            std::size_t visible) {
  const std::string sql = "SELECT *, " + key + " AS k__, " + tie + " AS t__ FROM (" + base + ") WHERE " +
                          keyset("k__", "t__", q, tie_integer) + " ORDER BY k__" + direction(q) + ", t__" +
                          direction(q) + " LIMIT " + std::to_string(q.limit);
  return collect_page(run(shard, sql), q, visible);
}

bool ClickHouseIndexQueries::indexed(const Target& target) {
  const std::string d = quote(target.domain), runs = publication_.runs_sql();
  Rows r =
      run(shard_of(target.domain), "SELECT (SELECT count() FROM pages_local WHERE domain = " + d + " AND run IN (" +
                                       runs + ")) + (SELECT count() FROM link_events_local WHERE target_domain = " + d +
                                       " AND seen = 1 AND scope = 'external' AND run IN (" + runs + "))");
  return r.size() && r.integer(0, 0) > 0;
}

Overview ClickHouseIndexQueries::overview(const Target& target) {
  const std::size_t shard = shard_of(target.domain);
  const std::string d = quote(target.domain);
  std::vector<int64_t> v(20, 0);
  std::vector<std::pair<std::string, int64_t>> classes;  // live anchor classes, in answer order
  bool indexed_now = false;
  double score = 0;
  if (summarized(target)) {
    // One round trip: the pages count (indexed), the score and the target's summary row as one
    // text "counts|classes|class backlinks", each list comma-separated (numbers, and anchor class
    // names, which are the enum's own). any() of no rows gives empty lists: a domain without
    // backlinks counts zeros.
    auto joined = [](const std::string& array, bool numbers) {
      return "arrayStringConcat(" +
             (numbers ? "arrayMap(x -> toString(x), any(" + array + "))" : "any(" + array + ")") + ", ',')";
    };
    Rows r =
        run(shard,
            "SELECT (SELECT count() FROM pages_local WHERE domain = " + d + " AND run IN (" + publication_.runs_sql() +
                ")), (SELECT any(score) FROM domain_authority_local WHERE rank = " + std::to_string(publication_.rank) +
                " AND domain = " + d + "), (SELECT concat(" + joined("counts", true) + ", '|', " +
                joined("anchor_classes", false) + ", '|', " + joined("anchor_class_backlinks", true) +
                ") FROM target_summary_local WHERE " + summary_range(target) + ")");
    const std::vector<std::string> parts = split_list(r.text(0, 2), '|');
    if (parts.size() != 3) throw clickhouse::Error(0, "a target summary that is not three lists: " + r.text(0, 2));
    const std::vector<std::string> counts = split_list(parts[0], ',');
    for (std::size_t i = 0; i < 20 && i < counts.size(); ++i) v[i] = std::stoll(counts[i]);
    indexed_now = r.integer(0, 0) > 0 || v[0] > 0;
    score = r.real(0, 1);
    const std::vector<std::string> names = split_list(parts[1], ','), numbers = split_list(parts[2], ',');
    for (std::size_t i = 0; i < names.size() && i < numbers.size(); ++i)
      classes.emplace_back(names[i], std::stoll(numbers[i]));
    // As the query over links orders them: most backlinks first, then by name.
    std::sort(classes.begin(), classes.end(), [](const auto& a, const auto& b) {
      return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
  } else {
    indexed_now = indexed(target);
    Rows s = run(shard, "SELECT score FROM domain_authority_local WHERE rank = " + std::to_string(publication_.rank) +
                            " AND domain = " + d);
    score = s.size() ? s.real(0, 0) : 0.0;
    Rows r = run(shard, "SELECT " + clickhouse::overview_counts_sql(publication_.latest_snapshot) + " FROM " +
                            links_of(target) + " WHERE " + target_condition(target));
    for (std::size_t i = 0; i < 20 && r.size(); ++i) v[i] = r.integer(0, i);
    Rows c = run(shard, grouped({{"anchor_class", "anchor_class"}, {"backlinks", "count()"}}, links_of(target),
                                target_condition(target) + " AND lost_in = 0", "anchor_class") +
                            " ORDER BY backlinks DESC, anchor_class");
    for (std::size_t i = 0; i < c.size(); ++i) classes.emplace_back(c.text(i, 0), c.integer(i, 1));
  }
  Overview out;
  out.target = target.input;
  out.mode = to_string(target.mode);
  out.domain = target.domain;
  out.indexed = indexed_now;
  out.index_score = score;
  out.counts.assign(v.begin(), v.begin() + 18);
  // SQLite's domain_changes has no row for a domain without backlinks: zeros either way.
  out.snapshot = static_cast<int64_t>(publication_.latest_snapshot);
  out.new_backlinks = v[18];
  out.lost_backlinks = v[19];
  out.anchor_classes = std::move(classes);
  add_top_lists(*this, target, out);
  return out;
}

ResultPage ClickHouseIndexQueries::backlinks(const BacklinkQuery& q) {
  std::string columns;
  std::vector<FieldType> types;
  for (std::size_t i = 0; i < q.select.size(); ++i) {
    columns += std::string(backlink_expression(q.select[i])) + " AS c" + std::to_string(i) + "__, ";
    types.push_back(find_field(backlink_fields(), q.select[i])->type);
  }
  const std::string key = q.sort.key == "first_seen"  ? "first_seen"
                          : q.sort.key == "last_seen" ? "last_seen"
                                                      : "source_authority";
  std::string where = target_condition(q.target);
  for (const auto& c : q.where) where += " AND " + condition_sql(c, backlink_expression(c.field));
  const std::string dir = direction(q);
  std::string sql;
  if (!q.one_per_domain && publication_.links_rank != 0) {
    // The page's ids first, from the sort key and the filters' columns alone; then every selected
    // column of those rows only (PREWHERE: the other columns of a big domain's rows are not read).
    const std::string page_ids = "SELECT id FROM " + links_of(q.target) + " WHERE " + where + " AND " +
                                 keyset(key, "id", q, true) + " ORDER BY " + key + dir + ", id" + dir + " LIMIT " +
                                 std::to_string(q.limit);
    sql = "SELECT " + columns + key + " AS k__, id AS t__ FROM " + links_of(q.target) + " PREWHERE id IN (" + page_ids +
          ") WHERE " + where + " ORDER BY k__" + dir + ", t__" + dir + " LIMIT " + std::to_string(q.limit);
  } else if (!q.one_per_domain) {
    sql = "SELECT " + columns + key + " AS k__, id AS t__ FROM " + links_of(q.target, true) + " WHERE " + where +
          " AND " + keyset(key, "id", q, true) + " ORDER BY k__" + dir + ", t__" + dir + " LIMIT " +
          std::to_string(q.limit);
  } else {
    // The best link of each referring domain under the chosen order (LIMIT 1 BY: 18.16 has no
    // window functions), then the page of domains.
    sql = "SELECT * FROM (SELECT " + columns + key + " AS k__, id AS t__ FROM " + links_of(q.target, true) + " WHERE " +
          where + " ORDER BY k__" + dir + ", t__" + dir + " LIMIT 1 BY source_domain) WHERE " +
          keyset("k__", "t__", q, true) + " ORDER BY k__" + dir + ", t__" + dir + " LIMIT " + std::to_string(q.limit);
  }
  Rows r = run(shard_of(q.target.domain), replace_latest(sql, publication_.latest_snapshot));
  for (std::size_t i = 0; i < q.select.size(); ++i) r.names[i] = q.select[i];
  return collect_page(r, q, q.select.size(), &types);
}

ResultPage ClickHouseIndexQueries::refdomains(const ListQuery& q) {
  const std::string base =
      summarized(q.target)
          ? "SELECT source_domain AS domain, authority, backlinks, live_backlinks, follow_backlinks, first_seen,"
            " last_seen FROM refdomain_current_local WHERE " +
                summary_range(q.target)
          : grouped({{"domain", "source_domain"},
                     {"authority", "any(source_domain_authority)"},
                     {"backlinks", "count()"},
                     {"live_backlinks", "countIf(lost_in = 0)"},
                     {"follow_backlinks", "countIf(lost_in = 0 AND effective_follow = 'follow')"},
                     {"first_seen", "min(first_seen)"},
                     {"last_seen", "max(last_seen)"}},
                    links_of(q.target, true), target_condition(q.target), "source_domain");
  return run_list(shard_of(q.target.domain), base, q.sort.key, "domain", false, q, 7);
}

ResultPage ClickHouseIndexQueries::anchors(const ListQuery& q) {
  // Per case-folded key (anchor_key), shown in its most common spelling: the spelling with the
  // most links, a tie to the one last in byte order (SQLite's linklens_most_common).
  const std::string spellings =
      "(SELECT anchor_key, anchor, count() AS n__, uniqExactState(source_domain) AS d__,"
      " countIf(effective_follow = 'follow') AS f__ FROM " +
      links_of(q.target) + " WHERE " + target_condition(q.target) + " AND lost_in = 0 GROUP BY anchor_key, anchor)";
  const std::string base =
      summarized(q.target)
          ? "SELECT anchor, backlinks, referring_domains, follow_backlinks FROM anchor_current_local WHERE " +
                summary_range(q.target)
          : grouped({{"anchor", "argMax(anchor, (n__, anchor))"},
                     {"backlinks", "sum(n__)"},
                     {"referring_domains", "uniqExactMerge(d__)"},
                     {"follow_backlinks", "sum(f__)"}},
                    spellings, "1", "anchor_key");
  return run_list(shard_of(q.target.domain), base, q.sort.key, "anchor", false, q, 4);
}

std::vector<std::pair<std::string, double>> ClickHouseIndexQueries::refdomain_scores(const Target& target) {
  Rows r = run(shard_of(target.domain),
               summarized(target)
                   ? "SELECT source_domain, authority FROM refdomain_current_local WHERE " + summary_range(target)
                   : grouped({{"domain", "source_domain"}, {"authority", "any(source_domain_authority)"}},
                             links_of(target, true), target_condition(target), "source_domain"));
  std::vector<std::pair<std::string, double>> out;
  for (std::size_t i = 0; i < r.size(); ++i) out.emplace_back(r.text(i, 0), r.real(i, 1));
  return out;
}

ResultTable ClickHouseIndexQueries::tlds(const Target& target) {
  // The public suffix ("co.uk"), from Linklens's own list as the SQLite function: ClickHouse's
  // built-in top-level-domain list is another list.
  Rows r = run(shard_of(target.domain),
               summarized(target)
                   ? "SELECT source_domain, backlinks FROM refdomain_current_local WHERE " + summary_range(target)
                   : grouped({{"domain", "source_domain"}, {"backlinks", "count()"}}, links_of(target),
                             target_condition(target), "source_domain"));
  std::map<std::string, std::pair<int64_t, int64_t>> by_suffix;
  for (std::size_t i = 0; i < r.size(); ++i) {
    auto& counts = by_suffix[PublicSuffixList::builtin().public_suffix(r.text(i, 0))];
    counts.first += 1;
    counts.second += r.integer(i, 1);
  }
  std::vector<std::pair<std::string, std::pair<int64_t, int64_t>>> rows(by_suffix.begin(), by_suffix.end());
  std::stable_sort(rows.begin(), rows.end(),
                   [](const auto& a, const auto& b) { return a.second.first > b.second.first; });
  ResultTable t{{"tld", "referring_domains", "backlinks"}, {}};
  for (const auto& [tld, counts] : rows) t.rows.push_back({tld, counts.first, counts.second});
  return t;
}

ResultTable ClickHouseIndexQueries::countries(const Target& target) {
  // Each referring domain in one country (assign_countries), as SQLite's countries table.
  Rows r = run(shard_of(target.domain),
               summarized(target)
                   ? "SELECT source_domain, c, n FROM refdomain_current_local ARRAY JOIN countries AS c, country_links "
                     "AS n WHERE " +
                         summary_range(target)
                   : grouped({{"domain", "source_domain"},
                              {"country", "if(source_country = '', 'unknown', source_country)"},
                              {"links", "count()"}},
                             links_of(target), target_condition(target), "source_domain, x1"));
  std::vector<DomainCountry> rows;
  for (std::size_t i = 0; i < r.size(); ++i) rows.push_back({r.text(i, 0), r.text(i, 1), r.integer(i, 2)});
  return assign_countries(rows);
}

ResultPage ClickHouseIndexQueries::refips(const ListQuery& q, bool by_subnet) {
  const std::string domains = "arrayStringConcat(arraySort(groupUniqArray(source_domain)), ',')";
  const std::string base =
      by_subnet ? grouped({{"subnet", "source_subnet"},
                           {"ips", "uniqExact(source_ip)"},
                           {"referring_domains", "uniqExact(source_domain)"},
                           {"backlinks", "count()"},
                           {"domains", domains}},
                          links_of(q.target), target_condition(q.target) + " AND source_subnet != ''", "source_subnet")
                : grouped({{"ip", "source_ip"},
                           {"subnet", "min(source_subnet)"},
                           {"referring_domains", "uniqExact(source_domain)"},
                           {"backlinks", "count()"},
                           {"domains", domains}},
                          links_of(q.target), target_condition(q.target) + " AND source_ip != ''", "source_ip");
  ResultPage page = run_list(shard_of(q.target.domain), base, q.sort.key, by_subnet ? "subnet" : "ip", false, q, 5);
  split_domain_lists(page);
  return page;
}

ResultPage ClickHouseIndexQueries::target_pages(const ListQuery& q, bool broken_first) {
  // The target page's status from its latest crawl (pages of the domain are on this shard).
  const std::string counts = grouped({{"url", "target_url"},
                                      {"backlinks", "count()"},
                                      {"referring_domains", "uniqExact(source_domain)"},
                                      {"follow_backlinks", "countIf(lost_in = 0 AND effective_follow = 'follow')"}},
                                     links_of(q.target), target_condition(q.target), "target_url");
  const std::string statuses =
      "SELECT url, argMax(status, version) AS http_status FROM pages_local WHERE domain = " + quote(q.target.domain) +
      " AND run IN (" + publication_.runs_sql() + ") GROUP BY url";
  const std::string lift = broken_first ? "if(ifNull(http_status, 0) >= 400, 1e15, 0)" : "0";
  const std::string sql = "SELECT url, http_status, backlinks, referring_domains, follow_backlinks, " + lift + " + " +
                          q.sort.key + " AS k__, url AS t__ FROM (" + counts + ") ANY LEFT JOIN (" + statuses +
                          ") USING url WHERE " + keyset("k__", "t__", q, false) + " ORDER BY k__" + direction(q) +
                          ", t__" + direction(q) + " LIMIT " + std::to_string(q.limit);
  Rows r = run(shard_of(q.target.domain), sql, /*nullable_joins=*/true);
  return collect_page(r, q, 5);
}

ResultTable ClickHouseIndexQueries::history(const Target& target) {
  ResultTable t{{"snapshot", "name", "committed_at", "new_backlinks", "lost_backlinks", "new_referring_domains",
                 "lost_referring_domains"},
                {}};
  Rows s = run(0, "SELECT id, any(name), max(committed_at) FROM snapshots WHERE committed_at != '' AND run IN (" +
                      publication_.runs_sql() + ") GROUP BY id ORDER BY id");
  const std::string from = links_of(target), where = target_condition(target);
  // Per snapshot: links first seen, links lost; referring domains first seen, and lost (every
  // link of the domain lost, the domain lost in the last of those snapshots).
  Rows c = run(shard_of(target.domain),
               "SELECT 0, first_seen, count() FROM " + from + " WHERE " + where +
                   " GROUP BY first_seen"
                   " UNION ALL SELECT 1, lost_in, count() FROM " +
                   from + " WHERE " + where +
                   " AND lost_in != 0 GROUP BY lost_in"
                   " UNION ALL SELECT 2, f, count() FROM (" +
                   grouped({{"f", "min(first_seen)"}}, from, where, "source_domain") +
                   ") GROUP BY f"
                   " UNION ALL SELECT 3, l, count() FROM (" +
                   grouped({{"l", "if(countIf(lost_in = 0) = 0, max(lost_in), 0)"}}, from, where, "source_domain") +
                   ") WHERE l != 0 GROUP BY l");
  std::map<std::pair<int64_t, int64_t>, int64_t> counts;
  for (std::size_t i = 0; i < c.size(); ++i) counts[{c.integer(i, 0), c.integer(i, 1)}] = c.integer(i, 2);
  auto at = [&](int64_t kind, int64_t snapshot) {
    auto it = counts.find({kind, snapshot});
    return it == counts.end() ? int64_t{0} : it->second;
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    const int64_t id = s.integer(i, 0);
    t.rows.push_back({id, s.text(i, 1), s.text(i, 2), at(0, id), at(1, id), at(2, id), at(3, id)});
  }
  return t;
}

ResultTable ClickHouseIndexQueries::authority_distribution(const Target& target, int width) {
  std::vector<double> authorities;
  for (const auto& [domain, authority] : refdomain_scores(target)) authorities.push_back(authority);
  return authority_buckets(authorities, width);
}

std::vector<AuthorityAnswer> ClickHouseIndexQueries::authority(const std::vector<std::string>& inputs) {
  std::vector<AuthorityAnswer> out(inputs.size());
  std::vector<std::string> domains;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    out[i].input = inputs[i];
    Target t;
    if (parse_target(inputs[i], "domain", t).ok()) {
      out[i].valid = true;
      out[i].domain = t.domain;
      out[i].under_private_suffix = t.under_private_suffix;
      domains.push_back(t.domain);
    }
  }
  std::sort(domains.begin(), domains.end());
  domains.erase(std::unique(domains.begin(), domains.end()), domains.end());
  if (domains.empty()) return out;
  struct Found {
    double score = 0;
    int64_t referring = 0, backlinks = 0;
    bool indexed = false;
  };
  std::map<std::string, Found> found;
  const std::vector<std::size_t> shards = index_.shards_of(domains);
  std::map<std::size_t, std::vector<std::string>> by_shard;
  for (std::size_t i = 0; i < domains.size(); ++i) by_shard[shards[i]].push_back(domains[i]);
  {
    Rows a =
        run(0, "SELECT domain, score FROM domain_authority_local WHERE rank = " + std::to_string(publication_.rank) +
                   " AND domain IN (" + quote_list(domains) + ")");
    for (std::size_t i = 0; i < a.size(); ++i) {
      found[a.text(i, 0)].score = a.real(i, 1);
      found[a.text(i, 0)].indexed = true;
    }
  }
  for (const auto& [shard, names] : by_shard) {
    const std::string list = quote_list(names);
    // Referring domains and backlinks are the overview's fourth and first counts.
    Rows o = run(
        shard, publication_.links_rank != 0
                   ? "SELECT target_domain, counts[4], counts[1] FROM target_summary_local WHERE " + summary_rows(list)
                   : grouped({{"domain", "target_domain"},
                              {"referring_domains", "uniqExact(source_domain)"},
                              {"backlinks", "count()"}},
                             "(" + clickhouse::link_state(publication_, "target_domain IN (" + list + ")") + ")",
                             "scope = 'external'", "target_domain"));
    for (std::size_t i = 0; i < o.size(); ++i) {
      Found& f = found[o.text(i, 0)];
      f.referring = o.integer(i, 1);
      f.backlinks = o.integer(i, 2);
      f.indexed = true;
    }
    Rows p = run(shard, "SELECT DISTINCT domain FROM pages_local WHERE run IN (" + publication_.runs_sql() +
                            ") AND domain IN (" + list + ")");
    for (std::size_t i = 0; i < p.size(); ++i) found[p.text(i, 0)].indexed = true;
  }
  for (auto& a : out) {
    if (!a.valid) continue;
    auto it = found.find(a.domain);
    if (it == found.end()) continue;
    a.indexed = it->second.indexed;
    a.authority_score = it->second.score;
    a.referring_domains = it->second.referring;
    a.backlinks = it->second.backlinks;
  }
  return out;
}

std::vector<audit::Backlink> ClickHouseIndexQueries::audit_backlinks(const std::string& domain) {
  Target t;
  t.domain = domain;
  t.mode = TargetMode::kDomain;
  Rows r =
      run(shard_of(domain),
          "SELECT id, source_url, source_domain, source_subnet, target_url, anchor, anchor_class, placement, follow,"
          " source_domain_authority, source_external, source_status, hidden, source_title, context FROM " +
              links_of(t, true) + " WHERE " + target_condition(t) + " AND lost_in = 0 ORDER BY id");
  std::vector<audit::Backlink> out;
  std::set<std::string> sources;
  for (std::size_t i = 0; i < r.size(); ++i) {
    audit::Backlink b;
    b.id = static_cast<int64_t>(std::stoull(r.text(i, 0)));
    b.source_url = r.text(i, 1);
    b.source_domain = r.text(i, 2);
    b.source_subnet = r.text(i, 3);
    b.target_url = r.text(i, 4);
    b.anchor = r.text(i, 5);
    b.anchor_class = r.text(i, 6);
    b.placement = r.text(i, 7);
    b.follow = r.text(i, 8);
    b.source_domain_authority = r.real(i, 9);
    b.source_page_links = static_cast<uint32_t>(r.integer(i, 10));
    b.source_status = static_cast<int>(r.integer(i, 11));
    b.hidden = r.integer(i, 12) != 0;
    b.source_title = r.text(i, 13);
    b.context = r.text(i, 14);
    sources.insert(b.source_domain);
    out.push_back(std::move(b));
  }
  if (out.empty()) return out;
  // The linking domains' own referring domains, and whether the target links back to them: their
  // backlinks are on their own shards.
  std::vector<std::string> names(sources.begin(), sources.end());
  const std::vector<std::size_t> shards = index_.shards_of(names);
  std::map<std::size_t, std::vector<std::string>> by_shard;
  for (std::size_t i = 0; i < names.size(); ++i) by_shard[shards[i]].push_back(names[i]);
  std::map<std::string, int64_t> referring;
  std::set<std::string> linked_back;
  for (const auto& [shard, list] : by_shard) {
    Rows c, b;
    if (publication_.links_rank != 0) {
      c = run(shard,
              "SELECT target_domain, counts[4] FROM target_summary_local WHERE " + summary_rows(quote_list(list)));
      b = run(shard, "SELECT DISTINCT target_domain FROM refdomain_current_local WHERE " +
                         summary_rows(quote_list(list)) + " AND source_domain = " + quote(domain) +
                         " AND live_backlinks > 0");
    } else {
      const std::string state =
          "(" + clickhouse::link_state(publication_, "target_domain IN (" + quote_list(list) + ")") + ")";
      c = run(shard, grouped({{"domain", "target_domain"}, {"n", "uniqExact(source_domain)"}}, state,
                             "scope = 'external'", "target_domain"));
      b = run(shard, "SELECT DISTINCT target_domain FROM " + state + " WHERE source_domain = " + quote(domain) +
                         " AND lost_in = 0");
    }
    for (std::size_t i = 0; i < c.size(); ++i) referring[c.text(i, 0)] = c.integer(i, 1);
    for (std::size_t i = 0; i < b.size(); ++i) linked_back.insert(b.text(i, 0));
  }
  for (auto& b : out) {
    auto it = referring.find(b.source_domain);
    b.source_referring_domains = it == referring.end() ? 0 : it->second;
    b.target_links_back = linked_back.count(b.source_domain) > 0;
  }
  return out;
}

std::vector<AuditPage> ClickHouseIndexQueries::audit_target_pages(const std::string& domain) {
  // Each page as of its latest crawl; the domain's pages are on its shard. The order and the
  // limit are SQLite's (load_target_pages), so both backends read the same pages.
  Rows r = run(shard_of(domain),
               "SELECT url, title, site_name, application_name FROM (SELECT url, argMax(status, version) AS s,"
               " argMax(title, version) AS title, argMax(site_name, version) AS site_name,"
               " argMax(application_name, version) AS application_name FROM pages_local WHERE domain = " +
                   quote(domain) + " AND run IN (" + publication_.runs_sql() +
                   ") GROUP BY url) WHERE s >= 200 AND s <= 299 ORDER BY length(url), url LIMIT 200");
  std::vector<AuditPage> out;
  for (std::size_t i = 0; i < r.size(); ++i) out.push_back({r.text(i, 0), r.text(i, 1), r.text(i, 2), r.text(i, 3)});
  return out;
}

std::map<std::string, int64_t> ClickHouseIndexQueries::subnet_domains(const std::vector<std::string>& subnets) {
  std::map<std::string, int64_t> out;
  if (subnets.empty()) return out;
  // Pages are placed by domain, so each shard's domains are its own: the counts add up.
  for (std::size_t shard = 0; shard < index_.shards(); ++shard) {
    // Each page as of its latest crawl (SQLite keeps one row per URL): a site that moved counts
    // on its new /24 only.
    const std::string runs = publication_.runs_sql(), wanted = quote_list(subnets);
    Rows r = run(shard,
                 "SELECT s, uniqExact(d) FROM (SELECT url, argMax(subnet, version) AS s, any(domain) AS d"
                 " FROM pages_local WHERE run IN (" +
                     runs + ") AND url IN (SELECT url FROM pages_local WHERE run IN (" + runs + ") AND subnet IN (" +
                     wanted + ")) GROUP BY url) WHERE s IN (" + wanted + ") GROUP BY s");
    for (std::size_t i = 0; i < r.size(); ++i) out[r.text(i, 0)] += r.integer(i, 1);
  }
  for (const auto& s : subnets) out.emplace(s, 0);
  return out;
}

std::set<std::pair<std::string, std::string>> ClickHouseIndexQueries::links_among(
    const std::vector<std::string>& domains) {
  std::set<std::pair<std::string, std::string>> out;
  if (domains.empty()) return out;
  const std::vector<std::size_t> shards = index_.shards_of(domains);
  std::map<std::size_t, std::vector<std::string>> by_shard;
  for (std::size_t i = 0; i < domains.size(); ++i) by_shard[shards[i]].push_back(domains[i]);
  for (const auto& [shard, targets] : by_shard) {
    Rows r =
        publication_.links_rank != 0
            ? run(shard, "SELECT source_domain, target_domain FROM refdomain_current_local WHERE " +
                             summary_rows(quote_list(targets)) + " AND source_domain IN (" + quote_list(domains) +
                             ") AND live_backlinks > 0")
            : run(shard, "SELECT DISTINCT source_domain, target_domain FROM (" +
                             clickhouse::link_state(publication_, "target_domain IN (" + quote_list(targets) + ")") +
                             ") WHERE source_domain IN (" + quote_list(domains) +
                             ") AND scope = 'external' AND lost_in = 0");
    for (std::size_t i = 0; i < r.size(); ++i) out.emplace(r.text(i, 0), r.text(i, 1));
  }
  return out;
}

audit::History ClickHouseIndexQueries::audit_history(const std::string& domain) {
  Target t;
  t.domain = domain;
  t.mode = TargetMode::kDomain;
  audit::History h;
  for (const auto& row : history(t).rows)
    h.new_referring_domains.emplace_back(row[0].get<int64_t>(), row[5].get<int64_t>());
  return h;
}

disavow::File ClickHouseIndexQueries::disavowed(const std::string& domain) {
  auto files = index_.disavow_files(publication_, domain);
  return files.count(domain) ? files[domain] : disavow::File{};
}

gap::Result ClickHouseIndexQueries::gap(const std::vector<std::string>& domains) {
  std::vector<std::vector<gap::Link>> per_target(domains.size());
  std::unordered_map<std::string, double> authority;
  for (std::size_t i = 0; i < domains.size(); ++i) {
    Target t;
    t.domain = domains[i];
    t.mode = TargetMode::kDomain;
    Rows r = run(shard_of(domains[i]),
                 summarized(t) ? "SELECT source_domain, live_backlinks, authority FROM refdomain_current_local WHERE " +
                                     summary_range(t) + " AND live_backlinks > 0"
                               : grouped({{"domain", "source_domain"},
                                          {"live", "countIf(lost_in = 0)"},
                                          {"authority", "any(source_domain_authority)"}},
                                         links_of(t, true), target_condition(t), "source_domain") +
                                     " WHERE live > 0");
    for (std::size_t k = 0; k < r.size(); ++k) {
      const std::string d = r.text(k, 0);
      // A target is not a prospect for another: links between the compared sites are left out.
      if (std::find(domains.begin(), domains.end(), d) != domains.end()) continue;
      authority[d] = r.real(k, 2);
      per_target[i].push_back({d, r.integer(k, 1)});
    }
  }
  return gap::compute(per_target, authority);
}

}  // namespace linklens::api

namespace linklens::api {

std::vector<SnapshotInfo> ClickHouseIndexQueries::snapshots() {
  Rows s = run(0, "SELECT id, any(name), max(committed_at) FROM snapshots WHERE committed_at != '' AND run IN (" +
                      publication_.runs_sql() + ") GROUP BY id ORDER BY id");
  std::vector<SnapshotInfo> out;
  for (std::size_t i = 0; i < s.size(); ++i) out.push_back({s.integer(i, 0), s.text(i, 1), s.text(i, 2)});
  return out;
}

Comparison ClickHouseIndexQueries::compare(const Target& target, int64_t from, int64_t to, int limit) {
  Comparison c;
  c.from = from;
  c.to = to;
  auto alive = [](int64_t at) {
    const std::string x = std::to_string(at);
    return "(first_seen <= " + x + " AND (lost_in = 0 OR lost_in > " + x + "))";
  };
  const std::size_t shard = shard_of(target.domain);
  const std::string changed = target_condition(target) + " AND " + alive(from) + " != " + alive(to);
  Rows counts = run(shard, "SELECT countIf(" + alive(to) + "), countIf(" + alive(from) + ") FROM " + links_of(target) +
                               " WHERE " + changed);
  if (counts.size() == 1) {
    c.gained_links = counts.integer(0, 0);
    c.lost_links = counts.integer(0, 1);
  }
  for (const bool gained : {true, false}) {
    Rows r =
        run(shard,
            "SELECT source_url, source_domain, target_url, anchor, follow, kind, first_seen, lost_in,"
            " source_status, source_authority FROM " +
                links_of(target, true) + " WHERE " + changed + " AND " + alive(gained ? to : from) +
                " ORDER BY source_authority DESC, source_url, target_url, anchor, kind LIMIT " + std::to_string(limit));
    auto& list = gained ? c.gained : c.lost;
    for (std::size_t i = 0; i < r.size(); ++i) {
      list.push_back({r.text(i, 0), r.text(i, 1), r.text(i, 2), r.text(i, 3), r.text(i, 4), r.text(i, 5),
                      r.integer(i, 6), r.integer(i, 7), static_cast<int>(r.integer(i, 8)), r.real(i, 9)});
    }
  }
  Rows d = run(shard, grouped({{"domain", "source_domain"},
                               {"at_from", "max(" + alive(from) + ")"},
                               {"at_to", "max(" + alive(to) + ")"}},
                              links_of(target), target_condition(target), "source_domain") +
                          " WHERE at_from != at_to ORDER BY domain");
  for (std::size_t i = 0; i < d.size(); ++i)
    (d.integer(i, 2) ? c.gained_domains : c.lost_domains).push_back(d.text(i, 0));
  Rows a = run(shard, grouped({{"anchor", "max(anchor)"},
                               {"gained", "countIf(" + alive(to) + ")"},
                               {"lost", "countIf(" + alive(from) + ")"}},
                              links_of(target), changed, "anchor_key") +
                          " ORDER BY gained + lost DESC, anchor LIMIT 100");
  for (std::size_t i = 0; i < a.size(); ++i) c.anchors.push_back({a.text(i, 0), a.integer(i, 1), a.integer(i, 2)});
  return c;
}

}  // namespace linklens::api
