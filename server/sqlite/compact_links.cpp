#include "sqlite/compact_links.h"

#include <sqlite3.h>

#include <map>
#include <memory>
#include <string>

#include "linklens/link_record.h"
#include "sqlite/link_rows.h"
#include "sqlite/sqlite_schema.h"

namespace linklens::store {
namespace {

// Schema 8 stored enums by name: name -> value, for one enum up to and including `last`.
template <class Enum>
std::map<std::string, int, std::less<>> values_of(Enum last) {
  std::map<std::string, int, std::less<>> out;
  for (int v = 0; v <= static_cast<int>(last); ++v) out[to_string(static_cast<Enum>(v))] = v;
  return out;
}

std::string_view text(sqlite3_stmt* s, int i) {
  const auto* p = static_cast<const char*>(sqlite3_column_blob(s, i));
  return {p ? p : "", static_cast<std::size_t>(sqlite3_column_bytes(s, i))};
}

Status exec(sqlite3* db, const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    Status failed = Status::failure(message ? message : sqlite3_errmsg(db));
    sqlite3_free(message);
    return failed;
  }
  return {};
}

}  // namespace

Status compact_links(sqlite3* db) {
  LINKLENS_RETURN_IF_ERROR(exec(db, "ALTER TABLE pages ADD COLUMN external_links INTEGER NOT NULL DEFAULT 0"));
  LINKLENS_RETURN_IF_ERROR(exec(db,
                                "UPDATE pages SET external_links = (SELECT count(*) FROM links e WHERE e.source_id ="
                                " pages.id AND e.scope = 'external' AND e.lost_in IS NULL)"));
  // names, strings, link_rows, scanned_files (the rest exists)
  LINKLENS_RETURN_IF_ERROR(exec(db, index_schema_sql()));
  const auto scopes = values_of(LinkScope::kOther), follows = values_of(FollowStatus::kUgc),
             kinds = values_of(LinkKind::kOther), classes = values_of(AnchorClass::kOther),
             placements = values_of(Placement::kOther);
  auto value = [](const std::map<std::string, int, std::less<>>& names, std::string_view name, int& out) {
    auto it = names.find(name);
    if (it == names.end()) return false;
    out = it->second;
    return true;
  };
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v2(db,
                         "SELECT id, source_id, source_host, source_domain, target_url, target_host, target_domain,"
                         " scope, href, rel, follow, effective_follow, kind, anchor, anchor_class, placement, ordinal,"
                         " position, weight, hidden, in_noscript, context, first_seen, last_seen, lost_in,"
                         " source_authority, anchor_key FROM links ORDER BY source_id, id",
                         -1, &s, nullptr) != SQLITE_OK) {
    return Status::failure(std::string("reading schema 8's links: ") + sqlite3_errmsg(db));
  }
  std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> owner(s, sqlite3_finalize);
  auto dropped = LinkRowWriter::drop_indexes_if_empty(db);
  if (!dropped) return dropped.error();
  {
    LinkRowWriter writer(db);
    int step;
    while ((step = sqlite3_step(s)) == SQLITE_ROW) {
      LinkRow r;
      r.id = sqlite3_column_int64(s, 0);
      r.source_id = sqlite3_column_int64(s, 1);
      r.source_domain = text(s, 3);
      r.target_url = text(s, 4);
      r.target_host = text(s, 5);
      r.target_domain = text(s, 6);
      r.href = text(s, 8);
      r.rel = text(s, 9);
      r.anchor = text(s, 13);
      r.context = text(s, 21);
      r.anchor_key = text(s, 26);
      if (!value(scopes, text(s, 7), r.scope) || !value(follows, text(s, 10), r.follow) ||
          !value(follows, text(s, 11), r.effective_follow) || !value(kinds, text(s, 12), r.kind) ||
          !value(classes, text(s, 14), r.anchor_class) || !value(placements, text(s, 15), r.placement)) {
        return Status::failure("link " + std::to_string(r.id) +
                               " has a scope, follow status, kind, anchor class or placement this linklens does not "
                               "know");
      }
      r.ordinal = sqlite3_column_int64(s, 16);
      r.position = sqlite3_column_double(s, 17);
      r.weight = sqlite3_column_double(s, 18);
      r.hidden = sqlite3_column_int64(s, 19) != 0;
      r.in_noscript = sqlite3_column_int64(s, 20) != 0;
      r.first_seen = sqlite3_column_int64(s, 22);
      r.last_seen = sqlite3_column_int64(s, 23);
      if (sqlite3_column_type(s, 24) != SQLITE_NULL) r.lost_in = sqlite3_column_int64(s, 24);
      r.source_authority = sqlite3_column_double(s, 25);
      LINKLENS_RETURN_IF_ERROR(writer.write(r));
    }
    if (step != SQLITE_DONE) return Status::failure(std::string("reading schema 8's links: ") + sqlite3_errmsg(db));
  }
  owner.reset();
  LINKLENS_RETURN_IF_ERROR(LinkRowWriter::create_indexes(db));
  LINKLENS_RETURN_IF_ERROR(exec(db, "DROP TABLE links"));
  return exec(db, links_view_sql().c_str());
}

}  // namespace linklens::store
