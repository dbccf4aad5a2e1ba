#include "index/index.h"

#include "clickhouse/clickhouse_backend.h"
#include "clickhouse/clickhouse_client.h"
#include "sqlite/sqlite_index.h"

namespace linklens::index {

// The one place a location becomes a backend.
std::unique_ptr<Index> Index::open(const std::string& location, const OpenOptions& options, std::string& error) {
  if (clickhouse::is_clickhouse_url(location)) return open_clickhouse_index(location, options, error);
  return open_sqlite_index(location, options, error);
}

std::unique_ptr<ThreadReader> thread_reader(const std::string& location) {
  if (clickhouse::is_clickhouse_url(location)) return clickhouse_thread_reader(location);
  return sqlite_thread_reader(location);
}

std::optional<std::string> unservable(const std::string& location) {
  if (clickhouse::is_clickhouse_url(location)) return clickhouse_unservable(location);
  return sqlite_unservable(location);
}

}  // namespace linklens::index
