#include "ingest/inflate.h"

#include <zlib.h>

#include <cstring>

namespace linklens::ingest {

bool inflate_data(std::string_view in, std::string& out, bool raw, std::size_t max_output) {
  z_stream z;
  std::memset(&z, 0, sizeof z);
  if (inflateInit2(&z, raw ? -MAX_WBITS : 15 + 32) != Z_OK) return false;  // 15 + 32: gzip or zlib
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  out.clear();
  char buf[1 << 15];
  int rc;
  do {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(buf, sizeof buf - z.avail_out);
    if (out.size() > max_output) break;
  } while (rc == Z_OK);
  inflateEnd(&z);
  return rc == Z_STREAM_END || (rc == Z_BUF_ERROR && !out.empty());
}

}  // namespace linklens::ingest
