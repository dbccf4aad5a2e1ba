// After `ingest` publishes a snapshot (or `import-ranks --db` a release): every watch's alerts of it, written into the
// state database's outbox (watch/alert_computer.h) for the server to deliver. A failure here does not undo the ingest
// (it is published); the server computes what is missing when it sees the index change, and the message says so.
#pragma once

#include <string>

#include "index/index.h"
#include "linklens/audit.h"

namespace linklens::cli {

// `state_path` "": none (a cluster without --state): nothing to do. Prints one line when alerts
// were written (unless `quiet`).
void write_alerts_after_publish(index::Index& index, const std::string& state_path, const std::string& ranks_path,
                                const audit::Thresholds& thresholds, bool quiet, const char* command = "ingest");

}  // namespace linklens::cli
