#include "sqlite/sqlite_audit_reads.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "index/store_values.h"

namespace linklens::audit_data {
namespace {

// sqlite3_step that tells the end of the rows from a failure (which throws, finalising `s`).
bool next_row(sqlite3_stmt* s) {
  const int rc = sqlite3_step(s);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  sqlite3_finalize(s);
  throw ReadError(rc);
}

sqlite3_stmt* prepare(sqlite3* db, const char* sql) {
  sqlite3_stmt* s = nullptr;
  const int rc = sqlite3_prepare_v2(db, sql, -1, &s, nullptr);
  if (rc != SQLITE_OK) throw ReadError(rc);
  return s;
}

std::string column_text(sqlite3_stmt* s, int i) {
  const unsigned char* t = sqlite3_column_text(s, i);
  return t ? reinterpret_cast<const char*>(t) : "";
}

}  // namespace

std::vector<audit::Backlink> load_backlinks(sqlite3* db, const std::string& domain) {
  std::vector<audit::Backlink> out;
  // Reciprocal: a live link from the target back to the source domain (links_target_domain index).
  sqlite3_stmt* s = prepare(
      db,
      "SELECT l.id, p.url, l.source_domain, COALESCE(p.subnet, ''), l.target_url, l.anchor, l.anchor_class,"
      " l.placement, l.follow, COALESCE(a.score, 0),"
      " p.external_links,"
      " COALESCE(p.status, 0), l.hidden,"
      " (SELECT count(*) FROM referring_domains rd WHERE rd.target_domain = l.source_domain),"
      " EXISTS(SELECT 1 FROM links r WHERE r.target_domain = l.source_domain AND r.source_domain = l.target_domain"
      "        AND r.lost_in IS NULL),"
      " COALESCE(p.title, ''), l.context"
      " FROM links l JOIN pages p ON p.id = l.source_id LEFT JOIN domain_authority a ON a.domain = l.source_domain"
      " WHERE l.target_domain = ?1 AND l.scope = 'external' AND l.lost_in IS NULL ORDER BY l.id");
  sqlite3_bind_text(s, 1, domain.c_str(), -1, SQLITE_TRANSIENT);
  while (next_row(s)) {
    audit::Backlink b;
    b.id = sqlite3_column_int64(s, 0);
    b.source_url = column_text(s, 1);
    b.source_domain = column_text(s, 2);
    b.source_subnet = column_text(s, 3);
    b.target_url = column_text(s, 4);
    b.anchor = column_text(s, 5);
    b.anchor_class = column_text(s, 6);
    b.placement = column_text(s, 7);
    b.follow = column_text(s, 8);
    b.source_domain_authority = sqlite3_column_double(s, 9);
    b.source_page_links = static_cast<uint32_t>(sqlite3_column_int64(s, 10));
    b.source_status = static_cast<int>(sqlite3_column_int64(s, 11));
    b.hidden = sqlite3_column_int64(s, 12) != 0;
    b.source_referring_domains = sqlite3_column_int64(s, 13);
    b.target_links_back = sqlite3_column_int64(s, 14) != 0;
    b.source_title = column_text(s, 15);
    b.context = column_text(s, 16);
    out.push_back(std::move(b));
  }
  sqlite3_finalize(s);
  return out;
}

std::vector<api::AuditPage> load_target_pages(sqlite3* db, const std::string& domain) {
  std::vector<api::AuditPage> out;
  sqlite3_stmt* s = prepare(db,
                            "SELECT url, COALESCE(title, ''), COALESCE(site_name, ''), COALESCE(application_name, '')"
                            " FROM pages WHERE domain = ?1 AND status BETWEEN 200 AND 299"
                            " ORDER BY length(url), url LIMIT 200");
  sqlite3_bind_text(s, 1, domain.c_str(), -1, SQLITE_TRANSIENT);
  while (next_row(s)) out.push_back({column_text(s, 0), column_text(s, 1), column_text(s, 2), column_text(s, 3)});
  sqlite3_finalize(s);
  return out;
}

std::map<std::string, int64_t> load_subnet_domains(sqlite3* db, const std::vector<std::string>& subnets) {
  std::map<std::string, int64_t> out;
  sqlite3_stmt* s = prepare(db, "SELECT count(DISTINCT domain) FROM pages WHERE subnet = ?1");  // pages_subnet
  for (const auto& subnet : subnets) {
    sqlite3_reset(s);
    sqlite3_bind_text(s, 1, subnet.c_str(), -1, SQLITE_TRANSIENT);
    if (next_row(s)) out[subnet] = sqlite3_column_int64(s, 0);
  }
  sqlite3_finalize(s);
  return out;
}

std::set<std::pair<std::string, std::string>> load_links_among(sqlite3* db, const std::vector<std::string>& domains) {
  std::set<std::pair<std::string, std::string>> out;
  const std::set<std::string> wanted(domains.begin(), domains.end());
  sqlite3_stmt* s = prepare(db,
                            "SELECT DISTINCT source_domain FROM links WHERE target_domain = ?1"
                            " AND scope = 'external' AND lost_in IS NULL");  // links_target_domain
  for (const auto& target : wanted) {
    sqlite3_reset(s);
    sqlite3_bind_text(s, 1, target.c_str(), -1, SQLITE_TRANSIENT);
    while (next_row(s)) {
      std::string source = column_text(s, 0);
      if (wanted.count(source)) out.emplace(std::move(source), target);
    }
  }
  sqlite3_finalize(s);
  return out;
}

audit::History load_history(sqlite3* db, const std::string& domain) {
  audit::History h;
  sqlite3_stmt* s = prepare(
      db,
      "SELECT s.id, (SELECT count(*) FROM referring_domains r WHERE r.target_domain = ?1 AND r.first_seen = s.id)"
      " FROM snapshots s WHERE s.committed_at IS NOT NULL ORDER BY s.id");
  sqlite3_bind_text(s, 1, domain.c_str(), -1, SQLITE_TRANSIENT);
  while (next_row(s)) h.new_referring_domains.emplace_back(sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1));
  sqlite3_finalize(s);
  return h;
}

disavow::File load_disavowed(sqlite3* db, const std::string& domain) {
  disavow::File file;
  sqlite3_stmt* s = prepare(db, "SELECT kind, value FROM disavowed WHERE target_domain = ?1 ORDER BY kind, value");
  sqlite3_bind_text(s, 1, domain.c_str(), -1, SQLITE_TRANSIENT);
  while (next_row(s)) {
    disavow::Entry e;
    e.kind = column_text(s, 0) == "url" ? disavow::EntryKind::kUrl : disavow::EntryKind::kDomain;
    e.value = column_text(s, 1);
    file.entries.push_back(std::move(e));
  }
  sqlite3_finalize(s);
  return file;
}

Status store_disavowed(sqlite3* db, const std::string& domain, const disavow::File& file) {
  sqlite3_stmt* s = nullptr;
  auto fail = [&](const char* what) {
    Status failed = Status::failure(std::string(what) + ": " + sqlite3_errmsg(db));
    sqlite3_finalize(s);
    return failed;
  };
  if (sqlite3_prepare_v2(db, "DELETE FROM disavowed WHERE target_domain = ?1", -1, &s, nullptr) != SQLITE_OK)
    return fail("clearing");
  sqlite3_bind_text(s, 1, domain.c_str(), -1, SQLITE_TRANSIENT);
  if (sqlite3_step(s) != SQLITE_DONE) return fail("clearing");
  sqlite3_finalize(s);
  if (sqlite3_prepare_v2(db,
                         "INSERT OR IGNORE INTO disavowed(target_domain, kind, value, added_at) VALUES(?1, ?2, ?3, ?4)",
                         -1, &s, nullptr) != SQLITE_OK) {
    return fail("storing");
  }
  const std::string today = store::today_utc();
  for (const auto& e : file.entries) {
    sqlite3_reset(s);
    sqlite3_bind_text(s, 1, domain.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, e.kind == disavow::EntryKind::kUrl ? "url" : "domain", -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, e.value.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 4, today.c_str(), -1, SQLITE_TRANSIENT);
    if (sqlite3_step(s) != SQLITE_DONE) return fail("storing");
  }
  sqlite3_finalize(s);
  return {};
}

gap::Result load_gap(sqlite3* db, const std::vector<std::string>& domains) {
  std::vector<std::vector<gap::Link>> per_target(domains.size());
  std::unordered_map<std::string, double> authority;
  sqlite3_stmt* s = prepare(db,
                            "SELECT source_domain, live_backlinks, source_score FROM referring_domains"
                            " WHERE target_domain = ?1 AND live_backlinks > 0");
  for (std::size_t i = 0; i < domains.size(); ++i) {
    sqlite3_reset(s);
    sqlite3_bind_text(s, 1, domains[i].c_str(), -1, SQLITE_TRANSIENT);
    while (next_row(s)) {
      std::string d = column_text(s, 0);
      // A target is not a prospect for another: links between the compared sites are left out.
      bool is_target = false;
      for (const auto& t : domains) is_target = is_target || t == d;
      if (is_target) continue;
      authority[d] = sqlite3_column_double(s, 2);
      per_target[i].push_back({d, sqlite3_column_int64(s, 1)});
    }
  }
  sqlite3_finalize(s);
  return gap::compute(per_target, authority);
}

}  // namespace linklens::audit_data
