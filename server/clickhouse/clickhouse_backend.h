// The ClickHouse backend of index::Index (index/index.h): a sharded cluster named by a
// clickhouse://... location, whose changes become visible through one publication row.
#pragma once

#include <memory>
#include <string>

#include "index/index.h"

namespace linklens::index {

StatusOr<std::unique_ptr<Index>> open_clickhouse_index(const std::string& url, const OpenOptions& options);
std::unique_ptr<ThreadReader> clickhouse_thread_reader(const std::string& url);
Status clickhouse_unservable(const std::string& url);

}  // namespace linklens::index
