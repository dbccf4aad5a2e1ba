// `linklens inspect [--url URL] [--header 'Name: value']... [--format json|table] [--pretty]
//                   [--scripting] [--brand NAME] [--keyword WORD]... [--max-bytes N] FILE|-`
//
// Reads one page, finds its encoding (BOM, Content-Type header, <meta charset>, UTF-8 sniffing,
// windows-1252), converts it to UTF-8 and prints its page facts and every link as the LinkRecord
// JSON contract (docs/link-record.md), or a readable table with --format table.
#include <strings.h>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/synopsis.h"
#include "encoding/charset.h"
#include "linklens/inspect.h"
#include "linklens/report_json.h"

namespace linklens::cli {
namespace {

constexpr std::size_t kDefaultMaxBytes = 256u << 20;

std::string clip(std::string_view s, std::size_t max) {
  if (s.size() <= max) return std::string(s);
  std::size_t cut = max - 1;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return std::string(s.substr(0, cut)) + "…";
}

void print_table(const PageReport& r, const encoding::Decoded& decoded) {
  const PageFacts& p = r.page;
  std::printf("page      %s\n", p.url.c_str());
  std::printf("title     %s\n", p.title.c_str());
  std::printf("encoding  %s (%s)%s\n", decoded.encoding.c_str(), decoded.source.c_str(),
              decoded.had_errors ? ", some bytes were not valid and became U+FFFD" : "");
  if (!p.base.empty()) std::printf("base      %s\n", p.base.c_str());
  if (!p.canonical.empty()) std::printf("canonical %s\n", p.canonical.c_str());
  if (!p.meta_refresh.empty()) std::printf("refresh   %s\n", p.meta_refresh.c_str());
  std::printf("robots    %s%s%s\n", p.robots.noindex ? "noindex " : "", p.robots.nofollow ? "nofollow " : "",
              (!p.robots.noindex && !p.robots.nofollow) ? "index, follow" : "");
  for (const auto& s : p.robots_sources) std::printf("          from %s\n", s.c_str());
  std::printf("links     %u\n\n", p.link_count);
  std::printf("%5s  %-9s %-9s %-10s %-9s %-6s  %-36s %s\n", "#", "follow", "scope", "placement", "kind", "weight",
              "anchor", "url");
  for (const auto& l : r.links) {
    std::printf("%5u  %-9s %-9s %-10s %-9s %6.3f  %-36s %s%s\n", l.ordinal, to_string(l.effective_follow),
                to_string(l.scope), to_string(l.placement), to_string(l.kind), l.weight, clip(l.anchor, 36).c_str(),
                l.url.empty() ? ("(unparsable) " + l.href).c_str() : clip(l.url, 100).c_str(),
                l.hidden ? "  [hidden]" : "");
  }
}

}  // namespace

int run_inspect(const std::vector<std::string>& args) {
  auto parsed = parse_args(args, arg_spec("inspect"));
  if (!parsed) {
    std::fprintf(stderr, "linklens inspect: %s\n", parsed.error().message().c_str());
    return 2;
  }
  if (parsed->positional.size() != 1) {
    std::fprintf(stderr, "linklens inspect: give exactly one FILE (or '-' for stdin)\n");
    return 2;
  }
  std::string format = parsed->last("--format").value_or("json");
  if (format != "json" && format != "table") {
    std::fprintf(stderr, "linklens inspect: --format must be json or table, not '%s'\n", format.c_str());
    return 2;
  }
  std::size_t max_bytes = kDefaultMaxBytes;
  if (auto m = parsed->last("--max-bytes")) {
    char* end = nullptr;
    unsigned long long v = std::strtoull(m->c_str(), &end, 10);
    if (end == m->c_str() || *end != '\0' || v == 0) {
      std::fprintf(stderr, "linklens inspect: --max-bytes needs a positive whole number\n");
      return 2;
    }
    max_bytes = static_cast<std::size_t>(v);
  }

  const std::string& path = parsed->positional[0];
  std::string bytes;
  {
    std::istream* in = &std::cin;
    std::ifstream file;
    if (path != "-") {
      file.open(path, std::ios::binary);
      if (!file) {
        std::fprintf(stderr, "linklens inspect: cannot read %s\n", path.c_str());
        return 1;
      }
      in = &file;
    }
    char buf[1 << 16];
    while (in->read(buf, sizeof buf) || in->gcount() > 0) {
      bytes.append(buf, static_cast<std::size_t>(in->gcount()));
      if (bytes.size() > max_bytes) {
        std::fprintf(stderr, "linklens inspect: %s is larger than %zu bytes (raise --max-bytes)\n", path.c_str(),
                     max_bytes);
        return 1;
      }
    }
  }

  InspectOptions options;
  options.scripting = parsed->has("--scripting");
  options.brand = parsed->last("--brand").value_or("");
  if (auto it = parsed->options.find("--keyword"); it != parsed->options.end()) options.keywords = it->second;
  std::string content_type;
  if (auto it = parsed->options.find("--header"); it != parsed->options.end()) {
    for (const std::string& h : it->second) {
      std::size_t colon = h.find(':');
      if (colon == std::string::npos || colon == 0) {
        std::fprintf(stderr, "linklens inspect: --header needs 'Name: value', got '%s'\n", h.c_str());
        return 2;
      }
      std::string name = h.substr(0, colon);
      std::string value = h.substr(colon + 1);
      value.erase(0, value.find_first_not_of(" \t"));
      if (strcasecmp(name.c_str(), "content-type") == 0) content_type = value;
      options.headers.emplace_back(name, value);
    }
  }
  if (auto url = parsed->last("--url")) {
    options.page_url = *url;
  } else if (path == "-") {
    std::fprintf(stderr, "linklens inspect: reading stdin needs --url (the page's address, the base of its links)\n");
    return 2;
  } else {
    std::error_code ec;
    char* real = realpath(path.c_str(), nullptr);
    options.page_url = std::string("file://") + (real ? real : path.c_str());
    std::free(real);
  }

  encoding::Decoded decoded = encoding::to_utf8(bytes, content_type);
  auto report = inspect_html(decoded.text(), options);
  if (!report) {
    std::fprintf(stderr, "linklens inspect: --url %s: %s\n", options.page_url.c_str(), to_string(report.error()));
    return 2;
  }
  if (format == "table") {
    print_table(*report, decoded);
  } else {
    std::string json = report_to_json(*report, parsed->has("--pretty"));
    std::fwrite(json.data(), 1, json.size(), stdout);
    std::fputc('\n', stdout);
  }
  return 0;
}

}  // namespace linklens::cli
