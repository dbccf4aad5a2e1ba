#include "sqlite/sqlite_functions.h"

#include <sqlite3.h>

#include <string>

#include "linklens/case_fold.h"
#include "linklens/public_suffix.h"

namespace linklens::store {
namespace {

void public_suffix_function(sqlite3_context* context, int, sqlite3_value** args) {
  const unsigned char* text = sqlite3_value_text(args[0]);
  std::string suffix = text ? PublicSuffixList::builtin().public_suffix(reinterpret_cast<const char*>(text)) : "";
  sqlite3_result_text(context, suffix.c_str(), static_cast<int>(suffix.size()), SQLITE_TRANSIENT);
}

void fold_case_function(sqlite3_context* context, int, sqlite3_value** args) {
  const unsigned char* text = sqlite3_value_text(args[0]);
  const int bytes = sqlite3_value_bytes(args[0]);
  std::string folded = text ? fold_case({reinterpret_cast<const char*>(text), static_cast<std::size_t>(bytes)}) : "";
  sqlite3_result_text(context, folded.data(), static_cast<int>(folded.size()), SQLITE_TRANSIENT);
}

// linklens_most_common(value, count): the value with the largest count; a tie goes to the value
// last in byte order, as ClickHouse's argMax(value, (count, value)) picks it.
struct MostCommon {
  std::string* best;
  int64_t count;
};

void most_common_step(sqlite3_context* context, int, sqlite3_value** args) {
  auto* state = static_cast<MostCommon*>(sqlite3_aggregate_context(context, sizeof(MostCommon)));
  if (!state) return sqlite3_result_error_nomem(context);
  const unsigned char* text = sqlite3_value_text(args[0]);
  std::string value =
      text ? std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(sqlite3_value_bytes(args[0])))
           : "";
  const int64_t count = sqlite3_value_int64(args[1]);
  if (!state->best) {
    state->best = new std::string(std::move(value));
    state->count = count;
  } else if (count > state->count || (count == state->count && value > *state->best)) {
    *state->best = std::move(value);
    state->count = count;
  }
}

void most_common_final(sqlite3_context* context) {
  auto* state = static_cast<MostCommon*>(sqlite3_aggregate_context(context, 0));
  if (!state || !state->best) return sqlite3_result_null(context);
  sqlite3_result_text(context, state->best->data(), static_cast<int>(state->best->size()), SQLITE_TRANSIENT);
  delete state->best;
  state->best = nullptr;
}

}  // namespace

void register_sql_functions(sqlite3* db) {
  sqlite3_create_function(db, "linklens_most_common", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr, nullptr,
                          most_common_step, most_common_final);
  sqlite3_create_function(db, "linklens_fold_case", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr, fold_case_function,
                          nullptr, nullptr);
  sqlite3_create_function(db, "linklens_public_suffix", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
                          public_suffix_function, nullptr, nullptr);
}

}  // namespace linklens::store
