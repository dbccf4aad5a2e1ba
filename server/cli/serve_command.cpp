// `linklens serve [--db PATH] [--listen HOST:PORT] [--threads N]`: the HTTP API (api_server.h).
#include <cstdio>
#include <cstdlib>

#include "api_server.h"
#include "args.h"
#include "commands.h"

namespace linklens::cli {

int run_serve(const std::vector<std::string>& args) {
  std::string error;
  auto parsed = parse_args(args, {{"--db", "--listen", "--threads"}, {}}, error);
  if (!parsed || !parsed->positional.empty()) {
    std::fprintf(stderr, "linklens serve: %s\n", parsed ? "unexpected argument" : error.c_str());
    return 2;
  }
  api::ServeOptions options;
  options.db_path = parsed->last("--db").value_or("linklens.db");
  const std::string listen = parsed->last("--listen").value_or("127.0.0.1:8787");
  const std::size_t colon = listen.rfind(':');
  char* end = nullptr;
  long port = colon == std::string::npos ? -1 : std::strtol(listen.c_str() + colon + 1, &end, 10);
  if (colon == std::string::npos || colon == 0 || *end != '\0' || port < 1 || port > 65535) {
    std::fprintf(stderr, "linklens serve: --listen needs HOST:PORT, e.g. 127.0.0.1:8787\n");
    return 2;
  }
  options.host = listen.substr(0, colon);
  options.port = static_cast<int>(port);
  if (auto t = parsed->last("--threads")) {
    options.threads = std::atoi(t->c_str());
    if (options.threads < 1 || options.threads > 1024) {
      std::fprintf(stderr, "linklens serve: --threads must be from 1 to 1024\n");
      return 2;
    }
  }
  int code = api::serve(options, error);
  if (code != 0) std::fprintf(stderr, "linklens serve: %s\n", error.c_str());
  return code;
}

}  // namespace linklens::cli
