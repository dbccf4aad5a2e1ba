// Fuzzes the wasm module's DOM-facts reader (wasm/dom_json.cpp), the text every page's content
// script sends the extension's worker, against the tree reader it replaced
// (tests/dom_json_tree_reader.cpp).
//
// Properties: both accept the same texts and read the same page and links from them, field for
// field; neither crashes, leaks or has undefined behaviour on any bytes.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "dom_json.h"
#include "dom_json_tree_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  linklens::DomPage stream_page, tree_page;
  std::vector<linklens::DomLink> stream_links, tree_links;
  const bool stream_ok = linklens::wasm::read_dom_json(text, stream_page, stream_links);
  const bool tree_ok = linklens::test::read_dom_json_tree(text, tree_page, tree_links);
  if (stream_ok != tree_ok) std::abort();
  if (stream_ok &&
      linklens::test::describe_dom(stream_page, stream_links) != linklens::test::describe_dom(tree_page, tree_links))
    std::abort();
  return 0;
}
