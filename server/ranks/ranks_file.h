// The ranks file: Common Crawl's web-graph ranks (and any graph a user ranks himself), release by
// release, apart from the index. An index is replaced by every ingest and swap; one ranks file
// serves many indexes (`linklens import-ranks --ranks PATH`, `serve --ranks PATH`).
//
// An import builds the new file beside the old one (a copy of it, plus the release, written
// without a journal) and renames it into place: a failed import leaves the previous ranks as they
// were, and no WAL of the release's rows is ever written. A server notices the new file (a new
// inode) and reads it from its next request on.
//
// Layout: `releases` (one row per release and graph: its date, node count, whether the file was
// an excerpt, the maxima that scale its scores) and `scores` (per name and release: the Authority
// Score x 100 as a small integer, and PageRank and harmonic centrality for the newest release of
// each graph only; older releases keep the score alone).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "index/status.h"
#include "ranks/rank_file_reader.h"

struct sqlite3;
struct sqlite3_stmt;

namespace linklens::ranks {

struct Release {
  int64_t id = 0;
  std::string name, date;  // date: YYYY-MM-DD, the order of releases
  Graph graph = Graph::kDomain;
  uint64_t nodes = 0, rows = 0;
  bool excerpt = false;  // not the whole graph: a name missing from it says nothing
  double max_pagerank = 0, max_harmonic = 0;
};

struct ImportOptions {
  std::string release;
  std::string date;               // YYYY-MM or YYYY-MM-DD
  std::optional<uint64_t> nodes;  // the graph's node count when the file is an excerpt
  bool excerpt = false;
};

struct ImportedFile {
  std::string path;
  Graph graph = Graph::kDomain;
  uint64_t rows = 0, duplicates = 0;
};

// Called now and then: rows read so far, compressed bytes read, compressed bytes in all.
using ImportProgress = std::function<void(uint64_t rows, uint64_t bytes, uint64_t total_bytes)>;

// Imports `files` (domain and host rank files of one release) into the ranks file at
// `ranks_path` (created when missing). Re-importing a release replaces it.
StatusOr<std::vector<ImportedFile>> import_ranks(const std::string& ranks_path, const ImportOptions& options,
                                                 const std::vector<std::string>& files,
                                                 const ImportProgress& progress = nullptr);

// "YYYY-MM" or "YYYY-MM-DD" as YYYY-MM-DD, or why not.
StatusOr<std::string> normalise_release_date(const std::string& text);

// A score and where it came from.
struct WebScore {
  double score = 0;
  Release release;                           // the release that answers
  std::string name;                          // the name looked up in it (a host for a domain under a private suffix)
  bool listed = false;                       // false: absent from a complete release, so below its floor (score 0)
  std::optional<double> pagerank, harmonic;  // the newest release's values, when it answers
};

struct HistoryPoint {
  Release release;
  double score = 0;
  bool listed = false;
};

class RanksReader {
 public:
  // Opens the ranks file read-only; refuses a file that is not one.
  static StatusOr<std::unique_ptr<RanksReader>> open(const std::string& path);
  ~RanksReader();

  // The score for a registrable domain (README, "Which file answers which domain"): the newest
  // release that lists it, or the newest complete release (score 0, below its floor) when that
  // comes first; nullopt when no release covers it.
  std::optional<WebScore> lookup(const std::string& domain);
  // lookup() of each domain, in their order, by one statement for all of them: a batch of the
  // HTTP API's authority endpoint is 1,000 domains, and a statement per name spent more on
  // running it than on its search. A name JSON would have to escape is looked up on its own, and
  // so is every domain when that statement fails. Each domain comes with its graph (the caller's
  // split already says it: api::Target::under_private_suffix), so none is split again.
  struct Query {
    std::string_view domain;  // empty: no score
    bool under_private_suffix = false;
  };
  std::vector<std::optional<WebScore>> lookup_many(const std::vector<Query>& queries);
  // Every release of the domain's graph that covers it, oldest first.
  std::vector<HistoryPoint> history(const std::string& domain);
  const std::vector<Release>& releases() const { return releases_; }  // newest first
  // True when the file at the path is no longer the one open (an import replaced it).
  bool replaced() const;

 private:
  RanksReader(std::string path, sqlite3* db) : path_(std::move(path)), db_(db) {}
  // A row of `scores` found for one of a domain's names.
  struct Hit {
    std::size_t name_index = 0;  // the name's place among the domain's names: 0 is the most preferred
    int64_t release = 0;
    double score = 0;
    std::optional<double> pagerank, harmonic;
  };
  // The rows of each of `names`.
  std::vector<Hit> find(const std::vector<std::string>& names);
  // Which release answers for a domain (lookup()'s rule), given the rows its names found: the
  // newest release of its graph that lists one of them (the hit of the most preferred name), or
  // else that is complete (no hit: below its floor); null when none.
  const Release* answering_release(Graph graph, const std::vector<Hit>& hits, const Hit*& hit) const;
  // That answer as a score, named by the domain's name the hit is for (its first without one).
  std::optional<WebScore> web_score(const Query& query, const std::vector<Hit>& hits) const;

  std::string path_;
  sqlite3* db_;
  sqlite3_stmt* lookup_ = nullptr;       // prepared on the first lookup
  sqlite3_stmt* lookup_many_ = nullptr;  // and on the first lookup_many
  ino_t inode_ = 0;
  dev_t device_ = 0;
  std::vector<Release> releases_;
};

// The names a domain is looked up under, and in which graph: its own name in the domain graph;
// under a private suffix (talaugust.github.io), its host and its www. host in the host graph,
// since Common Crawl folds hosts into domains by ICANN suffixes only (github.io is one node).
struct LookupNames {
  Graph graph = Graph::kDomain;
  std::vector<std::string> names;
};
LookupNames lookup_names(const std::string& domain);
// The same for a domain whose side of that line is known already (`by_host`:
// under_private_suffix(domain), as api::Target says it).
LookupNames lookup_names(std::string_view domain, bool by_host);
// Whether a domain lies under a private suffix and is not one: the host graph knows it.
bool under_private_suffix(const std::string& domain);
// The names of a domain whose graph is known (the list lookup_names gives): how many, and each.
std::size_t name_count(bool by_host);
std::string lookup_name(std::string_view domain, std::size_t i);

}  // namespace linklens::ranks
