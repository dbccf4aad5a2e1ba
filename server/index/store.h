// The backlink index's storage interface. SQLite is the embedded default (sqlite_store.h); a
// ClickHouse implementation comes later behind the same interface.
//
// Write protocol: begin_snapshot(), then add_page() for every crawled page, then
// commit_snapshot(). Nothing of a run is visible before its commit; rollback() (or a crash)
// leaves the index exactly as it was before begin_snapshot().
//
// Snapshot semantics: every link has first_seen / last_seen snapshot ids. When a page is crawled
// again, its links seen again get last_seen = this snapshot, links not seen again are lost in this
// snapshot (lost_in), and a page that now answers 4xx/5xx loses all its links. Adding the same
// page and links twice changes nothing.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "index/status.h"
#include "linklens/link_record.h"

namespace linklens::store {

struct CrawledPage {
  std::string url;           // WHATWG-serialised, without fragment
  std::string host, domain;  // registrable domain
  int status = 0;            // HTTP status
  std::string content_type;
  std::string fetched_at;      // WARC-Date as given
  std::string ip;              // WARC-IP-Address
  std::string country;         // ISO 3166-1 alpha-2, "" when unknown
  std::string country_source;  // "geoip" or "cctld"
  std::string title, canonical;
  std::string site_name, application_name;  // og:site_name, application-name (brand terms)
  bool noindex = false, nofollow = false;
};

// One input file of a resumable scan, as the index remembers it (`ingest --targets`).
struct ScannedFile {
  std::string path;  // absolute
  uint64_t bytes = 0;
  int64_t modified = 0;  // seconds since the epoch
};

struct SnapshotSummary {
  int64_t id = 0;
  std::string name;
  uint64_t pages = 0, links = 0, new_links = 0, lost_links = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  // Starts (or resumes, when a snapshot of that name exists) snapshot `name`.
  virtual Status begin_snapshot(const std::string& name, const std::string& source_description) = 0;
  virtual Status add_page(const CrawledPage& page, const std::vector<LinkRecord>& links) = 0;
  // The same, for a caller done with the page: a store that keeps it for later (pipelined_store.h)
  // takes it without a copy.
  virtual Status take_page(CrawledPage&& page, std::vector<LinkRecord>&& links) { return add_page(page, links); }
  virtual Status commit_snapshot(SnapshotSummary& summary) = 0;
  virtual void rollback() = 0;

  // One input file's pages inside the snapshot: begin_file() marks where they start, and
  // keep_file() keeps them or drop_file() takes back all they wrote (a file that turned out bad
  // costs no other file its work). A store that cannot drop part of a run says so.
  virtual Status begin_file() { return {}; }
  virtual Status keep_file() { return {}; }
  virtual Status drop_file() { return Status::failure("this store cannot take back one file of a run"); }

  // Targeted ingest (`ingest --targets`): from now on keep only links whose target is one of
  // these registrable domains, and the pages that hold such links or held them before (so lost
  // links are still seen); a page's facts and its count of outgoing links are kept whole.
  virtual Status set_targets(const std::vector<std::string>& domains) {
    (void)domains;
    return Status::failure("this store does not keep a targeted index (--targets writes SQLite indexes)");
  }
  // A resumable scan's files: whether the open snapshot holds `file` already (same path, size and
  // modification time), and marking that it does, inside the transaction that stores it.
  virtual StatusOr<bool> holds_file(const ScannedFile& file) {
    (void)file;
    return Status::failure("this store does not record scanned files");
  }
  virtual Status record_file(const ScannedFile& file) {
    (void)file;
    return Status::failure("this store does not record scanned files");
  }
};

}  // namespace linklens::store
