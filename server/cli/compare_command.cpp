// `linklens compare TARGET [--from SNAPSHOT] [--to SNAPSHOT]`: what changed for a target between
// two snapshots of the index (index/snapshot_compare.h), the same answer as GET /v1/compare.
#include <cstdio>
#include <cstdlib>

#include "cli/commands.h"
#include "cli/synopsis.h"
#include "index/index.h"
#include "index/snapshot_compare.h"
#include "index/target.h"

namespace linklens::cli {

int run_compare(const std::vector<std::string>& args) {
  auto parsed = parse_args(args, arg_spec("compare"));
  if (!parsed || parsed->positional.size() != 1) {
    std::fprintf(stderr, "linklens compare: %s\n", parsed ? "give one TARGET" : parsed.error().message().c_str());
    return 2;
  }
  const std::string format = parsed->last("--format").value_or("table");
  if (format != "table" && format != "json") {
    std::fprintf(stderr, "linklens compare: --format is table or json\n");
    return 2;
  }
  const std::string limit_text = parsed->last("--limit").value_or("1000");
  char* end = nullptr;
  const long limit = std::strtol(limit_text.c_str(), &end, 10);
  if (*end != '\0' || limit < 1 || limit > 100000) {
    std::fprintf(stderr, "linklens compare: --limit takes 1 to 100000 (as /v1/compare)\n");
    return 2;
  }
  api::Target target;
  if (Status e = api::parse_target(parsed->positional[0], parsed->last("--mode").value_or("domain"), target); !e.ok()) {
    std::fprintf(stderr, "linklens compare: %s\n", e.message().c_str());
    return 2;
  }
  const std::string location = parsed->last("--store").value_or(parsed->last("--db").value_or("linklens.db"));
  auto opened = index::Index::open(location, {});
  if (!opened) {
    std::fprintf(stderr, "linklens compare: %s\n", opened.error().message().c_str());
    return 1;
  }
  api::Json out;
  Status resolved;
  const Status read = (*opened)->read([&](api::IndexQueries& q) {
    api::SnapshotInfo from, to;
    resolved = api::resolve_compare_snapshots(q.snapshots(), parsed->last("--from").value_or(""),
                                              parsed->last("--to").value_or(""), from, to);
    if (!resolved.ok()) return;
    out = api::comparison_json(target.input, api::to_string(target.mode),
                               q.compare(target, from.id, to.id, static_cast<int>(limit)), from, to);
    out["domain"] = target.domain;
  });
  if (!read.ok() || !resolved.ok()) {
    std::fprintf(stderr, "linklens compare: %s\n", (read.ok() ? resolved : read).message().c_str());
    return 1;
  }
  if (format == "json") {
    std::printf("%s\n", out.dump(2, ' ', false, api::Json::error_handler_t::replace).c_str());
    return 0;
  }
  auto name = [](const api::Json& s) {
    return s["name"].is_null() ? std::string("(before the first)") : s["name"].get<std::string>();
  };
  std::printf("%s from snapshot %s to %s\n", target.input.c_str(), name(out["from"]).c_str(), name(out["to"]).c_str());
  const auto& links = out["links"];
  const auto& domains = out["referring_domains"];
  std::printf("  backlinks: %lld gained, %lld lost\n", static_cast<long long>(links["gained"].get<int64_t>()),
              static_cast<long long>(links["lost"].get<int64_t>()));
  std::printf("  referring domains: %zu gained, %zu lost\n", domains["gained_list"].size(),
              domains["lost_list"].size());
  for (const char* side : {"gained", "lost"}) {
    const auto& list = links[std::string(side) + "_list"];
    if (list.empty()) continue;
    std::printf("\n  %s backlinks:\n", side);
    for (const auto& l : list) {
      std::printf("    %s -> %s \"%s\" (%s, %s)", l["source_url"].get<std::string>().c_str(),
                  l["target_url"].get<std::string>().c_str(), l["anchor"].get<std::string>().c_str(),
                  l["kind"].get<std::string>().c_str(), l["follow"].get<std::string>().c_str());
      if (!l["lost_reason"].is_null()) std::printf(" lost: %s", l["lost_reason"].get<std::string>().c_str());
      std::printf("\n");
    }
  }
  for (const char* side : {"gained", "lost"}) {
    const auto& list = domains[std::string(side) + "_list"];
    if (list.empty()) continue;
    std::printf("\n  referring domains %s:", side);
    for (const auto& d : list) std::printf(" %s", d.get<std::string>().c_str());
    std::printf("\n");
  }
  if (!out["anchors"].empty()) {
    std::printf("\n  anchors (gained / lost):\n");
    for (const auto& a : out["anchors"]) {
      std::printf("    +%lld -%lld  \"%s\"\n", static_cast<long long>(a["gained"].get<int64_t>()),
                  static_cast<long long>(a["lost"].get<int64_t>()), a["anchor"].get<std::string>().c_str());
    }
  }
  return 0;
}

}  // namespace linklens::cli
