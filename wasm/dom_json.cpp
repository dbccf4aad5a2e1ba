#include "dom_json.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <optional>

namespace linklens::wasm {
namespace {

using nlohmann::json;

// The text is read as a stream of SAX events straight into DomLinks: a page of 5,000 links is
// 40,000 JSON values, and building them as a json tree (a std::map per object) first took two
// thirds of the extension worker's time per page. The rules are the tree reader's, kept exactly:
// a field of the wrong type reads as its default, an entry of "elements" or "blocks" that is no
// object exists (its index counts) but refers to nothing, a "blockTree" entry that is no object
// is a default block, a "links" entry that is no object is skipped, and a key given twice takes
// its last value.

// A scalar as the SAX parser hands it: what each field reader needs to know of it.
struct Scalar {
  enum class Type { kString, kNumber, kBool, kOther } type = Type::kOther;
  std::string* text = nullptr;  // kString (moved from)
  double number = 0;            // kNumber
  bool flag = false;            // kBool
};

std::string text_of(const Scalar& v) { return v.type == Scalar::Type::kString ? std::move(*v.text) : std::string(); }
double number_of(const Scalar& v, double fallback) { return v.type == Scalar::Type::kNumber ? v.number : fallback; }
bool flag_of(const Scalar& v) { return v.type == Scalar::Type::kBool && v.flag; }
uint32_t count_of(double v) { return v > 0 && v < 4e9 ? static_cast<uint32_t>(v) : 0; }

// The fields every element-like object shares (ancestors, "elements", "blockTree").
bool read_element_field(DomElement& e, const std::string& key, const Scalar& v) {
  if (key == "tag")
    e.tag = text_of(v);
  else if (key == "role")
    e.role = text_of(v);
  else if (key == "id")
    e.id = text_of(v);
  else if (key == "className")
    e.class_name = text_of(v);
  else if (key == "itemprop")
    e.itemprop = text_of(v);
  else if (key == "itemtype")
    e.itemtype = text_of(v);
  else if (key == "ariaLabel")
    e.aria_label = text_of(v);
  else if (key == "textChars")
    e.text_chars = count_of(number_of(v, 0));
  else
    return false;
  return true;
}

struct SharedElement {  // an entry of "elements"
  DomElement element;
  double parent = -1;
};
struct SharedBlock {  // an entry of "blocks"
  std::string text;
  double chars = 0, link_chars = 0;
};
struct LinkEntry {  // a "links" entry before its indexes are resolved
  DomLink link;
  std::vector<DomElement> inline_ancestors;
  double node = -1, block = -1, parent = -1;
  double block_chars = 0, block_link_chars = 0;
};

// An index field into a table whose entries are objects (or not): the entry, or nullptr.
template <typename T>
const T* indexed(const std::vector<std::optional<T>>* table, double i) {
  if (!table || i < 0 || i >= static_cast<double>(table->size())) return nullptr;
  const auto& entry = (*table)[static_cast<std::size_t>(i)];
  return entry ? &*entry : nullptr;
}

class DomReader {
 public:
  // The parsed document; false when it is no JSON object with a "page" object.
  bool finish(DomPage& page, std::vector<DomLink>& links) {
    if (!root_object_ || !page_ok_) return false;
    page = std::move(page_);
    page.blocks = std::move(tree_);
    const auto* elements = has_elements_ ? &elements_ : nullptr;
    const auto* blocks = has_blocks_ ? &blocks_ : nullptr;
    links.reserve(links_.size());
    for (auto& entry : links_) {
      DomLink& d = entry.link;
      d.block_index = static_cast<int32_t>(std::clamp(entry.node, -1.0, 2e9));
      if (const SharedBlock* b = indexed(blocks, entry.block)) {
        d.block_text = b->text;
        d.block_chars = count_of(b->chars);
        d.block_link_chars = count_of(b->link_chars);
      } else {
        d.block_chars = count_of(entry.block_chars);
        d.block_link_chars = count_of(entry.block_link_chars);
      }
      // Ancestors: the parent chain through the shared table (innermost first, then reversed),
      // then the inline list, outermost first.
      const SharedElement* e = indexed(elements, entry.parent);
      for (int depth = 0; e && depth < 64; ++depth) {
        d.ancestors.push_back(e->element);
        e = indexed(elements, e->parent);
      }
      std::reverse(d.ancestors.begin(), d.ancestors.end());
      for (auto& a : entry.inline_ancestors) d.ancestors.push_back(std::move(a));
      links.push_back(std::move(d));
    }
    return true;
  }

  // The SAX interface (nlohmann::json_sax).
  bool null() { return scalar({}); }
  bool boolean(bool b) { return scalar({Scalar::Type::kBool, nullptr, 0, b}); }
  bool number_integer(json::number_integer_t n) { return number(static_cast<double>(n)); }
  bool number_unsigned(json::number_unsigned_t n) { return number(static_cast<double>(n)); }
  bool number_float(json::number_float_t n, const json::string_t&) { return number(n); }
  bool string(json::string_t& s) { return scalar({Scalar::Type::kString, &s}); }
  bool binary(json::binary_t&) { return scalar({}); }
  bool start_object(std::size_t) { return start(true); }
  bool start_array(std::size_t) { return start(false); }
  bool end_object() { return end(); }
  bool end_array() { return end(); }
  bool key(json::string_t& k) {
    if (!stack_.empty()) stack_.back().key = std::move(k);
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) { return false; }

 private:
  enum class Ctx {
    kRoot,
    kPage,
    kMetas,
    kMetaPair,
    kLinkList,
    kLink,
    kAncestorList,
    kAncestor,
    kBlockList,
    kBlock,
    kElementList,
    kElement,
    kTreeList,
    kTreeEntry,
    kSkip
  };
  struct Frame {
    Ctx ctx;
    std::string key;  // the current key, in an object
    int values = 0;   // kMetaPair: how many values it holds
  };

  bool number(double n) { return scalar({Scalar::Type::kNumber, nullptr, n}); }

  // A value that is no container, or (type kOther) a container where a field expects a scalar.
  bool scalar(const Scalar& v) {
    if (stack_.empty()) return true;  // the whole document is a scalar: no object
    Frame& f = stack_.back();
    switch (f.ctx) {
      case Ctx::kRoot:
        if (f.key == "page")
          page_ok_ = false;
        else if (f.key == "links")
          links_.clear();
        else if (f.key == "blockTree")
          tree_.clear();
        else if (f.key == "elements")
          has_elements_ = false;
        else if (f.key == "blocks")
          has_blocks_ = false;
        break;
      case Ctx::kPage: page_field(f.key, v); break;
      case Ctx::kMetaPair:
        if (f.values < 2) pair_[f.values] = v.type == Scalar::Type::kString ? std::optional(text_of(v)) : std::nullopt;
        ++f.values;
        break;
      case Ctx::kLink: link_field(links_.back(), f.key, v); break;
      case Ctx::kAncestor: read_element_field(links_.back().inline_ancestors.back(), f.key, v); break;
      case Ctx::kBlockList: blocks_.emplace_back(); break;      // no object, but an index
      case Ctx::kElementList: elements_.emplace_back(); break;  // no object, but an index
      case Ctx::kTreeList: tree_.emplace_back(); break;         // kept: links refer by index
      case Ctx::kBlock: block_field(*blocks_.back(), f.key, v); break;
      case Ctx::kElement: element_field(*elements_.back(), f.key, v); break;
      case Ctx::kTreeEntry: tree_field(tree_.back(), f.key, v); break;
      default: break;  // lists' other entries, skipped containers
    }
    return true;
  }

  bool start(bool object) {
    if (stack_.empty()) {
      root_object_ = object;
      stack_.push_back(Frame{object ? Ctx::kRoot : Ctx::kSkip, {}, 0});
      return true;
    }
    Frame& f = stack_.back();
    Ctx next = Ctx::kSkip;
    switch (f.ctx) {
      case Ctx::kRoot:
        if (object && f.key == "page") {
          page_ = DomPage();
          page_ok_ = true;
          next = Ctx::kPage;
        } else if (!object && f.key == "links") {
          links_.clear();
          next = Ctx::kLinkList;
        } else if (!object && f.key == "blocks") {
          blocks_.clear();
          has_blocks_ = true;
          next = Ctx::kBlockList;
        } else if (!object && f.key == "elements") {
          elements_.clear();
          has_elements_ = true;
          next = Ctx::kElementList;
        } else if (!object && f.key == "blockTree") {
          tree_.clear();
          next = Ctx::kTreeList;
        } else {
          scalar({});  // a container where another type belongs: the field's default
        }
        break;
      case Ctx::kPage:
        if (!object && f.key == "metas") {
          page_.metas.clear();
          next = Ctx::kMetas;
        } else {
          page_field(f.key, {});
        }
        break;
      case Ctx::kMetas:
        if (!object) {
          pair_[0] = pair_[1] = std::nullopt;
          next = Ctx::kMetaPair;
        }
        break;
      case Ctx::kMetaPair: ++f.values; break;
      case Ctx::kLinkList:
        if (object) {
          links_.emplace_back();
          next = Ctx::kLink;
        }
        break;
      case Ctx::kLink:
        if (!object && f.key == "ancestors") {
          links_.back().inline_ancestors.clear();
          next = Ctx::kAncestorList;
        } else {
          link_field(links_.back(), f.key, {});
        }
        break;
      case Ctx::kAncestorList:
        if (object) {
          links_.back().inline_ancestors.emplace_back();
          next = Ctx::kAncestor;
        }
        break;
      case Ctx::kBlockList:
        blocks_.emplace_back();
        if (object) {
          blocks_.back().emplace();
          next = Ctx::kBlock;
        }
        break;
      case Ctx::kElementList:
        elements_.emplace_back();
        if (object) {
          elements_.back().emplace();
          next = Ctx::kElement;
        }
        break;
      case Ctx::kTreeList:
        tree_.emplace_back();
        if (object) next = Ctx::kTreeEntry;
        break;
      case Ctx::kAncestor:
      case Ctx::kBlock:
      case Ctx::kElement:
      case Ctx::kTreeEntry: scalar({}); break;
      default: break;
    }
    stack_.push_back(Frame{next, {}, 0});
    return true;
  }

  bool end() {
    const Frame f = std::move(stack_.back());
    stack_.pop_back();
    if (f.ctx == Ctx::kMetaPair && f.values == 2 && pair_[0] && pair_[1]) {
      page_.metas.emplace_back(std::move(*pair_[0]), std::move(*pair_[1]));
    }
    return true;
  }

  void page_field(const std::string& key, const Scalar& v) {
    if (key == "url")
      page_.url = text_of(v);
    else if (key == "baseUrl")
      page_.base_url = text_of(v);
    else if (key == "title")
      page_.title = text_of(v);
    else if (key == "lang")
      page_.lang = text_of(v);
    else if (key == "canonical")
      page_.canonical = text_of(v);
    else if (key == "height")
      page_.height = number_of(v, 0);
    else if (key == "metas")
      page_.metas.clear();
  }

  static void link_field(LinkEntry& entry, const std::string& key, const Scalar& v) {
    DomLink& d = entry.link;
    if (key == "href")
      d.href = text_of(v);
    else if (key == "tag")
      d.tag = text_of(v) == "area" ? "area" : "a";
    else if (key == "rel")
      d.rel = text_of(v);
    else if (key == "text")
      d.text = text_of(v);
    else if (key == "title")
      d.title = text_of(v);
    else if (key == "target")
      d.target = text_of(v);
    else if (key == "ariaLabel")
      d.aria_label = text_of(v);
    else if (key == "hasImage")
      d.has_image = flag_of(v);
    else if (key == "imageAlt")
      d.image_alt = text_of(v);
    else if (key == "hidden")
      d.hidden = flag_of(v);
    else if (key == "top")
      d.top = number_of(v, 0);
    else if (key == "inShadowRoot")
      d.in_shadow_root = flag_of(v);
    else if (key == "inIframe")
      d.in_iframe = flag_of(v);
    else if (key == "node")
      entry.node = number_of(v, -1);
    else if (key == "block")
      entry.block = number_of(v, -1);
    else if (key == "parent")
      entry.parent = number_of(v, -1);
    else if (key == "blockText")
      d.block_text = text_of(v);
    else if (key == "blockChars")
      entry.block_chars = number_of(v, 0);
    else if (key == "blockLinkChars")
      entry.block_link_chars = number_of(v, 0);
    else if (key == "ancestors")
      entry.inline_ancestors.clear();
  }

  static void block_field(SharedBlock& b, const std::string& key, const Scalar& v) {
    if (key == "text")
      b.text = text_of(v);
    else if (key == "chars")
      b.chars = number_of(v, 0);
    else if (key == "linkChars")
      b.link_chars = number_of(v, 0);
  }

  static void element_field(SharedElement& e, const std::string& key, const Scalar& v) {
    if (key == "parent")
      e.parent = number_of(v, -1);
    else
      read_element_field(e.element, key, v);
  }

  static void tree_field(DomBlock& b, const std::string& key, const Scalar& v) {
    if (key == "parent")
      b.parent = static_cast<int32_t>(std::clamp(number_of(v, -1), -1.0, 2e9));
    else if (key == "chars")
      b.chars = count_of(number_of(v, 0));
    else if (key == "linkChars")
      b.link_chars = count_of(number_of(v, 0));
    else if (key == "commas")
      b.commas = count_of(number_of(v, 0));
    else if (key == "links")
      b.links = count_of(number_of(v, 0));
    else
      read_element_field(b.element, key, v);
  }

  std::vector<Frame> stack_;
  bool root_object_ = false, page_ok_ = false, has_elements_ = false, has_blocks_ = false;
  DomPage page_;
  std::optional<std::string> pair_[2];
  std::vector<LinkEntry> links_;
  std::vector<std::optional<SharedBlock>> blocks_;
  std::vector<std::optional<SharedElement>> elements_;
  std::vector<DomBlock> tree_;
};

}  // namespace

bool read_dom_json(const std::string& text, DomPage& page, std::vector<DomLink>& links) {
  DomReader reader;
  if (!json::sax_parse(text, &reader, json::input_format_t::json, /*strict=*/true)) return false;
  return reader.finish(page, links);
}

}  // namespace linklens::wasm
