// The wasm module's streaming DOM-facts reader (wasm/dom_json.cpp) against the tree reader it
// replaced (dom_json_tree_reader.cpp): the same page and links, field for field, on documents
// written to hit each rule (wrong types, keys given twice, indexes out of range, entries that are
// no objects, ancestor chains that loop) and on thousands of generated ones.
#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

#include "dom_json.h"
#include "dom_json_tree_reader.h"

namespace {

struct Reading {
  bool ok = false;
  std::string facts;
};

using Reader = bool (*)(const std::string&, linklens::DomPage&, std::vector<linklens::DomLink>&);

Reading read_with(Reader reader, const std::string& text) {
  linklens::DomPage page;
  std::vector<linklens::DomLink> links;
  Reading r;
  r.ok = reader(text, page, links);
  if (r.ok) r.facts = linklens::test::describe_dom(page, links);
  return r;
}

Reading stream_read(const std::string& text) { return read_with(linklens::wasm::read_dom_json, text); }
Reading tree_read(const std::string& text) { return read_with(linklens::test::read_dom_json_tree, text); }

void same_reading(const std::string& text) {
  INFO(text);
  const Reading stream = stream_read(text), tree = tree_read(text);
  REQUIRE(stream.ok == tree.ok);
  REQUIRE(stream.facts == tree.facts);
}

// A document the way the content script writes one, with a few of each thing.
const char* const kTypical =
    R"({"page":{"url":"https://news.example/a","baseUrl":"https://news.example/","title":"A \"title\" \u00e9",
"lang":"en","canonical":"/a","metas":[["description","x"],["robots","nofollow"]],"height":3200.5},
"links":[{"href":"/b","top":120,"parent":2,"text":"read more","block":0,"node":1},
{"href":"https://other.example/","rel":"nofollow sponsored","top":900,"parent":1,"text":"Sponsor","title":"t","target":"_blank",
"ariaLabel":"a","hasImage":true,"imageAlt":"logo","hidden":true,"block":1,"node":0,"inShadowRoot":true},
{"href":"/c","tag":"area","top":10,"ancestors":[{"tag":"nav","role":"navigation"},{"tag":"ul"}],"blockText":"inline block","blockChars":12,"blockLinkChars":4,"inIframe":true}],
"blocks":[{"text":"read more of this","chars":17,"linkChars":9},{"text":"Sponsor","chars":7,"linkChars":7}],
"elements":[{"tag":"html","parent":-1},{"tag":"body","parent":0,"className":"page"},{"tag":"article","parent":1,"id":"main","itemprop":"articleBody","itemtype":"https://schema.org/Article","textChars":5000}],
"blockTree":[{"parent":-1,"tag":"body","chars":100,"linkChars":20,"commas":3,"links":2},{"parent":0,"tag":"p","className":"lede","chars":40,"linkChars":9,"commas":1,"links":1}]})";

}  // namespace

TEST_CASE("the streaming DOM reader reads a typical page as the tree reader does") {
  same_reading(kTypical);
  const Reading r = stream_read(kTypical);
  REQUIRE(r.ok);
  CHECK(r.facts.find("link href=/c tag=area") != std::string::npos);
  CHECK(r.facts.find("<html ") < r.facts.find("<article "));  // the chain outermost first
}

TEST_CASE("the streaming DOM reader keeps the tree reader's rules at every edge") {
  for (
      const char* text : {
          // Not a document with a page object.
          "",
          "[]",
          "3",
          "\"page\"",
          "{}",
          R"({"page":[]})",
          R"({"page":3})",
          R"({"links":[]})",
          "{\"page\":{}",
          R"({"page":{}} trailing)",
          R"({"page":{},"page":1})",
          R"({"page":1,"page":{"url":"u"}})",
          // Fields of the wrong type read as their defaults; the last of a repeated key wins.
          R"({"page":{"url":3,"title":["x"],"height":"tall","metas":{"a":"b"},"lang":null}})",
          R"({"page":{"url":"a","url":"b","metas":[["a","b"]],"metas":[["c","d"]]}})",
          R"({"page":{"metas":[["a","b"]],"metas":7}})",
          R"({"page":{"metas":[["a"],["a","b","c"],[1,"b"],["a",{}],"ab",["x","y"],[["a","b"]],[]]}})",
          R"({"page":{},"links":[{"href":1,"tag":"AREA","rel":true,"top":"1","hidden":1,"hasImage":"yes","node":"3"}]})",
          R"({"page":{},"links":[{"href":"a","href":"b","tag":"area","tag":"a","ancestors":[{"tag":"x"}],"ancestors":[{"tag":"y"}]}]})",
          R"({"page":{},"links":[{"href":"a","ancestors":[{"tag":"x"}],"ancestors":3}]})",
          R"({"page":{},"links":[{"ancestors":[1,"x",[],{"tag":"ok","textChars":-5},{"tag":{"a":1}}]}]})",
          // Lists and tables: entries that are no objects, repeated or mistyped tables.
          R"({"page":{},"links":[1,"x",null,[],{"href":"kept"}]})",
          R"({"page":{},"links":[{"href":"a"}],"links":[{"href":"b"}]})",
          R"({"page":{},"links":[{"href":"a"}],"links":{}})",
          R"({"page":{},"links":[{"href":"a"}],"links":5})",
          R"({"page":{},"links":[{"href":"a","block":1}],"blocks":[{"text":"zero"},3,{"text":"two"}]})",
          R"({"page":{},"links":[{"href":"a","block":0,"blockText":"own"}],"blocks":{"0":{"text":"t"}}})",
          R"({"page":{},"links":[{"href":"a","block":0,"blockText":"own","blockChars":3}],"blocks":[{"text":"t"}],"blocks":7})",
          R"({"page":{},"links":[{"block":0.9},{"block":-0.5},{"block":1},{"block":1e300}],"blocks":[{"text":"t","chars":5.7,"linkChars":5e9}]})",
          R"({"page":{},"links":[{"parent":0}],"elements":[{"tag":"a","parent":0}]})",
          R"({"page":{},"links":[{"parent":1}],"elements":[{"tag":"a","parent":1},{"tag":"b","parent":0}]})",
          R"({"page":{},"links":[{"parent":2}],"elements":[{"tag":"a"},"no",{"tag":"c","parent":1}]})",
          R"({"page":{},"links":[{"parent":0}],"elements":[{"tag":"a","parent":-1}],"elements":[{"tag":"z"}]})",
          R"({"page":{},"links":[{"parent":0}],"elements":[{"tag":"a"}],"elements":null})",
          R"({"page":{},"links":[{"parent":0.5,"ancestors":[{"tag":"inline"}]}],"elements":[{"tag":"a","parent":-3}]})",
          R"({"page":{},"blockTree":[1,{"parent":0,"tag":"p","chars":4e9,"links":3.9},[],{"parent":3e9},{"parent":-7,"textChars":2}]})",
          R"({"page":{},"blockTree":[{"tag":"a"}],"blockTree":[{"tag":"b"}]})",
          R"({"page":{},"blockTree":[{"tag":"a"}],"blockTree":"x"})",
          R"({"page":{},"blockTree":[{"tag":"a","tag":{"x":1},"role":"r","chars":1,"chars":"2"}]})",
          // Unknown keys and nesting anywhere.
          R"({"x":{"page":{"url":"no"}},"page":{"y":[{"url":"no"}],"url":"yes"},"z":[[[[{}]]]]})",
          R"({"page":{},"links":[{"href":"a","extra":{"ancestors":[{"tag":"no"}]},"more":[1,[2,{"href":"no"}]]}]})",
          // Escapes, numbers of every form, and text that is no valid JSON.
          R"({"page":{"title":"\ud83d\ude00 \u0000 \/ \\ \n","height":-0.0,"url":"\u00e9"}})",
          R"({"page":{"height":18446744073709551615},"links":[{"top":-9223372036854775808,"node":2147483648}]})",
          R"({"page":{"title":"\ud800"}})",
          R"({"page":{"title":"bad \x"}})",
          R"({"page":{"height":01}})",
          "{\"page\":{\"title\":\"\xff\xfe\"}}",
          R"({"page":{},})",
          R"({"page":{}/*c*/})",
      }) {
    same_reading(text);
  }
}

namespace {

// Generated documents: the content script's keys and shapes, with every value now and then of
// another type, keys repeated or missing, and indexes anywhere.
class DocumentMaker {
 public:
  explicit DocumentMaker(uint32_t seed) : rng_(seed) {}

  std::string document() {
    std::string out = "{";
    const int keys = pick(6) + 1;
    for (int k = 0; k < keys; ++k) {
      if (k) out += ",";
      static const char* const kRoot[] = {"page", "links", "blocks", "elements", "blockTree", "other"};
      const std::string key = kRoot[pick(6)];
      out += "\"" + key + "\":";
      if (chance(8))
        out += any_value(2);
      else if (key == "page")
        out += object({"url", "baseUrl", "title", "lang", "canonical", "height", "metas"}, true);
      else if (key == "links")
        out += list([&] { return link(); });
      else if (key == "blocks")
        out += list([&] { return object({"text", "chars", "linkChars"}, false); });
      else if (key == "elements")
        out += list([&] { return element(true); });
      else if (key == "blockTree")
        out += list([&] {
          return object(
              {"parent", "tag", "role", "id", "className", "chars", "linkChars", "commas", "links", "textChars"},
              false);
        });
      else
        out += any_value(3);
    }
    return out + "}";
  }

 private:
  int pick(int n) { return static_cast<int>(rng_() % static_cast<uint32_t>(n)); }
  bool chance(int one_in) { return pick(one_in) == 0; }

  std::string number() {
    static const char* const kNumbers[] = {"0",    "1",    "2",          "3", "-1", "0.5", "2.9",
                                           "-0.5", "1e10", "4294967296", "7", "1",  "0"};
    return kNumbers[pick(13)];
  }
  std::string text() {
    static const char* const kTexts[] = {"\"\"",    "\"a\"",       "\"area\"",        "\"nav\"",
                                         "\"x y\"", "\"\\u00e9\"", "\"main content\""};
    return kTexts[pick(7)];
  }
  std::string any_value(int depth) {
    switch (pick(depth > 0 ? 7 : 5)) {
      case 0: return number();
      case 1: return text();
      case 2: return chance(2) ? "true" : "false";
      case 3: return "null";
      case 4: return number();
      case 5: return "[" + any_value(depth - 1) + "," + any_value(depth - 1) + "]";
      default: return "{\"tag\":" + any_value(depth - 1) + "}";
    }
  }
  // A field's value: mostly of the type its reader expects.
  std::string field(const std::string& key) {
    if (chance(6)) return any_value(1);
    static const std::vector<std::string> kTextKeys = {
        "url",    "baseUrl",   "title",    "lang",      "canonical", "href", "tag",       "rel",      "text",
        "target", "ariaLabel", "imageAlt", "blockText", "role",      "id",   "className", "itemprop", "itemtype"};
    static const std::vector<std::string> kFlagKeys = {"hasImage", "hidden", "inShadowRoot", "inIframe"};
    for (const auto& k : kTextKeys)
      if (k == key) return text();
    for (const auto& k : kFlagKeys)
      if (k == key) return chance(2) ? "true" : "false";
    if (key == "metas") return list([&] { return chance(4) ? any_value(1) : "[" + text() + "," + text() + "]"; });
    if (key == "ancestors") return list([&] { return element(false); });
    return number();
  }
  std::string object(const std::vector<std::string>& keys, bool may_repeat) {
    std::string out = "{";
    const int n = pick(static_cast<int>(keys.size()) + 2);
    for (int i = 0; i < n; ++i) {
      if (i) out += ",";
      const std::string& key = keys[pick(static_cast<int>(keys.size()))];
      out += "\"" + key + "\":" + field(key);
      if (may_repeat && chance(10)) out += ",\"" + key + "\":" + field(key);
    }
    return out + "}";
  }
  std::string element(bool with_parent) {
    std::vector<std::string> keys = {"tag",      "role",     "id",        "className",
                                     "itemprop", "itemtype", "ariaLabel", "textChars"};
    if (with_parent) keys.insert(keys.end(), {"parent", "parent", "parent"});
    return chance(10) ? any_value(1) : object(keys, true);
  }
  std::string link() {
    return chance(12)
               ? any_value(1)
               : object({"href",     "tag",      "rel",       "text",       "title",          "target",   "ariaLabel",
                         "hasImage", "imageAlt", "hidden",    "top",        "inShadowRoot",   "inIframe", "node",
                         "block",    "parent",   "blockText", "blockChars", "blockLinkChars", "ancestors"},
                        true);
  }
  template <typename Entry>
  std::string list(Entry entry) {
    std::string out = "[";
    const int n = pick(6);
    for (int i = 0; i < n; ++i) {
      if (i) out += ",";
      out += entry();
    }
    return out + "]";
  }

  std::mt19937 rng_;
};

}  // namespace

TEST_CASE("the streaming DOM reader agrees with the tree reader on 5,000 generated documents") {
  DocumentMaker maker(20261203);
  int with_links = 0;
  for (int i = 0; i < 5000; ++i) {
    const std::string text = maker.document();
    same_reading(text);
    if (stream_read(text).facts.find("\nlink ") != std::string::npos) ++with_links;
  }
  CHECK(with_links > 500);  // the generator reaches the links, not only the failures
}
