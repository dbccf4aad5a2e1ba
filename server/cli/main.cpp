// linklens: the command-line entry point. Dispatches to one subcommand per job.
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "commands.h"
#include "linklens/idna.h"
#include "linklens/version.h"

namespace {

void print_usage(std::FILE* out) {
  std::fprintf(out,
               "usage: linklens COMMAND [ARGS]\n"
               "\n"
               "commands:\n"
               "  url [--base URL] [--json] [--psl FILE] [--no-private] INPUT...\n"
               "        resolve each input (or each line of stdin for '-') as a browser would and\n"
               "        print its components, host type and registrable domain\n"
               "  inspect [--url URL] [--header 'Name: value']... [--format json|table] [--pretty]\n"
               "          [--scripting] [--brand NAME] [--keyword WORD]... [--max-bytes N] FILE|-\n"
               "        every link of one page with its follow status, placement, anchor class and\n"
               "        weight (the LinkRecord JSON contract, docs/link-record.md)\n"
               "  ingest [--db PATH] [--crawl NAME] [--no-rank] [--quiet] FILE|DIR...\n"
               "        read WARC/WAT files into the backlink index (SQLite) as one snapshot, and rank it\n"
               "  rank [--db PATH]        Authority Score of every domain in the index\n"
               "  rank --edges FILE [--vertices FILE] --out FILE [--damping D]\n"
               "        rank a plain graph (src<TAB>dst, or Common Crawl's web-graph format)\n"
               "  explain DOMAIN [--db PATH]   what made a domain's Authority Score\n"
               "  fetch-cc --crawl CC-MAIN-YYYY-WW [--segments N] [--kind warc|wat] [--out DIR] [--base-url URL]\n"
               "        download the first N WARC (or WAT) files of a Common Crawl crawl\n"
               "  serve [--config FILE] [--db PATH] [--listen HOST:PORT] [--threads N]\n"
               "        the JSON HTTP API over an index (routes: GET /openapi.json; docs/http-api.md)\n"
               "  hash-key [--new]   sha256 of an API key read from stdin (for serve's config)\n"
               "  audit TARGET [--db PATH] [--format table|json] [--thresholds FILE] [--disavowed FILE]\n"
               "        toxic score of every referring domain and backlink, with its reasons (docs/audit.md)\n"
               "  disavow TARGET [--db PATH] [--min-score N] [--out FILE] | disavow --check FILE [--target D]\n"
               "        write a Google disavow file, or check one line by line\n"
               "  disavow --apply FILE --target DOMAIN [--db PATH]\n"
               "        store DOMAIN's disavow file: its links are marked and stop counting for DOMAIN\n"
               "  gap YOU COMPETITOR... [--db PATH] [--category C] [--format table|json|csv]\n"
               "        referring domains of up to 5 sites: best, weak, strong, shared, unique prospects\n"
               "  version    print the versions of the core and of its compiled-in data\n"
               "  help       print this message\n");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    print_usage(stderr);
    return 2;
  }
  std::string command = argv[1];
  std::vector<std::string> args(argv + 2, argv + argc);
  if (command == "url") return linklens::cli::run_url(args);
  if (command == "inspect") return linklens::cli::run_inspect(args);
  if (command == "ingest") return linklens::cli::run_ingest(args);
  if (command == "rank") return linklens::cli::run_rank(args);
  if (command == "explain") return linklens::cli::run_explain(args);
  if (command == "fetch-cc") return linklens::cli::run_fetch_cc(args);
  if (command == "serve") return linklens::cli::run_serve(args);
  if (command == "hash-key") return linklens::cli::run_hash_key(args);
  if (command == "audit") return linklens::cli::run_audit(args);
  if (command == "disavow") return linklens::cli::run_disavow(args);
  if (command == "gap") return linklens::cli::run_gap(args);
  if (command == "version" || command == "--version") {
    std::printf("linklens %s (public suffix list %s, IDNA tables Unicode %s)\n", linklens::core_version(),
                linklens::builtin_suffix_list_date(), linklens::idna_unicode_version());
    return 0;
  }
  if (command == "help" || command == "--help" || command == "-h") {
    print_usage(stdout);
    return 0;
  }
  std::fprintf(stderr, "linklens: unknown command '%s'\n\n", command.c_str());
  print_usage(stderr);
  return 2;
}
