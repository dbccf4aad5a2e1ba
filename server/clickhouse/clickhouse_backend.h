// The ClickHouse backend of index::Index (index/index.h): a sharded cluster named by a
// clickhouse://... location, whose changes become visible through one publication row.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "index/index.h"

namespace linklens::index {

std::unique_ptr<Index> open_clickhouse_index(const std::string& url, const OpenOptions& options, std::string& error);
std::unique_ptr<ThreadReader> clickhouse_thread_reader(const std::string& url);
std::optional<std::string> clickhouse_unservable(const std::string& url);

}  // namespace linklens::index
