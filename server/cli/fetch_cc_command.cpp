// `linklens fetch-cc --crawl CC-MAIN-YYYY-WW [--segments N] [--kind warc|wat] [--out DIR]
//                   [--base-url URL]`
//
// Downloads the first N files of a Common Crawl crawl: reads <base>/crawl-data/<crawl>/<kind>.paths.gz
// and fetches each listed path to DIR. A file is written under a temporary name and renamed when
// complete, so an interrupted download never looks like a finished one; files already present
// are skipped. With internet access, one command gets a real crawl to ingest.
#include <httplib.h>

#include <cstdio>
#include <filesystem>
#include <regex>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/synopsis.h"
#include "ingest/inflate.h"
#include "linklens/url.h"

namespace linklens::cli {
namespace {}  // namespace

int run_fetch_cc(const std::vector<std::string>& args) {
  auto parsed = parse_args(args, arg_spec("fetch-cc"));
  if (!parsed) {
    std::fprintf(stderr, "linklens fetch-cc: %s\n", parsed.error().message().c_str());
    return 2;
  }
  auto crawl = parsed->last("--crawl");
  if (!crawl || !std::regex_match(*crawl, std::regex("CC-MAIN-[0-9]{4}-[0-9]{2}"))) {
    std::fprintf(stderr, "linklens fetch-cc: --crawl needs a crawl name like CC-MAIN-2024-22\n");
    return 2;
  }
  std::string kind = parsed->last("--kind").value_or("warc");
  if (kind != "warc" && kind != "wat") {
    std::fprintf(stderr, "linklens fetch-cc: --kind must be warc or wat\n");
    return 2;
  }
  long segments = std::strtol(parsed->last("--segments").value_or("1").c_str(), nullptr, 10);
  if (segments < 1) {
    std::fprintf(stderr, "linklens fetch-cc: --segments needs a positive number\n");
    return 2;
  }
  auto base = parse_url(parsed->last("--base-url").value_or("https://data.commoncrawl.org/"));
  if (!base || (base->scheme() != "http" && base->scheme() != "https")) {
    std::fprintf(stderr, "linklens fetch-cc: --base-url must be an http(s) URL\n");
    return 2;
  }
  std::string prefix(base->pathname());
  if (prefix.empty() || prefix.back() != '/') prefix.push_back('/');
  const std::string out_dir = parsed->last("--out").value_or(*crawl);
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  if (ec) {
    std::fprintf(stderr, "linklens fetch-cc: cannot create %s: %s\n", out_dir.c_str(), ec.message().c_str());
    return 1;
  }

  httplib::Client client(std::string(base->protocol()) + "//" + std::string(base->host()));
  client.set_follow_location(true);
  client.set_connection_timeout(30);
  client.set_read_timeout(300);
  const std::string list_path = prefix + "crawl-data/" + *crawl + "/" + kind + ".paths.gz";
  auto listing = client.Get(list_path);
  if (!listing || listing->status != 200) {
    std::fprintf(
        stderr, "linklens fetch-cc: cannot get %s%s: %s\n", std::string(base->origin()).c_str(), list_path.c_str(),
        listing ? ("HTTP " + std::to_string(listing->status)).c_str() : httplib::to_string(listing.error()).c_str());
    return 1;
  }
  std::string paths;
  if (!ingest::inflate_data(listing->body, paths)) {
    std::fprintf(stderr, "linklens fetch-cc: %s is not gzip data\n", list_path.c_str());
    return 1;
  }
  std::vector<std::string> files;
  std::size_t start = 0;
  while (start < paths.size() && static_cast<long>(files.size()) < segments) {
    std::size_t eol = paths.find('\n', start);
    std::string line = paths.substr(start, eol == std::string::npos ? std::string::npos : eol - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) files.push_back(line);
    if (eol == std::string::npos) break;
    start = eol + 1;
  }
  if (files.empty()) {
    std::fprintf(stderr, "linklens fetch-cc: %s lists no files\n", list_path.c_str());
    return 1;
  }
  int failures = 0;
  for (const std::string& path : files) {
    std::string name = std::filesystem::path(path).filename().string();
    std::string target = out_dir + "/" + name;
    if (std::filesystem::exists(target)) {
      std::printf("have %s\n", target.c_str());
      continue;
    }
    std::string partial = target + ".part";
    std::FILE* out = std::fopen(partial.c_str(), "wb");
    if (!out) {
      std::fprintf(stderr, "linklens fetch-cc: cannot write %s\n", partial.c_str());
      return 1;
    }
    uint64_t bytes = 0;
    auto res = client.Get(prefix + path, [&](const char* data, std::size_t length) {
      bytes += length;
      return std::fwrite(data, 1, length, out) == length;
    });
    std::fclose(out);
    if (!res || res->status != 200) {
      std::fprintf(stderr, "linklens fetch-cc: %s: %s\n", path.c_str(),
                   res ? ("HTTP " + std::to_string(res->status)).c_str() : httplib::to_string(res.error()).c_str());
      std::filesystem::remove(partial, ec);
      ++failures;
      continue;
    }
    std::filesystem::rename(partial, target, ec);
    std::printf("got %s (%.1f MB)\n", target.c_str(), bytes / 1e6);
  }
  if (failures == 0) std::printf("ingest them with: linklens ingest --crawl %s %s\n", crawl->c_str(), out_dir.c_str());
  return failures == 0 ? 0 : 1;
}

}  // namespace linklens::cli
