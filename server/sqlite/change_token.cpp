#include "sqlite/change_token.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <unordered_map>

namespace linklens::store {
namespace {

// Reads `size` bytes at `offset` of `path` through a descriptor SQLite already holds in this
// process, never one of our own: closing any descriptor of a file drops every POSIX lock the
// process holds on it, SQLite's included (SQLite's "how to corrupt" list), and a writer in
// another process would then take the file for unused and checkpoint or delete its WAL index
// under our readers. False when no such descriptor is open (nothing is kept then).
bool read_through_open_descriptor(const std::string& path, const struct stat& file, off_t offset, std::size_t size,
                                  char* buffer) {
  static std::mutex mutex;
  static std::unordered_map<std::string, int> known;  // path -> a descriptor of it seen before
  const auto same_file = [&](int fd) {
    struct stat st {};
    return fd >= 0 && ::fstat(fd, &st) == 0 && st.st_ino == file.st_ino && st.st_dev == file.st_dev;
  };
  // The lock covers the map only: every request of every server thread comes here, and the
  // system calls need none.
  int fd = -1;
  {
    std::lock_guard<std::mutex> lock(mutex);
    if (auto it = known.find(path); it != known.end()) fd = it->second;
  }
  if (!same_file(fd)) {  // first time, or SQLite closed it and the number now names another file
    fd = -1;
    DIR* dir = ::opendir("/proc/self/fd");
    if (dir == nullptr) return false;
    while (const dirent* entry = ::readdir(dir)) {
      char* end = nullptr;
      const long n = std::strtol(entry->d_name, &end, 10);
      if (end == entry->d_name || *end != '\0' || n == ::dirfd(dir)) continue;
      if (same_file(static_cast<int>(n))) {
        fd = static_cast<int>(n);
        break;
      }
    }
    ::closedir(dir);
    if (fd < 0) return false;
    std::lock_guard<std::mutex> lock(mutex);
    known[path] = fd;
  }
  return ::pread(fd, buffer, size, offset) == static_cast<ssize_t>(size);
}

template <typename T>
void append_value(std::string& out, const T& value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

}  // namespace

std::string sqlite_change_token(const std::string& given) {
  if (given.empty()) return {};
  // SQLite keeps a database's -wal and -shm beside the file a symlink names, not beside the link
  // (a served path may be a symlink swapped from one index to the next).
  char resolved[PATH_MAX];
  if (::realpath(given.c_str(), resolved) == nullptr) return {};
  const std::string path = resolved;
  struct stat db {};
  if (::stat(path.c_str(), &db) != 0) return {};
  std::string token;
  append_value(token, db.st_dev);
  append_value(token, db.st_ino);
  // The database header: its file change counter (offset 24, every rollback-journal commit) and
  // its read/write versions (offsets 18 and 19: 2 in WAL mode).
  char header[28];
  if (!read_through_open_descriptor(path, db, 0, sizeof header, header)) return {};
  token.append(header + 24, 4);
  if (header[18] != 2 && header[19] != 2) return token;
  // WAL mode: the WAL index header (the first 48 bytes of -shm: its change counter, last frame
  // and salts), rewritten by every commit, whichever process makes it.
  struct stat shm {};
  char wal_index[48];
  const std::string shm_path = path + "-shm";
  if (::stat(shm_path.c_str(), &shm) != 0 ||
      !read_through_open_descriptor(shm_path, shm, 0, sizeof wal_index, wal_index)) {
    return {};
  }
  append_value(token, shm.st_ino);
  token.append(wal_index, sizeof wal_index);
  return token;
}

}  // namespace linklens::store
