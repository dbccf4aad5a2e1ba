#include "sqlite/change_token.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace linklens::store {
namespace {

// `size` bytes at `offset` of `path` appended to `out`; false when they cannot all be read.
bool append_bytes(const std::string& path, off_t offset, std::size_t size, std::string& out) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  char buffer[64];
  const ssize_t got = ::pread(fd, buffer, size, offset);
  ::close(fd);
  if (got != static_cast<ssize_t>(size)) return false;
  out.append(buffer, size);
  return true;
}

template <typename T>
void append_value(std::string& out, const T& value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

}  // namespace

std::string sqlite_change_token(const std::string& path) {
  struct stat st {};
  if (path.empty() || ::stat(path.c_str(), &st) != 0) return {};
  std::string token;
  append_value(token, st.st_dev);
  append_value(token, st.st_ino);
  // The database header's file change counter (offset 24, 4 bytes): every rollback-journal commit.
  if (!append_bytes(path, 24, 4, token)) return {};
  // The WAL index header (the first 48 bytes of -shm: its change counter, last frame and salts):
  // every WAL commit. No -shm file: the database is not in WAL mode, or nothing has it open.
  if (!append_bytes(path + "-shm", 0, 48, token)) token.push_back('-');
  return token;
}

}  // namespace linklens::store
