#include "api/authority_request.h"

#include <simdjson.h>

namespace linklens::api {

Status parse_authority_request(std::string_view body, std::vector<std::string>& targets) {
  targets.clear();
  const Status not_json = bad_parameter("the body must be JSON: {\"targets\": [\"example.com\", ...]}");
  simdjson::padded_string padded(body);
  simdjson::ondemand::parser parser;
  simdjson::ondemand::document doc;
  if (parser.iterate(padded).get(doc)) return not_json;
  simdjson::ondemand::object object;
  if (doc.get_object().get(object)) return not_json;
  bool seen_targets = false;
  for (auto field : object) {
    std::string_view key;
    if (field.unescaped_key().get(key)) return not_json;
    if (key != "targets")
      return Status{400, "unknown_parameter",
                    "unknown body field '" + std::string(key.substr(0, 80)) + "' (the body takes: targets)"};
    if (seen_targets) return bad_parameter("targets is given more than once");
    seen_targets = true;
    simdjson::ondemand::array array;
    if (field.value().get_array().get(array)) return bad_parameter("targets must be an array of strings");
    for (auto element : array) {
      std::string_view text;
      if (element.get_string().get(text)) return bad_parameter("targets must be an array of strings");
      if (targets.size() == kMaxAuthorityTargets) return bad_parameter("at most 1000 targets per request");
      // An empty or malformed target is answered as invalid in its place; only size fails a batch.
      if (text.size() > 2048) return bad_parameter("each target must be at most 2048 characters");
      targets.emplace_back(text);
    }
  }
  // Trailing content after the object: the document must be fully consumed.
  const char* rest = nullptr;
  if (doc.current_location().get(rest) != simdjson::OUT_OF_BOUNDS) return not_json;
  if (!seen_targets) return bad_parameter("the body needs targets: {\"targets\": [\"example.com\", ...]}");
  return {};
}

}  // namespace linklens::api
