// Turns WARC and WAT files into pages and links in a Store (within the store's open snapshot).
//
// - WARC `response` records: the HTTP response is parsed (status, headers, de-chunked and
//   decompressed body). HTML bodies are decoded to UTF-8 (encoding.h) and inspected with the
//   core's inspect_html (page URL = WARC-Target-URI, headers given, so X-Robots-Tag applies).
//   A 3xx with Location becomes a link of kind redirect. Other responses are recorded as pages
//   with their status and no links.
// - WAT `metadata` records (Common Crawl): the JSON envelope is parsed with simdjson; its
//   HTML-Metadata Links (A, AREA, FORM, IFRAME/FRAME, LINK rel=canonical) become links.
// - Everything else (request, warcinfo, resource, ...) is counted and skipped.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "index/store.h"
#include "ingest/country.h"

namespace linklens::ingest {

// A file that ends inside a record or a gzip stream: the records before the cut were read. Its
// own code, so `ingest --allow-partial` can keep them (any other failure of a file cannot be).
inline Status partial_file(std::string message) { return {500, "partial_file", std::move(message)}; }

struct IngestStats {
  uint64_t files = 0, records = 0, responses = 0, wat_records = 0, pages = 0, html_pages = 0, links = 0;
  uint64_t malformed = 0, skipped_records = 0;
  uint64_t compressed_bytes = 0, bytes = 0;
  std::vector<std::string> messages;  // problems worth telling the user (bounded)
};

class Ingester {
 public:
  explicit Ingester(store::Store& store) : store_(store) {}

  // Reads one file into the store. Fails only when the store fails (the run must then be rolled
  // back); unreadable files and malformed records are counted in stats() and skipped.
  Status ingest_file(const std::string& path);

  // Called every few hundred records with the current stats (progress display).
  void on_progress(std::function<void(const IngestStats&)> callback) { progress_ = std::move(callback); }

  const IngestStats& stats() const { return stats_; }
  // A message for the user among the run's notes (the first few are kept).
  void note(std::string message);

 private:
  Status ingest_response(const struct WarcRecordView& record);
  Status ingest_wat(const struct WarcRecordView& record);

  store::Store& store_;
  CountryLookup countries_;
  IngestStats stats_;
  std::function<void(const IngestStats&)> progress_;
};

}  // namespace linklens::ingest
