// Ranks a SQLite index's domain and page graphs (rank/graph_scoring.h) and explains a domain's score.
//
// Domain graph: registrable domains are nodes; u -> v when a live, followed (effective_follow),
// visible link of kind text/image/area/redirect goes from a page of u to a page of v (internal
// and subdomain links excluded). Sources that share a /24 (or IPv6 /48) count once against the
// same target, so a private blog network on one subnet cannot vote many times. Links the target's
// own disavow file covers (the disavowed table, `linklens disavow --apply`) do not count.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "rank/graph_scoring.h"
#include "ranks/ranks_file.h"
#include "sqlite/sqlite_store.h"

namespace linklens::ranking {

// Computes PageRank, harmonic centrality and the Authority Score for every domain and replaces
// the domain_authority table in one transaction. With
// own_transaction = false it runs inside the caller's open transaction (`linklens ingest` ranks
// before its commit, so a server never sees new links with old scores and tables).
// `ranks` (may be null): the web graph's scores, which become the score answers carry for the
// domains a release covers (domain_authority.score; index_score keeps this index's).
Status rank_index(store::SqliteStore& store, RankSummary& summary, bool own_transaction = true,
                  ranks::RanksReader* ranks = nullptr);

// A readable account of `domain`'s score: its parts, its referring domains by strength, and the
// links that did not count and why.
StatusOr<std::string> explain_domain(sqlite3* db, const std::string& domain);

}  // namespace linklens::ranking
