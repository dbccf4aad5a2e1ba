// What the audit's commands (audit, disavow, keep, brand) read from their arguments: the target,
// and the state database with the user's brand terms and keep lists (state/state_db.h).
#pragma once

#include <string>

#include "cli/args.h"
#include "state/state_db.h"

namespace linklens::cli {

// The registrable domain of a target given as a domain or URL, read as the API reads it; ""
// (after saying why, as `linklens COMMAND: ...`) when it is not one.
std::string registrable(const std::string& input, const char* command);

// --state, else linklens-state.db beside the index (--db/--store).
std::string state_path(const ParsedArgs& parsed);

// The user's settings for `domain` from the state database; false (after saying why) when the
// file exists and cannot be read.
bool read_target_settings(const ParsedArgs& parsed, const std::string& domain, const char* command,
                          state::TargetSettings& out);

}  // namespace linklens::cli
