// inspect_html on hand-made pages: every rel variant, page-level robots, base URLs, templates,
// noscript, hidden links, image links, implied end tags, anchor classes, JSON output.
#include <catch2/catch.hpp>
#include <map>
#include <nlohmann/json.hpp>

#include "linklens/inspect.h"
#include "linklens/report_json.h"

using namespace linklens;

namespace {

PageReport inspect(std::string_view html, std::string url = "https://www.example.com/dir/page.html",
                   std::vector<std::pair<std::string, std::string>> headers = {}, bool scripting = false) {
  InspectOptions options;
  options.page_url = std::move(url);
  options.headers = std::move(headers);
  options.scripting = scripting;
  auto r = inspect_html(html, options);
  REQUIRE(r.ok());
  return std::move(r).value();
}

}  // namespace

TEST_CASE("rel tokens: case, whitespace, several hints", "[inspect]") {
  auto r = inspect(
      "<a href=/a rel=NoFollow>a</a>"
      "<a href=/b rel='nofollow noopener'>b</a>"
      "<a href=/c rel=\"\tsponsored\nnofollow \">c</a>"
      "<a href=/d rel=UGC>d</a>"
      "<a href=/e rel='noopener noreferrer'>e</a>"
      "<a href=/f rel='nofollownoopener'>f</a>"
      "<a href=/g>g</a>");
  REQUIRE(r.links.size() == 7);
  CHECK(r.links[0].follow == FollowStatus::kNofollow);
  CHECK(r.links[0].rel == std::vector<std::string>{"nofollow"});
  CHECK(r.links[1].follow == FollowStatus::kNofollow);
  CHECK(r.links[1].rel == std::vector<std::string>{"nofollow", "noopener"});
  CHECK(r.links[2].follow == FollowStatus::kSponsored);
  CHECK(r.links[2].nofollow);
  CHECK(r.links[2].sponsored);
  CHECK(r.links[3].follow == FollowStatus::kUgc);
  CHECK(r.links[4].follow == FollowStatus::kFollow);
  CHECK(r.links[5].follow == FollowStatus::kFollow);  // one unknown token, not two
  CHECK(r.links[6].follow == FollowStatus::kFollow);
  for (const auto& l : r.links) CHECK(l.effective_follow == l.follow);
}

TEST_CASE("page-level nofollow from meta robots, googlebot and X-Robots-Tag", "[inspect][robots]") {
  auto meta = inspect("<meta name=ROBOTS content='noindex, NoFollow'><a href=/x>x</a><a href=/y rel=ugc>y</a>");
  CHECK(meta.page.robots.nofollow);
  CHECK(meta.page.robots.noindex);
  CHECK(meta.links[0].follow == FollowStatus::kFollow);
  CHECK(meta.links[0].effective_follow == FollowStatus::kNofollow);
  CHECK(meta.links[1].effective_follow == FollowStatus::kUgc);

  CHECK(inspect("<meta name=googlebot content=none><a href=/x>x</a>").links[0].effective_follow ==
        FollowStatus::kNofollow);
  CHECK(inspect("<meta name=bingbot content=nofollow><a href=/x>x</a>").links[0].effective_follow ==
        FollowStatus::kFollow);

  auto header = inspect("<a href=/x>x</a>", "https://a.com/", {{"X-Robots-Tag", "googlebot: nofollow"}});
  CHECK(header.page.x_robots_tag.nofollow);
  CHECK(header.links[0].effective_follow == FollowStatus::kNofollow);
  auto other_bot = inspect("<a href=/x>x</a>", "https://a.com/", {{"x-robots-tag", "otherbot: noindex, nofollow"}});
  CHECK_FALSE(other_bot.page.robots.nofollow);
  auto dated = inspect("<a href=/x>x</a>", "https://a.com/",
                       {{"X-Robots-Tag", "unavailable_after: 25 Jun 2010 15:00:00 PST, nofollow"}});
  CHECK(dated.page.robots.nofollow);
}

TEST_CASE("resolution against the first base href, scope by registrable domain", "[inspect]") {
  auto r = inspect(
      "<a href=rel>1</a><base href='https://cdn.example.com/x/'><base href='https://ignored.org/'>"
      "<a href='/abs'>2</a><a href='https://blog.example.com/p#frag'>3</a><a href='//other.co.uk/'>4</a>"
      "<a href='mailto:a@example.com'>5</a><a href='http://exa mple.com/'>6</a>");
  REQUIRE(r.links.size() == 6);
  CHECK(r.page.base == "https://cdn.example.com/x/");
  CHECK(r.links[0].url == "https://cdn.example.com/x/rel");  // base applies to earlier links too
  CHECK(r.links[0].scope == LinkScope::kSubdomain);
  CHECK(r.links[1].url == "https://cdn.example.com/abs");
  CHECK(r.links[2].url == "https://blog.example.com/p");  // fragment dropped
  CHECK(r.links[2].domain == "example.com");
  CHECK(r.links[3].scope == LinkScope::kExternal);
  CHECK(r.links[3].domain == "other.co.uk");
  CHECK(r.links[4].scope == LinkScope::kOther);
  CHECK(r.links[5].url.empty());  // unparsable href kept as written
  CHECK(r.links[5].href == "http://exa mple.com/");
  auto internal = inspect("<a href=/x>x</a>");
  CHECK(internal.links[0].scope == LinkScope::kInternal);
}

TEST_CASE("what counts as a link", "[inspect]") {
  auto r = inspect(
      "<link rel=canonical href=/canon><meta http-equiv=refresh content='5; URL=\"/next\"'>"
      "<template><a href=/in-template>t</a></template>"
      "<a name=anchor-only>no href</a>"
      "<map><area href=/area alt='Area alt'></map>"
      "<form action=/search></form><form></form>"
      "<iframe src=/frame><a href=/not-a-link-iframe-text>x</a></iframe>"
      "<svg><a href=/svg-link>s</a></svg>"
      "<script>document.write('<a href=/in-script>x</a>')</script>"
      "<textarea><a href=/in-textarea>x</a></textarea>");
  std::vector<std::string> kinds, urls;
  for (const auto& l : r.links) {
    kinds.push_back(to_string(l.kind));
    urls.push_back(l.url);
  }
  CHECK(kinds == std::vector<std::string>{"canonical", "redirect", "area", "form", "frame"});
  CHECK(urls[0] == "https://www.example.com/canon");
  CHECK(r.page.canonical == "https://www.example.com/canon");
  CHECK(r.page.meta_refresh == "https://www.example.com/next");
  CHECK(r.links[2].anchor == "Area alt");
}

TEST_CASE("noscript follows the scripting flag", "[inspect]") {
  const char* html = "<noscript><a href=/ns>ns</a></noscript><a href=/after>after</a>";
  auto crawler = inspect(html);
  REQUIRE(crawler.links.size() == 2);
  CHECK(crawler.links[0].in_noscript);
  CHECK(crawler.links[0].anchor == "ns");
  CHECK_FALSE(crawler.links[1].in_noscript);
  auto browser = inspect(html, "https://www.example.com/", {}, /*scripting=*/true);
  REQUIRE(browser.links.size() == 1);
  CHECK(browser.links[0].url == "https://www.example.com/after");
}

TEST_CASE("anchors: text, images, fallbacks, entities, whitespace", "[inspect][anchor]") {
  auto r = inspect(
      "<a href=/1>  Hello&nbsp;&amp;\n  <b>World</b> </a>"
      "<a href=/2><img src=x.png alt='Logo alt'></a>"
      "<a href=/3 aria-label='Label'></a>"
      "<a href=/4 title='Title only'></a>"
      "<a href=/5>Two<br>lines</a>"
      "<a href=/6><img src=a.png> caption</a>"
      "<a href=/7 style='display: none'>hidden</a>"
      "<div hidden><a href=/8>in hidden div</a></div>");
  REQUIRE(r.links.size() == 8);
  CHECK(r.links[0].anchor == "Hello & World");
  CHECK(r.links[1].kind == LinkKind::kImage);
  CHECK(r.links[1].anchor == "Logo alt");
  CHECK(r.links[1].anchor_class == AnchorClass::kImage);
  CHECK(r.links[2].anchor == "Label");
  CHECK(r.links[3].anchor == "Title only");
  CHECK(r.links[4].anchor == "Two lines");
  CHECK(r.links[5].kind == LinkKind::kText);  // text beside the image makes it a text link
  CHECK(r.links[5].anchor == "caption");
  CHECK(r.links[6].hidden);
  CHECK(r.links[7].hidden);
  CHECK(r.links[6].weight == 0);
  CHECK_FALSE(r.links[0].hidden);
}

TEST_CASE("hidden: off-screen positioning hides, a margin or a small offset does not", "[inspect][anchor]") {
  auto r = inspect(
      "<div style='position:absolute; top:0; left:-9999px;'><a href=https://spam.example/>themes free</a></div>"
      "<div style='position: fixed; top: -2000px'><a href=/2>up</a></div>"
      "<div style='margin-left:-9999px'><a href=/3>margin only</a></div>"
      "<div style='position:absolute; left:-20px'><a href=/4>a small offset</a></div>"
      "<a href=/5 style='text-indent:-9999px'>Logo</a>");
  REQUIRE(r.links.size() == 5);
  CHECK(r.links[0].hidden);
  CHECK(r.links[1].hidden);
  CHECK_FALSE(r.links[2].hidden);
  CHECK_FALSE(r.links[3].hidden);
  CHECK_FALSE(r.links[4].hidden);  // image replacement: the link is there, its text is not
}

TEST_CASE("implied end tags keep links apart", "[inspect][stack]") {
  auto r = inspect("<a href=/1>one<a href=/2>two</a><ul><li><a href=/3>three<li>after</ul><p><a href=/4>four<p>next");
  REQUIRE(r.links.size() == 4);
  CHECK(r.links[0].anchor == "one");  // a inside a closes the first
  CHECK(r.links[1].anchor == "two");
  CHECK(r.links[2].anchor == "three");  // the next li closes the link's li
  CHECK(r.links[3].anchor == "four");
}

TEST_CASE("placement from sectioning elements, roles and class tokens", "[inspect][placement]") {
  std::string prose(200, 'x');
  auto r = inspect(
      "<header><a href=/h>h</a></header><nav><a href=/n>n</a></nav>"
      "<div role=navigation><a href=/r>r</a></div>"
      "<div class='breadcrumbs'><a href=/b>b</a></div>"
      "<article><p>" +
      prose + " <a href=/c>in text</a> " + prose +
      "</p><footer><a href=/af>tag</a></footer></article>"
      "<aside><a href=/s>s</a></aside><div id='comments'><a href=/cm>c</a></div>"
      "<div class='site-footer'><a href=/f>f</a></div><footer><a href=/f2>f2</a></footer>");
  std::vector<std::string> got;
  for (const auto& l : r.links) got.push_back(to_string(l.placement));
  CHECK(got == std::vector<std::string>{"header", "navigation", "navigation", "breadcrumb", "content", "other",
                                        "sidebar", "comment", "footer", "footer"});
  // The content link outweighs the footer link.
  CHECK(r.links[4].weight > r.links[8].weight);
}

TEST_CASE("placement: a page of thousands of class strings reads each as a page of one would", "[inspect][placement]") {
  // The per-page memo of class and id strings grows, and stops keeping new strings at 4,096; a
  // string it keeps, finds again or never keeps must give the signal it gives on its own.
  const char* words[] = {"site-footer", "leftsidebar", "main-nav", "comments", "plain", "widget-area", "x"};
  const auto element = [&](int i) {
    return "<div class='c" + std::to_string(i % 5000) + " " + words[(i % 5000) % 7] + "' id='i" +
           std::to_string(i % 300) + (i % 11 == 0 ? "-breadcrumb" : "") + "'><a href=/l" + std::to_string(i) +
           ">l</a></div>";
  };
  std::string page;
  const int n = 10000;  // the second half repeats the first half's class strings
  for (int i = 0; i < n; ++i) page += element(i);
  auto r = inspect(page);
  REQUIRE(r.links.size() == static_cast<std::size_t>(n));
  int furniture = 0;
  for (int i = 0; i < n; i += 3) {  // every word, and strings before, at and past the memo's bound
    auto alone = inspect(element(i));
    REQUIRE(alone.links.size() == 1);
    INFO(element(i));
    CHECK(to_string(r.links[static_cast<std::size_t>(i)].placement) == to_string(alone.links[0].placement));
    furniture += alone.links[0].placement != Placement::kOther;
  }
  CHECK(furniture > n / 3 / 2);  // the words are read: most of these elements are furniture
}

TEST_CASE("anchor classes", "[inspect][anchor]") {
  InspectOptions options;
  options.page_url = "https://blog.site.org/post";
  options.keywords = {"running shoes"};
  auto r = inspect_html(
      "<a href='https://www.nike.com/'>Nike</a>"
      "<a href='https://www.nike.com/'>running shoes</a>"
      "<a href='https://www.nike.com/'>best running shoes for trails</a>"
      "<a href='https://www.nike.com/'>https://www.nike.com/</a>"
      "<a href='https://www.nike.com/'>nike.com</a>"
      "<a href='https://www.nike.com/'>click here</a>"
      "<a href='https://www.nike.com/'>Weiterlesen</a>"
      "<a href='https://www.nike.com/'></a>"
      "<a href='https://www.nike.com/'>a great store</a>",
      options);
  REQUIRE(r.ok());
  std::vector<std::string> got;
  for (const auto& l : r->links) got.push_back(to_string(l.anchor_class));
  CHECK(got == std::vector<std::string>{"branded", "exact", "partial", "naked_url", "naked_url", "generic", "generic",
                                        "empty", "other"});
}

TEST_CASE("JSON output is valid and follows the contract", "[inspect][json]") {
  auto r = inspect("<title>T &amp; \"q\"</title><a href='/x' rel=nofollow>bad \xff byte</a>");
  auto j = nlohmann::json::parse(report_to_json(r, true));
  CHECK(j["page"]["title"] == "T & \"q\"");
  CHECK(j["links"][0]["follow"] == "nofollow");
  CHECK(j["links"][0]["anchor"] == "bad \xEF\xBF\xBD byte");
  for (const char* field : {"href",          "url",
                            "host",          "domain",
                            "scope",         "rel",
                            "follow",        "effective_follow",
                            "kind",          "anchor",
                            "anchor_class",  "placement",
                            "ordinal",       "position",
                            "weight",        "hidden",
                            "rendered_only", "in_shadow_root",
                            "in_iframe",     "in_noscript",
                            "problem",       "context"}) {
    CHECK(j["links"][0].contains(field));
  }
  auto compact = nlohmann::json::parse(report_to_json(r, false));
  CHECK(compact == j);
}

TEST_CASE("bad input: a clear error or a result, never a crash", "[inspect]") {
  InspectOptions bad;
  bad.page_url = "not a url";
  CHECK(inspect_html("<a href=x>", bad).error() == InspectError::kInvalidPageUrl);
  CHECK(inspect("").links.empty());
  CHECK(inspect("<!-- never closed <a href=/x>x</a>").links.empty());
  CHECK(inspect("<a href=\"/unterminated").links.empty());
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "<div>";
  deep += "<a href=/deep>deep</a>";
  CHECK(inspect(deep).links.size() == 1);
  std::string many = "<a";
  for (int i = 0; i < 50000; ++i) many += " a" + std::to_string(i % 1000) + "=1";
  many += " href=/m>m</a>";
  CHECK(inspect(many).links.size() == 1);
}

// Deliberate deviation (element_stack.h): no adoption agency or reconstruction of active
// formatting elements. A browser splits an <a> that wraps block elements into several <a>
// elements (three here: "Anchor text", and a clone in each <li>); Linklens keeps one link with the
// text before the block. This is the main kind of disagreement left in the html5lib differential.
TEST_CASE("deviation: misnested <a> around blocks stays one link", "[inspect][deviation]") {
  auto r = inspect("<p><a href=/x>Anchor text<ul><li>one<li>two</ul></a></p>");
  REQUIRE(r.links.size() == 1);
  CHECK(r.links[0].anchor == "Anchor text");
}

TEST_CASE("SVG icons in links: their title is not anchor text, and they close", "[inspect][foreign]") {
  auto r = inspect(
      "<a href=/rss aria-label=RSS><svg><title>Feed icon</title><g><path d=M0></path></g></svg></a>"
      "<p>Support text</p><a href=/next>Next</a>");
  REQUIRE(r.links.size() == 2);
  CHECK(r.links[0].anchor == "RSS");
  CHECK(r.links[1].anchor == "Next");
}

TEST_CASE("an SVG <title> does not unbalance what is visible text", "[inspect][foreign]") {
  auto r = inspect("<svg><title>Search</title></svg><a href=/x><script>var s = '<b>';</script>Text</a>");
  REQUIRE(r.links.size() == 1);
  CHECK(r.links[0].anchor == "Text");
}

TEST_CASE("hostile nesting stays linear: deep stacks with many end tags and links", "[inspect][hostile]") {
  std::string html;
  for (int i = 0; i < 50000; ++i) html += "<span>";
  for (int i = 0; i < 50000; ++i) html += "</x><a href=/l>l</a>";  // end tags of unopened elements
  auto r = inspect(html);
  CHECK(r.links.size() == 50000);
}

TEST_CASE("malformed links say why; other schemes are fine", "[inspect][malformed]") {
  InspectOptions options;
  options.page_url = "https://shop.example/p";
  auto r = inspect_html(
      "<a href='https://ok.example/'>fine</a><a href='ttps://typo.example/x'>typo</a>"
      "<a href='http://[bad/'>bad</a><a href=' www.partner.example/offer'>www</a><a href='https//x.example'>nocolon</a>"
      "<a href='mailto:a@b.example'>mail</a><a href='tel:+1555'>tel</a><a href='ftp://files.example/'>ftp</a>"
      "<a href='tg://resolve?domain=x'>telegram</a><a href='/relative'>rel</a>",
      options);
  REQUIRE(r.ok());
  std::map<std::string, std::string> problem;
  for (const auto& l : r->links) problem[l.anchor] = l.problem;
  CHECK(problem["fine"].empty());
  CHECK(problem["typo"] == "unknown scheme \"ttps:\" (a typo of https:?)");
  CHECK(problem["bad"] == "the href does not parse as a URL: \"http://[bad/\"");
  CHECK(problem["www"] ==
        "\"www.partner.example/offer\" reads as a path on this site (an absolute URL without \"https://\"?)");
  CHECK(problem["nocolon"].rfind("\"https//x.example\" reads as a path", 0) == 0);
  for (const char* ok : {"mail", "tel", "ftp", "telegram", "rel"}) {
    INFO(ok);
    CHECK(problem[ok].empty());
  }
}

TEST_CASE("a link's context: its block's text, collapsed across text nodes and capped", "[inspect]") {
  auto r = inspect(
      "<p>  Read   <b>the</b>&nbsp;&nbsp;<i> guide</i>\n\n on <a href=\"/x\">bikes</a> &amp; more.</p>"
      "<p>Nothing to link here, and its text is not kept.</p>");
  REQUIRE(r.links.size() == 1);
  CHECK(r.links[0].context == "Read the guide on bikes & more.");

  std::string words;
  for (int i = 0; i < 100; ++i) words += "word ";
  r = inspect("<p>" + words + "<a href=\"/y\">y</a></p>");
  REQUIRE(r.links.size() == 1);
  std::string capped;
  for (int i = 0; i < 40; ++i) capped += i ? " word" : "word";
  CHECK(r.links[0].context == capped + "\xE2\x80\xA6");  // cut at 200 bytes, then "…"

  // Whitespace-only text nodes, a thousand of them, collapse to one space between the words.
  std::string blanks;
  for (int i = 0; i < 1000; ++i) blanks += i % 100 ? "<b> </b><i>\n\t</i>" : "<b>&nbsp;</b>";
  r = inspect("<p>start" + blanks + "end <a href=\"/z\">z</a></p>");
  REQUIRE(r.links.size() == 1);
  CHECK(r.links[0].context == "start end z");
}
