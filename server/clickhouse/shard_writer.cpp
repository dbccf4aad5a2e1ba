#include "clickhouse/shard_writer.h"

namespace linklens::clickhouse {

ShardWriter::ShardWriter(const Location& location, const char* event_columns, const char* page_columns)
    : event_columns_(event_columns), page_columns_(page_columns) {
  for (const Node& n : location.nodes) nodes_.push_back(std::make_unique<Connection>(n, location.database));
}

ShardWriter::~ShardWriter() { (void)wait(); }  // a failure was or will be reported by the store (wait never throws)

Status ShardWriter::submit(ShardBatch batch) {
  LINKLENS_RETURN_IF_ERROR(wait());
  try {
    for (std::size_t shard = 0; shard < nodes_.size(); ++shard) {
      inflight_.push_back(std::async(std::launch::async, [this, shard, events = std::move(batch.events[shard]),
                                                          pages = std::move(batch.pages[shard])] {
        Connection& node = *nodes_[shard];
        if (!events.empty()) node.insert("link_events_local", event_columns_, events);
        if (!pages.empty()) node.insert("pages_local", page_columns_, pages);
      }));
    }
  } catch (const std::exception& e) {  // no thread to be had: what was started finishes first
    (void)wait();
    return Status::failure(std::string("starting a shard's writer: ") + e.what());
  }
  return {};
}

Status ShardWriter::wait() {
  Status first;
  for (std::size_t shard = 0; shard < inflight_.size(); ++shard) {
    try {
      inflight_[shard].get();
    } catch (const std::exception& e) {  // clickhouse::Error, and whatever else a writer met
      if (first.ok()) first = Status::failure("shard " + std::to_string(shard + 1) + ": " + e.what());
    } catch (...) {
      if (first.ok()) first = Status::failure("shard " + std::to_string(shard + 1) + ": an unknown error");
    }
  }
  inflight_.clear();
  return first;
}

}  // namespace linklens::clickhouse
