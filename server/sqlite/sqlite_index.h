// The SQLite backend of index::Index (index/index.h): one file, read and written in place.
#pragma once

#include <memory>
#include <string>

#include "index/index.h"

namespace linklens::index {

StatusOr<std::unique_ptr<Index>> open_sqlite_index(const std::string& path, const OpenOptions& options);
std::unique_ptr<ThreadReader> sqlite_thread_reader(const std::string& path);
Status sqlite_unservable(const std::string& path);

}  // namespace linklens::index
