// A ByteSource read ahead on a thread of its own: while the caller parses one chunk of bytes, the
// wrapped source (a gzip file: inflating it is about a seventh of extraction's time) produces the
// next few. Ingest's other thread is the store's writer, which waits for pages part of the time;
// this thread fills those waits.
#pragma once

#include <cstddef>
#include <memory>

#include "ingest/byte_source.h"

namespace linklens::ingest {

// The bytes, status and counts of `inner`, read by a thread that keeps up to `chunks` chunks of
// `chunk_bytes` ready. compressed_bytes_read() is the wrapped source's count after the chunk
// being read was produced (so up to one chunk ahead of the bytes handed out); status() is the
// wrapped source's once every byte has been handed out (or the thread's, when reading threw).
// Not for a pipe that may stay open without data: dropping the source waits for the read in
// progress.
std::unique_ptr<ByteSource> read_ahead(std::unique_ptr<ByteSource> inner, std::size_t chunk_bytes = 1 << 20,
                                       std::size_t chunks = 4);

}  // namespace linklens::ingest
