#include "sqlite/sqlite_store.h"

#include <sqlite3.h>

#include <algorithm>
#include <ctime>
#include <string>

#include "index/link_id.h"
#include "index/store_values.h"
#include "linklens/case_fold.h"
#include "sqlite/link_rows.h"
#include "sqlite/sqlite_exec.h"
#include "sqlite/sqlite_migrations.h"
#include "sqlite/sqlite_schema.h"

namespace linklens::store {
namespace {

std::string join_rel(const std::vector<std::string>& rel) {
  std::string out;
  for (const auto& r : rel) {
    if (!out.empty()) out.push_back(' ');
    out += r;
  }
  return out;
}

class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) { sqlite3_prepare_v2(db, sql, -1, &s_, nullptr); }
  ~Stmt() { sqlite3_finalize(s_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  sqlite3_stmt* get() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
    return s_;
  }
  bool ok() const { return s_ != nullptr; }

 private:
  sqlite3_stmt* s_ = nullptr;
};

void bind_at(sqlite3_stmt* s, int i, const std::string& v) {
  sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
}
void bind_at(sqlite3_stmt* s, int i, int64_t v) { sqlite3_bind_int64(s, i, v); }

}  // namespace

const char* index_schema_sql() {
  return
#include "sqlite/sqlite_schema.sql.inc"
      ;
}

struct SqliteStore::Statements {
  explicit Statements(sqlite3* db)
      : find_snapshot(db, "SELECT id FROM snapshots WHERE name = ?1"),
        insert_snapshot(db, "INSERT INTO snapshots(name, source, started_at) VALUES(?1, ?2, ?3)"),
        upsert_page(
            db,
            "INSERT INTO pages(url, host, domain, status, content_type, title, canonical, noindex, nofollow,"
            " ip, subnet, fetched_at, first_seen, last_seen, link_count, country, country_source, site_name,"
            " application_name, external_links)"
            " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?13,?14,?15,?16,?17,?18,?19)"
            " ON CONFLICT(url) DO UPDATE SET status=excluded.status, content_type=excluded.content_type,"
            " title=excluded.title, canonical=excluded.canonical, noindex=excluded.noindex,"
            " nofollow=excluded.nofollow, ip=excluded.ip, subnet=excluded.subnet, fetched_at=excluded.fetched_at,"
            " last_seen=excluded.last_seen, link_count=excluded.link_count, country=excluded.country,"
            " country_source=excluded.country_source, site_name=excluded.site_name,"
            " application_name=excluded.application_name, external_links=excluded.external_links"),
        page_id(db, "SELECT id FROM pages WHERE url = ?1"),
        mark_lost(
            db, "UPDATE link_rows SET lost_in = ?2 WHERE key BETWEEN ?1 AND ?3 AND last_seen < ?2 AND lost_in IS NULL"),
        finish_snapshot(db,
                        "UPDATE snapshots SET committed_at=?2,"
                        " pages=(SELECT count(*) FROM pages WHERE last_seen=?1),"
                        " (links, new_links, lost_links)=(SELECT COALESCE(sum(last_seen=?1), 0),"
                        " COALESCE(sum(first_seen=?1), 0), COALESCE(sum(lost_in=?1), 0) FROM link_rows) WHERE id=?1"
                        " RETURNING pages, links, new_links, lost_links"),
        // The same figures when link_rows was empty at the start: every row is new and none lost,
        // so the links are counted from the b-tree's pages without reading a row.
        finish_bulk_snapshot(db,
                             "UPDATE snapshots SET committed_at=?2,"
                             " pages=(SELECT count(*) FROM pages WHERE last_seen=?1),"
                             " links=(SELECT count(*) FROM link_rows), new_links=(SELECT count(*) FROM link_rows),"
                             " lost_links=0 WHERE id=?1 RETURNING pages, links, new_links, lost_links"),
        find_file(db, "SELECT 1 FROM scanned_files WHERE snapshot = ?1 AND path = ?2 AND bytes = ?3 AND modified = ?4"),
        record_file(db,
                    "INSERT OR REPLACE INTO scanned_files(snapshot, path, bytes, modified, scanned_at)"
                    " VALUES(?1, ?2, ?3, ?4, ?5)"),
        links(db) {}
  Stmt find_snapshot, insert_snapshot, upsert_page, page_id, mark_lost, finish_snapshot, finish_bulk_snapshot,
      find_file, record_file;
  LinkRowWriter links;
};

StatusOr<std::unique_ptr<SqliteStore>> SqliteStore::open(const std::string& path) {
  sqlite3* db = nullptr;
  // NOMUTEX: one thread at a time uses a store (the ingest's writer thread, then the committing one).
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr) !=
      SQLITE_OK) {
    Status failed = Status::failure("cannot open index " + path + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
    sqlite3_close(db);
    return failed;
  }
  sqlite3_busy_timeout(db, 5000);
  std::unique_ptr<SqliteStore> store(new SqliteStore(db));
  // A file written by another schema version is refused, untouched, rather than misread: an
  // older one with the command that migrates it.
  const std::string version = read_schema_version(db);
  if (!version.empty()) {
    LINKLENS_RETURN_IF_ERROR(check_schema_version(path, version));
  }
  const std::string view = links_view_sql();
  // A large page cache keeps an ingest run's B-tree pages in memory instead of spilling them to
  // the WAL before the commit (the default 2 MB cache made ingest five times slower). The WAL is
  // cut back to 64 MB after each checkpoint: a rank of 10 million links left 1.3 GB of it.
  for (const char* setup :
       {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA cache_size=-262144", "PRAGMA temp_store=MEMORY",
        "PRAGMA foreign_keys=ON", "PRAGMA journal_size_limit=67108864", index_schema_sql(), view.c_str()}) {
    if (Status s = store->exec(setup); !s.ok()) return s.with_context("index " + path + " is not usable");
  }
  if (version.empty()) {
    const std::string mark =
        std::string("INSERT INTO meta(key, value) VALUES('schema_version', '") + std::to_string(kSchemaVersion) + "')";
    LINKLENS_RETURN_IF_ERROR(store->exec(mark.c_str()).with_context("index " + path + " is not usable"));
  }
  store->st_ = std::make_unique<Statements>(db);
  return store;
}

SqliteStore::SqliteStore(sqlite3* db) : db_(db) {}

SqliteStore::~SqliteStore() {
  if (in_transaction_) rollback();
  st_.reset();
  sqlite3_close(db_);
}

Status SqliteStore::exec(const char* sql) { return exec_sql(db_, sql); }

Status SqliteStore::fail(const char* what) { return Status::failure(std::string(what) + ": " + sqlite3_errmsg(db_)); }

Status SqliteStore::begin_snapshot(const std::string& name, const std::string& source_description) {
  LINKLENS_RETURN_IF_ERROR(exec("BEGIN IMMEDIATE"));
  in_transaction_ = true;
  st_->links.transaction_ended();  // ids cached in an earlier transaction may have been rolled back
  auto dropped = LinkRowWriter::drop_indexes_if_empty(db_);
  if (!dropped) return dropped.error();
  links_were_empty_ = *dropped;
  summary_ = SnapshotSummary{};
  summary_.name = name;
  sqlite3_stmt* s = st_->find_snapshot.get();
  bind_at(s, 1, name);
  if (sqlite3_step(s) == SQLITE_ROW) {
    snapshot_ = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
  } else {
    s = st_->insert_snapshot.get();
    bind_at(s, 1, name);
    bind_at(s, 2, source_description);
    bind_at(s, 3, now_utc());
    if (sqlite3_step(s) != SQLITE_DONE) return fail("creating the snapshot");
    snapshot_ = sqlite3_last_insert_rowid(db_);
  }
  summary_.id = snapshot_;
  {
    // Ids are handed out above the largest: a page from this one on is new in this transaction.
    Stmt max_page(db_, "SELECT COALESCE(max(id), 0) + 1 FROM pages");
    sqlite3_stmt* m = max_page.get();
    if (!max_page.ok() || sqlite3_step(m) != SQLITE_ROW) return fail("reading the pages");
    first_new_page_ = sqlite3_column_int64(m, 0);
  }
  return {};
}

// A savepoint inside the snapshot's transaction. Rolling back to it also takes back the ids the
// file's strings got, so the writer forgets what it cached.
Status SqliteStore::begin_file() { return exec("SAVEPOINT input_file"); }
Status SqliteStore::keep_file() {
  LINKLENS_RETURN_IF_ERROR(st_->links.flush());  // add_page flushed already: this keeps it so
  return exec("RELEASE input_file");
}
Status SqliteStore::drop_file() {
  st_->links.transaction_ended();
  return exec("ROLLBACK TO input_file; RELEASE input_file");
}

Status SqliteStore::set_targets(const std::vector<std::string>& domains) {
  targets_ = std::unordered_set<std::string>(domains.begin(), domains.end());
  return {};
}

StatusOr<bool> SqliteStore::holds_file(const ScannedFile& file) {
  sqlite3_stmt* s = st_->find_file.get();
  bind_at(s, 1, snapshot_);
  bind_at(s, 2, file.path);
  bind_at(s, 3, static_cast<int64_t>(file.bytes));
  bind_at(s, 4, file.modified);
  const int step = sqlite3_step(s);
  sqlite3_reset(s);
  if (step != SQLITE_ROW && step != SQLITE_DONE) return fail("reading the scanned files");
  return step == SQLITE_ROW;
}

Status SqliteStore::record_file(const ScannedFile& file) {
  sqlite3_stmt* s = st_->record_file.get();
  bind_at(s, 1, snapshot_);
  bind_at(s, 2, file.path);
  bind_at(s, 3, static_cast<int64_t>(file.bytes));
  bind_at(s, 4, file.modified);
  bind_at(s, 5, now_utc());
  if (sqlite3_step(s) != SQLITE_DONE) return fail("recording a scanned file");
  return {};
}

// Whether a targeted index keeps this page: it links to a target, or the index holds it already
// (it did before: its lost links are seen).
StatusOr<bool> SqliteStore::keeps_page(const CrawledPage& page, const std::vector<LinkRecord>& links) {
  if (targets_.empty()) return true;
  for (const LinkRecord& l : links) {
    if (!l.url.empty() && targets_.count(l.domain)) return true;
  }
  sqlite3_stmt* s = st_->page_id.get();
  bind_at(s, 1, page.url);
  const int step = sqlite3_step(s);
  sqlite3_reset(s);
  if (step != SQLITE_ROW && step != SQLITE_DONE) return fail("looking up a page");
  return step == SQLITE_ROW;
}

Status SqliteStore::add_page(const CrawledPage& page, const std::vector<LinkRecord>& links) {
  auto keep = keeps_page(page, links);
  if (!keep) return keep.error();
  if (!*keep) return {};
  // The page's distinct external links (as stored: resolved, one per target, kind and anchor),
  // counted before a targeted ingest drops any: the audit's link-farm signal reads it.
  std::vector<int64_t> ids(links.size(), 0);  // each link's id, computed once
  std::unordered_set<int64_t> external;
  for (std::size_t i = 0; i < links.size(); ++i) {
    const LinkRecord& l = links[i];
    if (l.url.empty()) continue;
    ids[i] = link_id(page.url, l.url, to_string(l.kind), l.anchor);
    if (l.scope == LinkScope::kExternal) external.insert(ids[i]);
  }
  sqlite3_stmt* s = st_->upsert_page.get();
  bind_at(s, 1, page.url);
  bind_at(s, 2, page.host);
  bind_at(s, 3, page.domain);
  bind_at(s, 4, static_cast<int64_t>(page.status));
  bind_at(s, 5, page.content_type);
  bind_at(s, 6, page.title);
  bind_at(s, 7, page.canonical);
  bind_at(s, 8, static_cast<int64_t>(page.noindex));
  bind_at(s, 9, static_cast<int64_t>(page.nofollow));
  bind_at(s, 10, page.ip);
  bind_at(s, 11, subnet_of(page.ip));
  bind_at(s, 12, page.fetched_at);
  bind_at(s, 13, snapshot_);
  bind_at(s, 14, static_cast<int64_t>(links.size()));
  bind_at(s, 15, page.country);
  bind_at(s, 16, page.country_source);
  bind_at(s, 17, page.site_name);
  bind_at(s, 18, page.application_name);
  bind_at(s, 19, static_cast<int64_t>(external.size()));
  // The page's id: the row id the insert gave, or (the page was stored before: the upsert's
  // update left the last insert's row id alone) looked up. Not RETURNING id, which builds a
  // temporary table for each run: that was over half of what storing a page's row cost.
  sqlite3_set_last_insert_rowid(db_, 0);
  if (sqlite3_step(s) != SQLITE_DONE) return fail("storing a page");
  int64_t page_id = sqlite3_last_insert_rowid(db_);
  if (page_id == 0) {
    sqlite3_stmt* find = st_->page_id.get();
    bind_at(find, 1, page.url);
    if (sqlite3_step(find) != SQLITE_ROW) return fail("reading a page's id");
    page_id = sqlite3_column_int64(find, 0);
    sqlite3_reset(find);
  }

  for (const LinkRecord& l : links) {
    if (l.url.empty()) continue;  // an href that does not resolve is not a link target
    if (!targets_.empty() && !targets_.count(l.domain)) continue;
    const std::string rel = join_rel(l.rel), anchor_key = fold_case(l.anchor);
    LinkRow row;
    row.id = ids[static_cast<std::size_t>(&l - links.data())];
    row.source_id = page_id;
    row.source_domain = page.domain;
    row.target_url = l.url;
    row.target_host = l.host;
    row.target_domain = l.domain;
    row.href = l.href;
    row.rel = rel;
    row.anchor = l.anchor;
    row.anchor_key = anchor_key;
    row.context = l.context;
    row.scope = static_cast<int>(l.scope);
    row.follow = static_cast<int>(l.follow);
    row.effective_follow = static_cast<int>(l.effective_follow);
    row.kind = static_cast<int>(l.kind);
    row.anchor_class = static_cast<int>(l.anchor_class);
    row.placement = static_cast<int>(l.placement);
    row.ordinal = static_cast<int64_t>(l.ordinal);
    row.position = l.position;
    row.weight = l.weight;
    row.hidden = l.hidden;
    row.in_noscript = l.in_noscript;
    row.first_seen = row.last_seen = snapshot_;
    LINKLENS_RETURN_IF_ERROR(st_->links.write(row));
  }
  LINKLENS_RETURN_IF_ERROR(st_->links.flush());
  // Links of this page not seen in this crawl of it are lost now (all of them on a 4xx/5xx). A
  // page added by this transaction has only links written by it, none of them lost.
  if (page_id >= first_new_page_) return {};
  s = st_->mark_lost.get();
  bind_at(s, 1, first_link_key(page_id));
  bind_at(s, 2, snapshot_);
  bind_at(s, 3, last_link_key(page_id));
  if (sqlite3_step(s) != SQLITE_DONE) return fail("marking lost links");
  return {};
}

Status SqliteStore::commit_snapshot(SnapshotSummary& summary, const std::function<Status()>& before_commit) {
  LINKLENS_RETURN_IF_ERROR(st_->links.flush());  // add_page flushed already: this keeps it so
  // Dropped by begin_snapshot for a bulk load into an empty index; rank reads by it. The index by
  // source authority is rank's to build (link_rows.h).
  LINKLENS_RETURN_IF_ERROR(LinkRowWriter::create_target_index(db_).with_context("indexing the links"));
  // The snapshot's figures are counted from the tables, so re-ingesting into it cannot inflate them.
  sqlite3_stmt* s = (links_were_empty_ ? st_->finish_bulk_snapshot : st_->finish_snapshot).get();
  bind_at(s, 1, snapshot_);
  bind_at(s, 2, now_utc());
  if (sqlite3_step(s) != SQLITE_ROW) return fail("closing the snapshot");
  summary_.pages = static_cast<uint64_t>(sqlite3_column_int64(s, 0));
  summary_.links = static_cast<uint64_t>(sqlite3_column_int64(s, 1));
  summary_.new_links = static_cast<uint64_t>(sqlite3_column_int64(s, 2));
  summary_.lost_links = static_cast<uint64_t>(sqlite3_column_int64(s, 3));
  sqlite3_reset(s);
  if (before_commit) LINKLENS_RETURN_IF_ERROR(before_commit());
  LINKLENS_RETURN_IF_ERROR(exec("COMMIT"));
  in_transaction_ = false;
  st_->links.transaction_ended();
  summary = summary_;
  return {};
}

void SqliteStore::rollback() {
  if (in_transaction_)
    (void)exec("ROLLBACK");  // a failed rollback leaves nothing to undo: the transaction ends with the connection
  in_transaction_ = false;
  if (st_) st_->links.transaction_ended();
}

}  // namespace linklens::store
