#include "index/index.h"

#include <filesystem>

#include "clickhouse/clickhouse_backend.h"
#include "clickhouse/clickhouse_client.h"
#include "sqlite/sqlite_index.h"

namespace linklens::index {

// The one place a location becomes a backend.
StatusOr<std::unique_ptr<Index>> Index::open(const std::string& location, const OpenOptions& options) {
  if (clickhouse::is_clickhouse_url(location)) return open_clickhouse_index(location, options);
  return open_sqlite_index(location, options);
}

std::unique_ptr<ThreadReader> thread_reader(const std::string& location) {
  if (clickhouse::is_clickhouse_url(location)) return clickhouse_thread_reader(location);
  return sqlite_thread_reader(location);
}

Status unservable(const std::string& location) {
  if (clickhouse::is_clickhouse_url(location)) return clickhouse_unservable(location);
  return sqlite_unservable(location);
}

std::string default_ranks_path(const std::string& location) {
  if (clickhouse::is_clickhouse_url(location)) return "";
  return (std::filesystem::path(location).parent_path() / "linklens-ranks.db").string();
}

std::string ranks_path_for(const std::string& location, const std::string& given) {
  if (!given.empty()) return given;
  const std::string beside = default_ranks_path(location);
  return !beside.empty() && std::filesystem::exists(beside) ? beside : "";
}

}  // namespace linklens::index
