// classify_links (the browser's DOM view) against inspect_html (the raw HTML view) on the same
// page: the same links get the same follow status, scope, anchor class and placement.
#include <catch2/catch.hpp>

#include "linklens/classify_links.h"
#include "linklens/inspect.h"

using namespace linklens;

namespace {

const std::string kProse =
    "Trail shoes need grip, a rock plate and a fit that holds the heel on descents. We ran two hundred "
    "kilometres in each pair on wet roots, dry scree and forest roads before writing a word of this, and "
    "compared their wear, their weight and how they drained after river crossings. ";

DomElement el(std::string tag, std::string cls = "", std::string role = "", uint32_t chars = 0) {
  DomElement e;
  e.tag = std::move(tag);
  e.class_name = std::move(cls);
  e.role = std::move(role);
  e.text_chars = chars;
  return e;
}

}  // namespace

TEST_CASE("DOM links classify as the same page's raw HTML does", "[classify]") {
  const std::string article_text = kProse + kProse + kProse + kProse;
  const std::string html =
      "<html><head><title>Shoes</title><meta name=robots content='index, follow'></head><body>"
      "<nav><a href='/'>Home</a></nav>"
      "<article><p>" +
      kProse +
      "<a href='https://brand.example/x' rel='Sponsored NoOpener'>the Brand X shoe</a> "
      "</p><p>" +
      kProse + kProse + kProse +
      "</p></article>"
      "<aside class=sidebar><a href='https://blog.example.com/other'>Other post</a></aside>"
      "<footer><a href='https://partner.example.org/' rel=nofollow>Partner</a>"
      "<a href='mailto:a@b.c'>Mail</a></footer></body></html>";
  InspectOptions options;
  options.page_url = "https://blog.example.com/reviews/shoes";
  auto raw = inspect_html(html, options);
  REQUIRE(raw.ok());

  DomPage page;
  page.url = options.page_url;
  page.title = "Shoes";
  page.metas = {{"robots", "index, follow"}};
  page.height = 2000;
  const uint32_t article_chars = static_cast<uint32_t>(article_text.size());
  std::vector<DomLink> links(5);
  links[0].href = "/";
  links[0].text = "Home";
  links[0].ancestors = {el("html"), el("body"), el("nav")};
  links[1].href = "https://brand.example/x";
  links[1].rel = "Sponsored NoOpener";
  links[1].text = "the Brand X shoe";
  links[1].ancestors = {el("html"), el("body"), el("article", "", "", article_chars), el("p")};
  links[1].block_text = kProse + "the Brand X shoe";
  links[1].block_chars = static_cast<uint32_t>(links[1].block_text.size());
  links[1].block_link_chars = 16;
  links[1].top = 300;
  links[2].href = "https://blog.example.com/other";
  links[2].text = "Other post";
  links[2].ancestors = {el("html"), el("body"), el("aside", "sidebar")};
  links[3].href = "https://partner.example.org/";
  links[3].rel = "nofollow";
  links[3].text = "Partner";
  links[3].ancestors = {el("html"), el("body"), el("footer")};
  links[4].href = "mailto:a@b.c";
  links[4].text = "Mail";
  links[4].ancestors = {el("html"), el("body"), el("footer")};
  auto dom = classify_links(page, links, options);
  REQUIRE(dom.ok());
  REQUIRE(dom->links.size() == raw->links.size());
  for (std::size_t i = 0; i < links.size(); ++i) {
    const LinkRecord& a = dom->links[i];
    const LinkRecord& b = raw->links[i];
    INFO("link " << i << " " << a.href);
    CHECK(a.url == b.url);
    CHECK(a.scope == b.scope);
    CHECK(a.rel == b.rel);
    CHECK(a.follow == b.follow);
    CHECK(a.effective_follow == b.effective_follow);
    CHECK(a.anchor == b.anchor);
    CHECK(a.anchor_class == b.anchor_class);
    CHECK(a.placement == b.placement);
  }
  CHECK(dom->links[1].placement == Placement::kContent);
  CHECK(dom->links[1].follow == FollowStatus::kSponsored);
  CHECK(dom->links[2].placement == Placement::kSidebar);
  CHECK(dom->links[2].scope == LinkScope::kInternal);
  CHECK(dom->links[4].scope == LinkScope::kOther);
}

TEST_CASE("DOM page: meta robots and X-Robots-Tag make every link effectively nofollow", "[classify]") {
  DomPage page;
  page.url = "https://a.example/p";
  std::vector<DomLink> links(1);
  links[0].href = "https://b.example/";
  links[0].text = "B";
  InspectOptions options;
  auto plain = classify_links(page, links, options);
  REQUIRE(plain.ok());
  CHECK(plain->links[0].effective_follow == FollowStatus::kFollow);
  page.metas = {{"GoogleBot", "NoFollow"}};
  auto by_meta = classify_links(page, links, options);
  CHECK(by_meta->links[0].effective_follow == FollowStatus::kNofollow);
  CHECK(by_meta->links[0].follow == FollowStatus::kFollow);
  page.metas.clear();
  options.headers = {{"X-Robots-Tag", "googlebot: nofollow"}};
  auto by_header = classify_links(page, links, options);
  CHECK(by_header->page.robots.nofollow);
  CHECK(by_header->links[0].effective_follow == FollowStatus::kNofollow);
  options.headers = {{"X-Robots-Tag", "otherbot: nofollow"}};
  CHECK(classify_links(page, links, options)->links[0].effective_follow == FollowStatus::kFollow);
}

TEST_CASE("DOM links: images, hidden links, base URL, bad page URL", "[classify]") {
  DomPage page;
  page.url = "https://a.example/dir/p";
  page.base_url = "https://cdn.a.example/base/";
  std::vector<DomLink> links(2);
  links[0].href = "img";
  links[0].has_image = true;
  links[0].image_alt = "A logo";
  links[1].href = "https://b.example/";
  links[1].text = "hidden";
  links[1].hidden = true;
  auto r = classify_links(page, links, InspectOptions{});
  REQUIRE(r.ok());
  CHECK(r->links[0].kind == LinkKind::kImage);
  CHECK(r->links[0].anchor == "A logo");
  CHECK(r->links[0].url == "https://cdn.a.example/base/img");
  CHECK(r->links[0].scope == LinkScope::kSubdomain);
  CHECK(r->links[1].hidden);
  CHECK(r->links[1].weight == 0.0);
  page.url = "not a url";
  CHECK_FALSE(classify_links(page, links, InspectOptions{}).ok());
}
