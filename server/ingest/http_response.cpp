#include "ingest/http_response.h"

#include <charconv>

#include <cstring>
#include "ingest/ascii.h"
#include "ingest/inflate.h"

namespace linklens::ingest {
namespace {

using ascii::icontains;
using ascii::iequals;
using ascii::trim;

// Returns false when the chunk framing is broken (the caller keeps the raw body).
bool dechunk(std::string_view in, std::string& out) {
  out.clear();
  std::size_t i = 0;
  while (i < in.size()) {
    std::size_t eol = in.find('\n', i);
    if (eol == std::string_view::npos) return false;
    std::string_view size_text = trim(in.substr(i, eol - i));
    size_text = size_text.substr(0, size_text.find(';'));
    std::size_t size = 0;
    auto [p, ec] = std::from_chars(size_text.data(), size_text.data() + size_text.size(), size, 16);
    if (ec != std::errc() || size_text.empty()) return false;
    i = eol + 1;
    if (size == 0) return true;
    if (size > in.size() - i) {  // the last chunk is cut short: keep what is there
      out.append(in.substr(i));
      return true;
    }
    out.append(in.substr(i, size));
    i += size;
    if (i < in.size() && in[i] == '\r') ++i;
    if (i < in.size() && in[i] == '\n') ++i;
  }
  return true;
}

}  // namespace

std::string_view HttpResponse::header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (iequals(k, name)) return v;
  }
  return {};
}

bool parse_http_response(std::string_view block, HttpResponse& out) {
  out = HttpResponse{};
  if (block.substr(0, 5) != "HTTP/") return false;
  std::size_t eol = block.find('\n');
  std::string_view status_line = trim(block.substr(0, eol));
  std::size_t sp = status_line.find(' ');
  if (sp == std::string_view::npos) return false;
  std::string_view code = status_line.substr(sp + 1, 3);
  auto [p, ec] = std::from_chars(code.data(), code.data() + code.size(), out.status);
  if (ec != std::errc() || out.status < 100 || out.status > 999) return false;

  std::size_t i = eol == std::string_view::npos ? block.size() : eol + 1;
  while (i < block.size()) {
    std::size_t e = block.find('\n', i);
    if (e == std::string_view::npos) e = block.size();
    std::string_view line = trim(block.substr(i, e - i));
    i = e + 1;
    if (line.empty()) break;  // end of headers
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    out.headers.emplace_back(std::string(trim(line.substr(0, colon))), std::string(trim(line.substr(colon + 1))));
  }
  std::string_view body = i < block.size() ? block.substr(i) : std::string_view();

  std::string decoded;
  out.raw_body = body;
  out.decoded = icontains(out.header("Transfer-Encoding"), "chunked") && dechunk(body, decoded);
  if (out.decoded) out.decoded_body = std::move(decoded);
  std::string_view encoding = out.header("Content-Encoding");
  if (icontains(encoding, "gzip") || icontains(encoding, "deflate")) {
    // Many archives store the body already decoded while keeping the header: only bodies that
    // start like compressed data are inflated.
    const std::string_view b = out.body();
    bool looks_gzip =
        b.size() >= 2 && static_cast<unsigned char>(b[0]) == 0x1f && static_cast<unsigned char>(b[1]) == 0x8b;
    bool looks_zlib = b.size() >= 2 && (static_cast<unsigned char>(b[0]) & 0x0f) == 8 &&
                      ((static_cast<unsigned char>(b[0]) << 8) | static_cast<unsigned char>(b[1])) % 31 == 0;
    if (looks_gzip || looks_zlib || icontains(encoding, "deflate")) {
      std::string inflated;
      if (inflate_data(b, inflated, false) || inflate_data(b, inflated, true)) {
        out.decoded_body = std::move(inflated);
        out.decoded = true;
      } else if (looks_gzip || looks_zlib) {
        out.problem = "body could not be decompressed (" + std::string(encoding) + ")";
      }
    }
  } else if (!encoding.empty() && !iequals(encoding, "identity")) {
    out.problem = "unsupported Content-Encoding: " + std::string(encoding);
  }
  return true;
}

}  // namespace linklens::ingest
