// What the ClickHouse client reads from a server and from a store URL: TabSeparatedWithNamesAndTypes
// answers (Rows::parse) and clickhouse:// locations. Also checks the writer side: a value escaped
// for TSV reads back unchanged, and a quoted literal never ends before its closing quote.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "clickhouse/clickhouse_client.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  using namespace linklens::clickhouse;
  Rows rows = Rows::parse(input);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    (void)rows.integer(r, 0);
    (void)rows.real(r, 0);
  }
  auto location = parse_location(input);
  if (!location && location.error().message().empty()) std::abort();  // a refusal always says why

  // Round trip: one TSV field of names, one of types, one row.
  std::string tsv = "v\nString\n";
  append_tsv(tsv, input);
  tsv += "\n";
  Rows back = Rows::parse(tsv);
  if (back.size() != 1 || back.text(0, 0) != input) {
    if (input != "\\N") std::abort();  // \N is NULL by the format's definition
  }
  // A quoted literal: every quote and backslash inside is escaped, so the first unescaped quote
  // after the opening one is the last character.
  const std::string q = quote(input);
  std::size_t i = 1;
  while (i < q.size() && q[i] != '\'') i += q[i] == '\\' ? 2 : 1;
  if (i != q.size() - 1) std::abort();
  return 0;
}
