#include "cli/publish_alerts.h"

#include <cstdio>
#include <filesystem>

#include "ranks/ranks_file.h"
#include "state/state_db.h"
#include "watch/alert_computer.h"

namespace linklens::cli {

void write_alerts_after_publish(index::Index& index, const std::string& state_path, const std::string& ranks_path,
                                const audit::Thresholds& thresholds, bool quiet, const char* command) {
  if (state_path.empty() || !std::filesystem::exists(state_path)) return;  // nobody watches anything
  auto state = state::StateDb::open(state_path, /*create=*/false);
  std::unique_ptr<ranks::RanksReader> ranks;
  if (state && !ranks_path.empty()) {
    auto opened = ranks::RanksReader::open(ranks_path);
    if (opened) ranks = std::move(opened).value();
  }
  int64_t inserted = 0;
  Status done =
      !state ? state.error()
             : watch::compute_all({[&](const std::function<void(api::IndexQueries&)>& fn) { return index.read(fn); },
                                   ranks.get(), thresholds, **state, !ranks_path.empty()},
                                  inserted);
  if (!done.ok()) {
    std::fprintf(stderr,
                 "linklens %s: published, but the alerts were not written (%s); a running `linklens serve` "
                 "writes them when it sees the change\n",
                 command, done.message().c_str());
    return;
  }
  if (!quiet && inserted > 0) {
    std::printf("  %lld alerts for the watches in %s\n", static_cast<long long>(inserted), state_path.c_str());
  }
}

}  // namespace linklens::cli
