#include "sqlite/link_rows.h"

#include <algorithm>
#include <cstdlib>
#include <vector>

#include "linklens/link_record.h"
#include "sqlite/sqlite_exec.h"

namespace linklens::store {
namespace {

// Bit positions of `flags` (link_rows.h); each enum's field is wide enough for all its values.
constexpr int kScopeBit = 0, kFollowBit = 2, kEffectiveBit = 4, kKindBit = 6, kClassBit = 9, kPlacementBit = 12,
              kHiddenBit = 15, kNoscriptBit = 16;
static_assert(kLinkHiddenFlag == int64_t{1} << kHiddenBit && kLinkNoscriptFlag == int64_t{1} << kNoscriptBit);
static_assert(static_cast<int>(LinkScope::kOther) < 4 && static_cast<int>(FollowStatus::kUgc) < 4);
static_assert(static_cast<int>(LinkKind::kOther) < 8 && static_cast<int>(AnchorClass::kOther) < 8 &&
              static_cast<int>(Placement::kOther) < 8);

// The enum fields of `flags`: where each sits and its values' names (to_string).
struct FlagField {
  const char* name;
  int bit, mask;
  std::vector<std::string> values;
};

template <class Enum>
std::vector<std::string> names_of(Enum last) {
  std::vector<std::string> out;
  for (int v = 0; v <= static_cast<int>(last); ++v) out.emplace_back(to_string(static_cast<Enum>(v)));
  return out;
}

const FlagField& flag_field(std::string_view name) {
  static const std::vector<FlagField> fields = {{"scope", kScopeBit, 3, names_of(LinkScope::kOther)},
                                                {"follow", kFollowBit, 3, names_of(FollowStatus::kUgc)},
                                                {"effective_follow", kEffectiveBit, 3, names_of(FollowStatus::kUgc)},
                                                {"kind", kKindBit, 7, names_of(LinkKind::kOther)},
                                                {"anchor_class", kClassBit, 7, names_of(AnchorClass::kOther)},
                                                {"placement", kPlacementBit, 7, names_of(Placement::kOther)}};
  for (const FlagField& f : fields) {
    if (name == f.name) return f;
  }
  std::abort();  // a programming error: every caller names one of the fields above
}

// The field's name column of the links view: CASE value WHEN 0 THEN 'name0' ... END AS field.
std::string enum_column(const char* column) {
  return link_flag_name(column, link_flag_value(column)) + " AS " + column;
}

int64_t flags_of(const LinkRow& r) {
  return (int64_t{r.scope} << kScopeBit) | (int64_t{r.follow} << kFollowBit) |
         (int64_t{r.effective_follow} << kEffectiveBit) | (int64_t{r.kind} << kKindBit) |
         (int64_t{r.anchor_class} << kClassBit) | (int64_t{r.placement} << kPlacementBit) |
         (int64_t{r.hidden} << kHiddenBit) | (int64_t{r.in_noscript} << kNoscriptBit);
}

sqlite3_stmt* prepare(sqlite3* db, const char* sql) {
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr);
  return s;
}

Status failure(sqlite3* db, const char* what) { return Status::failure(std::string(what) + ": " + sqlite3_errmsg(db)); }

// The CREATE INDEX statements of link_rows, as in the schema script.
constexpr const char* kTargetIndex =
    "CREATE INDEX IF NOT EXISTS link_rows_target ON link_rows(target_domain_id, source_domain_id)";
constexpr const char* kAuthorityIndex =
    "CREATE INDEX IF NOT EXISTS link_rows_target_authority ON link_rows(target_domain_id, source_authority DESC)";

}  // namespace

std::string link_flag_value(const char* field) {
  const FlagField& f = flag_field(field);
  return "((l.flags >> " + std::to_string(f.bit) + ") & " + std::to_string(f.mask) + ")";
}

std::string link_flag(const char* field, int value) {
  std::string sql = link_flag_value(field);  // appended to, not "(" + ...: GCC 12 warns falsely on that (-Wrestrict)
  sql += " = ";
  sql += std::to_string(value);
  return sql;
}

std::string link_flag_name(const char* field, const std::string& value) {
  std::string sql = "CASE " + value;
  const FlagField& f = flag_field(field);
  for (std::size_t v = 0; v < f.values.size(); ++v) sql += " WHEN " + std::to_string(v) + " THEN '" + f.values[v] + "'";
  return sql + " END";
}

int link_flag_code(const char* field, std::string_view name) {
  const FlagField& f = flag_field(field);
  for (std::size_t v = 0; v < f.values.size(); ++v) {
    if (f.values[v] == name) return static_cast<int>(v);
  }
  return -1;
}

std::string links_view_sql() {
  // LEFT JOINs on primary keys: a query that reads no column of a joined table does not visit it
  // (SQLite omits such joins), and one that filters on it (target_domain = ?) is planned as an
  // inner join starting from names' UNIQUE index.
  return "CREATE VIEW IF NOT EXISTS links AS SELECT l.id AS id, " + link_source_sql() +
         " AS source_id,"
         " sp.host AS source_host, sd.name AS source_domain, tu.value AS target_url, th.name AS target_host,"
         " td.name AS target_domain, " +
         enum_column("scope") + ", COALESCE(hr.value, tu.value) AS href," + " COALESCE(rl.value, '') AS rel, " +
         enum_column("follow") + ", " + enum_column("effective_follow") + ", " + enum_column("kind") +
         ", an.value AS anchor, " + enum_column("anchor_class") + ", " + enum_column("placement") +
         ", l.ordinal AS ordinal, l.position AS position, l.weight AS weight, (l.flags >> " +
         std::to_string(kHiddenBit) + ") & 1 AS hidden, (l.flags >> " + std::to_string(kNoscriptBit) +
         ") & 1 AS in_noscript, cx.value AS context, l.first_seen AS first_seen, l.last_seen AS last_seen,"
         " l.lost_in AS lost_in, l.source_authority AS source_authority, COALESCE(ak.value, an.value) AS anchor_key"
         " FROM link_rows l"
         " LEFT JOIN pages sp ON sp.id = " +
         link_source_sql() +
         " LEFT JOIN names sd ON sd.id = l.source_domain_id"
         " LEFT JOIN strings tu ON tu.id = l.target_url_id LEFT JOIN names th ON th.id = l.target_host_id"
         " LEFT JOIN names td ON td.id = l.target_domain_id LEFT JOIN strings hr ON hr.id = l.href_id"
         " LEFT JOIN strings rl ON rl.id = l.rel_id LEFT JOIN strings an ON an.id = l.anchor_id"
         " LEFT JOIN strings cx ON cx.id = l.context_id LEFT JOIN strings ak ON ak.id = l.anchor_key_id";
}

LinkRowWriter::LinkRowWriter(sqlite3* db)
    : db_(db),
      ids_(db),
      page_links_(prepare(db, "SELECT id, key FROM link_rows WHERE key BETWEEN ?1 AND ?2")),
      update_(prepare(db,
                      "UPDATE link_rows SET flags=?9, context_id=?11, href_id=?12, rel_id=?13, ordinal=?15,"
                      " position=?16, weight=?17, last_seen=?19, lost_in=NULL WHERE key=?2")),
      rows_per_insert_(std::clamp<std::size_t>(
          static_cast<std::size_t>(std::max(0, sqlite3_limit(db, SQLITE_LIMIT_VARIABLE_NUMBER, -1))) / kColumns, 1,
          kRowsPerInsert)),
      inserts_(rows_per_insert_, nullptr) {}

LinkRowWriter::~LinkRowWriter() {
  for (sqlite3_stmt* s : {page_links_, update_}) sqlite3_finalize(s);
  for (sqlite3_stmt* s : inserts_) sqlite3_finalize(s);
}

sqlite3_stmt* LinkRowWriter::insert_statement(std::size_t rows) {
  sqlite3_stmt*& s = inserts_[rows - 1];
  if (s) return s;
  std::string sql =
      "INSERT OR FAIL INTO link_rows(key, id, target_domain_id, target_host_id, source_domain_id, target_url_id, flags,"
      " anchor_id, context_id, href_id, rel_id, anchor_key_id, ordinal, position, weight, first_seen, last_seen,"
      " lost_in, source_authority) VALUES";
  for (std::size_t r = 0; r < rows; ++r)
    sql += r ? ",(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)" : "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
  s = prepare(db_, sql.c_str());
  return s;
}

Status LinkRowWriter::flush() {
  for (std::size_t done = 0; done < pending_.size();) {
    const std::size_t rows = std::min(rows_per_insert_, pending_.size() - done);
    sqlite3_stmt* s = insert_statement(rows);
    if (!s) {
      pending_.clear();
      return failure(db_, "preparing the link insert");
    }
    sqlite3_reset(s);  // every parameter is bound below: no clear_bindings
    int p = 0;
    for (std::size_t i = done; i < done + rows; ++i) {
      const PendingRow& r = pending_[i];
      for (int64_t v : r.ints) sqlite3_bind_int64(s, ++p, v);
      sqlite3_bind_double(s, ++p, r.position);
      sqlite3_bind_double(s, ++p, r.weight);
      sqlite3_bind_int64(s, ++p, r.first_seen);
      sqlite3_bind_int64(s, ++p, r.last_seen);
      if (r.lost_in)
        sqlite3_bind_int64(s, ++p, *r.lost_in);
      else
        sqlite3_bind_null(s, ++p);
      sqlite3_bind_double(s, ++p, r.source_authority);
    }
    if (sqlite3_step(s) != SQLITE_DONE) {
      pending_.clear();
      return failure(db_, "storing a link");
    }
    done += rows;
  }
  pending_.clear();
  return {};
}

Status LinkRowWriter::begin_page(int64_t source_id) {
  if (!page_links_ || !update_) return failure(db_, "preparing the link statements");
  LINKLENS_RETURN_IF_ERROR(flush());  // the page may have rows waiting (it came before, in this transaction)
  page_ = source_id;
  next_key_ = first_link_key(source_id) + 1;
  keys_.clear();
  sqlite3_reset(page_links_);
  sqlite3_bind_int64(page_links_, 1, first_link_key(source_id));
  sqlite3_bind_int64(page_links_, 2, last_link_key(source_id));
  int step;
  while ((step = sqlite3_step(page_links_)) == SQLITE_ROW) {
    const int64_t key = sqlite3_column_int64(page_links_, 1);
    keys_[sqlite3_column_int64(page_links_, 0)] = key;
    if (key >= next_key_) next_key_ = key + 1;
  }
  sqlite3_reset(page_links_);
  if (step != SQLITE_DONE) return failure(db_, "reading a page's links");
  return {};
}

Status LinkRowWriter::write(const LinkRow& r) {
  if (r.source_id != page_) LINKLENS_RETURN_IF_ERROR(begin_page(r.source_id));
  // Each field remembers its last value: a page's links share their source domain, and runs of
  // them share a target, a context or an anchor.
  auto intern = [&](Field field, std::string_view v, bool is_name, int64_t& out) -> Status {
    Memo& memo = memos_[static_cast<int>(field)];
    if (memo.id >= 0 && memo.value == v) {
      out = memo.id;
      return {};
    }
    auto id = is_name ? ids_.name(v) : ids_.string(v);
    if (!id) return id.error();
    memo.value.assign(v);
    memo.id = out = *id;
    return {};
  };
  int64_t target_domain = 0, target_host = 0, source_domain = 0, url = 0, anchor = 0, context = 0, href = 0, rel = 0,
          key = 0;  // 0: implied by another column (the view's COALESCE gives it back)
  LINKLENS_RETURN_IF_ERROR(intern(Field::kTargetDomain, r.target_domain, true, target_domain));
  LINKLENS_RETURN_IF_ERROR(intern(Field::kTargetHost, r.target_host, true, target_host));
  LINKLENS_RETURN_IF_ERROR(intern(Field::kSourceDomain, r.source_domain, true, source_domain));
  LINKLENS_RETURN_IF_ERROR(intern(Field::kTargetUrl, r.target_url, false, url));
  LINKLENS_RETURN_IF_ERROR(intern(Field::kAnchor, r.anchor, false, anchor));
  LINKLENS_RETURN_IF_ERROR(intern(Field::kContext, r.context, false, context));
  if (r.href != r.target_url) LINKLENS_RETURN_IF_ERROR(intern(Field::kHref, r.href, false, href));
  if (!r.rel.empty()) LINKLENS_RETURN_IF_ERROR(intern(Field::kRel, r.rel, false, rel));
  if (r.anchor_key != r.anchor) LINKLENS_RETURN_IF_ERROR(intern(Field::kAnchorKey, r.anchor_key, false, key));

  auto [it, added] = keys_.try_emplace(r.id, next_key_);
  if (added && next_key_ > last_link_key(r.source_id)) {
    keys_.erase(it);
    return Status::failure("a page holds more than " + std::to_string(kMaxLinksPerPage) + " links");
  }
  if (added) {
    ++next_key_;
    pending_.push_back(PendingRow{{it->second, r.id, target_domain, target_host, source_domain, url, flags_of(r),
                                   anchor, context, href, rel, key, r.ordinal},
                                  r.position,
                                  r.weight,
                                  r.first_seen,
                                  r.last_seen,
                                  r.lost_in,
                                  r.source_authority});
    return {};
  }
  LINKLENS_RETURN_IF_ERROR(flush());  // the row updated may be waiting
  sqlite3_reset(update_);             // every parameter it reads is bound below: no clear_bindings
  sqlite3_bind_int64(update_, 2, it->second);
  sqlite3_bind_int64(update_, 9, flags_of(r));
  sqlite3_bind_int64(update_, 11, context);
  sqlite3_bind_int64(update_, 12, href);
  sqlite3_bind_int64(update_, 13, rel);
  sqlite3_bind_int64(update_, 15, r.ordinal);
  sqlite3_bind_double(update_, 16, r.position);
  sqlite3_bind_double(update_, 17, r.weight);
  sqlite3_bind_int64(update_, 19, r.last_seen);
  if (sqlite3_step(update_) != SQLITE_DONE) return failure(db_, "storing a link");
  return {};
}

StatusOr<bool> LinkRowWriter::drop_indexes_if_empty(sqlite3* db) {
  auto empty = table_is_empty(db, "link_rows");
  if (!empty) return empty.error();
  if (!*empty) return false;
  LINKLENS_RETURN_IF_ERROR(
      exec_sql(db, "DROP INDEX IF EXISTS link_rows_target; DROP INDEX IF EXISTS link_rows_target_authority"));
  return true;
}

Status LinkRowWriter::create_indexes(sqlite3* db) {
  LINKLENS_RETURN_IF_ERROR(exec_sql(db, kTargetIndex));
  return exec_sql(db, kAuthorityIndex);
}

Status LinkRowWriter::create_target_index(sqlite3* db) { return exec_sql(db, kTargetIndex); }

Status LinkRowWriter::rebuild_authority_index(sqlite3* db, const char* update) {
  LINKLENS_RETURN_IF_ERROR(exec_sql(db, "DROP INDEX IF EXISTS link_rows_target_authority"));
  LINKLENS_RETURN_IF_ERROR(exec_sql(db, update));
  return exec_sql(db, kAuthorityIndex);
}

}  // namespace linklens::store
