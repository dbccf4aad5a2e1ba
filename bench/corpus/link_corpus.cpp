#include "link_corpus.h"

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string_view>

#include <nlohmann/json.hpp>

namespace linklens::bench {

namespace fs = std::filesystem;

bool read_maybe_gzip(const std::string& path, std::string& out) {
  gzFile f = gzopen(path.c_str(), "rb");
  if (f == nullptr) return false;
  out.clear();
  char buf[1 << 16];
  int n;
  while ((n = gzread(f, buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
  gzclose(f);
  return true;
}

namespace {

// "&amp;" is the one character reference hrefs commonly hold.
std::string decode_amp(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    if (s.compare(i, 5, "&amp;") == 0) {
      out.push_back('&');
      i += 5;
    } else {
      out.push_back(s[i++]);
    }
  }
  return out;
}

// Appends every href="..." / href='...' / href=value found in [begin, end) of text.
void scan_hrefs(const std::string& text, std::size_t begin, std::size_t end, std::size_t base, LinkCorpus& corpus) {
  std::size_t pos = begin;
  while (pos < end) {
    std::size_t at = pos;
    // Case-insensitive search for "href".
    while (at + 5 < end) {
      char c = text[at];
      if ((c == 'h' || c == 'H') && (text[at + 1] | 0x20) == 'r' && (text[at + 2] | 0x20) == 'e' &&
          (text[at + 3] | 0x20) == 'f')
        break;
      ++at;
    }
    if (at + 5 >= end) return;
    std::size_t p = at + 4;
    while (p < end && (text[p] == ' ' || text[p] == '\t' || text[p] == '\n' || text[p] == '\r')) ++p;
    if (p >= end || text[p] != '=') {
      pos = at + 4;
      continue;
    }
    ++p;
    while (p < end && (text[p] == ' ' || text[p] == '\t' || text[p] == '\n' || text[p] == '\r')) ++p;
    std::size_t v_begin, v_end;
    if (p < end && (text[p] == '"' || text[p] == '\'')) {
      char q = text[p];
      v_begin = p + 1;
      v_end = text.find(q, v_begin);
      if (v_end == std::string::npos || v_end > end || v_end - v_begin > 8192) {
        pos = p + 1;
        continue;
      }
    } else {
      v_begin = p;
      v_end = p;
      while (v_end < end && text[v_end] != ' ' && text[v_end] != '>' && text[v_end] != '\t' && text[v_end] != '\n')
        ++v_end;
    }
    corpus.links.push_back({base, decode_amp(text.substr(v_begin, v_end - v_begin))});
    pos = v_end + 1;
  }
}

// Appends the HTML responses of one WARC file; false when it cannot be read.
bool load_warc_pages(const std::string& path, const char* source, std::vector<Page>& pages) {
  std::string warc;
  if (!read_maybe_gzip(path, warc)) return false;
  const std::string key = "WARC-Target-URI:";
  std::size_t pos = warc.find(key);
  while (pos != std::string::npos) {
    std::size_t eol = warc.find('\n', pos);
    std::string uri = warc.substr(pos + key.size(), eol - pos - key.size());
    uri.erase(0, uri.find_first_not_of(" \t<"));
    uri.erase(uri.find_last_not_of(" \t\r>") + 1);
    std::size_t next = warc.find(key, eol);
    std::size_t end = next == std::string::npos ? warc.size() : next;
    // A response block: WARC headers, blank line, HTTP status line and headers, blank line, body.
    std::size_t http = warc.find("HTTP/", eol);
    if (uri.rfind("http", 0) == 0 && http != std::string::npos && http < end) {
      std::size_t body = warc.find("\r\n\r\n", http);
      std::string head = body == std::string::npos ? "" : warc.substr(http, body - http);
      std::string lower = head;
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (body != std::string::npos && body < end && lower.find("content-type: text/html") != std::string::npos) {
        // The next record's "WARC/" line ends this body.
        std::size_t stop = warc.rfind("WARC/", end);
        if (stop == std::string::npos || stop < body) stop = end;
        pages.push_back({uri, warc.substr(body + 4, stop - body - 4), source});
      }
    }
    pos = next;
  }
  return true;
}

// What one source of the page corpus gave.
struct SourceCount {
  const char* name;
  const char* noun;      // what its pages are called in the corpus line
  bool present = false;  // its files exist
  std::size_t pages = 0, bytes = 0;
};

// html-pages/scrapinghub-article-extraction-benchmark: ground-truth.json maps each page's sha256 to
// an object holding its "url" (beside "articleBody", in whatever order), and the page itself is
// html/<sha256>.html.gz. False, with the reason on stderr, when the files are there but no page
// could be read from them.
bool load_article_pages(const fs::path& dir, std::vector<Page>& pages, SourceCount& count) {
  const fs::path truth_path = dir / "ground-truth.json", html_dir = dir / "html";
  std::size_t html_files = 0;
  std::error_code ec;
  if (fs::is_directory(html_dir, ec)) {
    for (const auto& e : fs::directory_iterator(html_dir, ec))
      html_files += e.is_regular_file() && e.path().filename().string().ends_with(".html.gz");
  }
  const bool has_truth = fs::is_regular_file(truth_path, ec);
  count.present = has_truth || html_files > 0;
  if (!count.present) return true;
  if (!has_truth) {
    std::fprintf(stderr, "FAILED: %s: %s is missing, so its %zu pages have no URL\n", count.name,
                 truth_path.string().c_str(), html_files);
    return false;
  }
  std::string text;
  if (!read_maybe_gzip(truth_path.string(), text)) {
    std::fprintf(stderr, "FAILED: %s: cannot read %s\n", count.name, truth_path.string().c_str());
    return false;
  }
  nlohmann::json truth;
  try {
    truth = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    std::fprintf(stderr, "FAILED: %s: %s is not valid JSON: %s\n", count.name, truth_path.string().c_str(), e.what());
    return false;
  }
  if (!truth.is_object()) {
    std::fprintf(stderr, "FAILED: %s: %s is not a JSON object of pages\n", count.name, truth_path.string().c_str());
    return false;
  }
  std::size_t no_url = 0, no_file = 0;
  for (auto it = truth.cbegin(); it != truth.cend(); ++it) {
    const nlohmann::json& entry = it.value();
    const auto url = entry.is_object() ? entry.find("url") : entry.end();
    if (url == entry.end() || !url->is_string()) {
      ++no_url;
      continue;
    }
    std::string html;
    if (!read_maybe_gzip((html_dir / (it.key() + ".html.gz")).string(), html)) {
      ++no_file;
      continue;
    }
    ++count.pages;
    count.bytes += html.size();
    pages.push_back({url->get<std::string>(), std::move(html), count.name});
  }
  const std::size_t unmatched = html_files > count.pages ? html_files - count.pages : 0;
  if (count.pages == 0) {
    std::fprintf(stderr,
                 "FAILED: %s: no page read from %s: %zu entries (%zu without a string \"url\", %zu without "
                 "html/<key>.html.gz), %zu html files\n",
                 count.name, dir.string().c_str(), truth.size(), no_url, no_file, html_files);
    return false;
  }
  if (no_url + no_file + unmatched > 0) {
    std::fprintf(stderr,
                 "warning: %s: %zu of %zu ground-truth entries have no string \"url\", %zu no html file; %zu of %zu "
                 "html files have no entry\n",
                 count.name, no_url, truth.size(), no_file, unmatched, html_files);
  }
  return true;
}

// Every .warc and .warc.gz under dir. False, with the reason on stderr, when there are some but
// none holds an HTML response.
bool load_warc_source(const fs::path& dir, std::vector<Page>& pages, SourceCount& count) {
  std::vector<std::string> warcs;
  std::error_code ec;
  if (fs::is_directory(dir, ec)) {
    for (const auto& e : fs::recursive_directory_iterator(dir, ec)) {
      std::string name = e.path().filename().string();
      if (e.is_regular_file() && (name.ends_with(".warc") || name.ends_with(".warc.gz")))
        warcs.push_back(e.path().string());
    }
  }
  count.present = !warcs.empty();
  if (!count.present) return true;
  std::sort(warcs.begin(), warcs.end());
  std::size_t unreadable = 0;
  const std::size_t first = pages.size();
  for (const auto& w : warcs) {
    if (!load_warc_pages(w, count.name, pages)) {
      std::fprintf(stderr, "warning: %s: cannot read %s\n", count.name, w.c_str());
      ++unreadable;
    }
  }
  count.pages = pages.size() - first;
  for (std::size_t i = first; i < pages.size(); ++i) count.bytes += pages[i].html.size();
  if (count.pages == 0) {
    std::fprintf(stderr, "FAILED: %s: none of the %zu WARC files under %s (%zu unreadable) holds an HTML response\n",
                 count.name, warcs.size(), dir.string().c_str(), unreadable);
    return false;
  }
  return true;
}

double megabytes(std::size_t bytes) { return static_cast<double>(bytes) / 1e6; }

}  // namespace

int corpus_exit_code(CorpusStatus status) { return status == CorpusStatus::kFailed ? 1 : 0; }

CorpusStatus load_page_corpus(const std::string& data_dir, std::vector<Page>& pages) {
  fs::path root(data_dir);
  std::error_code ec;
  if (!fs::is_directory(root, ec)) {
    std::fprintf(stderr, "SKIPPED: %s is missing (the real data in ../shared/data)\n", data_dir.c_str());
    return CorpusStatus::kMissing;
  }
  SourceCount articles{"html-pages", "article pages"}, warc{"warc", "pages"};
  bool ok = load_article_pages(root / "html-pages" / "scrapinghub-article-extraction-benchmark", pages, articles);
  ok = load_warc_source(root / "warc", pages, warc) && ok;

  std::printf("corpus:");
  const char* sep = " ";
  std::size_t bytes = 0;
  for (const SourceCount* c : {&articles, &warc}) {
    if (c->present) {
      std::printf("%s%zu %s (%.1f MB) from %s", sep, c->pages, c->noun, megabytes(c->bytes), c->name);
    } else {
      std::printf("%sno %s (absent)", sep, c->name);
    }
    sep = ", ";
    bytes += c->bytes;
  }
  std::printf("; %zu pages (%.1f MB) in all\n", pages.size(), megabytes(bytes));
  std::fflush(stdout);

  if (!articles.present && !warc.present) {
    std::fprintf(stderr,
                 "FAILED: %s holds neither html-pages/scrapinghub-article-extraction-benchmark nor warc/: no page\n",
                 data_dir.c_str());
    return CorpusStatus::kFailed;
  }
  return ok ? CorpusStatus::kLoaded : CorpusStatus::kFailed;
}

CorpusStatus load_link_corpus(const std::string& data_dir, LinkCorpus& corpus) {
  std::vector<Page> pages;
  const CorpusStatus status = load_page_corpus(data_dir, pages);
  if (status != CorpusStatus::kLoaded) return status;
  struct Hrefs {
    std::string_view source;
    std::size_t pages = 0, links = 0;
  };
  std::vector<Hrefs> per_source;  // in the order the sources were loaded
  for (const Page& page : pages) {
    if (per_source.empty() || per_source.back().source != page.source) per_source.push_back({page.source});
    const std::size_t before = corpus.links.size();
    corpus.bases.push_back(page.url);
    ++corpus.pages;
    scan_hrefs(page.html, 0, page.html.size(), corpus.bases.size() - 1, corpus);
    ++per_source.back().pages;
    per_source.back().links += corpus.links.size() - before;
  }
  std::printf("hrefs:");
  const char* sep = " ";
  for (const Hrefs& h : per_source) {
    std::printf("%s%zu from %zu pages of %.*s", sep, h.links, h.pages, static_cast<int>(h.source.size()),
                h.source.data());
    sep = ", ";
  }
  std::printf("; %zu in all\n", corpus.links.size());
  std::fflush(stdout);
  bool ok = true;
  for (const Hrefs& h : per_source) {
    if (h.links == 0) {
      std::fprintf(stderr, "FAILED: %.*s: its %zu pages hold no href\n", static_cast<int>(h.source.size()),
                   h.source.data(), h.pages);
      ok = false;
    }
  }
  return ok ? CorpusStatus::kLoaded : CorpusStatus::kFailed;
}

}  // namespace linklens::bench
