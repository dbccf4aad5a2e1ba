// The WARC reader and HTTP response parser on crafted input: versions, header quirks, malformed
// records, chunked and gzip bodies.
#include <zlib.h>
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>

#include "ingest/http_response.h"
#include "ingest/read_ahead_source.h"
#include "ingest/warc_reader.h"

using namespace linklens::ingest;

namespace {

std::string write_temp(const std::string& name, const std::string& bytes) {
  std::string path = std::string(std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp") + "/linklens-" + name;
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

std::string gzip(const std::string& in) {
  z_stream z{};
  deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  std::string out(in.size() + 128, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string record(const std::string& version, const std::string& type, const std::string& uri,
                   const std::string& body) {
  return version + "\r\nWARC-Type: " + type + "\r\nWARC-Target-URI: " + uri +
         "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body + "\r\n\r\n";
}

std::vector<WarcRecord> read_all(const std::string& path, WarcStats& stats) {
  auto source = ByteSource::open(path);
  REQUIRE(source.ok());
  WarcReader reader(std::move(source).value());
  std::vector<WarcRecord> out;
  WarcRecord r;
  while (reader.next(r)) out.push_back(r);
  stats = reader.stats();
  return out;
}

}  // namespace

TEST_CASE("WARC versions, wget's <URI>, per-record and whole-file gzip", "[warc]") {
  std::string a = record("WARC/1.1", "response", "<https://a.example/>", "HTTP/1.1 200 OK\r\n\r\nhi");
  std::string b = record("WARC/0.17", "response", "http://b.example/", "HTTP/1.0 404 Not Found\r\n\r\n");
  WarcStats stats;
  auto plain = read_all(write_temp("plain.warc", a + b), stats);
  REQUIRE(plain.size() == 2);
  CHECK(plain[0].target_uri() == "https://a.example/");
  CHECK(plain[0].version == "WARC/1.1");
  CHECK(plain[1].version == "WARC/0.17");
  CHECK(stats.malformed == 0);
  auto members = read_all(write_temp("members.warc.gz", gzip(a) + gzip(b)), stats);
  CHECK(members.size() == 2);
  auto whole = read_all(write_temp("whole.warc.gz", gzip(a + b)), stats);
  CHECK(whole.size() == 2);
}

TEST_CASE("malformed records are counted and skipped", "[warc]") {
  std::string good = record("WARC/1.0", "response", "http://ok.example/", "HTTP/1.1 200 OK\r\n\r\nx");
  std::string no_length = "WARC/1.0\r\nWARC-Type: response\r\n\r\nbody\r\n\r\n";
  std::string bad_length = "WARC/1.0\r\nContent-Length: 12x\r\n\r\n";
  WarcStats stats;
  auto records =
      read_all(write_temp("malformed.warc", "garbage before\r\n" + good + no_length + bad_length + good), stats);
  CHECK(records.size() == 2);
  CHECK(stats.malformed >= 3);
  CHECK_FALSE(stats.messages.empty());
  // Cut short inside a record.
  auto cut = read_all(write_temp("cut.warc", good + good.substr(0, good.size() / 2)), stats);
  CHECK(cut.size() == 1);
  CHECK(stats.malformed == 1);
  // A gzip stream cut in the middle: the records before the cut are delivered.
  std::string z = gzip(good) + gzip(good);
  auto truncated = read_all(write_temp("truncated.warc.gz", z.substr(0, z.size() - 10)), stats);
  CHECK(truncated.size() >= 1);
}

TEST_CASE("HTTP responses: status, headers, chunked and gzip bodies", "[http]") {
  HttpResponse r;
  REQUIRE(parse_http_response("HTTP/1.1 301 Moved\r\nLocation: /new\r\nX-Robots-Tag: noindex\r\n\r\n", r));
  CHECK(r.status == 301);
  CHECK(r.header("location") == "/new");
  REQUIRE(parse_http_response(
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6;ext\r\n world\r\n0\r\n\r\n", r));
  CHECK(r.body() == "hello world");
  std::string zipped = gzip("<html>compressed</html>");
  REQUIRE(parse_http_response("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n" + zipped, r));
  CHECK(r.body() == "<html>compressed</html>");
  // Archives often store the body already decoded while keeping the header.
  REQUIRE(parse_http_response("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n<html>plain</html>", r));
  CHECK(r.body() == "<html>plain</html>");
  CHECK(r.problem.empty());
  REQUIRE(parse_http_response("HTTP/1.1 200 OK\r\nContent-Encoding: br\r\n\r\n\x0b\x02", r));
  CHECK_FALSE(r.problem.empty());
  CHECK_FALSE(parse_http_response("not http", r));
  CHECK_FALSE(parse_http_response("HTTP/1.1 abc", r));
}

TEST_CASE("a read-ahead source gives its source's bytes, compressed count and status", "[warc]") {
  // 300 kB of varied text, gzipped; read through read_ahead with small chunks (many hand-overs)
  // and reads of varied sizes, against the same source read directly.
  std::string text;
  for (int i = 0; text.size() < 300000; ++i) text += "line " + std::to_string(i * 7919 % 100003) + " of the test\n";
  const std::string gz = gzip(text);
  auto direct = ByteSource::from_memory(gz);
  std::string expected;
  while (direct->read(expected, 1 << 16)) {
  }
  REQUIRE(expected == text);
  for (std::size_t chunk : {std::size_t{13}, std::size_t{4096}, std::size_t{1} << 20}) {
    auto ahead = read_ahead(ByteSource::from_memory(gz), chunk, 3);
    std::string got;
    std::size_t want = 1;
    while (ahead->read(got, want)) want = want * 3 % 70001 + 1;
    CHECK(got == text);
    CHECK(ahead->status().ok());
    CHECK(ahead->compressed_bytes_read() == direct->compressed_bytes_read());
    CHECK_FALSE(ahead->read(got, 10));  // stays at its end
  }
  // A cut stream: every byte before the cut is handed out, then the source's error.
  auto cut = read_ahead(ByteSource::from_memory(gz.substr(0, gz.size() / 2)), 4096, 2);
  std::string got;
  while (cut->read(got, 10000)) {
  }
  CHECK(!got.empty());
  CHECK(text.compare(0, got.size(), got) == 0);
  CHECK_FALSE(cut->status().ok());
  CHECK(cut->status().message() == "truncated gzip stream");
  // Dropped before its end: the thread is stopped while the chunks are full.
  auto dropped = read_ahead(ByteSource::from_memory(gz), 1024, 2);
  std::string some;
  CHECK(dropped->read(some, 100));
  dropped.reset();
}
