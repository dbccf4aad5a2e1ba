// The audit's pure parts: the disavow file rules at and just over every limit, the gap
// categories and Venn counts, and the toxic score's signals with their reasons.
#include <catch2/catch.hpp>

#include "linklens/audit.h"
#include "linklens/disavow.h"
#include "linklens/gap.h"

using namespace linklens;

TEST_CASE("disavow: a valid file reads back entry by entry", "[disavow]") {
  auto f = disavow::parse(
      "# spam found 2026-11-23\ndomain:Spam.Example\n\nhttps://x.example/page?a=1\n#c\nDOMAIN:b.example\n");
  CHECK(f.problems.empty());
  REQUIRE(f.entries.size() == 3);
  CHECK(f.entries[0].value == "spam.example");
  CHECK(f.entries[0].comments == std::vector<std::string>{"spam found 2026-11-23"});
  CHECK(f.entries[1].kind == disavow::EntryKind::kUrl);
  CHECK(f.entries[1].line == 4);
  CHECK(f.lines == 6);
  CHECK(disavow::covers(f, "http://www.spam.example/a"));
  CHECK(disavow::covers(f, "https://x.example/page?a=1#frag"));
  CHECK_FALSE(disavow::covers(f, "https://x.example/other"));
  CHECK_FALSE(disavow::covers(f, "https://notspam.example/"));
}

TEST_CASE("disavow: every invalid line is reported with its number", "[disavow]") {
  auto f = disavow::parse(
      "domain:example.com/blog\nnot a url\ndomain:\nftp://x.example/f\ndomain:a.example:8080\nok.example\n");
  REQUIRE(f.problems.size() == 6);
  CHECK(f.problems[0].line == 1);
  CHECK(f.problems[0].message.find("path") != std::string::npos);
  CHECK(f.problems[1].line == 2);
  CHECK(f.problems[4].line == 5);
  CHECK(f.entries.empty());
}

TEST_CASE("disavow: limits at and just over", "[disavow]") {
  disavow::Limits limits;
  std::string at_lines;
  for (std::size_t i = 0; i < limits.max_lines; ++i) at_lines += "#\n";
  CHECK(disavow::parse(at_lines).problems.empty());
  CHECK(disavow::parse(at_lines + "#\n").problems.size() == 1);
  std::string url = "https://a.example/" + std::string(2048 - 18, 'x');
  REQUIRE(url.size() == 2048);
  CHECK(disavow::parse(url + "\n").problems.empty());
  CHECK(disavow::parse(url + "y\n").problems.size() == 1);
  // Each quote is written back percent-encoded (%22): 676 of them make 2,046 characters, 677
  // make 2,049, which the file written back would break, so the reader refuses it too (found
  // by fuzz_disavow).
  CHECK(disavow::parse("https://a.example/" + std::string(676, '"') + "\n").problems.empty());
  const std::string longer = "https://a.example/" + std::string(677, '"');
  REQUIRE(disavow::parse(longer + "\n").problems.size() == 1);
  CHECK(disavow::parse(longer + "\n").problems[0].message.find("percent-encoded") != std::string::npos);
  std::string big(limits.max_bytes, '#');
  CHECK(disavow::parse(big).problems.empty());
  CHECK(disavow::parse(big + "#").problems.size() == 1);
  CHECK(disavow::parse("domain:caf\xC3\xA9.example\n").problems.empty());
  CHECK(disavow::parse("domain:bad\xFF.example\n").problems.size() >= 1);  // not UTF-8
}

TEST_CASE("disavow: the writer refuses an invalid file and says why", "[disavow]") {
  std::vector<disavow::Problem> problems;
  std::vector<disavow::Entry> entries = {{disavow::EntryKind::kDomain, "spam.example", 0, {"score 80: shared_subnet"}},
                                         {disavow::EntryKind::kUrl, "https://x.example/p", 0, {}},
                                         {disavow::EntryKind::kDomain, "spam.example", 0, {}}};
  std::string text = disavow::write(entries, {"Linklens disavow file"}, problems);
  CHECK(problems.empty());
  CHECK(text == "# Linklens disavow file\n# score 80: shared_subnet\ndomain:spam.example\nhttps://x.example/p\n");
  CHECK(disavow::parse(text).entries.size() == 2);
  entries.push_back({disavow::EntryKind::kDomain, "example.com/blog", 0, {}});
  CHECK(disavow::write(entries, {}, problems).empty());
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].message.find("entry 4") != std::string::npos);
  disavow::Limits small;
  small.max_lines = 3;
  CHECK(disavow::write({{disavow::EntryKind::kDomain, "a.example", 0, {"one", "two", "three"}}}, {}, problems, small)
            .empty());
  CHECK(problems[0].message.find("lines") != std::string::npos);
}

TEST_CASE("gap: categories and Venn counts by construction", "[gap]") {
  // Targets: you, a, b.
  std::vector<std::vector<gap::Link>> per_target = {
      {{"shared.example", 1}, {"weak.example", 1}, {"strong.example", 2}},
      {{"shared.example", 1}, {"weak.example", 5}, {"best.example", 1}, {"unique.example", 1}},
      {{"shared.example", 1}, {"best.example", 3}, {"weak.example", 1}},
  };
  auto r = gap::compute(per_target, {{"best.example", 50}, {"shared.example", 10}});
  REQUIRE(r.rows.size() == 5);
  CHECK(r.rows[0].domain == "best.example");  // by authority
  auto find = [&](const std::string& d) {
    return *std::find_if(r.rows.begin(), r.rows.end(), [&](auto& x) { return x.domain == d; });
  };
  CHECK(find("best.example").categories == std::vector<std::string>{"best"});
  CHECK(find("weak.example").categories == std::vector<std::string>{"weak", "shared"});
  CHECK(find("strong.example").categories == std::vector<std::string>{"strong"});
  CHECK(find("shared.example").categories == std::vector<std::string>{"shared"});
  CHECK(find("unique.example").categories == std::vector<std::string>{"unique"});
  CHECK(find("weak.example").backlinks == std::vector<int64_t>{1, 5, 1});
  REQUIRE(r.venn.size() == 7);
  CHECK(r.venn[0b111 - 1].second == 2);  // shared and weak link to all three
  CHECK(r.venn[0b110 - 1].second == 1);  // best: a and b
  CHECK(r.venn[0b001 - 1].second == 1);  // strong: you only
  CHECK(r.venn[0b010 - 1].second == 1);  // unique: a only
}

TEST_CASE("audit: each signal fires with its reason, and the score adds them up", "[audit]") {
  audit::Thresholds t;
  std::vector<audit::Backlink> links;
  for (int i = 0; i < 3; ++i) {  // a PBN on one /24 with one commercial anchor
    audit::Backlink b;
    b.id = i + 1;
    b.source_domain = "pbn-" + std::to_string(i) + ".xyz";
    b.source_subnet = "203.0.113.0/24";
    b.anchor = "cheap mountain bikes";
    b.anchor_class = "other";
    b.placement = "content";
    b.follow = "follow";
    b.source_domain_authority = 1;
    b.source_page_links = 5;
    links.push_back(b);
  }
  audit::Backlink good;
  good.id = 10;
  good.source_domain = "cyclingnews.co.uk";
  good.source_subnet = "198.18.2.0/24";
  good.anchor = "Acme Bikes";
  good.anchor_class = "branded";
  good.placement = "content";
  good.follow = "follow";
  good.source_domain_authority = 60;
  good.source_page_links = 30;
  links.push_back(good);
  audit::Backlink farm = good;
  farm.id = 11;
  farm.source_domain = "free-links-directory.info";
  farm.source_subnet = "198.18.4.0/24";
  farm.source_page_links = 300;
  farm.source_domain_authority = 2;
  farm.hidden = true;
  links.push_back(farm);
  audit::Profile profile;  // the target's own pages: what its keyword anchors are about
  profile.topic_titles = {"Acme Bikes: mountain bikes"};
  auto r = audit::score(links, profile, t);
  REQUIRE(r.backlinks.size() == 5);
  auto signals = [&](std::size_t i) {
    std::vector<std::string> out;
    for (const auto& reason : r.backlinks[i].reasons) out.push_back(reason.signal);
    return out;
  };
  CHECK(signals(0) == std::vector<std::string>{"low_authority", "shared_subnet", "anchor_overuse", "spammy_tld"});
  CHECK(r.backlinks[0].score == t.w_low_authority + t.w_shared_subnet + t.w_anchor_overuse + t.w_spammy_tld);
  CHECK(r.backlinks[0].action == "disavow");
  CHECK(signals(3).empty());
  CHECK(r.backlinks[3].action == "keep");
  CHECK(signals(4) == std::vector<std::string>{"low_authority", "link_farm", "hidden", "spammy_name"});
  CHECK(r.backlinks[4].score == t.w_low_authority + t.w_link_farm + t.w_hidden + t.w_spammy_name);
  // Four signals, but link_farm and hidden are one family (the page): at most review.
  CHECK(r.backlinks[4].strong_families == 1);
  CHECK(r.backlinks[4].action == "review");
  REQUIRE(r.domains.size() == 5);
  CHECK(r.domains.back().domain == "cyclingnews.co.uk");
  CHECK(r.toxic_share == Approx(3.0 / 5));
  bool subnet_finding = false;
  for (const auto& f : r.findings) subnet_finding |= f.kind == "shared_subnets";
  CHECK(subnet_finding);
}
