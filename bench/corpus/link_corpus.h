// The benchmark input for URL work: every href in the real pages of ../shared/data, each with
// the URL of the page it was found on (its base).
//
// Pages come from load_page_corpus: html-pages/ (gzipped HTML; each page's URL is the "url" of its
// entry in ground-truth.json, read as JSON) and the HTML response bodies of every WARC under warc/
// (the base is the WARC-Target-URI). Extraction is a plain scan for href attributes: good enough
// to collect realistic link strings, and deliberately not the Linklens HTML tokenizer, so the URL
// benchmark measures URL work only.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace linklens::bench {

struct LinkCorpus {
  std::vector<std::string> bases;  // page URLs
  struct Link {
    std::size_t base;  // index into bases
    std::string href;  // as written in the page, with &amp; decoded
  };
  std::vector<Link> links;
  std::size_t pages = 0;
};

// What a corpus load came to. The loaders print what they read, per source, on stdout, e.g.
//   corpus: 181 article pages (31.5 MB) from html-pages, 316 pages (9.9 MB) from warc; 497 pages (41.4 MB) in all
// and every reason for a status other than kLoaded on stderr.
enum class CorpusStatus {
  kLoaded,
  kMissing,  // data_dir does not exist: the benchmark is skipped (SKIPPED on stderr)
  kFailed,   // a source whose files exist yielded no page, or its index could not be read
};

// The exit code of a benchmark whose corpus did not load: 0 when skipped, 1 when it failed.
int corpus_exit_code(CorpusStatus status);

// Every href of load_page_corpus's pages, with its page URL. Also prints the hrefs of each
// source, and fails when a source's pages hold no href at all.
CorpusStatus load_link_corpus(const std::string& data_dir, LinkCorpus& corpus);

// Whole pages, as bytes: the html-pages articles and the HTML response bodies of every WARC.
struct Page {
  std::string url;
  std::string html;
  const char* source = "";  // "html-pages" or "warc"
};
CorpusStatus load_page_corpus(const std::string& data_dir, std::vector<Page>& pages);

// Reads a file whole into `out`, gunzipping it when it is gzip (plain files pass through, and
// concatenated gzip members read as one stream). False when it cannot be opened.
bool read_maybe_gzip(const std::string& path, std::string& out);

}  // namespace linklens::bench
