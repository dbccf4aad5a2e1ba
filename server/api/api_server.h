// `linklens serve`: the JSON HTTP API over an index (cpp-httplib). Handlers only translate between
// HTTP and read queries on the SQLite index; each worker thread has its own read-only connection.
//
// Served so far: GET /healthz, GET /v1/overview, GET /v1/backlinks (README, "HTTP API").
// Errors are {"error": {"code", "message"}} with 400 (a bad or unknown parameter, named) and 404
// (an unknown route). An unknown target is not an error: it answers with "indexed": false.
#pragma once

#include <string>

namespace linklens::api {

struct ServeOptions {
  std::string db_path = "linklens.db";
  std::string host = "127.0.0.1";
  int port = 8787;
  int threads = 8;
};

// Serves until SIGINT or SIGTERM (in-flight requests finish). Returns the process exit code;
// `error` says why when it cannot start.
int serve(const ServeOptions& options, std::string& error);

}  // namespace linklens::api
