#include "ranks/ranks_file.h"

#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>

#include "encoding/text_codes.h"
#include "index/store_values.h"
#include "linklens/public_suffix.h"
#include "linklens/web_authority.h"
#include "sqlite/sqlite_exec.h"

namespace linklens::ranks {
namespace {

constexpr const char* kSchemaVersion = "1";

constexpr const char* kSchema = R"SQL(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS releases(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL, graph TEXT NOT NULL, date TEXT NOT NULL,
  nodes INTEGER NOT NULL, rows INTEGER NOT NULL, excerpt INTEGER NOT NULL,
  max_pagerank REAL NOT NULL, max_harmonic REAL NOT NULL, imported_at TEXT NOT NULL,
  UNIQUE(name, graph));
CREATE TABLE IF NOT EXISTS scores(
  name TEXT NOT NULL, release INTEGER NOT NULL,
  score INTEGER NOT NULL,
  pagerank REAL, harmonic REAL,
  PRIMARY KEY(name, release)) WITHOUT ROWID;
)SQL";

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
using Db = std::unique_ptr<sqlite3, DbCloser>;

struct Statement {
  sqlite3_stmt* s = nullptr;
  Statement(sqlite3* db, const char* sql) { sqlite3_prepare_v2(db, sql, -1, &s, nullptr); }
  ~Statement() { sqlite3_finalize(s); }
  explicit operator bool() const { return s != nullptr; }
};

std::string text_at(sqlite3_stmt* s, int i) {
  const unsigned char* t = sqlite3_column_text(s, i);
  return t ? reinterpret_cast<const char*>(t) : "";
}

Status check_schema(sqlite3* db, const std::string& path) {
  Statement s(db, "SELECT value FROM meta WHERE key = 'schema_version'");
  if (!s || sqlite3_step(s.s) != SQLITE_ROW) {
    return Status::failure(path + " is not a Linklens ranks file (make one with `linklens import-ranks`)");
  }
  const std::string version = text_at(s.s, 0);
  if (version != kSchemaVersion) {
    return Status::failure(path + " is a ranks file of schema " + version + "; this linklens reads schema " +
                           kSchemaVersion + " (import the releases again into a new file)");
  }
  return {};
}

std::vector<Release> load_releases(sqlite3* db) {
  std::vector<Release> out;
  Statement s(db,
              "SELECT id, name, graph, date, nodes, rows, excerpt, max_pagerank, max_harmonic FROM releases"
              " ORDER BY date DESC, name DESC");
  while (s && sqlite3_step(s.s) == SQLITE_ROW) {
    Release r;
    r.id = sqlite3_column_int64(s.s, 0);
    r.name = text_at(s.s, 1);
    r.graph = text_at(s.s, 2) == "host" ? Graph::kHost : Graph::kDomain;
    r.date = text_at(s.s, 3);
    r.nodes = static_cast<uint64_t>(sqlite3_column_int64(s.s, 4));
    r.rows = static_cast<uint64_t>(sqlite3_column_int64(s.s, 5));
    r.excerpt = sqlite3_column_int(s.s, 6) != 0;
    r.max_pagerank = sqlite3_column_double(s.s, 7);
    r.max_harmonic = sqlite3_column_double(s.s, 8);
    out.push_back(std::move(r));
  }
  return out;
}

// One file's rows in memory, names in one arena, so they can be written in key order: a B-tree
// filled in order is written once, page by page, where random inserts would rewrite pages.
struct LoadedFile {
  std::string names;
  struct Row {
    uint64_t prefix;  // the name's first 8 bytes, big-endian: most comparisons of a sort end here
    uint64_t offset;
    uint32_t length;
    double pagerank, harmonic;
  };
  std::vector<Row> rows;
  double max_pagerank = 0, max_harmonic = 0;
  std::string_view name(const Row& r) const { return std::string_view(names).substr(r.offset, r.length); }
};

Status load_file(RankFileReader& reader, LoadedFile& out, uint64_t done_bytes, uint64_t total_bytes,
                 const ImportProgress& progress) {
  RankRow row;
  while (reader.next(row)) {
    uint64_t prefix = 0;
    for (std::size_t i = 0; i < 8; ++i) {
      prefix = (prefix << 8) | (i < row.name.size() ? static_cast<unsigned char>(row.name[i]) : 0u);
    }
    out.rows.push_back({prefix, out.names.size(), static_cast<uint32_t>(row.name.size()), row.pagerank, row.harmonic});
    out.names += row.name;
    out.max_pagerank = std::max(out.max_pagerank, row.pagerank);
    out.max_harmonic = std::max(out.max_harmonic, row.harmonic);
    if (progress && out.rows.size() % (1 << 20) == 0) {
      progress(out.rows.size(), done_bytes + reader.compressed_bytes_read(), total_bytes);
    }
  }
  LINKLENS_RETURN_IF_ERROR(reader.status());
  if (out.rows.empty()) return Status::failure("the file has a header and no rows");
  return {};
}

// Writes one file as release `name` of its graph into the open (new) ranks file.
StatusOr<ImportedFile> write_release(sqlite3* db, const ImportOptions& options, const std::string& date,
                                     const std::string& path, Graph graph, LoadedFile& file) {
  ImportedFile report{path, graph, file.rows.size(), 0};
  const uint64_t nodes = options.nodes.value_or(file.rows.size());
  if (nodes < file.rows.size()) {
    return Status::failure("--nodes " + std::to_string(nodes) + " is fewer than the file's " +
                           std::to_string(file.rows.size()) + " rows");
  }
  // Re-importing a release replaces it.
  {
    Statement old(db, "SELECT id FROM releases WHERE name = ?1 AND graph = ?2");
    sqlite3_bind_text(old.s, 1, options.release.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(old.s, 2, to_string(graph), -1, SQLITE_STATIC);
    if (sqlite3_step(old.s) == SQLITE_ROW) {
      const std::string id = std::to_string(sqlite3_column_int64(old.s, 0));
      LINKLENS_RETURN_IF_ERROR(store::exec_sql(db, "DELETE FROM scores WHERE release = " + id));
      LINKLENS_RETURN_IF_ERROR(store::exec_sql(db, "DELETE FROM releases WHERE id = " + id));
    }
  }
  Statement insert_release(db,
                           "INSERT INTO releases(name, graph, date, nodes, rows, excerpt, max_pagerank, max_harmonic,"
                           " imported_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  sqlite3_bind_text(insert_release.s, 1, options.release.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(insert_release.s, 2, to_string(graph), -1, SQLITE_STATIC);
  sqlite3_bind_text(insert_release.s, 3, date.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(insert_release.s, 4, static_cast<int64_t>(nodes));
  sqlite3_bind_int64(insert_release.s, 5, static_cast<int64_t>(file.rows.size()));
  sqlite3_bind_int(insert_release.s, 6, options.excerpt ? 1 : 0);
  sqlite3_bind_double(insert_release.s, 7, file.max_pagerank);
  sqlite3_bind_double(insert_release.s, 8, file.max_harmonic);
  const std::string now = store::now_utc();
  sqlite3_bind_text(insert_release.s, 9, now.c_str(), -1, SQLITE_TRANSIENT);
  if (sqlite3_step(insert_release.s) != SQLITE_DONE) return Status::failure(sqlite3_errmsg(db));
  const int64_t release = sqlite3_last_insert_rowid(db);

  // Is this the newest release of its graph? Only the newest keeps PageRank and harmonic
  // centrality beside its scores; the one it replaces as newest keeps its scores alone.
  std::vector<int64_t> older;
  bool newest = true;
  {
    Statement others(db,
                     "SELECT id, date > ?2 OR (date = ?2 AND name > ?3) FROM releases WHERE graph = ?1 AND id <> ?4");
    sqlite3_bind_text(others.s, 1, to_string(graph), -1, SQLITE_STATIC);
    sqlite3_bind_text(others.s, 2, date.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(others.s, 3, options.release.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(others.s, 4, release);
    while (sqlite3_step(others.s) == SQLITE_ROW) {
      if (sqlite3_column_int(others.s, 1)) newest = false;
      older.push_back(sqlite3_column_int64(others.s, 0));
    }
  }
  if (newest && !older.empty()) {
    std::string ids;
    for (int64_t id : older) {  // appends, not "literal" + std::string (GCC 12's -Wrestrict false positive)
      if (!ids.empty()) ids += ',';
      ids += std::to_string(id);
    }
    LINKLENS_RETURN_IF_ERROR(store::exec_sql(
        db,
        "UPDATE scores SET pagerank = NULL, harmonic = NULL WHERE pagerank IS NOT NULL AND release IN (" + ids + ")"));
  }

  std::sort(file.rows.begin(), file.rows.end(), [&](const LoadedFile::Row& a, const LoadedFile::Row& b) {
    return a.prefix != b.prefix ? a.prefix < b.prefix : file.name(a) < file.name(b);
  });
  const rank::ReleaseScale scale{static_cast<double>(nodes), file.max_pagerank, file.max_harmonic};
  Statement insert(db,
                   "INSERT OR IGNORE INTO scores(name, release, score, pagerank, harmonic) VALUES(?1, ?2, ?3, ?4, ?5)");
  for (const LoadedFile::Row& r : file.rows) {
    const std::string_view name = file.name(r);
    const double score = rank::web_authority(r.pagerank, r.harmonic, scale).score;
    sqlite3_reset(insert.s);
    sqlite3_bind_text(insert.s, 1, name.data(), static_cast<int>(name.size()), SQLITE_STATIC);
    sqlite3_bind_int64(insert.s, 2, release);
    sqlite3_bind_int64(insert.s, 3, std::llround(score * 100));
    if (newest) {
      sqlite3_bind_double(insert.s, 4, r.pagerank);
      sqlite3_bind_double(insert.s, 5, r.harmonic);
    } else {
      sqlite3_bind_null(insert.s, 4);
      sqlite3_bind_null(insert.s, 5);
    }
    if (sqlite3_step(insert.s) != SQLITE_DONE) return Status::failure(sqlite3_errmsg(db));
    if (sqlite3_changes(db) == 0) ++report.duplicates;
  }
  return report;
}

}  // namespace

StatusOr<std::string> normalise_release_date(const std::string& text) {
  auto digits = [&](std::size_t at, std::size_t n) {
    if (text.size() < at + n) return -1;
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) {
      if (text[i] < '0' || text[i] > '9') return -1;
      v = v * 10 + (text[i] - '0');
    }
    return v;
  };
  const bool with_day = text.size() == 10;
  const int year = digits(0, 4), month = text.size() >= 7 ? digits(5, 2) : -1, day = with_day ? digits(8, 2) : 1;
  if ((text.size() != 7 && !with_day) || text[4] != '-' || (with_day && text[7] != '-') || year < 1990 || month < 1 ||
      month > 12 || day < 1 || day > 31) {
    return Status(400, "usage", "--date is YYYY-MM or YYYY-MM-DD (the release's crawl month orders releases)");
  }
  char out[11];
  std::snprintf(out, sizeof out, "%04d-%02d-%02d", year, month, day);
  return std::string(out);
}

StatusOr<std::vector<ImportedFile>> import_ranks(const std::string& ranks_path, const ImportOptions& options,
                                                 const std::vector<std::string>& files,
                                                 const ImportProgress& progress) {
  if (options.release.empty()) return Status(400, "usage", "--release NAME is required");
  if (files.empty()) return Status(400, "usage", "give one or more rank files");
  auto date = normalise_release_date(options.date);
  if (!date) return date.error();

  // Every file is read and checked before anything is written.
  std::vector<std::unique_ptr<RankFileReader>> readers;
  uint64_t total_bytes = 0;
  for (const auto& f : files) {
    auto reader = RankFileReader::open(f);
    if (!reader) return reader.error();
    total_bytes += reader.value()->file_size();
    readers.push_back(std::move(reader).value());
  }
  for (std::size_t i = 0; i < readers.size(); ++i) {
    for (std::size_t j = i + 1; j < readers.size(); ++j) {
      if (readers[i]->graph() == readers[j]->graph()) {
        return Status(400, "usage",
                      files[i] + " and " + files[j] + " are both " + to_string(readers[i]->graph()) +
                          " rank files: give one of each graph per release");
      }
    }
  }

  namespace fs = std::filesystem;
  const std::string building = ranks_path + ".importing-" + std::to_string(::getpid());
  struct Cleanup {
    std::string path;
    bool keep = false;
    ~Cleanup() {
      if (!keep) std::remove(path.c_str());
    }
  } cleanup{building};
  std::error_code ec;
  if (fs::exists(ranks_path, ec)) {
    fs::copy_file(ranks_path, building, fs::copy_options::overwrite_existing, ec);
    if (ec) return Status::failure("cannot copy " + ranks_path + " to " + building + ": " + ec.message());
  } else {
    std::remove(building.c_str());
  }
  sqlite3* raw = nullptr;
  if (sqlite3_open_v2(building.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
    Db closing(raw);
    return Status::failure("cannot write " + building + ": " + (raw ? sqlite3_errmsg(raw) : "out of memory"));
  }
  Db db(raw);
  // The file is new and is renamed into place only when whole: no journal is needed, and none is
  // written (a release of 120 million rows would otherwise pass through one).
  // Large pages: rows arrive in key order, and a 64 KB page takes a few thousand of them per
  // split (it applies to a new file only; a copied one keeps its page size).
  for (const char* setup : {"PRAGMA page_size=65536", "PRAGMA journal_mode=OFF", "PRAGMA synchronous=OFF",
                            "PRAGMA locking_mode=EXCLUSIVE", "PRAGMA cache_size=-1000000"}) {
    LINKLENS_RETURN_IF_ERROR(store::exec_sql(db.get(), setup));
  }
  Statement has_meta(db.get(), "SELECT 1 FROM sqlite_master WHERE name = 'meta'");
  const bool existing = has_meta && sqlite3_step(has_meta.s) == SQLITE_ROW;
  sqlite3_finalize(has_meta.s);
  has_meta.s = nullptr;
  if (existing) LINKLENS_RETURN_IF_ERROR(check_schema(db.get(), ranks_path));
  LINKLENS_RETURN_IF_ERROR(store::exec_sql(db.get(), "BEGIN"));
  LINKLENS_RETURN_IF_ERROR(store::exec_sql(db.get(), kSchema));
  LINKLENS_RETURN_IF_ERROR(store::exec_sql(
      db.get(),
      std::string("INSERT OR IGNORE INTO meta(key, value) VALUES('schema_version', '") + kSchemaVersion + "')"));

  std::vector<ImportedFile> imported;
  uint64_t done_bytes = 0;
  for (std::size_t i = 0; i < readers.size(); ++i) {
    LoadedFile file;
    Status loaded = load_file(*readers[i], file, done_bytes, total_bytes, progress);
    if (!loaded.ok()) return loaded.with_context(files[i]);
    done_bytes += readers[i]->compressed_bytes_read();
    auto written = write_release(db.get(), options, *date, files[i], readers[i]->graph(), file);
    if (!written) return written.error().with_context(files[i]);
    imported.push_back(written.value());
    if (progress) progress(file.rows.size(), done_bytes, total_bytes);
  }
  LINKLENS_RETURN_IF_ERROR(store::exec_sql(db.get(), "COMMIT"));
  db.reset();
  fs::rename(building, ranks_path, ec);
  if (ec) return Status::failure("cannot move " + building + " to " + ranks_path + ": " + ec.message());
  cleanup.keep = true;
  return imported;
}

bool under_private_suffix(const std::string& domain) {
  // github.io itself is a node of the domain graph; talaugust.github.io is not.
  return PublicSuffixList::builtin().split_host(domain).under_private_suffix();
}

std::size_t name_count(bool by_host) { return by_host ? 2 : 1; }

std::string lookup_name(std::string_view domain, std::size_t i) {
  std::string name = i == 0 ? std::string() : std::string("www.");
  name += domain;
  return name;
}

LookupNames lookup_names(std::string_view domain, bool by_host) {
  LookupNames names{by_host ? Graph::kHost : Graph::kDomain, {}};
  for (std::size_t i = 0; i < name_count(by_host); ++i) names.names.push_back(lookup_name(domain, i));
  return names;
}

LookupNames lookup_names(const std::string& domain) { return lookup_names(domain, under_private_suffix(domain)); }

StatusOr<std::unique_ptr<RanksReader>> RanksReader::open(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return Status::failure("no ranks file at " + path + " (make one with `linklens import-ranks`)");
  }
  sqlite3* raw = nullptr;
  // Immutable: a ranks file is never written in place (import-ranks builds a new one and renames
  // it over the old, which a reader notices by inode: replaced()). Without it every lookup was a
  // transaction of its own: a lock, an fstat and a re-read of the header, most of a lookup's
  // time, and the page cache was checked again each time.
  const std::string uri = "file:" + encoding::url_encode_component(path) + "?immutable=1";
  const int rc =
      sqlite3_open_v2(uri.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI, nullptr);
  Db db(raw);
  if (rc != SQLITE_OK) return Status::failure("cannot read the ranks file " + path);
  sqlite3_busy_timeout(raw, 2000);
  LINKLENS_RETURN_IF_ERROR(check_schema(raw, path));
  std::unique_ptr<RanksReader> reader(new RanksReader(path, db.release()));
  reader->inode_ = st.st_ino;
  reader->device_ = st.st_dev;
  reader->releases_ = load_releases(reader->db_);
  return reader;
}

RanksReader::~RanksReader() {
  sqlite3_finalize(lookup_);
  sqlite3_finalize(lookup_many_);
  sqlite3_close(db_);
}

bool RanksReader::replaced() const {
  struct stat st {};
  return ::stat(path_.c_str(), &st) != 0 || st.st_ino != inode_ || st.st_dev != device_;
}

std::vector<RanksReader::Hit> RanksReader::find(const std::vector<std::string>& names) {
  std::vector<Hit> out;
  // Prepared once per reader: a lookup is on every answer's path (badges, audits, rank).
  if (!lookup_)
    sqlite3_prepare_v2(db_, "SELECT release, score, pagerank, harmonic FROM scores WHERE name = ?1", -1, &lookup_,
                       nullptr);
  sqlite3_stmt* s = lookup_;
  for (std::size_t n = 0; n < names.size(); ++n) {
    sqlite3_bind_text(s, 1, names[n].c_str(), -1, SQLITE_TRANSIENT);
    while (sqlite3_step(s) == SQLITE_ROW) {
      Hit hit{n, sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1) / 100.0, std::nullopt, std::nullopt};
      if (sqlite3_column_type(s, 2) != SQLITE_NULL) hit.pagerank = sqlite3_column_double(s, 2);
      if (sqlite3_column_type(s, 3) != SQLITE_NULL) hit.harmonic = sqlite3_column_double(s, 3);
      out.push_back(hit);
    }
    sqlite3_reset(s);
  }
  return out;
}

const Release* RanksReader::answering_release(Graph graph, const std::vector<Hit>& hits, const Hit*& hit) const {
  hit = nullptr;
  for (const Release& release : releases_) {  // newest first
    if (release.graph != graph) continue;
    for (const Hit& h : hits) {  // a name has one row per release: the most preferred name wins
      if (h.release == release.id && (!hit || h.name_index < hit->name_index)) hit = &h;
    }
    if (hit || !release.excerpt) return &release;
  }
  return nullptr;
}

std::optional<WebScore> RanksReader::web_score(const Query& query, const std::vector<Hit>& hits) const {
  const Hit* hit = nullptr;
  const Release* release = answering_release(query.under_private_suffix ? Graph::kHost : Graph::kDomain, hits, hit);
  if (!release) return std::nullopt;
  if (!hit) return WebScore{0, *release, lookup_name(query.domain, 0), false, std::nullopt, std::nullopt};
  return WebScore{hit->score, *release, lookup_name(query.domain, hit->name_index), true, hit->pagerank, hit->harmonic};
}

std::optional<WebScore> RanksReader::lookup(const std::string& domain) {
  const LookupNames names = lookup_names(domain);
  return web_score({domain, names.graph == Graph::kHost}, find(names.names));
}

namespace {

// A name that JSON can carry as it is: a host name after IDNA is mostly ASCII letters, digits,
// '-', '_' and '.', but a host may hold other printable ASCII; anything that would need an escape
// is looked up on its own instead. (The "www." of a second name needs none.)
bool plain_json_text(std::string_view name) {
  for (const unsigned char c : name) {
    if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') return false;
  }
  return true;
}

}  // namespace

std::vector<std::optional<WebScore>> RanksReader::lookup_many(const std::vector<Query>& queries) {
  std::vector<std::optional<WebScore>> out(queries.size());
  // Every name goes into one JSON array; a row's `key` (the name's place in it) says whose it is.
  std::string array = "[";
  std::vector<std::pair<std::size_t, std::size_t>> owner;  // per key: (domain, name)
  std::vector<std::pair<std::size_t, Hit>> hits;           // (domain, hit): few, most domains miss
  auto find_alone = [&](std::size_t d) {
    for (const Hit& h : find(lookup_names(queries[d].domain, queries[d].under_private_suffix).names)) {
      hits.emplace_back(d, h);
    }
  };
  for (std::size_t d = 0; d < queries.size(); ++d) {
    const Query& q = queries[d];
    if (q.domain.empty()) continue;
    if (!plain_json_text(q.domain)) {
      find_alone(d);
      continue;
    }
    for (std::size_t n = 0; n < name_count(q.under_private_suffix); ++n) {
      if (!owner.empty()) array.push_back(',');
      array.push_back('"');
      if (n) array += "www.";  // lookup_name's second name
      array += q.domain;
      array.push_back('"');
      owner.emplace_back(d, n);
    }
  }
  array.push_back(']');
  if (!owner.empty() && !lookup_many_ &&
      sqlite3_prepare_v2(db_,
                         "SELECT j.key, s.release, s.score, s.pagerank, s.harmonic"
                         " FROM json_each(?1) j JOIN scores s ON s.name = j.value",
                         -1, &lookup_many_, nullptr) != SQLITE_OK) {
    sqlite3_finalize(lookup_many_);
    lookup_many_ = nullptr;
  }
  if (!owner.empty()) {
    std::vector<std::pair<std::size_t, Hit>> found;
    int rc = SQLITE_ERROR;
    if (sqlite3_stmt* s = lookup_many_) {
      sqlite3_bind_text(s, 1, array.data(), static_cast<int>(array.size()), SQLITE_STATIC);
      while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const int64_t key = sqlite3_column_int64(s, 0);
        if (key < 0 || static_cast<std::size_t>(key) >= owner.size()) continue;
        const auto [d, n] = owner[key];
        Hit hit{n, sqlite3_column_int64(s, 1), sqlite3_column_int64(s, 2) / 100.0, std::nullopt, std::nullopt};
        if (sqlite3_column_type(s, 3) != SQLITE_NULL) hit.pagerank = sqlite3_column_double(s, 3);
        if (sqlite3_column_type(s, 4) != SQLITE_NULL) hit.harmonic = sqlite3_column_double(s, 4);
        found.emplace_back(d, hit);
      }
      sqlite3_reset(s);
      sqlite3_clear_bindings(s);  // the array is this call's
    }
    if (rc == SQLITE_DONE) {
      hits.insert(hits.end(), found.begin(), found.end());
    } else {
      // A statement that could not be made or stopped part-way would leave the domains after
      // its last row unlisted, with a score of 0: each is looked up on its own instead.
      for (const auto& [d, n] : owner) {
        if (n == 0) find_alone(d);
      }
    }
  }
  std::stable_sort(hits.begin(), hits.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<Hit> domain_hits;
  auto next = hits.begin();
  for (std::size_t d = 0; d < queries.size(); ++d) {
    domain_hits.clear();
    for (; next != hits.end() && next->first == d; ++next) domain_hits.push_back(next->second);
    if (!queries[d].domain.empty()) out[d] = web_score(queries[d], domain_hits);
  }
  return out;
}

std::vector<HistoryPoint> RanksReader::history(const std::string& domain) {
  const LookupNames names = lookup_names(domain);
  const std::vector<Hit> hits = find(names.names);
  std::vector<HistoryPoint> out;
  for (auto it = releases_.rbegin(); it != releases_.rend(); ++it) {  // oldest first
    if (it->graph != names.graph) continue;
    std::optional<HistoryPoint> point;
    for (const Hit& h : hits) {
      if (h.release == it->id && !point) point = HistoryPoint{*it, h.score, true};
    }
    if (!point && !it->excerpt) point = HistoryPoint{*it, 0, false};
    if (point) out.push_back(*point);
  }
  return out;
}

}  // namespace linklens::ranks
