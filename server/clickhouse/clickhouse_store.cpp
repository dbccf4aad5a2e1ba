#include "clickhouse/clickhouse_store.h"

#include <algorithm>
#include <ctime>
#include <map>
#include <set>
#include <unordered_map>

#include "clickhouse/shard_writer.h"
#include "index/link_id.h"
#include "index/store_values.h"
#include "linklens/case_fold.h"

namespace linklens::store {
namespace {

using clickhouse::append_tsv;
using clickhouse::quote;
using clickhouse::quote_list;

std::string join_rel(const std::vector<std::string>& rel) {
  std::string out;
  for (const auto& r : rel) out += (out.empty() ? "" : " ") + r;
  return out;
}

class Row {
 public:
  explicit Row(std::string& out) : out_(out) {}
  Row& text(std::string_view v) {
    sep();
    append_tsv(out_, v);
    return *this;
  }
  Row& integer(int64_t v) {
    sep();
    out_ += std::to_string(v);
    return *this;
  }
  Row& unsigned_integer(uint64_t v) {
    sep();
    out_ += std::to_string(v);
    return *this;
  }
  Row& real(double v) {
    sep();
    out_ += clickhouse::number(v);
    return *this;
  }
  Row& raw(const std::string& v) {
    sep();
    out_ += v;
    return *this;
  }
  void end() { out_.push_back('\n'); }

 private:
  void sep() {
    if (!first_) out_.push_back('\t');
    first_ = false;
  }
  std::string& out_;
  bool first_ = true;
};

const char* kEventColumns =
    "snapshot, run, version, seen, id, target_domain, target_host, target_url, scope, source_url, source_host, "
    "source_domain,"
    " kind, anchor, href, rel, follow, effective_follow, anchor_class, placement, ordinal, position, weight, hidden,"
    " in_noscript, context, page_status, page_title, page_ip, page_subnet, page_country, page_links, page_external,"
    " anchor_key";
const char* kPageColumns =
    "snapshot, run, version, url, host, domain, status, content_type, title, canonical, noindex, nofollow, ip, subnet,"
    " country, country_source, fetched_at, link_count, external_links, link_ids, link_domains, site_name,"
    " application_name";

}  // namespace

ClickHouseStore::ClickHouseStore(std::unique_ptr<clickhouse::ClickHouseIndex> index) : index_(std::move(index)) {}

StatusOr<std::unique_ptr<ClickHouseStore>> ClickHouseStore::open(const std::string& url) {
  auto location = clickhouse::parse_location(url);
  if (!location) return location.error();
  auto index = clickhouse::ClickHouseIndex::connect(*location, /*create_schema=*/true);
  if (!index) return index.error();
  return std::unique_ptr<ClickHouseStore>(new ClickHouseStore(std::move(index).value()));
}

// This run's row in the catalog's snapshots: once when it begins (not committed, no counts), once
// when it commits, with its counts.
void ClickHouseStore::write_snapshot_row(const std::string& committed_at, const SnapshotSummary& counts) {
  std::string tsv;
  Row(tsv)
      .unsigned_integer(snapshot_)
      .text(name_)
      .text(source_)
      .unsigned_integer(run_)
      .text(started_at_)
      .text(committed_at)
      .unsigned_integer(counts.pages)
      .unsigned_integer(counts.links)
      .unsigned_integer(counts.new_links)
      .unsigned_integer(counts.lost_links)
      .end();
  index_->catalog().insert("snapshots",
                           "id, name, source, run, started_at, committed_at, pages, links, new_links, lost_links", tsv);
}

Status ClickHouseStore::begin_snapshot(const std::string& name, const std::string& source_description) {
  try {
    published_ = index_->publication();
    auto& c = index_->catalog();
    // Run ids are never reused: a failed run's rows may remain on a shard that was down, unread.
    clickhouse::Rows r = c.query("SELECT max(run), max(id) FROM snapshots");
    run_ = static_cast<uint32_t>(r.integer(0, 0)) + 1;
    for (std::size_t i = 0; i < index_->shards(); ++i) {
      clickhouse::Rows m = index_->node(i).query("SELECT max(run) FROM pages_local");
      run_ = std::max<uint32_t>(run_, static_cast<uint32_t>(m.integer(0, 0)) + 1);
    }
    // A name already used resumes that snapshot (its id); otherwise the next id.
    clickhouse::Rows named = c.query("SELECT min(id) FROM snapshots WHERE name = " + quote(name));
    snapshot_ = named.size() && named.integer(0, 0) > 0 ? static_cast<uint32_t>(named.integer(0, 0))
                                                        : static_cast<uint32_t>(r.integer(0, 1)) + 1;
    name_ = name;
    source_ = source_description;
    started_at_ = now_utc();
    write_snapshot_row("", SnapshotSummary{});
  } catch (const clickhouse::Error& e) {
    return Status::failure(index_->unreachable_shards() + "starting the snapshot: " + e.what());
  }
  sequence_ = 0;
  pending_.clear();
  pending_links_ = 0;
  in_flight_.clear();
  writer_ = std::make_unique<clickhouse::ShardWriter>(index_->location(), kEventColumns, kPageColumns);
  open_ = true;
  return {};
}

Status ClickHouseStore::add_page(const CrawledPage& page, const std::vector<LinkRecord>& links) {
  if (!open_) return Status::failure("no snapshot begun");
  pending_.push_back({page, links});
  pending_links_ += links.size();
  if (pending_.size() >= batch_pages || pending_links_ >= 500000) return flush();
  return {};
}

Status ClickHouseStore::flush() {
  if (pending_.empty()) return {};
  try {
    // The links each page had in earlier crawls (of published runs and of this one).
    std::set<std::string> urls, domains;
    for (const auto& p : pending_) {
      urls.insert(p.page.url);
      domains.insert(p.page.domain);
    }
    std::map<std::string, std::map<uint64_t, std::string>> before;  // url -> id -> target domain
    std::string runs = published_.runs_sql() + ", " + std::to_string(run_);
    clickhouse::Rows r = index_->catalog().query(
        "SELECT DISTINCT url, id, d FROM pages ARRAY JOIN link_ids AS id, link_domains AS d WHERE domain IN (" +
        quote_list({domains.begin(), domains.end()}) + ") AND url IN (" + quote_list({urls.begin(), urls.end()}) +
        ") AND run IN (" + runs + ")");
    for (std::size_t i = 0; i < r.size(); ++i) {
      before[r.text(i, 0)][std::stoull(r.text(i, 1))] = r.text(i, 2);
    }
    // The batch still being written is not in the tables yet: its pages' links come from here.
    for (const auto& url : urls) {
      auto written = in_flight_.find(url);
      if (written != in_flight_.end()) before[url].insert(written->second.begin(), written->second.end());
    }

    // Each row goes to its shard's local table, as the Distributed tables would place it.
    for (const auto& p : pending_) {
      for (const LinkRecord& l : p.links) domains.insert(l.domain);
    }
    for (const auto& [url, known] : before) {
      for (const auto& [id, domain] : known) domains.insert(domain);
    }
    std::unordered_map<std::string, std::size_t> shard_of;
    {
      std::vector<std::string> all(domains.begin(), domains.end());
      constexpr std::size_t kPerQuery = 5000;  // domains per shards_of query (its SQL text stays small)
      for (std::size_t start = 0; start < all.size(); start += kPerQuery) {
        std::vector<std::string> part(all.begin() + start, all.begin() + std::min(all.size(), start + kPerQuery));
        std::vector<std::size_t> shards = index_->shards_of(part);
        for (std::size_t i = 0; i < part.size(); ++i) shard_of.emplace(std::move(part[i]), shards[i]);
      }
    }
    clickhouse::ShardBatch batch;
    batch.events.resize(index_->shards());
    batch.pages.resize(index_->shards());
    for (auto& events : batch.events) events.reserve(pending_links_ * 400 / index_->shards());  // ~380 B a row
    for (const auto& p : pending_) {
      const CrawledPage& pg = p.page;
      const std::string subnet = subnet_of(pg.ip);
      std::map<uint64_t, std::string>& known = before[pg.url];  // also collects this crawl's, for a repeat in the batch
      // Each link's id, once (0: an href that does not resolve, not a link target).
      std::vector<uint64_t> ids(p.links.size(), 0);
      std::vector<uint64_t> seen_now, external_ids;  // sorted and unique below
      for (std::size_t i = 0; i < p.links.size(); ++i) {
        const LinkRecord& l = p.links[i];
        if (l.url.empty()) continue;
        ids[i] = static_cast<uint64_t>(link_id(pg.url, l.url, to_string(l.kind), l.anchor));
        seen_now.push_back(ids[i]);
        if (l.scope == LinkScope::kExternal) external_ids.push_back(ids[i]);
      }
      for (auto* list : {&seen_now, &external_ids}) {
        std::sort(list->begin(), list->end());
        list->erase(std::unique(list->begin(), list->end()), list->end());
      }
      const uint32_t external = static_cast<uint32_t>(external_ids.size());
      auto page_columns = [&](Row& row) {
        row.integer(pg.status)
            .text(pg.title)
            .text(pg.ip)
            .text(subnet)
            .text(pg.country)
            .unsigned_integer(p.links.size())
            .unsigned_integer(external);
      };
      for (std::size_t i = 0; i < p.links.size(); ++i) {
        const LinkRecord& l = p.links[i];
        const uint64_t id = ids[i];
        if (id == 0) continue;
        Row row(batch.events[shard_of.at(l.domain)]);
        row.unsigned_integer(snapshot_)
            .unsigned_integer(run_)
            .unsigned_integer((static_cast<uint64_t>(run_) << 40) | ++sequence_)
            .integer(1)
            .unsigned_integer(id)
            .text(l.domain)
            .text(l.host)
            .text(l.url)
            .text(to_string(l.scope))
            .text(pg.url)
            .text(pg.host)
            .text(pg.domain)
            .text(to_string(l.kind))
            .text(l.anchor)
            .text(l.href)
            .text(join_rel(l.rel))
            .text(to_string(l.follow))
            .text(to_string(l.effective_follow))
            .text(to_string(l.anchor_class))
            .text(to_string(l.placement))
            .unsigned_integer(l.ordinal)
            .real(l.position)
            .real(l.weight)
            .integer(l.hidden)
            .integer(l.in_noscript)
            .text(l.context);
        page_columns(row);
        row.text(fold_case(l.anchor));
        row.end();
      }
      // Links of this page not seen in this crawl of it: a seen = 0 event on their shard (all of
      // them when the page now answers 4xx/5xx, which has no links).
      for (const auto& [id, domain] : known) {
        if (std::binary_search(seen_now.begin(), seen_now.end(), id)) continue;
        Row row(batch.events[shard_of.at(domain)]);
        row.unsigned_integer(snapshot_)
            .unsigned_integer(run_)
            .unsigned_integer((static_cast<uint64_t>(run_) << 40) | ++sequence_)
            .integer(0)
            .unsigned_integer(id)
            .text(domain);
        // The link's own fields are known from its sightings; the source page's are this page's
        // (so per-domain reads can skip a domain's internal links before grouping).
        row.text("").text("").text("").text(pg.url).text(pg.host).text(pg.domain);
        for (int i = 0; i < 8; ++i) row.text("");  // kind .. placement
        row.integer(0).real(0).real(0).integer(0).integer(0).text("");
        page_columns(row);
        row.text("");  // anchor_key
        row.end();
      }
      for (std::size_t i = 0; i < p.links.size(); ++i) {
        if (ids[i] != 0) known[ids[i]] = p.links[i].domain;
      }
      std::string id_array = "[", link_domains = "[";
      bool first = true;
      for (const auto& [id, domain] : known) {
        if (!first) {
          id_array += ',';
          link_domains += ',';
        }
        id_array += std::to_string(id);
        link_domains += quote(domain);  // array elements: quoted, escaped once
        first = false;
      }
      id_array += "]";
      link_domains += "]";
      Row row(batch.pages[shard_of.at(pg.domain)]);
      row.unsigned_integer(snapshot_)
          .unsigned_integer(run_)
          .unsigned_integer((static_cast<uint64_t>(run_) << 40) | ++sequence_)
          .text(pg.url)
          .text(pg.host)
          .text(pg.domain)
          .integer(pg.status)
          .text(pg.content_type)
          .text(pg.title)
          .text(pg.canonical)
          .integer(pg.noindex)
          .integer(pg.nofollow)
          .text(pg.ip)
          .text(subnet)
          .text(pg.country)
          .text(pg.country_source)
          .text(pg.fetched_at)
          .unsigned_integer(p.links.size())
          .unsigned_integer(external)
          .raw(id_array)
          .raw(link_domains)
          .text(pg.site_name)
          .text(pg.application_name);
      row.end();
    }
    if (Status written = writer_->submit(std::move(batch)); !written.ok()) {
      return Status::failure(index_->unreachable_shards() + "writing a batch of pages: " + written.message());
    }
    // What this batch's pages link to now, for the next batch (before[url] holds this crawl's).
    in_flight_.clear();
    for (const auto& url : urls) in_flight_[url] = std::move(before[url]);
  } catch (const clickhouse::Error& e) {
    return Status::failure(index_->unreachable_shards() + "writing a batch of " + std::to_string(pending_.size()) +
                           " pages: " + e.what());
  }
  pending_.clear();
  pending_links_ = 0;
  return {};
}

Status ClickHouseStore::commit_snapshot(SnapshotSummary& summary,
                                        const std::function<Status(clickhouse::Publication&)>& before_publish) {
  if (!open_) return Status::failure("no snapshot begun");
  LINKLENS_RETURN_IF_ERROR(flush());
  if (Status written = writer_->wait(); !written.ok()) {
    return Status::failure(index_->unreachable_shards() + "writing the last batch of pages: " + written.message());
  }
  in_flight_.clear();
  // The publication as it is now, not as it was at begin_snapshot: a rank or disavow published
  // during this run stays published (two ingests at once are still not supported: see the header).
  clickhouse::Publication next;
  try {
    next = index_->publication();
  } catch (const clickhouse::Error& e) {
    return Status::failure(index_->unreachable_shards() + "committing the snapshot: " + e.what());
  }
  next.seq += 1;
  next.runs.push_back(run_);
  next.links_rank = 0;  // the current links of the new runs are written only by a rank
  next.latest_snapshot = std::max(next.latest_snapshot, snapshot_);
  SnapshotSummary s;
  s.id = snapshot_;
  s.name = name_;
  try {
    // Counted from the tables, as SQLite does, so re-ingesting into a snapshot cannot inflate them.
    const std::string id = std::to_string(snapshot_);
    for (std::size_t i = 0; i < index_->shards(); ++i) {
      auto& node = index_->node(i);
      clickhouse::Rows l =
          node.query("SELECT countIf(last_seen = " + id + "), countIf(first_seen = " + id +
                     "), countIf(lost_in = " + id + ") FROM (" + clickhouse::link_state(next, "1") + ")");
      s.links += static_cast<uint64_t>(l.integer(0, 0));
      s.new_links += static_cast<uint64_t>(l.integer(0, 1));
      s.lost_links += static_cast<uint64_t>(l.integer(0, 2));
      clickhouse::Rows p = node.query("SELECT countIf(last = " + id +
                                      ") FROM (SELECT url, max(snapshot) AS last FROM pages_local WHERE run IN (" +
                                      next.runs_sql() + ") GROUP BY url)");
      s.pages += static_cast<uint64_t>(p.integer(0, 0));
    }
    if (before_publish) LINKLENS_RETURN_IF_ERROR(before_publish(next));
    write_snapshot_row(now_utc(), s);
    index_->publish(next);  // the commit point
  } catch (const clickhouse::Error& e) {
    return Status::failure(index_->unreachable_shards() + "committing the snapshot: " + e.what());
  }
  published_ = next;
  open_ = false;
  summary = s;
  return {};
}

void ClickHouseStore::rollback() {
  if (!open_) return;
  open_ = false;
  pending_.clear();
  if (writer_) (void)writer_->wait();  // its failure is why we are here, or no matter: the rows go
  in_flight_.clear();
  // Unpublished rows are never read; deleting them is tidiness, done where the shard answers.
  for (std::size_t i = 0; i < index_->shards(); ++i) {
    for (const char* table : {"link_events_local", "pages_local"}) {
      try {
        index_->node(i).execute(std::string("ALTER TABLE ") + table + " DELETE WHERE run = " + std::to_string(run_));
      } catch (const clickhouse::Error&) {
      }
    }
  }
}

}  // namespace linklens::store
