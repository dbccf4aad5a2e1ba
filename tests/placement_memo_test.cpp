// The per-page memo of class and id strings (placement.h's TokenSignalCache): what it answers
// from memory is what it answered the first time, for strings it keeps and for those past its
// bounds (4,096 strings, 16 MB of their bytes), which it reads again each time.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "placement.h"

using linklens::placement::Signal;
using linklens::placement::TokenSignalCache;

namespace {

// Strings whose answers differ: furniture words of several kinds, main-text words, neither.
std::string class_string(std::mt19937& random, int i) {
  static const char* words[] = {"site-footer",   "leftsidebar", "main-nav", "comments",    "plain", "widget-area",
                                "entry-content", "post",        "x",        "breadcrumbs", "share", "article-body"};
  std::string s = "c";
  s += std::to_string(i);
  for (int k = 0; k < 3; ++k) {
    s += ' ';
    s += words[random() % std::size(words)];
  }
  return s;
}

}  // namespace

TEST_CASE("the placement memo answers from memory as it answered first", "[placement]") {
  std::mt19937 random(15);
  std::vector<std::string> strings;
  for (int i = 0; i < 6000; ++i) strings.push_back(class_string(random, i));  // past 4,096 strings
  // Long strings past 16 MB of bytes: each a furniture word or not at its end.
  for (int i = 0; i < 18; ++i) strings.push_back(std::string(1 << 20, 'q') + (i % 2 ? " sidebar" : " text"));

  TokenSignalCache memo;
  std::vector<TokenSignalCache::Facts> first;
  for (const auto& s : strings) first.push_back(memo.facts(s));
  int furniture = 0, positive = 0;
  for (const auto& f : first) {
    furniture += f.signal != Signal::kNone && f.signal != Signal::kContent;
    positive += f.positive;
  }
  CHECK(furniture > 1000);  // the strings do differ in their answers
  CHECK(positive > 1000);

  std::vector<std::size_t> order(strings.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  for (int round = 0; round < 2; ++round) {
    std::shuffle(order.begin(), order.end(), random);
    for (std::size_t i : order) {
      const auto again = memo.facts(strings[i]);
      INFO(strings[i].substr(0, 80));
      REQUIRE(again.signal == first[i].signal);
      REQUIRE(again.positive == first[i].positive);
      TokenSignalCache fresh;  // nothing in memory: the answer read from the string itself
      const auto alone = fresh.facts(strings[i]);
      REQUIRE(alone.signal == first[i].signal);
      REQUIRE(alone.positive == first[i].positive);
    }
  }
}
