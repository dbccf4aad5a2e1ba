// HTML tokenizer conformance: html5lib-tests/tokenizer/*.test (../shared/data/html5lib-tests).
//
// Each test's input is tokenized from each of its initial states; the token stream (adjacent
// character tokens merged, parse errors ignored) must equal the expected output. Tests whose
// input holds a lone surrogate cannot be expressed in UTF-8 and are counted apart (the
// tokenizer's one deliberate deviation, see tokenizer.h).
#include <catch2/catch.hpp>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>

#include "linklens/html/tokenizer.h"
#include "test_data.h"

using linklens::html::Tokenizer;
using linklens::html::TokenizerState;
using linklens::html::TokenKind;
using nlohmann::json;

namespace {

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80)
    out.push_back(static_cast<char>(cp));
  else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// "doubleEscaped" tests write their strings with \uXXXX escapes. Returns nullopt when the
// result would hold a lone surrogate.
std::optional<std::string> unescape(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 5 < s.size() + 0 && s[i + 1] == 'u') {
      uint32_t cp = static_cast<uint32_t>(std::stoul(s.substr(i + 2, 4), nullptr, 16));
      i += 5;
      if (cp >= 0xD800 && cp <= 0xDBFF && i + 6 < s.size() && s[i + 1] == '\\' && s[i + 2] == 'u') {
        uint32_t low = static_cast<uint32_t>(std::stoul(s.substr(i + 3, 4), nullptr, 16));
        if (low >= 0xDC00 && low <= 0xDFFF) {
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          i += 6;
        }
      }
      if (cp >= 0xD800 && cp <= 0xDFFF) return std::nullopt;
      append_utf8(out, cp);
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::optional<json> unescape_json(const json& j) {
  if (j.is_string()) {
    auto s = unescape(j.get<std::string>());
    if (!s) return std::nullopt;
    return json(*s);
  }
  if (j.is_array() || j.is_object()) {
    json out = j;
    for (auto& [key, value] : out.items()) {
      auto v = unescape_json(value);
      if (!v) return std::nullopt;
      value = *v;
    }
    if (j.is_object()) {  // keys may be escaped too
      json keyed = json::object();
      for (auto& [key, value] : out.items()) {
        auto k = unescape(key);
        if (!k) return std::nullopt;
        keyed[*k] = value;
      }
      return keyed;
    }
    return out;
  }
  return j;
}

TokenizerState state_named(const std::string& name) {
  if (name == "RCDATA state") return TokenizerState::kRcdata;
  if (name == "RAWTEXT state") return TokenizerState::kRawtext;
  if (name == "PLAINTEXT state") return TokenizerState::kPlaintext;
  if (name == "Script data state") return TokenizerState::kScriptData;
  if (name == "CDATA section state") return TokenizerState::kCdataSection;
  return TokenizerState::kData;
}

json tokenize(const std::string& input, TokenizerState state, const std::string& last_start_tag) {
  Tokenizer tokenizer(input);
  if (!last_start_tag.empty()) tokenizer.set_last_start_tag(last_start_tag);
  tokenizer.switch_to(state);
  json out = json::array();
  std::string text;
  bool has_text = false;
  auto flush = [&] {
    if (has_text) out.push_back(json::array({"Character", text}));
    text.clear();
    has_text = false;
  };
  for (int guard = 0; guard < 1000000; ++guard) {
    const auto& t = tokenizer.next();
    if (t.kind == TokenKind::kText) {
      text.append(t.text);
      has_text = true;
      continue;
    }
    flush();
    switch (t.kind) {
      case TokenKind::kStartTag: {
        json attrs = json::object();
        for (std::size_t i = 0; i < t.attribute_count; ++i)
          attrs[std::string(t.attributes[i].name)] = t.attributes[i].value;
        json tag = json::array({"StartTag", t.name, attrs});
        if (t.self_closing) tag.push_back(true);
        out.push_back(tag);
        break;
      }
      case TokenKind::kEndTag: out.push_back(json::array({"EndTag", t.name})); break;
      case TokenKind::kComment: out.push_back(json::array({"Comment", t.name})); break;
      case TokenKind::kDoctype:
        out.push_back(json::array({"DOCTYPE", t.has_name ? json(t.name) : json(nullptr),
                                   t.has_public_id ? json(t.public_id) : json(nullptr),
                                   t.has_system_id ? json(t.system_id) : json(nullptr), !t.force_quirks}));
        break;
      case TokenKind::kEndOfFile: return out;
      case TokenKind::kText: break;
    }
  }
  FAIL("tokenizer did not reach end of file");
  return out;
}

// Merges adjacent Character tokens of an expected output.
json merge_characters(const json& tokens) {
  json out = json::array();
  for (const json& t : tokens) {
    if (t[0] == "Character" && !out.empty() && out.back()[0] == "Character") {
      out.back()[1] = out.back()[1].get<std::string>() + t[1].get<std::string>();
    } else {
      out.push_back(t);
    }
  }
  return out;
}

}  // namespace

TEST_CASE("html5lib tokenizer tests", "[html][tokenizer][conformance]") {
  const char* files[] = {"test1.test",
                         "test2.test",
                         "test3.test",
                         "test4.test",
                         "contentModelFlags.test",
                         "domjs.test",
                         "entities.test",
                         "escapeFlag.test",
                         "namedEntities.test",
                         "numericEntities.test",
                         "pendingSpecChanges.test",
                         "unicodeChars.test",
                         "unicodeCharsProblematic.test"};
  int total_pass = 0, total_fail = 0, total_surrogate = 0;
  for (const char* file : files) {
    auto text = linklens::test::read_shared_data(std::string("html5lib-tests/tokenizer/") + file);
    if (!text) return;
    json doc = json::parse(*text);
    int pass = 0, fail = 0, surrogate = 0;
    for (const json& t : doc["tests"]) {
      bool double_escaped = t.value("doubleEscaped", false);
      std::optional<std::string> input = t["input"].get<std::string>();
      std::optional<json> expected = merge_characters(t["output"]);
      if (double_escaped) {
        input = unescape(*input);
        expected = unescape_json(*expected);
        if (expected) expected = merge_characters(*expected);
      }
      if (!input || !expected) {
        ++surrogate;
        continue;
      }
      std::vector<std::string> states = {"Data state"};
      if (t.contains("initialStates")) states = t["initialStates"].get<std::vector<std::string>>();
      std::string last = t.value("lastStartTag", "");
      for (const auto& state : states) {
        json got = tokenize(*input, state_named(state), last);
        if (got == *expected) {
          ++pass;
        } else {
          ++fail;
          FAIL_CHECK(file << ": " << t["description"].get<std::string>() << " [" << state << "]\n  input: "
                          << json(*input).dump() << "\n  want: " << expected->dump() << "\n  got:  " << got.dump());
        }
      }
    }
    std::printf("html5lib %s: %d passed, %d failed (%d with lone surrogates, not expressible in UTF-8)\n", file, pass,
                fail, surrogate);
    total_pass += pass;
    total_fail += fail;
    total_surrogate += surrogate;
  }
  std::printf("html5lib tokenizer, all files: %d passed, %d failed, %d skipped (lone surrogates)\n", total_pass,
              total_fail, total_surrogate);
  CHECK(total_fail == 0);
  CHECK(total_pass > 6500);
}
