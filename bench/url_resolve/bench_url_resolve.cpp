// Benchmark: resolve every href of the real pages against its page URL and fold the host into a
// registrable domain (what the indexer does for each link), beside libcurl's URL API resolving
// the same hrefs against the same bases (curl_url_dup of the page's handle + curl_url_set).
//
// curl does no Public Suffix work, so two Linklens figures are printed: resolve only (the like
// for like comparison) and resolve + registrable domain (the real per-link cost).
// Usage: bench_url_resolve [DATA_DIR]   (default: ../shared/data as configured)
#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "bench_timing.h"
#include "link_corpus.h"
#include "linklens/public_suffix.h"
#include "linklens/url.h"

using linklens::bench::best_seconds_per_pass;

namespace {

volatile std::size_t g_sink;  // keeps results observable so no work is optimised away

}  // namespace

int main(int argc, char** argv) {
  std::string data_dir = argc > 1 ? argv[1] : LINKLENS_SHARED_DATA_DIR;
  linklens::bench::LinkCorpus corpus;
  // Prints the pages and hrefs of each source; fails when a source yields none.
  const auto status = linklens::bench::load_link_corpus(data_dir, corpus);
  if (status != linklens::bench::CorpusStatus::kLoaded) return linklens::bench::corpus_exit_code(status);
  const std::size_t n = corpus.links.size();

  const auto& psl = linklens::PublicSuffixList::builtin();
  std::vector<std::optional<linklens::Url>> bases;
  for (const auto& b : corpus.bases) {
    auto u = linklens::parse_url(b);
    bases.push_back(u ? std::optional<linklens::Url>(std::move(u).value()) : std::nullopt);
  }
  curl_global_init(CURL_GLOBAL_DEFAULT);
  std::vector<CURLU*> curl_bases;
  for (const auto& b : corpus.bases) {
    CURLU* h = curl_url();
    if (curl_url_set(h, CURLUPART_URL, b.c_str(), 0) != CURLUE_OK) {
      curl_url_cleanup(h);
      h = nullptr;
    }
    curl_bases.push_back(h);
  }

  std::size_t ok_linklens = 0, ok_curl = 0, domains = 0;
  auto linklens_resolve = [&] {
    std::size_t ok = 0;
    for (const auto& link : corpus.links) {
      const auto& base = bases[link.base];
      if (!base) continue;
      auto url = linklens::parse_url(link.href, *base);
      ok += url.ok();
    }
    ok_linklens = ok;
    g_sink = ok;
  };
  auto linklens_resolve_domain = [&] {
    std::size_t with_domain = 0;
    for (const auto& link : corpus.links) {
      const auto& base = bases[link.base];
      if (!base) continue;
      auto url = linklens::parse_url(link.href, *base);
      if (url && url->host_type() == linklens::HostType::kDomain) {
        with_domain += !psl.split_host(url->hostname()).registrable_domain().empty();
      }
    }
    domains = with_domain;
    g_sink = with_domain;
  };
  auto curl_resolve = [&] {
    std::size_t ok = 0;
    for (const auto& link : corpus.links) {
      CURLU* base = curl_bases[link.base];
      if (base == nullptr) continue;
      CURLU* h = curl_url_dup(base);
      if (curl_url_set(h, CURLUPART_URL, link.href.c_str(), 0) == CURLUE_OK) {
        char* host = nullptr;
        if (curl_url_get(h, CURLUPART_HOST, &host, 0) == CURLUE_OK) {
          ++ok;
          curl_free(host);
        }
      }
      curl_url_cleanup(h);
    }
    ok_curl = ok;
    g_sink = ok;
  };

  double resolve = static_cast<double>(n) / 1e6 / best_seconds_per_pass(linklens_resolve, 5, 0.3);
  double resolve_domain = static_cast<double>(n) / 1e6 / best_seconds_per_pass(linklens_resolve_domain, 5, 0.3);
  double curl = static_cast<double>(n) / 1e6 / best_seconds_per_pass(curl_resolve, 5, 0.3);
  std::printf("resolved: linklens %zu, curl %zu (hosts); registrable domains: %zu\n", ok_linklens, ok_curl, domains);
  std::printf("bench: url_resolve %.2f Murl/s vs curl_url %.2f Murl/s ratio %.2f\n", resolve, curl, resolve / curl);
  std::printf("bench: url_resolve_and_domain %.2f Murl/s vs curl_url %.2f Murl/s ratio %.2f\n", resolve_domain, curl,
              resolve_domain / curl);
  for (CURLU* h : curl_bases) curl_url_cleanup(h);
  curl_global_cleanup();
  return 0;
}
