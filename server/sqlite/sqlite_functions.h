// SQL functions Linklens adds to its SQLite connections, so the writer (`rank`'s query tables) and
// the readers (the API's live aggregations) group by the same definitions:
//   linklens_public_suffix(domain)   the Public Suffix List's suffix ("co.uk", not "uk")
//   linklens_fold_case(text)         Unicode case folding (linklens/case_fold.h): anchor keys
//   linklens_most_common(v, n)       aggregate: the v with the largest n (a tie: last in byte order)
#pragma once

struct sqlite3;

namespace linklens::store {

void register_sql_functions(sqlite3* db);

}  // namespace linklens::store
