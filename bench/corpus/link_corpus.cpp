#include "link_corpus.h"

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

namespace linklens::bench {

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
      while (v_end < end && text[v_end] != ' ' && text[v_end] != '>' && text[v_end] != '\t' && text[v_end] != '\n') ++v_end;
    }
    corpus.links.push_back({base, decode_amp(text.substr(v_begin, v_end - v_begin))});
    pos = v_end + 1;
  }
}

void load_warc_pages(const std::string& path, std::vector<Page>& pages) {
  std::string warc;
  if (!read_maybe_gzip(path, warc)) return;
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
        pages.push_back({uri, warc.substr(body + 4, stop - body - 4)});
      }
    }
    pos = next;
  }
}

}  // namespace

bool load_page_corpus(const std::string& data_dir, std::vector<Page>& pages) {
  namespace fs = std::filesystem;
  fs::path root(data_dir);
  if (!fs::is_directory(root)) {
    std::fprintf(stderr, "SKIPPED: %s is missing (the real data in ../shared/data)\n", data_dir.c_str());
    return false;
  }
  fs::path bench = root / "html-pages" / "scrapinghub-article-extraction-benchmark";
  std::string truth;
  if (read_maybe_gzip((bench / "ground-truth.json").string(), truth)) {
    std::regex entry("\"([0-9a-f]{64})\"\\s*:\\s*\\{\\s*\"url\"\\s*:\\s*\"([^\"]*)\"");
    for (std::sregex_iterator it(truth.begin(), truth.end(), entry), end; it != end; ++it) {
      std::string html;
      if (read_maybe_gzip((bench / "html" / ((*it)[1].str() + ".html.gz")).string(), html)) pages.push_back({(*it)[2].str(), html});
    }
  }
  std::vector<std::string> warcs;
  if (fs::is_directory(root / "warc")) {
    for (const auto& e : fs::recursive_directory_iterator(root / "warc")) {
      std::string name = e.path().filename().string();
      if (e.is_regular_file() && (name.ends_with(".warc") || name.ends_with(".warc.gz"))) warcs.push_back(e.path().string());
    }
  }
  std::sort(warcs.begin(), warcs.end());
  for (const auto& w : warcs) load_warc_pages(w, pages);
  return !pages.empty();
}

bool load_link_corpus(const std::string& data_dir, LinkCorpus& corpus) {
  std::vector<Page> pages;
  if (!load_page_corpus(data_dir, pages)) return false;
  for (const Page& page : pages) {
    corpus.bases.push_back(page.url);
    ++corpus.pages;
    scan_hrefs(page.html, 0, page.html.size(), corpus.bases.size() - 1, corpus);
  }
  return !corpus.links.empty();
}

}  // namespace linklens::bench
