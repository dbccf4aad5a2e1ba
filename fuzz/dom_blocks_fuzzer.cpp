// Fuzzes the browser's path into the content scorer: a block tree and links as a page's content
// script could send them, read from arbitrary bytes (parents anywhere, even after their child or
// out of range; counts that disagree, link characters above characters; links pointing at any
// block index), through classify_links.
//
// Properties: one record per link, ordinals count up from 0, weights in [0, 1], and no crash,
// leak or undefined behaviour whatever the tree says.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "linklens/classify_links.h"

namespace {

class Bytes {
 public:
  Bytes(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  bool empty() const { return at_ >= size_; }
  uint8_t byte() { return at_ < size_ ? data_[at_++] : 0; }
  uint32_t count() { return static_cast<uint32_t>(byte()) * 7u; }

 private:
  const uint8_t* data_;
  size_t size_, at_ = 0;
};

// Tags and class words the scorer treats differently.
const char* const kTags[] = {"div", "p", "li", "ul", "td", "article", "section", "nav", "aside", "h2", "form", "span"};
const char* const kClasses[] = {
    "",     "article-body", "sidebar",  "related", "post-content", "l-sidebar article-body", "social-media-embed",
    "main", "comments",     "share-bar"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Bytes in(data, size);
  linklens::DomPage page;
  page.url = "https://news.example.com/story";
  page.height = 1000;
  const std::size_t blocks = in.byte() % 64;
  for (std::size_t i = 0; i < blocks && !in.empty(); ++i) {
    linklens::DomBlock b;
    b.parent = static_cast<int32_t>(in.byte()) - 2;  // -2..253: before, after, or out of range
    b.element.tag = kTags[in.byte() % std::size(kTags)];
    b.element.class_name = kClasses[in.byte() % std::size(kClasses)];
    b.chars = in.count();
    b.link_chars = in.count();
    b.commas = in.byte() % 16;
    b.links = in.byte() % 4;
    page.blocks.push_back(std::move(b));
  }
  std::vector<linklens::DomLink> links;
  while (!in.empty() && links.size() < 64) {
    linklens::DomLink l;
    const uint8_t kind = in.byte();
    l.href = (kind & 1) ? "https://other.example/a" : "/local";
    l.tag = (kind & 2) ? "area" : "a";
    l.text = std::string(in.byte() % 40, 'x');
    l.block_index = static_cast<int32_t>(in.byte()) - 2;
    l.block_chars = in.count();
    l.block_link_chars = in.count();
    links.push_back(std::move(l));
  }
  linklens::InspectOptions options;
  auto report = linklens::classify_links(page, links, options);
  if (!report || report->links.size() != links.size()) std::abort();
  uint32_t expected = 0;
  for (const auto& l : report->links) {
    if (l.ordinal != expected++) std::abort();
    if (!(l.weight >= 0 && l.weight <= 1)) std::abort();
  }
  return 0;
}
