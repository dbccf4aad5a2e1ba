// The Authority Score an answer carries, and where it came from (README, "Authority Score"):
// the newest web-graph release that covers the domain (`commoncrawl:<release>`), else the local
// index's own score (`index`), else none (`unknown`, and a null score: never a 0 that the audit
// would read as low authority). The local score stays beside it as `index_authority_score`.
#pragma once

#include <optional>
#include <string>
#include "index/index_queries.h"
#include "index/result_table.h"

#include "linklens/audit.h"
#include "linklens/gap.h"
#include "ranks/ranks_file.h"

namespace linklens::api {

struct AuthorityView {
  std::optional<double> score;
  std::string source;  // "commoncrawl:<release>", "index" or "unknown"
  std::optional<double> index_score;
  std::optional<ranks::WebScore> web;
};

// `ranks` may be null (no ranks file); `index_score` is null when the index does not know the
// domain.
AuthorityView authority_view(ranks::RanksReader* ranks, const std::string& domain, std::optional<double> index_score);
// The same from the domain's web score already looked up (RanksReader::lookup_many).
AuthorityView authority_view(std::optional<ranks::WebScore> web, std::optional<double> index_score);

// Appends `,"authority_source":...,"index_authority_score":...`: the fields that follow an
// answer's `authority_score` (docs/http-api.md).
void append_authority_source(const AuthorityView& view, std::string& out);
// Appends one result of POST /v1/authority as a JSON object: the answer's fields, then the score
// `view` gives and where it came from.
void append_authority_result(const AuthorityAnswer& answer, const AuthorityView& view, std::string& out);

// The audit's and the gap's referring domains, scored as every other answer is: each linking
// domain's score and its source (the index's score when there are no ranks). The gap's rows are
// ordered again by the new scores.
void use_web_authority(std::vector<audit::Backlink>& links, ranks::RanksReader* ranks);
void use_web_authority(gap::Result& result, ranks::RanksReader* ranks);

}  // namespace linklens::api
