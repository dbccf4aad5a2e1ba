// `linklens serve`: the JSON HTTP API over an index (cpp-httplib). Routes and their parameters
// are described in api_routes.h (and served as /openapi.json); handlers only translate between
// HTTP and IndexQueries.
//
// Per request: CORS (configured extension origins only), auth and rate limit (access_control.h),
// one read transaction on the worker thread's own SQLite connection (so an answer never mixes two
// versions of the index, and a new index committed by `ingest`/`rank`, or a new file moved over
// the old one, is picked up by the next request without a restart), a time budget per query,
// then metrics and a JSON access-log line.
#pragma once

#include <string>

#include "api/server_config.h"
#include "index/status.h"

namespace linklens::api {

// Serves until SIGINT or SIGTERM; in-flight requests finish first. Says why when it cannot start.
Status serve(const ServerConfig& config);

}  // namespace linklens::api
