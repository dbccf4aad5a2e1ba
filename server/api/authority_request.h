// The body of POST /v1/authority: {"targets": ["example.com", "https://a.example.org/x", ...]},
// at most 1000 strings of at most 2048 bytes. Parsed with simdjson; anything else is a 400 that
// says what is wrong (fuzzed by fuzz/fuzz_api_requests.cpp).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "index/status.h"

namespace linklens::api {

constexpr std::size_t kMaxAuthorityTargets = 1000;

Status parse_authority_request(std::string_view body, std::vector<std::string>& targets);

}  // namespace linklens::api
