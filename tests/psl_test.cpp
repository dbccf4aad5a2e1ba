// Public Suffix List conformance: the list's own test vectors (../shared/data/psl/tests.txt),
// against the list compiled in at build time and against the newer list file loaded at run time.
#include <catch2/catch.hpp>
#include <cstdio>
#include <sstream>

#include "linklens/idna.h"
#include "linklens/public_suffix.h"
#include "linklens/version.h"
#include "test_data.h"

using linklens::PublicSuffixList;

namespace {

struct Counts {
  int passed = 0, failed = 0;
};

// tests.txt: "<host> <registrable domain>" per line, "null" for none, "//" comments.
Counts run_vectors(const PublicSuffixList& list, const std::string& vectors, const char* label) {
  Counts counts;
  std::istringstream lines(vectors);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty() || line.rfind("//", 0) == 0) continue;
    std::istringstream fields(line);
    std::string host, expected;
    if (!(fields >> host >> expected)) continue;
    if (host == "null") host.clear();
    // Unicode expectations are compared in the ASCII form the core works in.
    std::string want = expected == "null" ? "" : linklens::domain_to_ascii(expected).value();
    std::string got = list.registrable_domain(host);
    if (got == want) {
      ++counts.passed;
    } else {
      ++counts.failed;
      FAIL_CHECK(label << ": " << host << " -> '" << got << "', want '" << want << "'");
    }
  }
  std::printf("psl/tests.txt with %s: %d passed, %d failed\n", label, counts.passed, counts.failed);
  return counts;
}

}  // namespace

TEST_CASE("tests.txt with the compiled-in list", "[psl][conformance]") {
  auto vectors = linklens::test::read_shared_data("psl/tests.txt");
  if (!vectors) return;
  const auto& list = PublicSuffixList::builtin();
  CHECK(list.rule_count() > 9000);
  CHECK(list.list_date() == linklens::builtin_suffix_list_date());
  Counts c = run_vectors(list, *vectors, "the compiled-in list");
  CHECK(c.failed == 0);
  CHECK(c.passed >= 70);
}

TEST_CASE("tests.txt with the newer list loaded at run time", "[psl][conformance]") {
  auto vectors = linklens::test::read_shared_data("psl/tests.txt");
  auto dat = linklens::test::read_shared_data("psl/public_suffix_list.dat");
  if (!vectors || !dat) return;
  auto list = PublicSuffixList::parse(*dat, "2026-08-19");
  REQUIRE(list.ok());
  CHECK(list->rule_count() > 9000);
  Counts c = run_vectors(*list, *vectors, "the run-time list (2026-08-19)");
  CHECK(c.failed == 0);
}

TEST_CASE("split_host parts, sections and options", "[psl]") {
  const auto& list = PublicSuffixList::builtin();
  auto parts = list.split_host("www.Example.CO.UK.");
  CHECK(parts.host == "www.example.co.uk");
  CHECK(parts.public_suffix() == "co.uk");
  CHECK(parts.registrable_domain() == "example.co.uk");
  CHECK(parts.subdomain() == "www");
  CHECK(parts.section == linklens::SuffixSection::kIcann);
  CHECK(parts.listed);

  auto blog = list.split_host("someone.blogspot.com");
  CHECK(blog.registrable_domain() == "someone.blogspot.com");
  CHECK(blog.section == linklens::SuffixSection::kPrivate);
  CHECK(list.registrable_domain("someone.blogspot.com", {.include_private = false}) == "blogspot.com");

  auto unlisted = list.split_host("a.b.example-unlisted-tld");
  CHECK(unlisted.registrable_domain() == "b.example-unlisted-tld");
  CHECK_FALSE(unlisted.listed);

  CHECK(list.split_host("192.168.0.1").is_ip);
  CHECK(list.split_host("[::1]").is_ip);
  CHECK(list.registrable_domain("192.168.0.1").empty());
  CHECK(list.registrable_domain("a..example.com").empty());
  CHECK(list.registrable_domain("").empty());
  CHECK(list.registrable_domain("bücher.de") == "xn--bcher-kva.de");
  CHECK(list.split_host("bad host.com").registrable_domain().empty());

  // Copies and moves keep their views valid (parts hold offsets, not pointers).
  linklens::DomainParts moved = std::move(parts);
  CHECK(moved.registrable_domain() == "example.co.uk");
}

TEST_CASE("parse rejects bad lists clearly", "[psl]") {
  auto empty = PublicSuffixList::parse("// only a comment\n\n");
  REQUIRE_FALSE(empty.ok());
  CHECK(empty.error() == linklens::PslError::kEmptyList);
  auto bad = PublicSuffixList::parse("com\nexa mple\nfoo%bar\n");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error() == linklens::PslError::kInvalidRule);
  auto tiny = PublicSuffixList::parse("com\n*.ck\n!www.ck\n// ===BEGIN PRIVATE DOMAINS===\nblogspot.com\n");
  REQUIRE(tiny.ok());
  CHECK(tiny->registrable_domain("a.b.ck") == "a.b.ck");
  CHECK(tiny->registrable_domain("www.ck") == "www.ck");
  CHECK(tiny->registrable_domain("x.www.ck") == "www.ck");
  CHECK(tiny->split_host("x.blogspot.com").section == linklens::SuffixSection::kPrivate);
}
