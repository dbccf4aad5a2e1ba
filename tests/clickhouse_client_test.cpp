// The ClickHouse client's pure parts: store URLs, SQL literals, TSV fields and answers; and the
// link id both stores key links by.
#include <catch2/catch.hpp>

#include "clickhouse/clickhouse_client.h"
#include "index/link_id.h"

using namespace linklens::clickhouse;

TEST_CASE("clickhouse:// locations name the shards in order, the database and the cluster") {
  auto parsed = parse_location("clickhouse://127.0.0.1:8123,10.0.0.2:9000/idx?cluster=web");
  REQUIRE(parsed.ok());
  Location l = parsed.value();
  REQUIRE(l.nodes.size() == 2);
  CHECK(l.nodes[0].name() == "127.0.0.1:8123");
  CHECK(l.nodes[1].port == 9000);
  CHECK(l.database == "idx");
  CHECK(l.cluster == "web");
  parsed = parse_location("clickhouse://db.example");
  REQUIRE(parsed.ok());
  l = parsed.value();
  CHECK(l.nodes[0].port == 8123);
  CHECK(l.database == "linklens");
  for (const char* bad :
       {"sqlite.db", "clickhouse://h:0/x", "clickhouse://h:99999", "clickhouse://:8123/x", "clickhouse://h:8123/x;DROP",
        "clickhouse://h/x?cluster=a b", "clickhouse://h/x?user=u", "clickhouse://h:12ab/x"}) {
    INFO(bad);
    auto refused = parse_location(bad);
    REQUIRE_FALSE(refused.ok());
    CHECK_FALSE(refused.error().message().empty());
  }
}

TEST_CASE("values become SQL literals whose only unescaped quotes are their own") {
  CHECK(quote("x.com' OR 1=1 --") == "'x.com\\' OR 1=1 --'");
  CHECK(quote("a\\'b") == "'a\\\\\\'b'");
  CHECK(quote(std::string("nul\0end", 7)) == "'nul\\0end'");
  CHECK(quote_list({}) == "''");
  CHECK(quote_list({"a", "b'"}) == "'a', 'b\\''");
}

TEST_CASE("TSV fields read back as written, with names, types and NULL") {
  std::string body = "name\tn\tscore\nString\tUInt64\tNullable(Float64)\n";
  const std::string tricky = "tab\there\nnew line \\N back\\slash";
  append_tsv(body, tricky);
  body += "\t18446744073709551615\t\\N\n";
  Rows r = Rows::parse(body);
  REQUIRE(r.size() == 1);
  CHECK(r.names == std::vector<std::string>{"name", "n", "score"});
  CHECK(r.types[2] == "Nullable(Float64)");
  CHECK(r.text(0, 0) == tricky);
  CHECK_FALSE(r.null(0, 0));
  CHECK(r.null(0, 2));
  CHECK(r.real(0, 2) == 0);
}

TEST_CASE("a link's id is a stable positive hash of its key") {
  using linklens::store::link_id;
  const int64_t a = link_id("https://a.com/", "https://b.com/", "text", "B");
  CHECK(a > 0);
  CHECK(a == link_id("https://a.com/", "https://b.com/", "text", "B"));
  CHECK(a != link_id("https://a.com/", "https://b.com/", "text", "b"));
  CHECK(a != link_id("https://a.com/", "https://b.com/", "image", "B"));
  // Fields are separated: moving a character from one field to the next is another link.
  CHECK(link_id("ab", "c", "", "") != link_id("a", "bc", "", ""));
  // Pinned: ids are stored and compared across stores and versions.
  CHECK(a == 1921661857631288988);
}
