// Placement judged on real pages: the 181 article pages of the scrapinghub article-extraction
// benchmark. The truth is frozen in tests/placement/labels.tsv.gz, made once from each page's
// ground-truth article body by tests/placement/make_labels.py with html5lib (a parser independent
// of the inspector: changing the inspector never changes the truth). A labelled link is matched
// to the inspector's by its href as written and how many links of the page had that href before
// it. Precision and recall of placement == content are printed for each half of the pages (split
// by name: tune on A, report both); the floors hold the level reached, so a drop is a regression.
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "gzip_file.h"
#include "linklens/inspect.h"
#include "test_data.h"

namespace {

struct Label {
  bool content = false;
  std::string anchor, rule;
};

struct Tally {
  long tp = 0, fp = 0, fn = 0, tn = 0, unmatched = 0;
  double precision() const { return tp + fp ? static_cast<double>(tp) / static_cast<double>(tp + fp) : 0; }
  double recall() const { return tp + fn ? static_cast<double>(tp) / static_cast<double>(tp + fn) : 0; }
};

// page (16 hex digits) -> (href, occurrence) -> label
using Labels = std::map<std::string, std::map<std::pair<std::string, int>, Label>>;

Labels read_labels(const std::string& path, std::map<std::string, char>& half_of) {
  Labels labels;
  std::istringstream in(linklens::test::read_gzip_file(path));
  std::string line;
  std::getline(in, line);  // the header
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::size_t start = 0;
    for (std::size_t tab; (tab = line.find('\t', start)) != std::string::npos; start = tab + 1) {
      f.push_back(line.substr(start, tab - start));
    }
    f.push_back(line.substr(start));
    if (f.size() != 8) continue;
    half_of[f[0]] = f[1][0];
    labels[f[0]][{f[4], std::stoi(f[3])}] = Label{f[6] == "content", f[5], f[7]};
  }
  return labels;
}

}  // namespace

TEST_CASE("placement == content against frozen labels of 181 real article pages", "[links][placement][realdata]") {
  const std::string dir = linklens::test::shared_data_dir() + "/html-pages/scrapinghub-article-extraction-benchmark";
  auto truth_text =
      linklens::test::read_shared_data("html-pages/scrapinghub-article-extraction-benchmark/ground-truth.json");
  if (!truth_text) return;
  std::map<std::string, char> half_of;
  const Labels labels = read_labels(LINKLENS_PLACEMENT_LABELS, half_of);
  REQUIRE(labels.size() == 181);
  auto truth = nlohmann::json::parse(*truth_text);
  std::map<char, Tally> by_half;
  long pages = 0;
  for (auto& [sha, entry] : truth.items()) {
    const std::string page = sha.substr(0, 16);
    std::string html = linklens::test::read_gzip_file(dir + "/html/" + sha + ".html.gz");
    if (html.empty() || !labels.count(page)) continue;
    ++pages;
    const auto& page_labels = labels.at(page);
    Tally& t = by_half[half_of[page]];
    linklens::InspectOptions options;
    options.page_url = entry["url"].get<std::string>();
    auto report = linklens::inspect_html(html, options);
    REQUIRE(report.ok());
    std::map<std::string, int> seen;
    std::size_t matched = 0;
    for (const auto& link : report->links) {
      if (link.kind != linklens::LinkKind::kText && link.kind != linklens::LinkKind::kImage) continue;
      const int occurrence = seen[link.href]++;
      auto it = page_labels.find({link.href, occurrence});
      if (it == page_labels.end()) continue;  // not labelled: no text to find in the body
      ++matched;
      const bool predicted = link.placement == linklens::Placement::kContent, truth_content = it->second.content;
      if (std::getenv("LINKLENS_VERBOSE") && predicted != truth_content) {
        std::printf("%s %c %s | %s | %s | %s\n", predicted ? "FP" : "FN", half_of[page],
                    linklens::to_string(link.placement), options.page_url.c_str(), it->second.rule.c_str(),
                    it->second.anchor.substr(0, 60).c_str());
      }
      (predicted ? (truth_content ? t.tp : t.fp) : (truth_content ? t.fn : t.tn))++;
    }
    t.unmatched += static_cast<long>(page_labels.size() - matched);
  }
  for (const auto& [half, t] : by_half) {
    std::printf(
        "placement judge, half %c: content precision %.3f, recall %.3f (tp %ld fp %ld fn %ld tn %ld; %ld labels not "
        "matched to an inspector link)\n",
        half, t.precision(), t.recall(), t.tp, t.fp, t.fn, t.tn, t.unmatched);
  }
  CHECK(pages == 181);
  for (const auto& [half, t] : by_half) {
    INFO("half " << half);
    CHECK(t.precision() >= LINKLENS_PLACEMENT_MIN_PRECISION);
    CHECK(t.recall() >= LINKLENS_PLACEMENT_MIN_RECALL);
    CHECK(t.unmatched * 100 <= t.tp + t.fp + t.fn + t.tn);  // at most 1% of the labels unmatched
  }
}
