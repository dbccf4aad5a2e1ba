// The links of a SQLite index (schema 9): `link_rows`, one row of integer ids and numbers per
// link, clustered by source page, and the `links` view that gives every reader the columns it had
// before (text values, as the API answers them), so no query changed with the layout.
//
// `flags` packs the link's enums and booleans: scope (bits 0-1), follow (2-3), effective follow
// (4-5), kind (6-8), anchor class (9-11), placement (12-14), hidden (15), in_noscript (16). The
// enums in linklens/link_record.h are only ever appended to, and the view is made again by the
// migration that follows such a change.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "index/status.h"
#include "sqlite/string_ids.h"

namespace linklens::store {

// CREATE VIEW links AS ...: built from the enums' own names (to_string), so the two cannot differ.
std::string links_view_sql();

// SQL over `link_rows l` for the enum fields packed in flags ("scope", "follow",
// "effective_follow", "kind", "anchor_class", "placement"): the field's value, a test that it is
// `value`, and the name of the value `value_sql` holds (CASE ... END).
std::string link_flag_value(const char* field);
std::string link_flag(const char* field, int value);
std::string link_flag_name(const char* field, const std::string& value_sql);
// The value of the field's enum named `name` (to_string), or -1 for a name it does not have.
int link_flag_code(const char* field, std::string_view name);
// The bits of `flags` that hold the booleans.
constexpr int64_t kLinkHiddenFlag = int64_t{1} << 15, kLinkNoscriptFlag = int64_t{1} << 16;

// One link as the writer stores it. Text fields are interned (string_ids.h); the enums are their
// values.
struct LinkRow {
  int64_t id = 0, source_id = 0;
  std::string_view source_domain, target_url, target_host, target_domain;  // the source host is the page's
  std::string_view href, rel, anchor, anchor_key, context;
  int scope = 0, follow = 0, effective_follow = 0, kind = 0, anchor_class = 0, placement = 0;
  bool hidden = false, in_noscript = false;
  int64_t ordinal = 0;
  double position = 0, weight = 0, source_authority = 0;
  int64_t first_seen = 0, last_seen = 0;
  std::optional<int64_t> lost_in;
};

// A link row's key: its page's id and its number on the page (1 to kMaxLinksPerPage).
constexpr int kLinkNumberBits = 20;
constexpr int64_t kMaxLinksPerPage = (int64_t{1} << kLinkNumberBits) - 1;
constexpr int64_t first_link_key(int64_t page_id) { return page_id << kLinkNumberBits; }
constexpr int64_t last_link_key(int64_t page_id) { return first_link_key(page_id) | kMaxLinksPerPage; }
// The source page's id of `link_rows l` in SQL.
inline std::string link_source_sql(const char* table = "l") {
  return std::string("(") + table + ".key >> " + std::to_string(kLinkNumberBits) + ")";
}

// Writes the links of one page after another, inside the caller's write transaction. New rows
// wait in the writer until flush() (called by begin_page and before an update, and by the caller
// after a page's last link): a page's rows then go in by one INSERT of many rows. A statement's
// run costs about as much as the row it inserts (a cursor opened and freed, the transaction
// checked, a descent from the root to find the row's place), and one run appends a page's rows.
class LinkRowWriter {
 public:
  explicit LinkRowWriter(sqlite3* db);
  ~LinkRowWriter();
  LinkRowWriter(const LinkRowWriter&) = delete;
  LinkRowWriter& operator=(const LinkRowWriter&) = delete;

  // Reads which links of page `source_id` the index holds already.
  Status begin_page(int64_t source_id);
  // A link of the page begun last. One the page had (same id: source URL, target URL, kind,
  // anchor) is updated in place with the facts of this crawl (first_seen kept, lost_in cleared);
  // a new one is added with the next number (stored by the next flush()).
  Status write(const LinkRow& row);
  // Stores the new rows written since the last flush. Call it before the transaction (or a
  // savepoint kept) ends and before reading link_rows.
  Status flush();
  // The write transaction ended (committed or rolled back): ids cached during it are forgotten,
  // and rows not flushed are dropped (a failed write leaves some).
  void transaction_ended() {
    ids_.forget();
    for (Memo& m : memos_) m.id = -1;
    page_ = 0;  // its links are read again
    pending_.clear();
  }

  // A bulk load into an empty link_rows writes faster without its indexes and leaves them denser
  // when they are built after it: drop_indexes_if_empty() at the start (true when it did),
  // create_target_index() before anything reads by it. The index by source authority is built by
  // rebuild_authority_index() alone: only `rank` writes that column (0.0 until then).
  static StatusOr<bool> drop_indexes_if_empty(sqlite3* db);
  static Status create_indexes(sqlite3* db);  // both (a migration that rebuilds link_rows)
  static Status create_target_index(sqlite3* db);
  // Runs `update` (which rewrites source_authority) without the index on it, then builds that
  // index again: an update of every row would otherwise move every entry of it.
  static Status rebuild_authority_index(sqlite3* db, const char* update);

 private:
  // A row waiting for flush(), in the column order of the INSERT (link_rows.cpp).
  struct PendingRow {
    int64_t ints[13];  // key, id, the eight ids, flags (between them), ordinal
    double position, weight;
    int64_t first_seen, last_seen;
    std::optional<int64_t> lost_in;
    double source_authority;
  };
  // Up to 64 rows per INSERT (19 parameters each; fewer if this SQLite allows fewer
  // parameters): a page of more takes several.
  static constexpr std::size_t kRowsPerInsert = 64, kColumns = 19;
  // The INSERT of `rows` rows (1 to rows_per_insert_), prepared when first needed.
  sqlite3_stmt* insert_statement(std::size_t rows);

  sqlite3* db_;
  StringIds ids_;
  sqlite3_stmt *page_links_ = nullptr, *update_ = nullptr;
  std::size_t rows_per_insert_ = kRowsPerInsert;
  std::vector<sqlite3_stmt*> inserts_;  // [rows - 1]
  std::vector<PendingRow> pending_;
  int64_t page_ = 0, next_key_ = 0;
  std::unordered_map<int64_t, int64_t> keys_;  // the page's link ids -> their keys
  enum class Field {
    kTargetDomain,
    kTargetHost,
    kSourceDomain,
    kTargetUrl,
    kAnchor,
    kContext,
    kHref,
    kRel,
    kAnchorKey
  };
  struct Memo {
    std::string value;
    int64_t id = -1;
  };
  Memo memos_[9];
};

}  // namespace linklens::store
