// The routes of the HTTP API, described once: the server takes its allowed parameters from here
// and GET /openapi.json is written from here, so the two cannot drift apart. The response schemas
// are checked against real answers by tests/api/api_test.py.
#pragma once

#include <string>
#include <vector>

#include "index/result_table.h"

namespace linklens::api {

struct ParamDoc {
  std::string name;
  std::string type;  // JSON Schema type of the value
  std::string description;
  bool required = false;
  std::vector<std::string> allowed_values;
  bool repeatable = false;
};

struct RouteDoc {
  std::string method;  // "get", "post" or "delete"
  std::string path;
  std::string summary;
  std::vector<ParamDoc> params;
  Json response_schema;         // JSON Schema of the 200 JSON answer
  bool csv = false;             // answers format=csv too
  bool needs_key = true;        // subject to auth and rate limits
  bool writes = false;          // changes state: an API key always, a JSON body, no foreign Origin
  Json request_body = nullptr;  // JSON Schema of a JSON request body (null: none, or documented apart)
  // A read that needs an API key even from loopback: it shows webhook URLs and feed tokens
  // (capabilities), which anonymous loopback clients (any local process) must not read.
  bool key_always = false;
};

const std::vector<RouteDoc>& route_docs();
const RouteDoc* find_route(const std::string& method, const std::string& path);
std::vector<std::string> parameter_names(const RouteDoc& route);

// The OpenAPI 3.1 document of every route.
Json openapi_document(const std::string& version);

}  // namespace linklens::api
