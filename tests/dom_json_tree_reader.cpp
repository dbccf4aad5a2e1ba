// The DOM-facts reader the wasm module used until it read SAX events (wasm/dom_json.cpp): the
// text parsed into a json tree, then read. Kept as the oracle the streaming reader must agree
// with on every input (dom_json_test.cpp, fuzz/dom_json_fuzzer.cpp).
#include "dom_json_tree_reader.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace linklens::test {
namespace {

using nlohmann::json;

std::string text_of(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}
double number_of(const json& j, const char* key, double fallback = 0.0) {
  auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<double>() : fallback;
}
bool flag_of(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_boolean() && it->get<bool>();
}
uint32_t count_of(const json& j, const char* key) {
  double v = number_of(j, key);
  return v > 0 && v < 4e9 ? static_cast<uint32_t>(v) : 0;
}
// An element of a shared table ("elements", "blocks") by a link's index field, or nullptr.
const json* indexed(const json* table, const json& j, const char* key) {
  const double i = number_of(j, key, -1);
  if (!table || i < 0 || i >= static_cast<double>(table->size())) return nullptr;
  const json& e = (*table)[static_cast<std::size_t>(i)];
  return e.is_object() ? &e : nullptr;
}
DomElement element_of(const json& e) {
  return {text_of(e, "tag"),      text_of(e, "role"),     text_of(e, "id"),        text_of(e, "className"),
          text_of(e, "itemprop"), text_of(e, "itemtype"), text_of(e, "ariaLabel"), count_of(e, "textChars")};
}
const json* array_at(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_array() ? &*it : nullptr;
}

}  // namespace

bool read_dom_json_tree(const std::string& text, DomPage& page, std::vector<DomLink>& links) {
  json dom = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (dom.is_discarded() || !dom.is_object() || !dom.contains("page") || !dom["page"].is_object()) return false;
  const json& p = dom["page"];
  page.url = text_of(p, "url");
  page.base_url = text_of(p, "baseUrl");
  page.title = text_of(p, "title");
  page.lang = text_of(p, "lang");
  page.canonical = text_of(p, "canonical");
  page.height = number_of(p, "height");
  if (const json* metas = array_at(p, "metas")) {
    for (const auto& pair : *metas) {
      if (pair.is_array() && pair.size() == 2 && pair[0].is_string() && pair[1].is_string()) {
        page.metas.emplace_back(pair[0].get<std::string>(), pair[1].get<std::string>());
      }
    }
  }
  // The block tree for the content scorer: one entry per block element, parents first.
  if (const json* tree = array_at(dom, "blockTree")) {
    page.blocks.reserve(tree->size());
    for (const auto& t : *tree) {
      DomBlock b;
      if (t.is_object()) {
        b.parent = static_cast<int32_t>(std::clamp(number_of(t, "parent", -1), -1.0, 2e9));
        b.element = element_of(t);
        b.chars = count_of(t, "chars");
        b.link_chars = count_of(t, "linkChars");
        b.commas = count_of(t, "commas");
        b.links = count_of(t, "links");
      }
      page.blocks.push_back(std::move(b));  // kept even when malformed: links refer by index
    }
  }
  const json* elements = array_at(dom, "elements");
  const json* blocks = array_at(dom, "blocks");
  const json* list = array_at(dom, "links");
  if (!list) return true;
  links.reserve(list->size());
  for (const auto& j : *list) {
    if (!j.is_object()) continue;
    DomLink d;
    d.href = text_of(j, "href");
    d.tag = text_of(j, "tag") == "area" ? "area" : "a";
    d.rel = text_of(j, "rel");
    d.text = text_of(j, "text");
    d.title = text_of(j, "title");
    d.target = text_of(j, "target");
    d.aria_label = text_of(j, "ariaLabel");
    d.has_image = flag_of(j, "hasImage");
    d.image_alt = text_of(j, "imageAlt");
    d.hidden = flag_of(j, "hidden");
    d.top = number_of(j, "top");
    d.in_shadow_root = flag_of(j, "inShadowRoot");
    d.in_iframe = flag_of(j, "inIframe");
    d.block_index = static_cast<int32_t>(std::clamp(number_of(j, "node", -1), -1.0, 2e9));
    const json* block = indexed(blocks, j, "block");
    const json& b = block ? *block : j;
    d.block_text = text_of(b, block ? "text" : "blockText");
    d.block_chars = count_of(b, block ? "chars" : "blockChars");
    d.block_link_chars = count_of(b, block ? "linkChars" : "blockLinkChars");
    // Ancestors: the parent chain through the shared table (innermost first, then reversed), or
    // an inline list, outermost first.
    const json* e = indexed(elements, j, "parent");
    for (int depth = 0; e && depth < 64; ++depth) {
      d.ancestors.push_back(element_of(*e));
      e = indexed(elements, *e, "parent");
    }
    std::reverse(d.ancestors.begin(), d.ancestors.end());
    if (const json* inline_list = array_at(j, "ancestors")) {
      for (const auto& a : *inline_list) {
        if (a.is_object()) d.ancestors.push_back(element_of(a));
      }
    }
    links.push_back(std::move(d));
  }
  return true;
}

}  // namespace linklens::test

namespace linklens::test {
namespace {

void describe_element(std::string& out, const DomElement& e) {
  out += "<" + e.tag + " role=" + e.role + " id=" + e.id + " class=" + e.class_name + " itemprop=" + e.itemprop +
         " itemtype=" + e.itemtype + " aria=" + e.aria_label + " text=" + std::to_string(e.text_chars) + ">";
}

}  // namespace

std::string describe_dom(const DomPage& page, const std::vector<DomLink>& links) {
  std::string out = "page url=" + page.url + " base=" + page.base_url + " title=" + page.title + " lang=" + page.lang +
                    " canonical=" + page.canonical + " height=" + std::to_string(page.height) + "\n";
  for (const auto& [name, content] : page.metas) out += " meta " + name + "=" + content + "\n";
  for (const auto& b : page.blocks) {
    out += " block parent=" + std::to_string(b.parent) + " chars=" + std::to_string(b.chars) +
           " link_chars=" + std::to_string(b.link_chars) + " commas=" + std::to_string(b.commas) +
           " links=" + std::to_string(b.links) + " ";
    describe_element(out, b.element);
    out += "\n";
  }
  for (const auto& l : links) {
    out += "link href=" + l.href + " tag=" + l.tag + " rel=" + l.rel + " text=" + l.text + " title=" + l.title +
           " target=" + l.target + " aria=" + l.aria_label + " image=" + std::to_string(l.has_image) +
           " alt=" + l.image_alt + " hidden=" + std::to_string(l.hidden) + " top=" + std::to_string(l.top) +
           " block_text=" + l.block_text + " block_chars=" + std::to_string(l.block_chars) +
           " block_link_chars=" + std::to_string(l.block_link_chars) + " shadow=" + std::to_string(l.in_shadow_root) +
           " iframe=" + std::to_string(l.in_iframe) + " block_index=" + std::to_string(l.block_index) + "\n  ";
    for (const auto& a : l.ancestors) describe_element(out, a);
    out += "\n";
  }
  return out;
}

}  // namespace linklens::test
