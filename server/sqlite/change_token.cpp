#include "sqlite/change_token.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <climits>
#include <cstdlib>

namespace linklens::store {
namespace {

// `size` bytes at `offset` of `path` into `buffer`; false when they cannot all be read.
bool read_bytes(const std::string& path, off_t offset, std::size_t size, char* buffer) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  const ssize_t got = ::pread(fd, buffer, size, offset);
  ::close(fd);
  return got == static_cast<ssize_t>(size);
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
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return {};
  std::string token;
  append_value(token, st.st_dev);
  append_value(token, st.st_ino);
  // The database header: its file change counter (offset 24, every rollback-journal commit) and
  // its read/write versions (offsets 18 and 19: 2 in WAL mode).
  char header[28];
  if (!read_bytes(path, 0, sizeof header, header)) return {};
  token.append(header + 24, 4);
  const bool wal = header[18] == 2 || header[19] == 2;
  // The WAL index header (the first 48 bytes of -shm: its change counter, last frame and salts):
  // every WAL commit. A WAL database whose -shm cannot be read gives no token: its commits would
  // not show until a checkpoint.
  char wal_index[48];
  if (read_bytes(path + "-shm", 0, sizeof wal_index, wal_index)) {
    token.append(wal_index, sizeof wal_index);
  } else if (wal) {
    return {};
  }
  return token;
}

}  // namespace linklens::store
