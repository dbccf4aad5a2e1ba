// `linklens rank [--db PATH]`: ranks the index's domain graph (index/index.h; SQLite: sqlite/sqlite_rank.h).
// `linklens rank --edges FILE [--vertices FILE] --out FILE [--damping D]`: ranks a plain graph:
//   a "src<TAB>dst" edge list, or Common Crawl's web-graph text format (vertices
//   "id<TAB>reversed.host.name", edges "src<TAB>dst"), plain or gzipped; writes
//   "node<TAB>pagerank<TAB>harmonic<TAB>score" (node = the name when vertices are given); with
//   --release NAME --date YYYY-MM[-DD] [--ranks PATH] [--graph domain|host], also a release of the
//   ranks file (ranks/ranks_file.h), served like Common Crawl's.
// `linklens explain DOMAIN [--db PATH]`: what made a domain's Authority Score.
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <unordered_map>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/ranks_option.h"
#include "cli/synopsis.h"
#include "index/index.h"
#include "linklens/rank.h"
#include "linklens/web_authority.h"
#include "ranks/ranks_file.h"

namespace linklens::cli {
namespace {

// Reads a plain or gzipped text file line by line (zlib reads plain files as they are).
template <class OnLine>
bool read_lines(const std::string& path, OnLine&& on_line) {
  gzFile f = gzopen(path.c_str(), "rb");
  if (!f) return false;
  gzbuffer(f, 1 << 20);
  std::string pending;
  char buf[1 << 16];
  int n;
  while ((n = gzread(f, buf, sizeof buf)) > 0) {
    pending.append(buf, static_cast<std::size_t>(n));
    std::size_t start = 0, eol;
    while ((eol = pending.find('\n', start)) != std::string::npos) {
      on_line(std::string_view(pending).substr(start, eol - start));
      start = eol + 1;
    }
    pending.erase(0, start);
  }
  if (!pending.empty()) on_line(std::string_view(pending));
  gzclose(f);
  return true;
}

// Named nodes as a rank file in Common Crawl's published format: harmonic-centrality order,
// positions by each measure, names reversed.
bool write_published_ranks(const std::string& path, const std::vector<std::string>& names,
                           const std::vector<double>& pagerank, const std::vector<double>& harmonic, bool domains) {
  std::vector<uint32_t> by_hc, by_pr;
  for (uint32_t i = 0; i < names.size() && i < pagerank.size(); ++i) {
    if (!names[i].empty()) by_hc.push_back(i);
  }
  by_pr = by_hc;
  std::stable_sort(by_hc.begin(), by_hc.end(), [&](uint32_t a, uint32_t b) { return harmonic[a] > harmonic[b]; });
  std::stable_sort(by_pr.begin(), by_pr.end(), [&](uint32_t a, uint32_t b) { return pagerank[a] > pagerank[b]; });
  std::vector<uint32_t> pr_position(names.size(), 0);
  for (uint32_t k = 0; k < by_pr.size(); ++k) pr_position[by_pr[k]] = k + 1;
  std::FILE* out = std::fopen(path.c_str(), "w");
  if (!out) return false;
  std::fprintf(out, "#harmonicc_pos\t#harmonicc_val\t#pr_pos\t#pr_val\t#host_rev%s\n", domains ? "\t#n_hosts" : "");
  for (uint32_t k = 0; k < by_hc.size(); ++k) {
    const uint32_t i = by_hc[k];
    std::fprintf(out, "%u\t%.9E\t%u\t%.17g\t%s%s\n", k + 1, harmonic[i], pr_position[i], pagerank[i],
                 rank::unreverse_host(names[i]).c_str(), domains ? "\t0" : "");  // reversing is its own inverse
  }
  return std::fclose(out) == 0;
}

int rank_edges(const ParsedArgs& args) {
  const std::string edges_path = *args.last("--edges");
  auto out_path = args.last("--out");
  auto release = args.last("--release");
  if (!out_path && !release) {
    std::fprintf(stderr, "linklens rank: --edges needs --out FILE, or --release NAME --date YYYY-MM[-DD]\n");
    return 2;
  }
  const std::string graph_kind = args.last("--graph").value_or("domain");
  if (release &&
      (!args.last("--vertices") || !args.last("--date") || (graph_kind != "domain" && graph_kind != "host"))) {
    std::fprintf(stderr,
                 "linklens rank: --release needs --vertices FILE (the names), --date YYYY-MM[-DD] and --graph "
                 "domain|host\n");
    return 2;
  }
  std::vector<std::string> names;
  if (auto vertices = args.last("--vertices")) {
    bool ok = read_lines(*vertices, [&](std::string_view line) {
      if (line.empty() || line[0] == '#') return;
      std::size_t tab = line.find('\t');
      if (tab == std::string_view::npos) return;
      unsigned long id = std::strtoul(std::string(line.substr(0, tab)).c_str(), nullptr, 10);
      if (id >= names.size()) names.resize(id + 1);
      std::string_view name = line.substr(tab + 1);
      names[id] = rank::unreverse_host(name.substr(0, name.find('\t')));
    });
    if (!ok) {
      std::fprintf(stderr, "linklens rank: cannot read %s\n", vertices->c_str());
      return 1;
    }
  }
  std::vector<std::pair<uint32_t, uint32_t>> edges;
  uint64_t bad_lines = 0;
  uint32_t nodes = static_cast<uint32_t>(names.size());
  bool ok = read_lines(edges_path, [&](std::string_view line) {
    if (line.empty() || line[0] == '#') return;
    std::string l(line);
    char* end = nullptr;
    unsigned long u = std::strtoul(l.c_str(), &end, 10);
    char* end2 = nullptr;
    unsigned long v = std::strtoul(end, &end2, 10);
    if (end == l.c_str() || end2 == end || u > 0xFFFFFFFEul || v > 0xFFFFFFFEul) {
      ++bad_lines;
      return;
    }
    edges.emplace_back(static_cast<uint32_t>(u), static_cast<uint32_t>(v));
    nodes = std::max<uint32_t>(nodes, static_cast<uint32_t>(std::max(u, v) + 1));
  });
  if (!ok) {
    std::fprintf(stderr, "linklens rank: cannot read %s\n", edges_path.c_str());
    return 1;
  }
  if (edges.empty()) {
    std::fprintf(stderr, "linklens rank: %s has no edges (expected lines 'src<TAB>dst')\n", edges_path.c_str());
    return 1;
  }
  rank::PageRankOptions options;
  if (auto d = args.last("--damping")) {
    options.damping = std::strtod(d->c_str(), nullptr);
    if (!(options.damping > 0 && options.damping < 1)) {
      std::fprintf(stderr, "linklens rank: --damping must be between 0 and 1\n");
      return 2;
    }
  }
  auto start = std::chrono::steady_clock::now();
  rank::Graph graph = rank::build_graph(nodes, std::move(edges));
  rank::PageRankResult pr = rank::pagerank(graph, options);
  rank::HarmonicResult hc = rank::harmonic_centrality(graph);
  auto scores = rank::authority_scores(pr.rank, hc.harmonic);
  if (out_path) {
    std::FILE* out = std::fopen(out_path->c_str(), "w");
    if (!out) {
      std::fprintf(stderr, "linklens rank: cannot write %s\n", out_path->c_str());
      return 1;
    }
    std::fprintf(out, "#node\tpagerank\tharmonic\tscore\n");
    for (uint32_t i = 0; i < graph.nodes; ++i) {
      if (i < names.size() && !names[i].empty())
        std::fprintf(out, "%s", names[i].c_str());
      else
        std::fprintf(out, "%u", i);
      std::fprintf(out, "\t%.10g\t%.6g\t%.2f\n", pr.rank[i], hc.harmonic[i], scores[i].score);
    }
    std::fclose(out);
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("ranked %u nodes, %llu edges in %.2fs (PageRank %d iterations, change %.2e; harmonic %d rounds)%s%s\n",
              graph.nodes, static_cast<unsigned long long>(graph.edges()), seconds, pr.iterations, pr.last_change,
              hc.iterations, out_path ? " -> " : "", out_path ? out_path->c_str() : "");
  if (release) {
    // Written in Common Crawl's published format and imported as they are: one way into the ranks file.
    const std::string published =
        std::filesystem::temp_directory_path() / ("linklens-release-" + std::to_string(::getpid()) + ".txt");
    if (!write_published_ranks(published, names, pr.rank, hc.harmonic, graph_kind == "domain")) {
      std::fprintf(stderr, "linklens rank: cannot write %s\n", published.c_str());
      return 1;
    }
    ranks::ImportOptions import;
    import.release = *release;
    import.date = *args.last("--date");
    import.nodes = graph.nodes;
    const std::string ranks_path = args.last("--ranks").value_or("linklens-ranks.db");
    auto imported = ranks::import_ranks(ranks_path, import, {published});
    std::remove(published.c_str());
    if (!imported) {
      std::fprintf(stderr, "linklens rank: %s\nThe ranks file was left as it was.\n",
                   imported.error().message().c_str());
      return imported.error().code() == "usage" ? 2 : 1;
    }
    std::printf("  release %s (%s graph, %llu named nodes) in %s\n", release->c_str(), graph_kind.c_str(),
                static_cast<unsigned long long>(imported->front().rows), ranks_path.c_str());
  }
  if (bad_lines)
    std::printf("  note: %llu lines were not 'src<TAB>dst' and were skipped\n",
                static_cast<unsigned long long>(bad_lines));
  return 0;
}

}  // namespace

int run_rank(const std::vector<std::string>& args) {
  auto parsed = parse_args(args, arg_spec("rank"));
  if (!parsed) {
    std::fprintf(stderr, "linklens rank: %s\n", parsed.error().message().c_str());
    return 2;
  }
  if (!parsed->positional.empty()) {
    std::fprintf(stderr, "linklens rank: unexpected argument '%s'\n", parsed->positional[0].c_str());
    return 2;
  }
  if (parsed->last("--edges")) return rank_edges(*parsed);
  const std::string db_path = parsed->last("--store").value_or(parsed->last("--db").value_or("linklens.db"));
  ranking::RankSummary summary;
  index::OpenOptions options;
  options.for_writing = true;
  options.ranks_path = index::ranks_path_for(db_path, parsed->last("--ranks").value_or(""));
  auto opened = index::Index::open(db_path, options);
  const Status ranked = opened ? opened.value()->rank(summary) : opened.error();
  if (!ranked.ok()) {
    std::fprintf(stderr, "linklens rank: %s\n", ranked.message().c_str());
    return 1;
  }
  std::printf("ranked %u domains over %llu domain links (%llu more from a /24 already counted) in %s\n",
              summary.domains, static_cast<unsigned long long>(summary.edges),
              static_cast<unsigned long long>(summary.collapsed_by_subnet), db_path.c_str());
  std::printf("  PageRank %d iterations, harmonic centrality %d rounds\n", summary.pagerank_iterations,
              summary.harmonic_rounds);
  std::printf("  page authority: %u pages over %llu links between crawled pages\n", summary.pages,
              static_cast<unsigned long long>(summary.page_edges));
  if (!options.ranks_path.empty()) {
    std::printf("  %u domains scored from the web graph (%s); this index's own scores are below\n", summary.web_scored,
                options.ranks_path.c_str());
  }
  for (const auto& [domain, score] : summary.top) std::printf("  %5.1f  %s\n", score, domain.c_str());
  return 0;
}

int run_explain(const std::vector<std::string>& args) {
  auto parsed = parse_args(args, arg_spec("explain"));
  if (!parsed || parsed->positional.size() != 1) {
    std::fprintf(stderr, "linklens explain: %s\n", parsed ? "give one DOMAIN" : parsed.error().message().c_str());
    return 2;
  }
  const std::string db_path = parsed->last("--db").value_or("linklens.db");
  const std::string& domain = parsed->positional[0];
  auto opened = index::Index::open(db_path, index::OpenOptions{});
  auto text = opened ? opened.value()->explain(domain) : StatusOr<std::string>(opened.error());
  // The score the answers carry when a ranks file covers the domain (README, "Authority Score").
  std::unique_ptr<ranks::RanksReader> ranks;
  if (!open_ranks_option(*parsed, db_path, "explain", ranks)) return 1;
  const auto web = ranks ? ranks->lookup(domain) : std::nullopt;
  if (!text && !web) {  // the web graph can explain a domain the local index has never seen
    std::fprintf(stderr, "linklens explain: %s\n", text.error().message().c_str());
    return 1;
  }
  if (text) std::fputs(text->c_str(), stdout);
  if (!ranks) return 0;
  if (!web) {
    std::printf("  web graph: no imported release covers %s, so the score above is the one answers carry\n",
                domain.c_str());
  } else if (!web->listed) {
    std::printf("  web graph: %s is not in %s's complete %s graph (below its floor): answers carry 0\n",
                web->name.c_str(), web->release.name.c_str(), ranks::to_string(web->release.graph));
  } else {
    if (!text) std::printf("%s: not in the local index\n", domain.c_str());
    std::printf("  web graph: answers carry %.2f, from %s's %s graph (%s), as %s", web->score,
                web->release.name.c_str(), ranks::to_string(web->release.graph), web->release.date.c_str(),
                web->name.c_str());
    if (web->pagerank && web->harmonic)
      std::printf(": PageRank %.3g, harmonic centrality %.4g", *web->pagerank, *web->harmonic);
    std::printf("\n");
  }
  return 0;
}

}  // namespace linklens::cli
