// What tells a server that a SQLite file's content may have changed: the file's identity (a
// swapped-in file is another inode), the change counter in its header (bumped by every commit in
// rollback-journal mode) and the header of its WAL index (the -shm file, rewritten by every
// commit in WAL mode, whichever process makes it). Both are read through the descriptors SQLite
// itself holds in this process (found in /proc/self/fd), never through a descriptor of our own:
// closing one would drop SQLite's locks on the file. Answers cached against an old token are
// never served for a new one (api/response_cache.h).
#pragma once

#include <string>

namespace linklens::store {

// Opaque bytes; equal tokens mean no commit happened between the two reads. A symlink is
// followed (SQLite keeps -wal and -shm beside the file it names). Empty (nothing may then be
// cached against it) when the file is not open through SQLite in this process, or is in WAL mode
// without an open -shm.
std::string sqlite_change_token(const std::string& path);

}  // namespace linklens::store
