// The `--ranks PATH` option of the commands that score domains (audit, disavow, gap, explain):
// the ranks file named, or linklens-ranks.db beside the index when it is there
// (index::ranks_path_for); README, "Authority Score".
#pragma once

#include <memory>
#include <string>

#include "cli/args.h"
#include "ranks/ranks_file.h"

namespace linklens::cli {

// Opens the ranks file for the index at `index_location`; `out` stays null without one. False
// (after saying why, as `linklens COMMAND: ...`) when a file was found or named and cannot be read.
bool open_ranks_option(const ParsedArgs& parsed, const std::string& index_location, const char* command,
                       std::unique_ptr<ranks::RanksReader>& out);

}  // namespace linklens::cli
