// The content-block scorer, through both producers: inspect_html (raw HTML) and classify_links
// (the block tree the extension sends from the live DOM) must find the same main text.
#include <catch2/catch.hpp>
#include <map>

#include "linklens/classify_links.h"
#include "linklens/inspect.h"

using namespace linklens;

namespace {

// A sentence of prose with commas, as articles have.
std::string prose(int sentences) {
  std::string s;
  for (int i = 0; i < sentences; ++i)
    s += "The river rose through the night, and by morning the lower town, its bridges and its market were under "
         "water. ";
  return s;
}

std::map<std::string, std::string> placements(const PageReport& r) {
  std::map<std::string, std::string> out;
  for (const auto& l : r.links) out[l.anchor] = to_string(l.placement);
  return out;
}

PageReport inspect(const std::string& html) {
  InspectOptions options;
  options.page_url = "https://news.example.com/2026/flood";
  auto r = inspect_html(html, options);
  REQUIRE(r.ok());
  return std::move(r).value();
}

}  // namespace

TEST_CASE("the scorer keeps links in the article's text and cuts the furniture inside its column",
          "[inspect][placement][scorer]") {
  const std::string html =
      "<html><body><div class=page><div class=column>"
      "<h1>Flood</h1>"
      "<p>" +
      prose(3) + "<a href=/rain>record rainfall</a> " + prose(2) +
      "</p>"
      "<p>" +
      prose(2) + "The <a href=https://gov.example/alerts>national alert service</a> said. " + prose(2) +
      "</p>"
      // Related stories inside the article column: a paragraph each, links and nothing else.
      "<p>You may also like</p>"
      "<p><a href=/a>Storm season begins with three named storms in one week</a></p>"
      "<p><a href=/b>How the city rebuilt its levees after the last great flood</a></p>"
      // A share line, and a list of links.
      "<div><a href=https://social.example/share>Share</a> <a href=https://mail.example/>Email</a></div>"
      "<ul><li><a href=/c>Weather</a></li><li><a href=/d>Rivers</a></li><li><a href=/e>Maps</a></li></ul>"
      "<p>" +
      prose(3) +
      "</p>"
      "</div>"
      "<div class=teasers><div><a href=/t1>Teaser one headline about the weather</a></div>"
      "<div><a href=/t2>Teaser two headline about the markets</a></div></div>"
      "</div></body></html>";
  auto p = placements(inspect(html));
  CHECK(p["record rainfall"] == "content");
  CHECK(p["national alert service"] == "content");
  CHECK(p["Storm season begins with three named storms in one week"] == "other");
  CHECK(p["How the city rebuilt its levees after the last great flood"] == "other");
  CHECK(p["Share"] == "other");
  CHECK(p["Weather"] == "other");
  CHECK(p["Teaser one headline about the weather"] == "other");
}

TEST_CASE("the scorer: class words are a weight, not the decision", "[inspect][placement][scorer]") {
  // A wrapper whose class says both sidebar and article body (a real layout's "l-sidebar-fixed
  // l-article-body-segment") holds the article: its links are content. A real sidebar beside it
  // stays a sidebar.
  const std::string html =
      "<body><div class='l-sidebar-fixed l-article-body-segment'>"
      "<p>" +
      prose(3) + "<a href=/x>the flood maps</a> " + prose(2) +
      "</p>"
      "<p>" +
      prose(4) +
      "</p></div>"
      "<aside class=sidebar><p>Most read</p><a href=/y>Most read story</a></aside></body>";
  auto p = placements(inspect(html));
  CHECK(p["the flood maps"] == "content");
  CHECK(p["Most read story"] == "sidebar");
}

TEST_CASE("the scorer joins an article split by a full-width figure", "[inspect][placement][scorer]") {
  const std::string html =
      "<body><div class=story>"
      "<div class=part><div><p>" +
      prose(4) + "<a href=/first>first half link</a> " + prose(1) +
      "</p>"
      "<p>" +
      prose(3) +
      "</p></div></div>"
      "<figure><img src=x.jpg alt=''><figcaption>A street under water.</figcaption></figure>"
      "<div class=part><div><div><p>" +
      prose(6) + "<a href=/second>second half link</a> " + prose(2) +
      "</p>"
      "<p>" +
      prose(4) +
      "</p></div></div></div>"
      "</div><footer><a href=/about>About us</a></footer></body>";
  auto p = placements(inspect(html));
  CHECK(p["first half link"] == "content");
  CHECK(p["second half link"] == "content");
  CHECK(p["About us"] == "footer");
}

TEST_CASE("a page with too little text is left to the block rules", "[inspect][placement][scorer]") {
  // A card: no main text to find. The prose rule still decides.
  auto p =
      placements(inspect("<div><p>A short note with a <a href=/n>link</a> in it, and a sentence or two more to read "
                         "before it ends.</p></div>"
                         "<nav><a href=/>Home</a></nav>"));
  CHECK(p["link"] == "content");
  CHECK(p["Home"] == "navigation");
}

TEST_CASE("the browser's block tree scores as the raw HTML does", "[classify][placement][scorer]") {
  const std::string p1 = prose(3) + " ", p2 = prose(4);
  const std::string html = "<html><body><nav><a href=/>Home</a></nav><div class=main><p>" + p1 +
                           "<a href=/rain>record rainfall</a></p><p>" + p2 +
                           "</p><p><a href=/a>Storm season begins with three named storms in one week</a></p></div>"
                           "</body></html>";
  auto raw = inspect(html);

  // What the content script sends for the same page: every block element, parents first, with
  // its own visible characters (whitespace aside), link characters, commas and links.
  auto visible = [](const std::string& s) {
    uint32_t n = 0;
    for (char c : s) n += c != ' ';
    return n;
  };
  auto commas = [](const std::string& s) { return static_cast<uint32_t>(std::count(s.begin(), s.end(), ',')); };
  auto block = [](int32_t parent, std::string tag, std::string cls, uint32_t chars, uint32_t link_chars, uint32_t c,
                  uint32_t links) {
    DomBlock b;
    b.parent = parent;
    b.element.tag = std::move(tag);
    b.element.class_name = std::move(cls);
    b.chars = chars;
    b.link_chars = link_chars;
    b.commas = c;
    b.links = links;
    return b;
  };
  const std::string storm = "Storm season begins with three named storms in one week";
  DomPage page;
  page.url = "https://news.example.com/2026/flood";
  page.height = 1000;
  page.blocks = {block(-1, "body", "", 0, 0, 0, 0),
                 block(0, "nav", "", 4, 4, 0, 1),
                 block(0, "div", "main", 0, 0, 0, 0),
                 block(2, "p", "", visible(p1) + visible("record rainfall"), visible("record rainfall"), commas(p1), 1),
                 block(2, "p", "", visible(p2), 0, commas(p2), 0),
                 block(2, "p", "", visible(storm), visible(storm), 0, 1)};
  std::vector<DomLink> links(3);
  links[0].href = "/";
  links[0].text = "Home";
  links[0].ancestors.resize(3);
  links[0].ancestors[0].tag = "html";
  links[0].ancestors[1].tag = "body";
  links[0].ancestors[2].tag = "nav";
  links[0].block_index = 1;
  links[1].href = "/rain";
  links[1].text = "record rainfall";
  links[1].block_index = 3;
  links[2].href = "/a";
  links[2].text = storm;
  links[2].block_index = 5;
  InspectOptions options;
  auto dom = classify_links(page, links, options);
  REQUIRE(dom.ok());
  REQUIRE(dom->links.size() == raw.links.size());
  for (std::size_t i = 0; i < raw.links.size(); ++i) {
    INFO(raw.links[i].anchor);
    CHECK(to_string(dom->links[i].placement) == to_string(raw.links[i].placement));
  }
  CHECK(raw.links[1].placement == Placement::kContent);
  CHECK(raw.links[2].placement == Placement::kOther);

  // A malformed tree (a parent after its child, a link pointing past the end) is read safely.
  page.blocks[1].parent = 5;
  links[2].block_index = 99;
  auto odd = classify_links(page, links, options);
  REQUIRE(odd.ok());
  CHECK(odd->links.size() == 3);
}

TEST_CASE("the scorer: links to other sites in a link list within the article's flow are cited",
          "[inspect][placement][scorer]") {
  const std::string html =
      "<body><div class=story>"
      "<p>" +
      prose(4) +
      "</p>"
      // A product box between paragraphs: a link to another site with a sentence's anchor, a
      // button with a short one, and a link to the site itself.
      "<ul><li><a href=https://shop.example/buds>Get it on Amazon for $39.99</a></li>"
      "<li>See it now: <a href=https://shop.example/watch>Amazon</a></li>"
      "<li><a href=/deals>More deals from our own team</a></li></ul>"
      "<p>" +
      prose(4) +
      "</p>"
      // After the last paragraph: what pages append.
      "<ul><li><a href=https://magazine.example/subscribe>Subscribe to our sister magazine today</a></li>"
      "<li><a href=https://magazine.example/gift>Give the magazine as a gift this year</a></li></ul>"
      "</div></body>";
  auto p = placements(inspect(html));
  CHECK(p["Get it on Amazon for $39.99"] == "content");
  CHECK(p["Amazon"] == "other");
  CHECK(p["More deals from our own team"] == "other");
  CHECK(p["Subscribe to our sister magazine today"] == "other");
}

TEST_CASE("the scorer: a furniture word on the wrapper of the whole page does not set the article aside",
          "[inspect][placement][scorer]") {
  // A theme's layout switch ("header-style-2", "penci_sidebar") on the page wrapper.
  const std::string html =
      "<body><div class='wrapper-boxed header-style-header-2'><div class='container penci_sidebar'>"
      "<p>" +
      prose(3) + "<a href=/jam>the jam recipe</a> " + prose(3) +
      "</p>"
      "<p>" +
      prose(4) +
      "</p></div>"
      "<div class=widget><a href=/w>Widget link</a></div></div></body>";
  auto p = placements(inspect(html));
  CHECK(p["the jam recipe"] == "content");
  CHECK(p["Widget link"] == "sidebar");
}

TEST_CASE("the scorer: furniture inline in a paragraph (a hover card, a share span) is not the text",
          "[inspect][placement][scorer]") {
  const std::string html = "<body><div class=story><p>" + prose(3) +
                           " Rep. <span class=rollover-people><a href=/people/x>Jane Doe</a>"
                           "<span class=rollover-people-block><a href=/story/1>Jane Doe's latest bill stalls in "
                           "committee</a></span></span> said so. "
                           "<a href=https://gov.example/report>the report</a> " +
                           prose(2) + "</p><p>" + prose(4) + "</p></div></body>";
  auto r = inspect(html);
  auto p = placements(r);
  CHECK(p["the report"] == "content");
  CHECK(p["Jane Doe's latest bill stalls in committee"] == "other");

  // The browser's view of the same links: the span's signal sits below the paragraph.
  DomPage page;
  page.url = "https://news.example.com/2026/flood";
  page.height = 1000;
  DomBlock body, story, para;
  body.element.tag = "body";
  story.parent = 0;
  story.element.tag = "div";
  story.element.class_name = "story";
  para.parent = 1;
  para.element.tag = "p";
  para.chars = 900;
  para.link_chars = 60;
  para.commas = 12;
  para.links = 3;
  DomBlock para2 = para;
  para2.link_chars = 0;
  para2.links = 0;
  page.blocks = {body, story, para, para2};
  auto ancestor = [](std::string tag, std::string cls) {
    DomElement e;
    e.tag = std::move(tag);
    e.class_name = std::move(cls);
    return e;
  };
  std::vector<DomLink> links(2);
  links[0].href = "/story/1";
  links[0].text = "Jane Doe's latest bill stalls in committee";
  links[0].block_index = 2;
  links[0].ancestors = {ancestor("html", ""),
                        ancestor("body", ""),
                        ancestor("div", "story"),
                        ancestor("p", ""),
                        ancestor("span", "rollover-people"),
                        ancestor("span", "rollover-people-block")};
  links[1].href = "https://gov.example/report";
  links[1].text = "the report";
  links[1].block_index = 2;
  links[1].ancestors = {ancestor("html", ""), ancestor("body", ""), ancestor("div", "story"), ancestor("p", "")};
  InspectOptions options;
  auto dom = classify_links(page, links, options);
  REQUIRE(dom.ok());
  CHECK(dom->links[0].placement == Placement::kOther);
  CHECK(dom->links[1].placement == Placement::kContent);
}

TEST_CASE("the scorer on 50000 nested blocks of text (hostile nesting stays linear)", "[inspect][placement][scorer]") {
  std::string html = "<body>";
  for (int i = 0; i < 50000; ++i) html += "<div>words, and more words in a row here";
  html += "<a href=/deep>the deepest link</a>";
  auto r = inspect(html);
  REQUIRE(r.links.size() == 1);
  CHECK(r.links[0].anchor == "the deepest link");
}
