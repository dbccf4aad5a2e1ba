#include "sqlite/compact_links.h"

#include <sqlite3.h>

#include <memory>
#include <string>

#include "sqlite/link_rows.h"
#include "sqlite/sqlite_exec.h"
#include "sqlite/sqlite_schema.h"

namespace linklens::store {
namespace {

std::string_view text(sqlite3_stmt* s, int i) {
  const auto* p = static_cast<const char*>(sqlite3_column_blob(s, i));
  return {p ? p : "", static_cast<std::size_t>(sqlite3_column_bytes(s, i))};
}

}  // namespace

Status compact_links(sqlite3* db) {
  LINKLENS_RETURN_IF_ERROR(exec_sql(db, "ALTER TABLE pages ADD COLUMN external_links INTEGER NOT NULL DEFAULT 0"));
  LINKLENS_RETURN_IF_ERROR(
      exec_sql(db,
               "UPDATE pages SET external_links = (SELECT count(*) FROM links e WHERE e.source_id ="
               " pages.id AND e.scope = 'external' AND e.lost_in IS NULL)"));
  // names, strings, link_rows, scanned_files (the rest exists)
  LINKLENS_RETURN_IF_ERROR(exec_sql(db, index_schema_sql()));
  // Schema 8 stored the enums by name.
  auto value = [](const char* field, std::string_view name, int& out) {
    return (out = link_flag_code(field, name)) >= 0;
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
      if (!value("scope", text(s, 7), r.scope) || !value("follow", text(s, 10), r.follow) ||
          !value("effective_follow", text(s, 11), r.effective_follow) || !value("kind", text(s, 12), r.kind) ||
          !value("anchor_class", text(s, 14), r.anchor_class) || !value("placement", text(s, 15), r.placement)) {
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
    LINKLENS_RETURN_IF_ERROR(writer.flush());
  }
  owner.reset();
  LINKLENS_RETURN_IF_ERROR(LinkRowWriter::create_indexes(db));
  LINKLENS_RETURN_IF_ERROR(exec_sql(db, "DROP TABLE links"));
  return exec_sql(db, links_view_sql().c_str());
}

}  // namespace linklens::store
