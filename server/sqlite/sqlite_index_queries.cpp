#include "sqlite/sqlite_index_queries.h"

#include <algorithm>
#include <map>
#include <variant>

#include "index/sql_builder.h"
#include "sqlite/sqlite_audit_reads.h"
#include "sqlite/sqlite_statement.h"

namespace linklens::api {
namespace {

// Values for a statement, collected while its SQL is written: every client value is bound, never
// spliced into the SQL text.
class Bindings {
 public:
  std::string add(std::variant<std::string, double, int64_t> value) {
    std::string name = ":b" + std::to_string(values_.size());
    values_.emplace_back(name, std::move(value));
    return name;
  }
  void apply(SqliteStatement& s) const {
    for (const auto& [name, value] : values_) {
      if (auto* t = std::get_if<std::string>(&value))
        s.bind(name.c_str(), *t);
      else if (auto* d = std::get_if<double>(&value))
        s.bind(name.c_str(), *d);
      else
        s.bind_int(name.c_str(), std::get<int64_t>(value));
    }
  }

 private:
  std::vector<std::pair<std::string, std::variant<std::string, double, int64_t>>> values_;
};

// SQLite's spelling of the shared SQL (index/sql_builder.h): values as bound parameters.
SqlSyntax sqlite_syntax(Bindings& b) {
  return {[&b](const std::string& v) { return b.add(v); },
          [&b](double v) { return b.add(v); },
          [&b](int64_t v) { return b.add(v); },
          [](const std::string& e, const std::string& v) { return "(" + e + " IS NULL OR " + e + " <> " + v + ")"; },
          [](const std::string& e, const std::string& v) { return "instr(lower(" + e + "), lower(" + v + ")) > 0"; },
          [](const std::string& e, const std::string& v) { return "substr(" + e + ", 1, length(" + v + ")) = " + v; },
          [](const std::string& e, const std::string& v) { return "substr(" + e + ", -length(" + v + ")) = " + v; },
          [](const std::string& e, bool flag) { return std::string(flag ? "" : "NOT ") + e; }};
}

std::string target_filter(const Target& t, Bindings& b) { return sql_target_filter(t, "l.", sqlite_syntax(b)); }

std::string keyset(const std::string& key, const std::string& tie, const ListQuery& q, bool tie_integer, Bindings& b) {
  return sql_keyset(key, tie, q, tie_integer, sqlite_syntax(b));
}

std::string direction(const ListQuery& q) { return sql_direction(q); }

// Runs a statement whose last two columns are the sort key and the tie-breaker, and makes the
// page: the visible columns and the cursor after its last row.
ResultPage collect_page(SqliteStatement& s, const ListQuery& q, int visible,
                        const std::vector<FieldType>* types = nullptr) {
  ResultPage page;
  for (int i = 0; i < visible; ++i) page.table.columns.push_back(s.column_name(i));
  Cursor last{q.sort.key, q.sort.descending, 0, ""};
  while (s.step()) {
    std::vector<Json> row;
    row.reserve(static_cast<std::size_t>(visible));
    for (int i = 0; i < visible; ++i) {
      if (types && (*types)[static_cast<std::size_t>(i)] == FieldType::kBool && !s.is_null(i))
        row.push_back(s.integer(i) != 0);
      else
        row.push_back(s.value(i));
    }
    page.table.rows.push_back(std::move(row));
    last.value = s.real(visible);
    last.tie = s.text(visible + 1);
  }
  if (static_cast<int>(page.table.rows.size()) == q.limit) page.next_cursor = encode_cursor(last);
  return page;
}

// A paged list over an aggregate `base` query: ordered by the column `key`, ties by `tie`.
ResultPage run_list(sqlite3* db, const std::string& base, Bindings& b, const std::string& key, const std::string& tie,
                    const ListQuery& q) {
  std::string sql = "SELECT * FROM (SELECT x.*, x." + key + " AS k__, x." + tie + " AS t__ FROM (" + base +
                    ") x) WHERE " + keyset("k__", "t__", q, false, b) + " ORDER BY k__" + direction(q) + ", t__" +
                    direction(q) + " LIMIT " + b.add(static_cast<int64_t>(q.limit));
  SqliteStatement s(db, sql);
  b.apply(s);
  return collect_page(s, q, s.columns() - 2);
}

// The rows of a (name, referring_domains, backlinks) query table read by name (its primary key's
// order: no sort), ordered as `ORDER BY referring_domains DESC, name` would: sorting a handful of
// rows here is cheaper than SQLite's sorter, which the overview paid twice per request.
ResultTable by_referring_domains(SqliteStatement& s, std::vector<std::string> columns) {
  struct Row {
    std::string name;
    int64_t referring_domains, backlinks;
  };
  std::vector<Row> rows;
  while (s.step()) rows.push_back({s.text(0), s.integer(1), s.integer(2)});
  std::stable_sort(rows.begin(), rows.end(),
                   [](const Row& a, const Row& b) { return a.referring_domains > b.referring_domains; });
  ResultTable t{std::move(columns), {}};
  t.rows.reserve(rows.size());
  for (auto& r : rows) t.rows.push_back({std::move(r.name), r.referring_domains, r.backlinks});
  return t;
}

const char* backlink_expression(const std::string& field) { return backlink_sql(field, SqlDialect::kSqlite); }

std::string condition_sql(const Condition& c, Bindings& b) {
  return sql_condition(c, backlink_expression(c.field), sqlite_syntax(b));
}

const char* backlink_sort_expression(const std::string& key) {
  if (key == "first_seen") return "l.first_seen";
  if (key == "last_seen") return "l.last_seen";
  return "l.source_authority";
}

}  // namespace

int64_t SqliteIndexQueries::latest_snapshot() {
  if (latest_ < 0) {
    SqliteStatement s(db_, "SELECT COALESCE(max(id), 0) FROM snapshots WHERE committed_at IS NOT NULL");
    latest_ = s.step() ? s.integer(0) : 0;
  }
  return latest_;
}

bool SqliteIndexQueries::indexed(const Target& target) {
  SqliteStatement s(db_,
                    "SELECT EXISTS(SELECT 1 FROM domain_overview WHERE domain = :d)"
                    " OR EXISTS(SELECT 1 FROM pages WHERE domain = :d)");
  s.bind(":d", target.domain);
  return s.step() && s.integer(0) != 0;
}

Overview SqliteIndexQueries::overview(const Target& target) {
  Overview out;
  out.target = target.input;
  out.mode = to_string(target.mode);
  out.domain = target.domain;
  {
    SqliteStatement s(db_, "SELECT index_score FROM domain_authority WHERE domain = :d");  // the index's own
    s.bind(":d", target.domain);
    out.index_score = s.step() ? s.real(0) : 0.0;
  }
  // Domain mode reads the tables `rank` built; the narrower modes count the same things live.
  const bool domain_mode = target.mode == TargetMode::kDomain;
  Bindings b;
  std::string sql =
      domain_mode
          ? "SELECT backlinks, live_backlinks, lost_backlinks, referring_domains, referring_pages, referring_ips,"
            " referring_subnets, follow, nofollow, sponsored, ugc, text, image, form, frame, redirect, canonical,"
            " live_referring_domains FROM domain_overview WHERE domain = " +
                b.add(target.domain)
          : "SELECT count(*), sum(l.lost_in IS NULL), sum(l.lost_in IS NOT NULL), count(DISTINCT l.source_domain),"
            " count(DISTINCT l.source_id), count(DISTINCT NULLIF(p.ip, '')), count(DISTINCT NULLIF(p.subnet, '')),"
            " sum(l.effective_follow = 'follow'), sum(l.effective_follow = 'nofollow'),"
            " sum(l.effective_follow = 'sponsored'), sum(l.effective_follow = 'ugc'),"
            " sum(l.kind = 'text'), sum(l.kind = 'image'), sum(l.kind = 'form'), sum(l.kind = 'frame'),"
            " sum(l.kind = 'redirect'), sum(l.kind = 'canonical'),"
            " count(DISTINCT CASE WHEN l.lost_in IS NULL THEN l.source_domain END)"
            " FROM links l JOIN pages p ON p.id = l.source_id WHERE " +
                target_filter(target, b);
  {
    SqliteStatement s(db_, sql);
    b.apply(s);
    const bool row = s.step();
    if (row) {
      for (int i = 0; i < 18; ++i) out.counts[static_cast<std::size_t>(i)] = s.integer(i);
    }
    // A domain_overview row is what indexed() looks for first: one statement fewer per answer.
    out.indexed = (row && domain_mode) || indexed(target);
  }
  {
    Bindings b2;
    std::string latest = b2.add(latest_snapshot());
    std::string sql =
        domain_mode
            ? "SELECT new_backlinks, lost_backlinks FROM domain_changes WHERE domain = " + b2.add(target.domain) +
                  " AND snapshot = " + latest
            : "SELECT COALESCE(sum(l.first_seen = " + latest + "), 0), COALESCE(sum(l.lost_in = " + latest +
                  "), 0) FROM links l WHERE " + target_filter(target, b2);
    SqliteStatement s(db_, sql);
    b2.apply(s);
    const bool row = s.step();
    out.snapshot = latest_snapshot();
    out.new_backlinks = row ? s.integer(0) : 0;
    out.lost_backlinks = row ? s.integer(1) : 0;
  }
  {
    Bindings b3;
    std::string sql = domain_mode ? "SELECT anchor_class, backlinks FROM anchor_classes WHERE target_domain = " +
                                        b3.add(target.domain) + " ORDER BY 2 DESC, 1"
                                  : "SELECT l.anchor_class, count(*) FROM links l WHERE " + target_filter(target, b3) +
                                        " AND l.lost_in IS NULL GROUP BY l.anchor_class ORDER BY 2 DESC, 1";
    SqliteStatement s(db_, sql);
    b3.apply(s);
    while (s.step()) out.anchor_classes.emplace_back(s.text(0), s.integer(1));
  }
  add_top_lists(*this, target, out);
  return out;
}

ResultPage SqliteIndexQueries::backlinks(const BacklinkQuery& q) {
  Bindings b;
  std::string columns;
  std::vector<FieldType> types;
  for (const auto& name : q.select) {
    columns += std::string(backlink_expression(name)) + " AS \"" + name + "\", ";
    types.push_back(find_field(backlink_fields(), name)->type);
  }
  const std::string key = backlink_sort_expression(q.sort.key);
  std::string where = target_filter(q.target, b);
  bool uses_latest = false;
  for (const auto& c : q.where) {
    where += " AND " + condition_sql(c, b);
    uses_latest = uses_latest || c.field == "new";
  }
  for (const auto& name : q.select) uses_latest = uses_latest || name == "new";
  const std::string dir = direction(q);
  std::string sql;
  if (!q.one_per_domain) {
    sql = "SELECT " + columns + key + " AS k__, l.id AS t__ FROM links l JOIN pages p ON p.id = l.source_id WHERE " +
          where + " AND " + keyset(key, "l.id", q, true, b) + " ORDER BY " + key + dir + ", l.id" + dir + " LIMIT " +
          b.add(static_cast<int64_t>(q.limit));
  } else {
    // The best link of each referring domain under the chosen order; the rest of the domain's
    // links are skipped, so pages of this list are pages of domains.
    sql = "SELECT * FROM (SELECT " + columns + key +
          " AS k__, l.id AS t__, row_number() OVER (PARTITION BY l.source_domain ORDER BY " + key + dir + ", l.id" +
          dir + ") AS rn__ FROM links l JOIN pages p ON p.id = l.source_id WHERE " + where + ") WHERE rn__ = 1 AND " +
          keyset("k__", "t__", q, true, b) + " ORDER BY k__" + dir + ", t__" + dir + " LIMIT " +
          b.add(static_cast<int64_t>(q.limit));
  }
  SqliteStatement s(db_, sql);
  b.apply(s);
  if (uses_latest) s.bind_int(":latest", latest_snapshot());
  return collect_page(s, q, static_cast<int>(q.select.size()), &types);
}

ResultPage SqliteIndexQueries::refdomains(const ListQuery& q) {
  Bindings b;
  std::string base;
  if (q.target.mode == TargetMode::kDomain) {
    base =
        "SELECT source_domain AS domain, source_score AS authority, backlinks, live_backlinks, follow_backlinks,"
        " first_seen, last_seen FROM referring_domains WHERE target_domain = " +
        b.add(q.target.domain);
  } else {
    base =
        "SELECT l.source_domain AS domain, COALESCE(a.score, 0) AS authority, count(*) AS backlinks,"
        " sum(l.lost_in IS NULL) AS live_backlinks,"
        " sum(l.lost_in IS NULL AND l.effective_follow = 'follow') AS follow_backlinks,"
        " min(l.first_seen) AS first_seen, max(l.last_seen) AS last_seen"
        " FROM links l LEFT JOIN domain_authority a ON a.domain = l.source_domain WHERE " +
        target_filter(q.target, b) + " GROUP BY l.source_domain";
  }
  return run_list(db_, base, b, q.sort.key, "domain", q);
}

ResultPage SqliteIndexQueries::anchors(const ListQuery& q) {
  Bindings b;
  std::string base;
  if (q.target.mode == TargetMode::kDomain) {
    base = "SELECT anchor, backlinks, referring_domains, follow_backlinks FROM anchors WHERE target_domain = " +
           b.add(q.target.domain);
  } else {
    // Per case-folded key, in its most common spelling (as `rank` builds the anchors table).
    const std::string live = target_filter(q.target, b) + " AND l.lost_in IS NULL";
    base =
        "SELECT s.anchor AS anchor, t.backlinks AS backlinks, t.referring_domains AS referring_domains,"
        " t.follow_backlinks AS follow_backlinks FROM"
        " (SELECT l.anchor_key AS anchor_key, count(*) AS backlinks, count(DISTINCT l.source_domain) AS "
        "referring_domains,"
        " sum(l.effective_follow = 'follow') AS follow_backlinks FROM links l WHERE " +
        live +
        " GROUP BY 1) t JOIN"
        " (SELECT anchor_key, linklens_most_common(anchor, n) AS anchor FROM"
        " (SELECT l.anchor_key AS anchor_key, l.anchor AS anchor, count(*) AS n FROM links l WHERE " +
        live + " GROUP BY 1, 2) GROUP BY 1) s ON s.anchor_key = t.anchor_key";
  }
  return run_list(db_, base, b, q.sort.key, "anchor", q);
}

std::vector<SqliteIndexQueries::RefDomain> SqliteIndexQueries::all_refdomains(const Target& target) {
  std::vector<RefDomain> out;
  Bindings b;
  std::string sql =
      target.mode == TargetMode::kDomain
          ? "SELECT source_domain, backlinks, source_score FROM referring_domains WHERE target_domain = " +
                b.add(target.domain)
          : "SELECT l.source_domain, count(*), COALESCE(a.score, 0) FROM links l LEFT JOIN domain_authority a"
            " ON a.domain = l.source_domain WHERE " +
                target_filter(target, b) + " GROUP BY l.source_domain";
  SqliteStatement s(db_, sql);
  b.apply(s);
  while (s.step()) out.push_back({s.text(0), s.integer(1), s.real(2)});
  return out;
}

ResultTable SqliteIndexQueries::tlds(const Target& target) {
  if (target.mode == TargetMode::kDomain) {
    SqliteStatement s(db_, "SELECT tld, referring_domains, backlinks FROM tlds WHERE target_domain = :d ORDER BY tld");
    s.bind(":d", target.domain);
    return by_referring_domains(s, {"tld", "referring_domains", "backlinks"});
  }
  // The public suffix, not the last label: "co.uk" is what a user means by a TLD here (the same
  // SQL function `rank` fills the tlds table with).
  Bindings b;
  SqliteStatement s(db_,
                    "SELECT linklens_public_suffix(l.source_domain), count(DISTINCT l.source_domain), count(*)"
                    " FROM links l WHERE " +
                        target_filter(target, b) + " GROUP BY 1 ORDER BY 2 DESC, 1");
  b.apply(s);
  ResultTable t{{"tld", "referring_domains", "backlinks"}, {}};
  while (s.step()) t.rows.push_back({s.text(0), s.integer(1), s.integer(2)});
  return t;
}

ResultTable SqliteIndexQueries::countries(const Target& target) {
  if (target.mode == TargetMode::kDomain) {
    SqliteStatement s(
        db_, "SELECT country, referring_domains, backlinks FROM countries WHERE target_domain = :d ORDER BY country");
    s.bind(":d", target.domain);
    return by_referring_domains(s, {"country", "referring_domains", "backlinks"});
  }
  // Each referring domain in one country (assign_countries), as `rank` builds the countries table.
  Bindings b;
  SqliteStatement s(db_,
                    "SELECT l.source_domain, COALESCE(NULLIF(p.country, ''), 'unknown'), count(*)"
                    " FROM links l JOIN pages p ON p.id = l.source_id WHERE " +
                        target_filter(target, b) + " GROUP BY 1, 2");
  b.apply(s);
  std::vector<DomainCountry> rows;
  while (s.step()) rows.push_back({s.text(0), s.text(1), s.integer(2)});
  return assign_countries(rows);
}

ResultPage SqliteIndexQueries::refips(const ListQuery& q, bool by_subnet) {
  Bindings b;
  std::string base =
      by_subnet ? "SELECT p.subnet AS subnet, count(DISTINCT p.ip) AS ips, count(DISTINCT l.source_domain) AS "
                  "referring_domains,"
                  " count(*) AS backlinks, group_concat(DISTINCT l.source_domain) AS domains"
                  " FROM links l JOIN pages p ON p.id = l.source_id WHERE " +
                      target_filter(q.target, b) + " AND p.subnet <> '' GROUP BY p.subnet"
                : "SELECT p.ip AS ip, min(p.subnet) AS subnet, count(DISTINCT l.source_domain) AS referring_domains,"
                  " count(*) AS backlinks, group_concat(DISTINCT l.source_domain) AS domains"
                  " FROM links l JOIN pages p ON p.id = l.source_id WHERE " +
                      target_filter(q.target, b) + " AND p.ip <> '' GROUP BY p.ip";
  ResultPage page = run_list(db_, base, b, q.sort.key, by_subnet ? "subnet" : "ip", q);
  split_domain_lists(page);  // sorted lists, so clients need not split
  return page;
}

ResultPage SqliteIndexQueries::target_pages(const ListQuery& q, bool broken_first) {
  Bindings b;
  // broken_first puts every 4xx/5xx page ahead by lifting its sort key past any count.
  std::string base = "SELECT y.*, (CASE WHEN " + std::string(broken_first ? "y.http_status >= 400" : "0") +
                     " THEN 1e15 ELSE 0 END) + y." + q.sort.key +
                     " AS sort_key FROM ("
                     "SELECT l.target_url AS url, tp.status AS http_status, count(*) AS backlinks,"
                     " count(DISTINCT l.source_domain) AS referring_domains,"
                     " sum(l.lost_in IS NULL AND l.effective_follow = 'follow') AS follow_backlinks"
                     " FROM links l LEFT JOIN pages tp ON tp.url = l.target_url WHERE " +
                     target_filter(q.target, b) + " GROUP BY l.target_url) y";
  ResultPage page = run_list(db_, base, b, "sort_key", "url", q);
  page.table.columns.pop_back();  // sort_key is internal
  for (auto& row : page.table.rows) row.pop_back();
  return page;
}

ResultTable SqliteIndexQueries::history(const Target& target) {
  Bindings b;
  std::string sql =
      "WITH t AS MATERIALIZED (SELECT l.source_domain AS d, l.first_seen AS f, l.lost_in AS lost FROM links l WHERE " +
      target_filter(target, b) +
      "), rd AS MATERIALIZED (SELECT d, min(f) AS f, CASE WHEN sum(lost IS NULL) = 0 THEN max(lost) END AS lost"
      " FROM t GROUP BY d)"
      " SELECT s.id, s.name, s.committed_at,"
      " (SELECT count(*) FROM t WHERE t.f = s.id), (SELECT count(*) FROM t WHERE t.lost = s.id),"
      " (SELECT count(*) FROM rd WHERE rd.f = s.id), (SELECT count(*) FROM rd WHERE rd.lost = s.id)"
      " FROM snapshots s WHERE s.committed_at IS NOT NULL ORDER BY s.id";
  SqliteStatement s(db_, sql);
  b.apply(s);
  ResultTable t{{"snapshot", "name", "committed_at", "new_backlinks", "lost_backlinks", "new_referring_domains",
                 "lost_referring_domains"},
                {}};
  while (s.step()) {
    t.rows.push_back({s.integer(0), s.text(1), s.text(2), s.integer(3), s.integer(4), s.integer(5), s.integer(6)});
  }
  return t;
}

ResultTable SqliteIndexQueries::authority_distribution(const Target& target, int width) {
  std::vector<double> authorities;
  for (const auto& d : all_refdomains(target)) authorities.push_back(d.authority);
  return authority_buckets(authorities, width);
}

std::vector<AuthorityAnswer> SqliteIndexQueries::authority(const std::vector<std::string>& inputs) {
  std::vector<AuthorityAnswer> out(inputs.size());
  // The valid targets, in the order of their domains: one lookup after another then walks the
  // tables' indexes forward instead of jumping about them (a page's batch comes in page order,
  // and its lookups took 0.88 µs a domain against 0.61 µs sorted).
  std::vector<AuthorityAnswer*> by_key;
  by_key.reserve(inputs.size());
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    AuthorityAnswer& a = out[i];
    a.input = inputs[i];
    Target t;
    if (!parse_target(inputs[i], "domain", t).ok()) continue;
    a.valid = true;
    a.domain = std::move(t.domain);
    a.under_private_suffix = t.under_private_suffix;
    by_key.push_back(&a);
  }
  if (by_key.empty()) return out;
  std::sort(by_key.begin(), by_key.end(),
            [](const AuthorityAnswer* x, const AuthorityAnswer* y) { return x->domain < y->domain; });
  // They go in as one JSON array, read by one statement: a statement per domain spent more on
  // starting and ending it than on its lookups (a batch is 1,000 domains).
  std::string domains = "[";
  for (const AuthorityAnswer* a : by_key) {
    if (domains.size() > 1) domains.push_back(',');
    append_json_string(a->domain, domains);
  }
  domains.push_back(']');
  // `key` is the domain's place in the array. The pages lookup runs only for a domain neither
  // table names (a crawled page's domain before the index is ranked); inside an OR it ran for
  // every domain.
  SqliteStatement s(db_,
                    "SELECT j.key, a.index_score, o.referring_domains, o.backlinks,"
                    " CASE WHEN a.domain IS NOT NULL OR o.domain IS NOT NULL THEN 1"
                    " ELSE EXISTS(SELECT 1 FROM pages WHERE domain = j.value) END"
                    " FROM json_each(:domains) j LEFT JOIN domain_authority a ON a.domain = j.value"
                    " LEFT JOIN domain_overview o ON o.domain = j.value");
  s.bind(":domains", domains);
  while (s.step()) {
    const int64_t key = s.integer(0);
    if (key < 0 || static_cast<std::size_t>(key) >= by_key.size()) continue;
    AuthorityAnswer& a = *by_key[key];
    a.indexed = s.integer(4) != 0;
    a.authority_score = s.real(1);
    a.referring_domains = s.integer(2);
    a.backlinks = s.integer(3);
  }
  return out;
}

std::vector<audit::Backlink> SqliteIndexQueries::audit_backlinks(const std::string& domain) {
  return audit_data::load_backlinks(db_, domain);
}

audit::History SqliteIndexQueries::audit_history(const std::string& domain) {
  return audit_data::load_history(db_, domain);
}

std::vector<AuditPage> SqliteIndexQueries::audit_target_pages(const std::string& domain) {
  return audit_data::load_target_pages(db_, domain);
}

std::map<std::string, int64_t> SqliteIndexQueries::subnet_domains(const std::vector<std::string>& subnets) {
  return audit_data::load_subnet_domains(db_, subnets);
}

std::set<std::pair<std::string, std::string>> SqliteIndexQueries::links_among(const std::vector<std::string>& domains) {
  return audit_data::load_links_among(db_, domains);
}

disavow::File SqliteIndexQueries::disavowed(const std::string& domain) {
  return audit_data::load_disavowed(db_, domain);
}

gap::Result SqliteIndexQueries::gap(const std::vector<std::string>& domains) {
  return audit_data::load_gap(db_, domains);
}

}  // namespace linklens::api

namespace linklens::api {

std::vector<SnapshotInfo> SqliteIndexQueries::snapshots() {
  std::vector<SnapshotInfo> out;
  SqliteStatement s(db_, "SELECT id, name, committed_at FROM snapshots WHERE committed_at IS NOT NULL ORDER BY id");
  while (s.step()) out.push_back({s.integer(0), s.text(1), s.text(2)});
  return out;
}

Comparison SqliteIndexQueries::compare(const Target& target, int64_t from, int64_t to, int limit) {
  Comparison c;
  c.from = from;
  c.to = to;
  Bindings b;
  const std::string filter = target_filter(target, b);
  const std::string a = b.add(from), z = b.add(to);
  auto alive = [](const std::string& at) {
    return "(l.first_seen <= " + at + " AND (l.lost_in IS NULL OR l.lost_in > " + at + "))";
  };
  const std::string changed = " WHERE " + filter + " AND " + alive(a) + " <> " + alive(z);
  // The links, strongest source first; the totals as they are read.
  {
    SqliteStatement s(db_,
                      "SELECT p.url, l.source_domain, l.target_url, l.anchor, l.follow, l.kind, l.first_seen,"
                      " COALESCE(l.lost_in, 0), COALESCE(p.status, 0), l.source_authority, " +
                          alive(z) + " FROM links l JOIN pages p ON p.id = l.source_id" + changed +
                          " ORDER BY l.source_authority DESC, p.url, l.target_url, l.anchor, l.kind");
    b.apply(s);
    while (s.step()) {
      const bool gained = s.integer(10) != 0;
      (gained ? c.gained_links : c.lost_links) += 1;
      auto& list = gained ? c.gained : c.lost;
      if (static_cast<int>(list.size()) >= limit) continue;
      list.push_back({s.text(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5), s.integer(6), s.integer(7),
                      static_cast<int>(s.integer(8)), s.real(9)});
    }
  }
  {
    SqliteStatement s(db_, "SELECT l.source_domain, max(" + alive(z) + ") FROM links l WHERE " + filter +
                               " GROUP BY l.source_domain HAVING max(" + alive(a) + ") <> max(" + alive(z) +
                               ") ORDER BY l.source_domain");
    b.apply(s);
    while (s.step()) (s.integer(1) ? c.gained_domains : c.lost_domains).push_back(s.text(0));
  }
  {
    SqliteStatement s(db_,
                      "SELECT anchor, gained, lost FROM (SELECT l.anchor_key AS k, max(l.anchor) AS anchor,"
                      " sum(" +
                          alive(z) + ") AS gained, sum(" + alive(a) + ") AS lost FROM links l" + changed +
                          " GROUP BY l.anchor_key) ORDER BY gained + lost DESC, anchor LIMIT 100");
    b.apply(s);
    while (s.step()) c.anchors.push_back({s.text(0), s.integer(1), s.integer(2)});
  }
  return c;
}

}  // namespace linklens::api
