// POST /v1/authority answers 1,000 targets at a time, so its three steps each have a batch form
// that skips work done once per target before: a plain host skips the URL parser
// (index/target.cpp), the index answers every domain in one statement (SqliteIndexQueries::
// authority) and the ranks file too (RanksReader::lookup_many). Each is held here to the one-by-one
// form it replaced: the URL parser, the statement per domain, and RanksReader::lookup.
#include <sqlite3.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "index/target.h"
#include "ranks/ranks_file.h"
#include "sqlite/sqlite_index_queries.h"
#include "sqlite/sqlite_rank.h"
#include "sqlite/sqlite_store.h"

using namespace linklens;

namespace {

// Files under /tmp named for this process, removed when the test ends.
struct TempFiles {
  std::vector<std::string> paths;
  std::string name(const std::string& suffix) {
    paths.push_back("/tmp/linklens-authority-batch-" + std::to_string(getpid()) + "-" + suffix);
    return paths.back();
  }
  ~TempFiles() {
    for (const auto& p : paths) {
      for (const char* s : {"", "-wal", "-shm", "-journal"}) std::remove((p + s).c_str());
    }
  }
};

// Hosts and near-hosts: labels of letters, digits, '-', '_' and the characters the URL parser
// rewrites or refuses (upper case, '%', ':', '/', '@', spaces, non-ASCII), IDNA and IPv4-like
// labels, empty labels and trailing dots, and private, wildcard and exception suffixes of the
// public suffix list (github.io, *.compute.amazonaws.com, *.ck and !www.ck, *.kawasaki.jp).
std::vector<std::string> generated_targets(std::size_t n) {
  std::mt19937 rng(19);
  const std::vector<std::string> pieces = {
      "a",  "b",   "example",  "co",  "uk",   "com",       "github",       "io",      "xn--",      "xn--bcher-kva",
      "0",  "12",  "0x1f",     "-",   "_",    "A",         "Ex",           "%41",     ":",         "/",
      "@",  " ",   "\xc3\xa9", "255", "1e3",  ".",         "blogspot",     "appspot", "amazonaws", "compute",
      "ck", "www", "kawasaki", "jp",  "city", "github.io", "blogspot.com", "www.ck"};
  std::vector<std::string> out = {"example.com",
                                  "www.example.co.uk",
                                  "talaugust.github.io",
                                  "github.io",
                                  "co.uk",
                                  "localhost",
                                  "1.2.3.4",
                                  "a.b.c.0x10",
                                  "example.com.",
                                  ".example.com",
                                  "a..b",
                                  "xn--bcher-kva.de",
                                  "EXAMPLE.com",
                                  "ex_ample.com",
                                  "-a-.com",
                                  "a.1com",
                                  "a.com1",
                                  "a.1",
                                  std::string(300, 'a'),
                                  std::string(2000, 'b')};
  std::uniform_int_distribution<std::size_t> piece(0, pieces.size() - 1), parts(1, 6);
  while (out.size() < n) {
    std::string t;
    const std::size_t count = parts(rng);
    for (std::size_t i = 0; i < count; ++i) {
      if (i) t.push_back('.');
      t += pieces[piece(rng)];
      if (rng() % 3 == 0) t += pieces[piece(rng)];
    }
    out.push_back(t);
  }
  return out;
}

}  // namespace

TEST_CASE("a plain host target gives what the URL parser gives") {
  // With a scheme, a target always goes through the URL parser; the same host without one may
  // take the shortcut. Both must name the same host and domain, or both be refused. The private
  // suffix bit each carries must be what the ranks file's own split of the domain says.
  std::size_t compared = 0, valid = 0, by_host = 0;
  for (const std::string& host : generated_targets(30000)) {
    if (host.find("://") != std::string::npos || host.empty()) continue;
    for (const char* mode : {"domain", "subdomains", "host"}) {
      api::Target bare, parsed;
      const bool bare_ok = api::parse_target(host, mode, bare).ok();
      const bool parsed_ok = api::parse_target("http://" + host, mode, parsed).ok();
      INFO("target '" << host << "', mode " << mode);
      REQUIRE(bare_ok == parsed_ok);
      if (bare_ok) {
        CHECK(bare.host == parsed.host);
        CHECK(bare.domain == parsed.domain);
        CHECK(bare.input == host);
        CHECK(bare.under_private_suffix == parsed.under_private_suffix);
        CHECK(bare.under_private_suffix == (ranks::lookup_names(bare.domain).graph == ranks::Graph::kHost));
        CHECK(bare.under_private_suffix == ranks::under_private_suffix(bare.domain));
        by_host += bare.under_private_suffix;
        ++valid;
      }
      ++compared;
    }
  }
  CHECK(compared > 80000);
  CHECK(valid > 10000);  // the shortcut's cases are a good part of them, not a handful
  CHECK(by_host > 100);
}

TEST_CASE("the index answers a batch of domains as one statement per domain did") {
  TempFiles files;
  const std::string path = files.name("index.db");
  auto opened = store::SqliteStore::open(path);
  REQUIRE(opened.ok());
  store::SqliteStore& index = *opened.value();

  // Pages of two crawled domains; one of them links nowhere, so before a rank it is known only
  // from its pages.
  REQUIRE(index.begin_snapshot("first", "test").ok());
  auto page = [](const std::string& url, const std::string& domain) {
    store::CrawledPage p;
    p.url = url;
    p.host = p.domain = domain;
    p.status = 200;
    return p;
  };
  std::vector<LinkRecord> links;
  for (int i = 0; i < 4; ++i) {
    LinkRecord l;
    l.url.append("https://www.target.example/").append(std::to_string(i));
    l.href = l.url;
    l.host = "www.target.example";
    l.domain = "target.example";
    l.scope = LinkScope::kExternal;
    l.ordinal = static_cast<uint32_t>(i);
    links.push_back(l);
  }
  REQUIRE(index.add_page(page("https://source.example/", "source.example"), links).ok());
  REQUIRE(index.add_page(page("https://quiet.example/", "quiet.example"), {}).ok());
  store::SnapshotSummary summary;
  REQUIRE(index.commit_snapshot(summary).ok());

  const std::vector<std::string> inputs = {"source.example",
                                           "https://www.target.example/x",
                                           "quiet.example",
                                           "unknown.example",
                                           "",
                                           "::bad",
                                           "TARGET.example",
                                           "source.example",
                                           "a..b",
                                           "sub.quiet.example",
                                           "quo\"te.example",
                                           "x.github.io"};
  // The statement each domain had before, as the reference.
  auto one_by_one = [&](sqlite3* db) {
    std::vector<api::AuthorityAnswer> out;
    sqlite3_stmt* s = nullptr;
    REQUIRE(sqlite3_prepare_v2(db,
                               "SELECT a.index_score, o.referring_domains, o.backlinks,"
                               " a.domain IS NOT NULL OR o.domain IS NOT NULL OR EXISTS(SELECT 1 FROM pages WHERE "
                               "domain = ?1)"
                               " FROM (SELECT ?1 AS d) q LEFT JOIN domain_authority a ON a.domain = q.d"
                               " LEFT JOIN domain_overview o ON o.domain = q.d",
                               -1, &s, nullptr) == SQLITE_OK);
    for (const auto& input : inputs) {
      api::AuthorityAnswer a;
      a.input = input;
      api::Target t;
      if (api::parse_target(input, "domain", t).ok()) {
        a.valid = true;
        a.domain = t.domain;
        sqlite3_bind_text(s, 1, t.domain.c_str(), -1, SQLITE_TRANSIENT);
        if (sqlite3_step(s) == SQLITE_ROW) {
          a.indexed = sqlite3_column_int64(s, 3) != 0;
          a.authority_score = sqlite3_column_double(s, 0);
          a.referring_domains = sqlite3_column_int64(s, 1);
          a.backlinks = sqlite3_column_int64(s, 2);
        }
        sqlite3_reset(s);
      }
      out.push_back(a);
    }
    sqlite3_finalize(s);
    return out;
  };
  auto same_answers = [&](const char* when) {
    INFO(when);
    api::SqliteIndexQueries queries(index.handle());
    const auto batch = queries.authority(inputs);
    const auto reference = one_by_one(index.handle());
    REQUIRE(batch.size() == reference.size());
    for (std::size_t i = 0; i < batch.size(); ++i) {
      INFO("target '" << inputs[i] << "'");
      CHECK(batch[i].input == reference[i].input);
      CHECK(batch[i].domain == reference[i].domain);
      CHECK(batch[i].valid == reference[i].valid);
      CHECK(batch[i].indexed == reference[i].indexed);
      CHECK(batch[i].authority_score == reference[i].authority_score);
      CHECK(batch[i].referring_domains == reference[i].referring_domains);
      CHECK(batch[i].backlinks == reference[i].backlinks);
      CHECK(batch[i].under_private_suffix == (batch[i].valid && ranks::under_private_suffix(batch[i].domain)));
    }
    return batch;
  };
  const auto unranked = same_answers("before rank");
  CHECK(unranked[2].indexed);  // quiet.example: its pages alone
  CHECK_FALSE(unranked[3].indexed);
  CHECK_FALSE(unranked[4].valid);

  ranking::RankSummary ranked;
  REQUIRE(ranking::rank_index(index, ranked).ok());
  const auto ranked_answers = same_answers("after rank");
  CHECK(ranked_answers[1].backlinks == 4);
  CHECK(ranked_answers[1].referring_domains == 1);
  CHECK(ranked_answers[6].backlinks == 4);  // TARGET.example is target.example
  CHECK(ranked_answers[10].valid);          // a host may hold a quote: the JSON array escapes it
  CHECK(ranked_answers[10].domain == "quo\"te.example");
  CHECK(ranked_answers[11].under_private_suffix);

  api::SqliteIndexQueries queries(index.handle());
  CHECK(queries.authority({}).empty());
  CHECK_FALSE(queries.authority({"::bad"}).front().valid);
}

TEST_CASE("a batch of web-score lookups answers as a lookup per domain does") {
  TempFiles files;
  // Two releases of the domain graph (the newer an excerpt, which says nothing of a name it does
  // not list) and one of the host graph, which answers for names under a private suffix.
  auto write = [&](const std::string& name, const std::vector<std::string>& rows, bool hosts) {
    const std::string p = files.name(name);
    std::ofstream out(p);
    out << (hosts ? "#harmonicc_pos\t#harmonicc_val\t#pr_pos\t#pr_val\t#host_rev\n"
                  : "#harmonicc_pos\t#harmonicc_val\t#pr_pos\t#pr_val\t#host_rev\t#n_hosts\n");
    int position = 1;
    for (const auto& r : rows) {
      out << position << '\t' << 1000.0 / position << '\t' << position << '\t' << 0.01 / position << '\t' << r
          << (hosts ? "\n" : "\t1\n");
      ++position;
    }
    return p;
  };
  const std::string ranks = files.name("ranks.db");
  const auto old_domains = write("old.txt", {"com.example", "org.listed", "com.only-old", "io.github"}, false);
  const auto new_domains = write("new.txt", {"org.listed", "com.example", "net.new-only"}, false);
  // both.github.io is listed under both of its names: its own (the preferred one) answers.
  const auto hosts = write(
      "hosts.txt",
      {"io.github.both.www", "io.github.talaugust", "io.github.other.www", "com.example.www", "io.github.both"}, true);
  ranks::ImportOptions older{"2024-01", "2024-01", std::nullopt, false};
  ranks::ImportOptions newer{"2024-06", "2024-06", std::nullopt, true};
  newer.nodes = 100;
  REQUIRE(ranks::import_ranks(ranks, older, {old_domains, hosts}).ok());
  REQUIRE(ranks::import_ranks(ranks, newer, {new_domains}).ok());
  auto reader = ranks::RanksReader::open(ranks);
  REQUIRE(reader.ok());

  std::vector<std::string> domains = {"example.com",     "listed.org",     "only-old.com",
                                      "new-only.net",    "absent.com",     "talaugust.github.io",
                                      "other.github.io", "github.io",      "",
                                      "both.github.io",  "example.com",    "quote\"d.com",
                                      "back\\slash.com", "caf\xc3\xa9.com"};
  for (int i = 0; i < 500; ++i) domains.push_back("generated-" + std::to_string(i) + ".com");
  std::vector<ranks::RanksReader::Query> queries;
  for (const auto& d : domains) queries.push_back({d, !d.empty() && ranks::under_private_suffix(d)});
  const auto batch = reader.value()->lookup_many(queries);
  REQUIRE(batch.size() == domains.size());
  std::size_t listed = 0;
  for (std::size_t i = 0; i < domains.size(); ++i) {
    INFO("domain '" << domains[i] << "'");
    const auto one = domains[i].empty() ? std::nullopt : reader.value()->lookup(domains[i]);
    REQUIRE(batch[i].has_value() == one.has_value());
    if (!one) continue;
    CHECK(batch[i]->score == one->score);
    CHECK(batch[i]->release.id == one->release.id);
    CHECK(batch[i]->name == one->name);
    CHECK(batch[i]->listed == one->listed);
    CHECK(batch[i]->pagerank == one->pagerank);
    CHECK(batch[i]->harmonic == one->harmonic);
    listed += one->listed;
  }
  CHECK(listed >= 7);  // example.com twice, listed.org, only-old.com, new-only.net, the github.io hosts
  CHECK_FALSE(batch[8].has_value());
  CHECK(batch[9]->listed);
  CHECK(batch[9]->name == "both.github.io");  // not www.both.github.io, listed too
  CHECK(reader.value()->lookup_many({}).empty());
}
