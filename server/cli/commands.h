// The `linklens` subcommands. Each takes its arguments (after the subcommand name) and returns
// the process exit code: 0 success, 1 some input could not be processed, 2 usage error.
#pragma once

#include <string>
#include <vector>

namespace linklens::cli {

int run_url(const std::vector<std::string>& args);
int run_inspect(const std::vector<std::string>& args);
int run_ingest(const std::vector<std::string>& args);
int run_rank(const std::vector<std::string>& args);
int run_import_ranks(const std::vector<std::string>& args);
int run_explain(const std::vector<std::string>& args);
int run_migrate(const std::vector<std::string>& args);
int run_fetch_cc(const std::vector<std::string>& args);
int run_serve(const std::vector<std::string>& args);
int run_hash_key(const std::vector<std::string>& args);
int run_audit(const std::vector<std::string>& args);
int run_disavow(const std::vector<std::string>& args);
int run_gap(const std::vector<std::string>& args);
int run_keep(const std::vector<std::string>& args);
int run_brand(const std::vector<std::string>& args);
int run_compare(const std::vector<std::string>& args);

}  // namespace linklens::cli
