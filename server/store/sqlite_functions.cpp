#include "sqlite_functions.h"

#include <sqlite3.h>

#include <string>

#include "linklens/public_suffix.h"

namespace linklens::store {
namespace {

void public_suffix_function(sqlite3_context* context, int, sqlite3_value** args) {
  const unsigned char* text = sqlite3_value_text(args[0]);
  std::string suffix = text ? PublicSuffixList::builtin().public_suffix(reinterpret_cast<const char*>(text)) : "";
  sqlite3_result_text(context, suffix.c_str(), static_cast<int>(suffix.size()), SQLITE_TRANSIENT);
}

}  // namespace

void register_sql_functions(sqlite3* db) {
  sqlite3_create_function(db, "linklens_public_suffix", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
                          public_suffix_function, nullptr, nullptr);
}

}  // namespace linklens::store
