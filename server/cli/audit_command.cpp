// Every command reads an index (--db PATH or --store LOCATION: index/index.h).
// `linklens audit TARGET [--db PATH] [--format table|json] [--thresholds FILE] [--disavowed FILE] [--limit N]`
//     toxic score per referring domain and backlink, each with its reasons, and profile findings.
// `linklens disavow TARGET [--db PATH] [--min-score N] [--thresholds FILE] [--out FILE]`
//     a Google disavow file of the referring domains at or above the score (default: disavow_at);
//     refuses to write a file Google would reject, and says why.
// `linklens disavow --check FILE [--target DOMAIN --db PATH]`
//     every invalid line with its number; with --target, which backlinks the file covers.
// `linklens disavow --apply FILE --target DOMAIN [--db PATH]`
//     stores the file as DOMAIN's disavow file (an empty file clears it) and re-ranks in the same
//     transaction: covered links are marked in audits and stop counting for DOMAIN's authority.
// `linklens gap YOU COMPETITOR... [--db PATH] [--category best|weak|strong|shared|unique]
//     [--format table|json|csv] [--limit N]`   (2 to 5 domains)
#include <cstdio>
#include <fstream>
#include <optional>
#include <sstream>

#include "api/authority_source.h"
#include "cli/args.h"
#include "cli/audit_options.h"
#include "cli/commands.h"
#include "cli/ranks_option.h"
#include "cli/synopsis.h"
#include "index/index.h"
#include "index/status.h"
#include "index/store_values.h"
#include "rank/graph_scoring.h"
#include "ranks/ranks_file.h"
#include "reports/audit_reports.h"
#include "reports/audit_run.h"

namespace linklens::cli {
namespace {

// The index the reports read (a SQLite file or a ClickHouse cluster: index/index.h), through the
// same questions the HTTP API asks; nullptr after saying why it cannot be opened.
std::unique_ptr<index::Index> open_index(const std::string& path, const char* command, bool for_writing = false,
                                         const std::string& ranks = "") {
  index::OpenOptions options;
  options.for_writing = for_writing;
  if (for_writing) options.ranks_path = index::ranks_path_for(path, ranks);  // the re-rank's scores
  auto opened = index::Index::open(path, options);
  if (!opened) {
    std::fprintf(stderr, "linklens %s: %s\n", command, opened.error().message().c_str());
    return nullptr;
  }
  return std::move(opened).value();
}

// Runs `fn` over the index; false (after saying why) when a read fails part-way: a report is
// then not printed at all, never printed shorter.
bool read_index(index::Index& db, const char* command, const std::function<void(api::IndexQueries&)>& fn) {
  const Status read = db.read(fn);
  if (!read.ok()) std::fprintf(stderr, "linklens %s: reading the index failed: %s\n", command, read.message().c_str());
  return read.ok();
}

std::string index_path(const ParsedArgs& parsed) {
  return parsed.last("--store").value_or(parsed.last("--db").value_or("linklens.db"));
}

// The ranks file the reports score referring domains with (cli/ranks_option.h).
bool open_ranks(const ParsedArgs& parsed, const char* command, std::unique_ptr<ranks::RanksReader>& out) {
  return open_ranks_option(parsed, index_path(parsed), command, out);
}

// The audit of `domain` with the user's settings and this run's --brand terms; false after
// saying why when the state database or the index cannot be read.
bool audit_of(index::Index& db, const ParsedArgs& parsed, const std::string& domain, const audit::Thresholds& t,
              const char* command, audit_data::AuditRun& run, disavow::File* disavowed = nullptr) {
  std::unique_ptr<ranks::RanksReader> ranks;
  if (!open_ranks(parsed, command, ranks)) return false;
  audit_data::AuditRequest request;
  request.domain = domain;
  if (auto it = parsed.options.find("--brand"); it != parsed.options.end()) request.brand_terms = it->second;
  if (!read_target_settings(parsed, domain, command, request.settings)) return false;
  return read_index(db, command, [&](api::IndexQueries& q) {
    run = audit_data::run_audit(q, request, ranks.get(), t);
    // The applied disavow file (disavow --apply) and any file given here both mark links.
    if (disavowed) {
      for (auto& e : q.disavowed(domain).entries) disavowed->entries.push_back(std::move(e));
    }
  });
}

bool read_file(const std::string& path, std::string& text) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::stringstream ss;
  ss << in.rdbuf();
  text = ss.str();
  return true;
}

bool load_thresholds(const ParsedArgs& args, audit::Thresholds& t, const char* command) {
  auto path = args.last("--thresholds");
  if (!path) return true;
  std::string text;
  if (!read_file(*path, text)) {
    std::fprintf(stderr, "linklens %s: cannot read %s\n", command, path->c_str());
    return false;
  }
  auto j = nlohmann::json::parse(text, nullptr, false, true);
  const Status read = j.is_discarded() ? Status::failure("not JSON") : audit_data::thresholds_from_json(j, t);
  if (!read.ok()) {
    std::fprintf(stderr, "linklens %s: %s: %s\n", command, path->c_str(), read.message().c_str());
    return false;
  }
  return true;
}

int audit_main(const std::vector<std::string>& args) {
  auto parsed = parse_args(args, arg_spec("audit"));
  if (!parsed || parsed->positional.size() != 1) {
    std::fprintf(stderr, "linklens audit: %s\n", parsed ? "give one TARGET domain" : parsed.error().message().c_str());
    return 2;
  }
  const std::string format = parsed->last("--format").value_or("table");
  if (format != "table" && format != "json") {
    std::fprintf(stderr, "linklens audit: --format is table or json\n");
    return 2;
  }
  audit::Thresholds thresholds;
  if (!load_thresholds(*parsed, thresholds, "audit")) return 2;
  disavow::File disavowed;
  if (parsed->last("--disavowed")) {
    std::string text;
    if (!read_file(*parsed->last("--disavowed"), text)) {
      std::fprintf(stderr, "linklens audit: cannot read %s\n", parsed->last("--disavowed")->c_str());
      return 1;
    }
    disavowed = disavow::parse(text);
  }
  auto db = open_index(index_path(*parsed), "audit");
  if (!db) return 1;
  const std::string domain = registrable(parsed->positional[0], "audit");
  if (domain.empty()) return 2;
  audit_data::AuditRun run;
  if (!audit_of(*db, *parsed, domain, thresholds, "audit", run, &disavowed)) return 1;
  const auto& links = run.links;
  const auto& report = run.report;
  const std::size_t limit = static_cast<std::size_t>(std::stoul(parsed->last("--limit").value_or("1000")));
  auto j = audit_data::audit_json(domain, run, &disavowed, limit);
  if (format == "json") {
    std::printf("%s\n", j.dump(2).c_str());
    return 0;
  }
  std::printf("Backlink audit of %s: %zu live backlinks from %zu referring domains\n", domain.c_str(), links.size(),
              report.domains.size());
  std::printf("  toxic share %.0f%% (disavow %lld, review %lld, keep %lld referring domains)\n",
              j["summary"]["toxic_share"].get<double>() * 100,
              static_cast<long long>(j["summary"]["by_action"]["disavow"]["referring_domains"].get<int64_t>()),
              static_cast<long long>(j["summary"]["by_action"]["review"]["referring_domains"].get<int64_t>()),
              static_cast<long long>(j["summary"]["by_action"]["keep"]["referring_domains"].get<int64_t>()));
  std::string terms;
  for (const auto& term : run.profile.brand_terms) terms += (terms.empty() ? "" : ", ") + term;
  std::printf("  brand terms: %s\n", terms.c_str());
  for (const auto& f : report.findings) std::printf("  %s: %s\n", f.severity.c_str(), f.detail.c_str());
  std::printf("\n  score  action   domain                          reasons\n");
  for (const auto& d : report.domains) {
    const std::string reasons = audit::reasons_text(d.reasons);
    std::printf("  %5.0f  %-7s  %-30s  %s\n", d.score, d.action.c_str(), d.domain.c_str(),
                reasons.empty() ? "-" : reasons.c_str());
  }
  return 0;
}

int disavow_main(const std::vector<std::string>& args) {
  auto parsed = parse_args(args, arg_spec("disavow"));
  if (!parsed) {
    std::fprintf(stderr, "linklens disavow: %s\n", parsed.error().message().c_str());
    return 2;
  }
  if (auto apply = parsed->last("--apply")) {
    auto target = parsed->last("--target");
    std::string text;
    if (!target) {
      std::fprintf(stderr, "linklens disavow: --apply needs --target DOMAIN\n");
      return 2;
    }
    if (!read_file(*apply, text)) {
      std::fprintf(stderr, "linklens disavow: cannot read %s\n", apply->c_str());
      return 1;
    }
    auto file = disavow::parse(text);
    if (!file.problems.empty()) {
      for (const auto& p : file.problems)
        std::fprintf(stderr, "%s:%zu: %s\n", apply->c_str(), p.line, p.message.c_str());
      std::fprintf(stderr, "linklens disavow: not applied: the file has %zu problems\n", file.problems.size());
      return 1;
    }
    const std::string domain = registrable(*target, "disavow");
    if (domain.empty()) return 2;
    auto db = open_index(index_path(*parsed), "disavow", /*for_writing=*/true, parsed->last("--ranks").value_or(""));
    if (!db) return 1;
    ranking::RankSummary ranked;
    if (Status applied = db->apply_disavow(domain, file, ranked); !applied.ok()) {
      std::fprintf(stderr, "linklens disavow: %s; the index was left as it was\n", applied.message().c_str());
      return 1;
    }
    std::vector<audit::Backlink> links;
    if (!read_index(*db, "disavow", [&](api::IndexQueries& q) { links = q.audit_backlinks(domain); })) return 1;
    std::size_t covered = 0;
    for (const auto& b : links) covered += disavow::covers(file, b.source_url);
    std::printf("applied %zu entries to %s: they cover %zu of its %zu live backlinks; re-ranked %u domains\n",
                file.entries.size(), domain.c_str(), covered, links.size(), ranked.domains);
    return 0;
  }
  if (auto check = parsed->last("--check")) {
    std::string text;
    if (!read_file(*check, text)) {
      std::fprintf(stderr, "linklens disavow: cannot read %s\n", check->c_str());
      return 1;
    }
    auto file = disavow::parse(text);
    for (const auto& p : file.problems) {
      if (p.line)
        std::printf("%s:%zu: %s\n", check->c_str(), p.line, p.message.c_str());
      else
        std::printf("%s: %s\n", check->c_str(), p.message.c_str());
    }
    std::printf("%zu lines, %zu entries, %zu problems\n", file.lines, file.entries.size(), file.problems.size());
    if (auto target = parsed->last("--target")) {
      auto db = open_index(index_path(*parsed), "disavow");
      if (!db) return 1;
      const std::string domain = registrable(*target, "disavow");
      if (domain.empty()) return 2;
      std::vector<audit::Backlink> links;
      if (!read_index(*db, "disavow", [&](api::IndexQueries& q) { links = q.audit_backlinks(domain); })) return 1;
      std::size_t covered = 0;
      for (const auto& b : links) covered += disavow::covers(file, b.source_url);
      std::printf("covers %zu of the %zu live backlinks of %s\n", covered, links.size(), domain.c_str());
    }
    return file.problems.empty() ? 0 : 1;
  }
  if (parsed->positional.size() != 1) {
    std::fprintf(stderr, "linklens disavow: give one TARGET domain, or --check FILE\n");
    return 2;
  }
  audit::Thresholds thresholds;
  if (!load_thresholds(*parsed, thresholds, "disavow")) return 2;
  std::optional<double> min_score;  // none: the domains whose verdict is disavow
  if (auto m = parsed->last("--min-score")) {
    char* end = nullptr;
    min_score = std::strtod(m->c_str(), &end);
    if (*end != '\0' || *min_score < 0 || *min_score > 100) {
      std::fprintf(stderr, "linklens disavow: --min-score is a number from 0 to 100\n");
      return 2;
    }
  }
  auto db = open_index(index_path(*parsed), "disavow");
  if (!db) return 1;
  const std::string domain = registrable(parsed->positional[0], "disavow");
  if (domain.empty()) return 2;
  audit_data::AuditRun run;
  if (!audit_of(*db, *parsed, domain, thresholds, "disavow", run)) return 1;
  std::vector<disavow::Problem> problems;
  std::string text =
      disavow::write(audit_data::disavow_entries(run.report, min_score),
                     audit_data::disavow_header(domain, run.report, min_score, store::today_utc()), problems);
  if (!problems.empty()) {
    for (const auto& p : problems) std::fprintf(stderr, "linklens disavow: %s\n", p.message.c_str());
    std::fprintf(stderr, "linklens disavow: no file written: Google would reject it\n");
    return 1;
  }
  if (auto out = parsed->last("--out")) {
    std::ofstream f(*out, std::ios::binary);
    f << text;
    if (!f) {
      std::fprintf(stderr, "linklens disavow: cannot write %s\n", out->c_str());
      return 1;
    }
    std::fprintf(stderr, "wrote %s\n", out->c_str());
  } else {
    std::fputs(text.c_str(), stdout);
  }
  return 0;
}

int gap_main(const std::vector<std::string>& args) {
  auto parsed = parse_args(args, arg_spec("gap"));
  std::vector<std::string> domains;
  if (!parsed) {
    std::fprintf(stderr, "linklens gap: %s\n", parsed.error().message().c_str());
    return 2;
  }
  if (Status e = audit_data::gap_domains(parsed->positional, domains); !e.ok()) {
    std::fprintf(stderr, "linklens gap: %s\n", e.message().c_str());
    return 2;
  }
  const std::string category = parsed->last("--category").value_or("");
  if (!category.empty() && category != "best" && category != "weak" && category != "strong" && category != "shared" &&
      category != "unique") {
    std::fprintf(stderr, "linklens gap: --category is best, weak, strong, shared or unique\n");
    return 2;
  }
  const std::string format = parsed->last("--format").value_or("table");
  if (format != "table" && format != "json" && format != "csv") {
    std::fprintf(stderr, "linklens gap: --format is table, json or csv\n");
    return 2;
  }
  auto db = open_index(index_path(*parsed), "gap");
  if (!db) return 1;
  std::unique_ptr<ranks::RanksReader> ranks;
  if (!open_ranks(*parsed, "gap", ranks)) return 1;
  gap::Result result;
  if (!read_index(*db, "gap", [&](api::IndexQueries& q) { result = q.gap(domains); })) return 1;
  api::use_web_authority(result, ranks.get());
  const std::size_t limit = static_cast<std::size_t>(std::stoul(parsed->last("--limit").value_or("100000")));
  auto j = audit_data::gap_json(domains, result, category, limit);
  if (format == "json") {
    std::printf("%s\n", j.dump(2).c_str());
    return 0;
  }
  if (format == "csv") {
    std::fputs(api::to_csv(audit_data::gap_table(domains, j)).c_str(), stdout);
    return 0;
  }
  std::printf("Backlink gap: %s (you) against", domains[0].c_str());
  for (std::size_t i = 1; i < domains.size(); ++i) std::printf(" %s", domains[i].c_str());
  std::printf("\n ");
  for (const auto& [c, n] : j["categories"].items())
    std::printf(" %s %lld", c.c_str(), static_cast<long long>(n.get<int64_t>()));
  std::printf("\n\n  authority  domain                          categories       backlinks per target\n");
  for (const auto& r : j["referring_domains"]) {
    std::string cats, per;
    for (const auto& c : r["categories"]) {
      if (!cats.empty()) cats += ',';
      cats += c.get<std::string>();
    }
    for (const auto& d : domains) per += std::to_string(r["backlinks"][d].get<int64_t>()) + " ";
    std::printf("  %9.1f  %-30s  %-15s  %s\n", r["authority"].get<double>(), r["domain"].get<std::string>().c_str(),
                cats.empty() ? "-" : cats.c_str(), per.c_str());
  }
  return 0;
}

}  // namespace

int run_audit(const std::vector<std::string>& args) { return audit_main(args); }
int run_disavow(const std::vector<std::string>& args) { return disavow_main(args); }
int run_gap(const std::vector<std::string>& args) { return gap_main(args); }

}  // namespace linklens::cli
