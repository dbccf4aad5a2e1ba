// Placement judged on real pages: the 181 article pages of the scrapinghub article-extraction
// benchmark, whose ground-truth.json gives each page's article body text. A link counts as inside
// the article when its anchor and the text of its enclosing block both occur in that body; the
// inspector should call exactly those links "content". Precision and recall are printed; the
// floors below hold the level reached, so a drop is a regression.
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "gzip_file.h"
#include "linklens/inspect.h"
#include "test_data.h"

namespace {

// Lowercase ASCII, collapse whitespace, drop a trailing ellipsis.
std::string norm(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
    } else {
      out.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c);
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  const std::string ellipsis = "…";
  if (out.size() >= ellipsis.size() && out.compare(out.size() - ellipsis.size(), ellipsis.size(), ellipsis) == 0)
    out.resize(out.size() - ellipsis.size());
  return out;
}

}  // namespace

TEST_CASE("placement == content against the article bodies of 181 real pages", "[links][placement][realdata]") {
  const std::string dir = linklens::test::shared_data_dir() + "/html-pages/scrapinghub-article-extraction-benchmark";
  auto truth_text =
      linklens::test::read_shared_data("html-pages/scrapinghub-article-extraction-benchmark/ground-truth.json");
  if (!truth_text) return;
  auto truth = nlohmann::json::parse(*truth_text);
  long tp = 0, fp = 0, fn = 0, tn = 0, pages = 0;
  for (auto& [sha, entry] : truth.items()) {
    std::string html = linklens::test::read_gzip_file(dir + "/html/" + sha + ".html.gz");
    if (html.empty()) continue;
    ++pages;
    std::string body = norm(entry["articleBody"].get<std::string>());
    linklens::InspectOptions options;
    options.page_url = entry["url"].get<std::string>();
    auto report = linklens::inspect_html(html, options);
    REQUIRE(report.ok());
    for (const auto& link : report->links) {
      if (link.kind != linklens::LinkKind::kText && link.kind != linklens::LinkKind::kImage) continue;
      if (link.anchor.empty()) continue;  // nothing to find in the body text: not judgeable
      std::string anchor = norm(link.anchor), context = norm(link.context);
      if (context.size() > 60) context.resize(60);
      bool in_body = !anchor.empty() && context.size() >= 20 && body.find(anchor) != std::string::npos &&
                     body.find(context) != std::string::npos;
      bool predicted = link.placement == linklens::Placement::kContent;
      if (std::getenv("LINKLENS_VERBOSE") && predicted != in_body) {
        std::printf("%s %s | %s | %s | %s\n", predicted ? "FP" : "FN", linklens::to_string(link.placement),
                    options.page_url.c_str(), link.anchor.substr(0, 40).c_str(), link.context.substr(0, 100).c_str());
      }
      if (predicted && in_body)
        ++tp;
      else if (predicted)
        ++fp;
      else if (in_body)
        ++fn;
      else
        ++tn;
    }
  }
  double precision = tp + fp ? static_cast<double>(tp) / (tp + fp) : 0;
  double recall = tp + fn ? static_cast<double>(tp) / (tp + fn) : 0;
  std::printf(
      "placement judge: %ld pages, %ld links; content precision %.3f, recall %.3f (tp %ld fp %ld fn %ld tn %ld)\n",
      pages, tp + fp + fn + tn, precision, recall, tp, fp, fn, tn);
  CHECK(pages == 181);
  CHECK(precision >= LINKLENS_PLACEMENT_MIN_PRECISION);
  CHECK(recall >= LINKLENS_PLACEMENT_MIN_RECALL);
}
