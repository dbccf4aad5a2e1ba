// What a target-based endpoint is asked about: `target` and `mode`, as in Ahrefs v3.
//
//   domain      every URL of the target's registrable domain (default; "blog.example.co.uk"
//               means "example.co.uk")
//   subdomains  the target host and every host under it
//   host        exactly the target host
//   prefix      URLs starting with the target URL
//   exact       exactly the target URL
//
// A target may be given as a host or as a URL. For prefix and exact, a target without a scheme
// matches both http and https.
#pragma once

#include <string>
#include <string_view>

#include "index/status.h"

namespace linklens::api {

enum class TargetMode { kDomain, kSubdomains, kHost, kPrefix, kExact };

const char* to_string(TargetMode mode);

struct Target {
  TargetMode mode = TargetMode::kDomain;
  std::string input;   // as given, for echoing back
  std::string domain;  // registrable domain; every mode's links lie within it (the index's key)
  std::string host;    // normalised host
  // The domain lies under a private suffix (talaugust.github.io) rather than being one: the
  // ranks file knows such a domain by its host (ranks::lookup_names).
  bool under_private_suffix = false;
  // prefix/exact: the URL after "scheme://" (WHATWG-serialised), and the scheme when given.
  std::string url_rest;
  std::string scheme;  // "" = http or https
};

// Parses and normalises `input` for `mode` ("" = domain). Hosts are lowercased and IDNA-encoded
// as the index stores them.
Status parse_target(std::string_view input, std::string_view mode, Target& out);

}  // namespace linklens::api
