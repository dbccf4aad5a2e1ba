// A target's overview (GET /v1/overview) as plain values: what both backends read, before the
// answer is written. The server writes it straight into the answer's text
// (append_overview_fields below, then api/authority_source.h's append_authority_source) without
// building a JSON tree: the tree, its allocations and its serialisation were most of a first
// lookup's time in process.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "index/result_table.h"

namespace linklens::api {

struct Overview {
  std::string target;  // as the user gave it
  std::string mode;
  std::string domain;
  bool indexed = false;
  double index_score = 0;  // the index's own Authority Score (0 when `rank` scored no such domain)
  // The counts in the order both backends select them: backlinks, live, lost, referring domains
  // (ever), pages, IPs, subnets, the effective follow split (follow, nofollow, sponsored, ugc),
  // kinds (text, image, form, frame, redirect, canonical), live referring domains.
  std::vector<int64_t> counts = std::vector<int64_t>(18, 0);
  int64_t snapshot = 0, new_backlinks = 0, lost_backlinks = 0;  // the latest committed snapshot
  std::vector<std::pair<std::string, int64_t>> anchor_classes;  // live links, most first, then by name
  ResultTable top_anchors, top_tlds, top_countries;             // at most 10 rows each
};

// Appends the answer's text from its opening brace through "top_countries", without the closing
// brace (the caller adds where the score came from). `authority_score` is the score the answer
// shows (the index's own, a web-graph release's, or null). The bytes are those nlohmann's dump
// wrote for the same fields (bad UTF-8 replaced): the fields and their order are the API's
// contract (docs/http-api.md).
void append_overview_fields(const Overview& o, std::optional<double> authority_score, std::string& out);

}  // namespace linklens::api
