// The benchmark input for URL work: every href in the real pages of ../shared/data, each with
// the URL of the page it was found on (its base).
//
// Pages come from load_page_corpus: html-pages/ (gzipped HTML, base URLs from ground-truth.json)
// and the HTML response bodies of every WARC under warc/ (the base is the WARC-Target-URI). Extraction is a plain scan for
// href attributes: good enough to collect realistic link strings, and deliberately not the
// Linklens HTML tokenizer, so the URL benchmark measures URL work only.
#pragma once

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

// Returns false (with a message on stderr) when data_dir has no usable data.
bool load_link_corpus(const std::string& data_dir, LinkCorpus& corpus);

// Whole pages, as bytes: the html-pages articles and the HTML response bodies of every WARC.
struct Page {
  std::string url;
  std::string html;
};
bool load_page_corpus(const std::string& data_dir, std::vector<Page>& pages);

// Reads a file whole into `out`, gunzipping it when it is gzip (plain files pass through, and
// concatenated gzip members read as one stream). False when it cannot be opened.
bool read_maybe_gzip(const std::string& path, std::string& out);

}  // namespace linklens::bench
