// What tells a server that a SQLite file's content may have changed, read without opening the
// database: the file's identity (a swapped-in file is another inode), the change counter in its
// header (bumped by every commit in rollback-journal mode) and the header of its WAL index (the
// -shm file, rewritten by every commit in WAL mode, whichever process makes it). Answers cached
// against an old token are never served for a new one (api/response_cache.h).
#pragma once

#include <string>

namespace linklens::store {

// Opaque bytes; equal tokens mean no commit happened between the two reads. A symlink is
// followed (SQLite keeps -wal and -shm beside the file it names). Empty when the file cannot be
// read, or is in WAL mode without a readable -shm (nothing may then be cached against it).
std::string sqlite_change_token(const std::string& path);

}  // namespace linklens::store
