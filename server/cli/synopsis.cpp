#include "cli/synopsis.h"

#include <sstream>
#include <string>

namespace linklens::cli {
const std::vector<CommandSynopsis>& command_synopses() {
  static const std::vector<CommandSynopsis> table = {
      {"url",
       {"[--base URL] [--json] [--psl FILE] [--no-private] INPUT..."},
       "resolve each input (or each line of stdin for '-') as a browser would and\n"
       "print its components, host type and registrable domain"},
      {"inspect",
       {"[--url URL] [--header 'Name: value']... [--format json|table] [--pretty]\n"
        "[--scripting] [--brand NAME] [--keyword WORD]... [--max-bytes N] FILE|-"},
       "every link of one page with its follow status, placement, anchor class and\n"
       "weight (the LinkRecord JSON contract, docs/link-record.md)"},
      {"ingest",
       {"[--db PATH | --store PATH|clickhouse://...] [--ranks PATH] [--state PATH] [--crawl NAME]\n"
        "[--no-rank] [--batch-pages N] [--targets FILE] [--config FILE] [--allow-partial] [--quiet] FILE|DIR..."},
       "read WARC/WAT files into the backlink index as one snapshot, and rank it; with\n"
       "--targets, keep only links to those domains (a resumable scan, file by file); the\n"
       "watches' alerts of the snapshot go to the state database's outbox"},
      {"rank",
       {"[--db PATH | --store PATH|clickhouse://...] [--ranks PATH]",
        "--edges FILE [--vertices FILE] [--out FILE] [--damping D]\n"
        "[--release NAME --date YYYY-MM[-DD] [--ranks PATH] [--graph domain|host]]"},
       "the Authority Score of every domain in the index; or rank a plain graph\n"
       "(src<TAB>dst, or Common Crawl's web-graph format), to a file or as a release of\n"
       "the ranks file"},
      {"import-ranks",
       {"[--ranks PATH] --release NAME --date YYYY-MM[-DD] [--nodes N] [--excerpt]\n"
        "[--db PATH --state PATH --config FILE] FILE..."},
       "Common Crawl's web-graph ranks (domain and host files, plain or gzip) into the\n"
       "ranks file, as one release: the Authority Score for the whole web (with --db,\n"
       "the watches' alerts of the new scores)"},
      {"explain",
       {"DOMAIN [--db PATH] [--ranks PATH]"},
       "what made a domain's Authority Score (and what a disavow file took out)"},
      {"migrate", {"[--db PATH]"}, "bring an index written by an older linklens to this version's schema"},
      {"fetch-cc",
       {"--crawl CC-MAIN-YYYY-WW [--segments N] [--kind warc|wat] [--out DIR] [--base-url URL]"},
       "download the first N WARC (or WAT) files of a Common Crawl crawl"},
      {"serve",
       {"[--config FILE] [--db PATH | --store PATH|clickhouse://...] [--ranks PATH] [--state PATH]\n"
        "[--listen HOST:PORT] [--threads N]"},
       "the JSON HTTP API over an index (routes: GET /openapi.json; docs/http-api.md)"},
      {"hash-key", {"[--new]"}, "sha256 of an API key read from stdin (for serve's config)"},
      {"audit",
       {"TARGET [--db PATH | --store PATH|clickhouse://...] [--ranks PATH] [--state PATH]\n"
        "[--brand TERM]... [--format table|json] [--thresholds FILE] [--disavowed FILE] [--limit N]"},
       "toxic score of every referring domain and backlink, with its reasons and a\n"
       "verdict (keep, review, disavow; docs/audit.md)"},
      {"disavow",
       {"TARGET [--db PATH | --store PATH|clickhouse://...] [--ranks PATH] [--state PATH]\n"
        "[--brand TERM]... [--min-score N] [--thresholds FILE] [--out FILE]",
        "--check FILE [--target DOMAIN]",
        "--apply FILE --target DOMAIN [--db PATH | --store PATH|clickhouse://...] [--ranks PATH]"},
       "write a Google disavow file; check one line by line; or store DOMAIN's file\n"
       "(its links are marked and stop counting for DOMAIN)"},
      {"gap",
       {"YOU COMPETITOR... [--db PATH | --store PATH|clickhouse://...] [--ranks PATH]\n"
        "[--category best|weak|strong|shared|unique] [--format table|json|csv] [--limit N]"},
       "referring domains of up to 5 sites: best, weak, strong, shared, unique prospects"},
      {"compare",
       {"TARGET [--from SNAPSHOT] [--to SNAPSHOT] [--mode domain|subdomains|host|prefix|exact]\n"
        "[--limit N] [--format table|json] [--db PATH | --store PATH|clickhouse://...]"},
       "what changed for TARGET between two snapshots (ids or names; default the last\n"
       "two): links and referring domains gained and lost, and anchors"},
      {"keep",
       {"TARGET [DOMAIN...] [--remove] [--db PATH | --store PATH|clickhouse://...] [--state PATH]"},
       "list, add or remove (--remove) the referring domains TARGET's audit never\n"
       "reviews or disavows (the state database)"},
      {"brand",
       {"TARGET [TERM...] [--remove] [--db PATH | --store PATH|clickhouse://...] [--state PATH]"},
       "list, add or remove (--remove) TARGET's brand terms: anchors naming them are\n"
       "branded, never over-optimised (the state database)"},
      {"version",
       {"[--licenses]"},
       "the versions of the core and of its compiled-in data; --licenses prints the\n"
       "licence and the third-party notices"},
      {"help", {"[--synopsis]"}, "this message; --synopsis prints one line per command form"},
  };
  return table;
}

const CommandSynopsis* find_synopsis(std::string_view name) {
  for (const auto& c : command_synopses()) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

ArgSpec arg_spec(std::string_view command) {
  ArgSpec spec;
  const CommandSynopsis* c = find_synopsis(command);
  if (!c) return spec;
  for (std::string_view form : c->forms) {
    std::istringstream words{std::string(form)};
    std::vector<std::string> tokens;
    for (std::string w; words >> w;) tokens.push_back(w);
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      std::string t = tokens[i];
      while (!t.empty() && t.front() == '[') t.erase(t.begin());
      if (t.rfind("--", 0) != 0) continue;
      const bool closed = t.find(']') != std::string::npos;  // "[--json]": nothing follows inside
      const std::string name = t.substr(0, t.find_first_of("]."));
      const bool next_is_value = i + 1 < tokens.size() && tokens[i + 1].rfind("--", 0) != 0 &&
                                 tokens[i + 1].front() != '[' && tokens[i + 1] != "|";
      if (!closed && next_is_value) {
        spec.with_value.insert(name);
      } else {
        spec.flags.insert(name);
      }
    }
  }
  return spec;
}

namespace {

// Prints `text` with every line after a line break indented by `indent` spaces.
void print_indented(std::FILE* out, std::string_view text, int indent) {
  for (std::size_t start = 0; start <= text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::fprintf(out, "%*s%.*s\n", start == 0 ? 0 : indent, "", static_cast<int>(end - start), text.data() + start);
    start = end + 1;
  }
}

}  // namespace

void print_command_usage(std::FILE* out, const CommandSynopsis& c) {
  for (std::string_view form : c.forms) {
    std::fprintf(out, "  %.*s ", static_cast<int>(c.name.size()), c.name.data());
    print_indented(out, form, 4 + static_cast<int>(c.name.size()));
  }
  std::fprintf(out, "        ");
  print_indented(out, c.summary, 8);
}

void print_usage(std::FILE* out) {
  std::fprintf(out, "usage: linklens COMMAND [ARGS]   (linklens COMMAND --help: one command)\n\ncommands:\n");
  for (const auto& c : command_synopses()) print_command_usage(out, c);
}

void print_synopsis(std::FILE* out) {
  for (const auto& c : command_synopses()) {
    for (std::string_view form : c.forms) {
      std::fprintf(out, "linklens %.*s ", static_cast<int>(c.name.size()), c.name.data());
      print_indented(out, form, 10 + static_cast<int>(c.name.size()));
    }
  }
}

}  // namespace linklens::cli
