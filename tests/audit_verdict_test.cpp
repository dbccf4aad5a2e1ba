// The audit's verdicts (linklens/audit.h, "Verdicts"): brand terms, hosting that is not a
// network, unknown authority, relevance, the two-family rule for disavow, links that pass no
// equity, and the keep list. Each case is built so that only the rule it names decides.
#include <catch2/catch.hpp>

#include <algorithm>

#include "linklens/audit.h"
#include "linklens/brand.h"

using namespace linklens;

namespace {

audit::Backlink link(int id, const std::string& domain, const std::string& subnet, const std::string& anchor) {
  audit::Backlink b;
  b.id = id;
  b.source_url = "https://" + domain + "/post";
  b.source_domain = domain;
  b.source_subnet = subnet;
  b.target_url = "https://acme-bikes.com/";
  b.anchor = anchor;
  b.anchor_class = "other";
  b.placement = "content";
  b.follow = "follow";
  b.source_domain_authority = 40;
  b.source_authority_source = "commoncrawl:test";
  b.source_page_links = 10;
  b.source_referring_domains = 50;
  return b;
}

bool has(const audit::Scored& s, const std::string& signal) {
  return std::any_of(s.reasons.begin(), s.reasons.end(), [&](const audit::Reason& r) { return r.signal == signal; });
}

}  // namespace

TEST_CASE("brand: the label, the home page's names and the user's terms", "[audit][brand]") {
  const auto terms = brand::brand_terms("allenai.org", {"Home - Allen Institute for AI", "", ""}, {"AI2"});
  CHECK(terms == std::vector<std::string>{"allenai", "Allen Institute for AI", "AI2"});
  CHECK(brand::is_branded("Allen Institute for AI", {"allenai"}));  // spelled from word beginnings
  CHECK(brand::is_branded("the AllenAI blog", {"allenai"}));
  CHECK(brand::is_branded("Penske Media Corporation", {"pmc"}));  // initials
  CHECK_FALSE(brand::is_branded("Code", {"github"}));
  CHECK_FALSE(brand::is_branded("get it here, buy", {"github"}));
  CHECK_FALSE(brand::is_branded("a cheap mountain emporium", {"acme"}));
  CHECK_FALSE(brand::is_branded("space heaters", {"ace"}));  // a short term only as a word
  CHECK(brand::is_branded("Ace hardware", {"ace"}));
  // og:site_name and application-name are names as they are; a title part must spell the label.
  const auto shop = brand::brand_terms("acme-bikes.com", {"Welcome | Best bikes", "Acme Bikes Ltd", "Acme"}, {});
  CHECK(shop == std::vector<std::string>{"acme-bikes", "Acme Bikes Ltd", "Acme"});
}

TEST_CASE("audit: a branded anchor is never over-optimised; a one-word anchor is no money anchor", "[audit]") {
  std::vector<audit::Backlink> links;
  for (int i = 0; i < 4; ++i)
    links.push_back(link(i, "site" + std::to_string(i) + ".com", "", "Allen Institute for AI"));
  for (int i = 4; i < 8; ++i) links.push_back(link(i, "site" + std::to_string(i) + ".com", "", "Code"));
  audit::Profile profile;
  profile.brand_terms = {"allenai"};
  auto r = audit::score(links, profile, audit::Thresholds{});
  for (const auto& s : r.backlinks) CHECK_FALSE(has(s, "anchor_overuse"));
  CHECK(r.anchor_distribution.front() == std::pair<std::string, int64_t>{"branded", 4});
}

TEST_CASE("audit: hosting is not a network; a network shares more than its /24", "[audit]") {
  audit::Thresholds t;
  SECTION("without the target's pages, no anchor is a keyword: no money anchor, no anchor_overuse") {
    std::vector<audit::Backlink> links;
    for (int i = 0; i < 4; ++i)
      links.push_back(link(i, "site" + std::to_string(i) + ".com", "", "Download on the App Store"));
    auto r = audit::score(links, {}, t);
    CHECK_FALSE(has(r.backlinks[0], "anchor_overuse"));
  }
  SECTION("GitHub Pages sites on one /24") {
    std::vector<audit::Backlink> links;
    for (int i = 0; i < 4; ++i) {
      auto b = link(i, "user" + std::to_string(i) + ".github.io", "185.199.108.0/24", "cheap mountain bikes");
      b.source_referring_domains = 0;
      links.push_back(b);
    }
    auto r = audit::score(links, {}, t);
    for (const auto& s : r.backlinks) {
      CHECK(has(s, "hosting"));
      CHECK_FALSE(has(s, "shared_subnet"));
    }
  }
  SECTION("a busy shared-hosting /24 where most domains do not link to the target") {
    std::vector<audit::Backlink> links;
    for (int i = 0; i < 3; ++i) {
      auto b = link(i, "shop" + std::to_string(i) + ".com", "198.51.100.0/24", "cheap mountain bikes");
      b.source_referring_domains = 0;
      links.push_back(b);
    }
    audit::Profile profile;
    profile.subnet_domains["198.51.100.0/24"] = 40;
    auto r = audit::score(links, profile, t);
    CHECK(has(r.backlinks[0], "hosting"));
    CHECK_FALSE(has(r.backlinks[0], "shared_subnet"));
  }
  SECTION("three unrelated small sites on one /24: one shared trait is not enough") {
    std::vector<audit::Backlink> links;
    const char* anchors[] = {"a review of trail bikes", "where I bought mine", "my local bike shop"};
    for (int i = 0; i < 3; ++i) {
      auto b = link(i, "blog" + std::to_string(i) + ".com", "192.0.2.0/24", anchors[i]);
      b.source_referring_domains = 0;
      b.target_url = "https://acme-bikes.com/page" + std::to_string(i);
      links.push_back(b);
    }
    auto r = audit::score(links, {}, t);
    CHECK_FALSE(has(r.backlinks[0], "shared_subnet"));
  }
  SECTION("interlinked sites with one money anchor: a network, with its evidence") {
    std::vector<audit::Backlink> links;
    for (int i = 0; i < 3; ++i)
      links.push_back(link(i, "pbn" + std::to_string(i) + ".com", "203.0.113.0/24", "cheap mountain bikes"));
    audit::Profile profile;
    profile.interlinks = {{"pbn0.com", "pbn1.com"}};
    profile.topic_titles = {"Acme mountain bikes"};
    auto r = audit::score(links, profile, t);
    REQUIRE(has(r.backlinks[0], "shared_subnet"));
    const auto& reason = *std::find_if(r.backlinks[0].reasons.begin(), r.backlinks[0].reasons.end(),
                                       [](const audit::Reason& x) { return x.signal == "shared_subnet"; });
    CHECK(reason.related == std::vector<std::string>{"pbn1.com", "pbn2.com"});
    CHECK(reason.detail.find("link to each other") != std::string::npos);
    CHECK(reason.detail.find("cheap mountain bikes") != std::string::npos);
    CHECK(reason.strong);
  }
}

TEST_CASE("audit: unknown authority is not low", "[audit]") {
  auto b = link(1, "nobody-knows.com", "", "Acme");
  b.source_authority_source = "unknown";
  b.source_domain_authority = 0;
  auto r = audit::score({b}, {}, audit::Thresholds{});
  CHECK(has(r.backlinks[0], "unknown"));
  CHECK_FALSE(has(r.backlinks[0], "low_authority"));
  CHECK(r.backlinks[0].score == 0);
}

TEST_CASE("audit: disavow needs two strong families, a followed link and no keep", "[audit]") {
  audit::Thresholds t;
  auto hidden = link(1, "hacked.com", "", "cheap mountain bikes");
  hidden.hidden = true;
  audit::Profile profile;
  profile.topic_titles = {"Acme mountain bikes", "Trail bikes"};
  SECTION("one family, however loud, is at most review") {
    auto farm = link(2, "farm.com", "", "Acme");
    farm.source_page_links = 400;
    farm.hidden = true;
    auto r = audit::score({farm}, profile, t);
    CHECK(r.backlinks[0].score >= t.disavow_at);
    CHECK(r.backlinks[0].action == "review");
  }
  SECTION("a hidden keyword anchor: the page and the anchor") {
    auto r = audit::score({hidden}, profile, t);
    CHECK(has(r.backlinks[0], "hidden_keyword"));
    CHECK(r.backlinks[0].strong_families == 2);
    CHECK(r.backlinks[0].action == "disavow");
  }
  SECTION("a hidden keyword link on a page about the same subject is at most review") {
    hidden.source_title = "An Acme trail guide";
    hidden.context = "Our mountain bikes and trail bikes tested";
    auto r = audit::score({hidden}, profile, t);
    CHECK(has(r.backlinks[0], "hidden_keyword"));
    CHECK(r.backlinks[0].strong_families == 1);
    CHECK(r.backlinks[0].action == "review");
  }
  SECTION("the same link nofollowed passes no equity: review") {
    hidden.follow = "nofollow";
    auto r = audit::score({hidden}, profile, t);
    CHECK(has(r.backlinks[0], "no_equity"));
    CHECK(r.backlinks[0].action == "review");
  }
  SECTION("on the keep list: keep") {
    profile.keep = {"hacked.com"};
    auto r = audit::score({hidden}, profile, t);
    CHECK(has(r.backlinks[0], "kept"));
    CHECK(r.backlinks[0].action == "keep");
    CHECK(r.domains[0].kept);
  }
  SECTION("a hidden link in a menu is not evidence") {
    hidden.placement = "navigation";
    auto r = audit::score({hidden}, profile, t);
    CHECK(has(r.backlinks[0], "hidden_menu"));
    CHECK_FALSE(has(r.backlinks[0], "hidden"));
    CHECK(r.backlinks[0].action == "keep");
  }
}

TEST_CASE("audit: relevance lowers a weak case and says so, and the score stays the sum", "[audit]") {
  auto b = link(1, "trailblog.com", "", "Acme");
  b.source_domain_authority = 1;  // low_authority +10
  b.source_title = "My trail bikes of the year";
  b.context = "Suspension and frames on the trail: Acme";
  audit::Profile profile;
  profile.topic_titles = {"Acme trail bikes", "Suspension forks and frames"};
  auto r = audit::score({b}, profile, audit::Thresholds{});
  REQUIRE(has(r.backlinks[0], "relevant"));
  double sum = 0;
  for (const auto& reason : r.backlinks[0].reasons) sum += reason.contribution;
  CHECK(r.backlinks[0].score == Approx(sum));
  CHECK(r.backlinks[0].score == 0);
}
