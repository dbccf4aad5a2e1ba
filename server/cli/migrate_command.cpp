// `linklens migrate [--db PATH]`: brings an index written by an older linklens to this version's
// schema through the one migration chain (sqlite_migrations.h), in one transaction.
#include <cstdio>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/synopsis.h"
#include "sqlite/sqlite_migrations.h"

namespace linklens::cli {

int run_migrate(const std::vector<std::string>& args) {
  auto parsed = parse_args(args, arg_spec("migrate"));
  if (!parsed || !parsed->positional.empty()) {
    std::fprintf(stderr, "linklens migrate: %s\n",
                 parsed ? "takes no positional arguments (--db PATH)" : parsed.error().message().c_str());
    return 2;
  }
  const std::string path = parsed->last("--db").value_or("linklens.db");
  store::MigrationReport report;
  if (Status migrated = store::migrate_index(path, report); !migrated.ok()) {
    std::fprintf(stderr, "linklens migrate: %s\n", migrated.message().c_str());
    return 1;
  }
  if (report.steps.empty()) {
    std::printf("%s is at schema version %d already: nothing to do\n", path.c_str(), report.to);
    return 0;
  }
  std::printf("migrated %s from schema version %d to %d:\n", path.c_str(), report.from, report.to);
  for (const auto& step : report.steps) std::printf("  %s\n", step.c_str());
  return 0;
}

}  // namespace linklens::cli
