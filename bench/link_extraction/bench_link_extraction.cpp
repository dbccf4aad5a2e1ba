// Benchmark: link extraction from real pages (every html-pages article and every HTML response
// of the WARC samples), three ways over the same bytes in the same run:
//   - linklens: inspect_html, the whole job (tokenize, element stack, page facts, every link
//     resolved, classified and weighed);
//   - gumbo: Debian's gumbo HTML5 tree builder, parse + walk the tree for a/area hrefs and their
//     text (what a tree-building extractor has to do);
//   - memchr: counting '<' with memchr, the floor any HTML scanner sits above.
// Usage: bench_link_extraction [DATA_DIR]
#include <gumbo.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "bench_timing.h"
#include "link_corpus.h"
#include "linklens/html/tokenizer.h"
#include "linklens/inspect.h"

using linklens::bench::best_seconds_per_pass;

namespace {

volatile std::size_t g_sink;

void gumbo_text(const GumboNode* node, std::string& out) {
  if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE) {
    out += node->v.text.text;
  } else if (node->type == GUMBO_NODE_ELEMENT) {
    const GumboVector& children = node->v.element.children;
    for (unsigned i = 0; i < children.length; ++i) gumbo_text(static_cast<const GumboNode*>(children.data[i]), out);
  }
}

std::size_t gumbo_links(const GumboNode* node) {
  if (node->type != GUMBO_NODE_ELEMENT) return 0;
  std::size_t n = 0;
  GumboTag tag = node->v.element.tag;
  if (tag == GUMBO_TAG_A || tag == GUMBO_TAG_AREA) {
    if (const GumboAttribute* href = gumbo_get_attribute(&node->v.element.attributes, "href")) {
      std::string anchor;
      gumbo_text(node, anchor);
      const GumboAttribute* rel = gumbo_get_attribute(&node->v.element.attributes, "rel");
      n += 1 + (std::strlen(href->value) + anchor.size() + (rel ? 1 : 0) > 0 ? 0 : 1);
    }
  }
  const GumboVector& children = node->v.element.children;
  for (unsigned i = 0; i < children.length; ++i) n += gumbo_links(static_cast<const GumboNode*>(children.data[i]));
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  std::string data_dir = argc > 1 ? argv[1] : LINKLENS_SHARED_DATA_DIR;
  std::vector<linklens::bench::Page> pages;
  // Prints the pages and bytes of each source; fails when a source yields none.
  const auto status = linklens::bench::load_page_corpus(data_dir, pages);
  if (status != linklens::bench::CorpusStatus::kLoaded) return linklens::bench::corpus_exit_code(status);
  std::size_t bytes = 0;
  for (const auto& p : pages) bytes += p.html.size();

  std::size_t linklens_links = 0, gumbo_count = 0;
  std::vector<linklens::InspectOptions> options(pages.size());
  for (std::size_t i = 0; i < pages.size(); ++i) options[i].page_url = pages[i].url;

  double t_linklens = best_seconds_per_pass([&] {
    std::size_t n = 0;
    for (std::size_t i = 0; i < pages.size(); ++i) {
      auto r = linklens::inspect_html(pages[i].html, options[i]);
      if (r) n += r->links.size();
    }
    linklens_links = n;
    g_sink = n;
  });
  double t_tokenizer = best_seconds_per_pass([&] {
    std::size_t n = 0;
    for (const auto& p : pages) {
      linklens::html::Tokenizer t(p.html);
      while (t.next().kind != linklens::html::TokenKind::kEndOfFile) ++n;
    }
    g_sink = n;
  });
  double t_gumbo = best_seconds_per_pass(
      [&] {
        std::size_t n = 0;
        for (const auto& p : pages) {
          GumboOutput* out = gumbo_parse_with_options(&kGumboDefaultOptions, p.html.data(), p.html.size());
          n += gumbo_links(out->root);
          gumbo_destroy_output(&kGumboDefaultOptions, out);
        }
        gumbo_count = n;
        g_sink = n;
      },
      3, 0.5);
  double t_memchr = best_seconds_per_pass([&] {
    std::size_t n = 0;
    for (const auto& p : pages) {
      const char* s = p.html.data();
      const char* end = s + p.html.size();
      while ((s = static_cast<const char*>(std::memchr(s, '<', static_cast<std::size_t>(end - s)))) != nullptr) {
        ++n;
        ++s;
      }
    }
    g_sink = n;
  });

  const double mb = bytes / 1e6, n = static_cast<double>(pages.size());
  std::printf("links: linklens %zu (a, area, form, frame, canonical, refresh), gumbo %zu (a, area)\n", linklens_links,
              gumbo_count);
  std::printf("tokenizer alone: %.0f MB/s\n", mb / t_tokenizer);
  std::printf("bench: link_extraction %.1f MB/s vs gumbo %.1f MB/s ratio %.2f\n", mb / t_linklens, mb / t_gumbo,
              t_gumbo / t_linklens);
  std::printf("bench: link_extraction_pages %.0f pages/s vs gumbo %.0f pages/s ratio %.2f\n", n / t_linklens,
              n / t_gumbo, t_gumbo / t_linklens);
  std::printf("bench: link_extraction %.1f MB/s vs memchr_floor %.1f MB/s ratio %.3f\n", mb / t_linklens, mb / t_memchr,
              t_memchr / t_linklens);

  // Each source on its own: the small, link-dense WARC pages and the long article pages cost
  // differently per byte (the speed issue sets an aim for each).
  for (const char* source : {"warc", "html-pages"}) {
    std::vector<std::size_t> subset;
    std::size_t subset_bytes = 0;
    for (std::size_t i = 0; i < pages.size(); ++i) {
      if (std::strcmp(pages[i].source, source) != 0) continue;
      subset.push_back(i);
      subset_bytes += pages[i].html.size();
    }
    const double ours = best_seconds_per_pass([&] {
      std::size_t links = 0;
      for (std::size_t i : subset) {
        auto r = linklens::inspect_html(pages[i].html, options[i]);
        if (r) links += r->links.size();
      }
      g_sink = links;
    });
    const double theirs = best_seconds_per_pass(
        [&] {
          std::size_t links = 0;
          for (std::size_t i : subset) {
            GumboOutput* out =
                gumbo_parse_with_options(&kGumboDefaultOptions, pages[i].html.data(), pages[i].html.size());
            links += gumbo_links(out->root);
            gumbo_destroy_output(&kGumboDefaultOptions, out);
          }
          g_sink = links;
        },
        3, 0.5);
    const double smb = subset_bytes / 1e6;
    const char* name = std::strcmp(source, "warc") == 0 ? "warc_pages" : "article_pages";
    std::printf("%s: %zu pages, %.1f MB\n", name, subset.size(), smb);
    std::printf("bench: link_extraction_%s %.1f MB/s vs gumbo %.1f MB/s ratio %.2f\n", name, smb / ours, smb / theirs,
                theirs / ours);
  }
  return 0;
}
