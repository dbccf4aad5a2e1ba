#include "index/target.h"

#include <optional>

#include "linklens/public_suffix.h"
#include "linklens/url.h"

namespace linklens::api {
namespace {

// A host as the URL parser would give it back: lowercase ASCII letters, digits, '-', '_' and
// '.', no empty label, no IDNA ("xn--") label, and a last label that cannot make it an IPv4
// address. Parsing "http://" + such a host as a URL returns the host unchanged, so a target that
// is one skips that step (a batch of POST /v1/authority is 1,000 of them);
// tests/authority_batch_test.cpp holds the shortcut to the same answers as the parser. Leaving
// IDNA labels to the parser is deliberately cautious: it keeps "xn--" labels as they are today,
// but one that stopped doing so must not be skipped.
bool is_normal_host(std::string_view s) {
  std::size_t label = 0;  // the current label's length so far
  std::size_t last = 0;   // where the last label starts
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '.') {
      if (label == 0) return false;
      label = 0;
      last = i + 1;
      continue;
    }
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
    if (label == 0 && s.compare(i, 4, "xn--") == 0) return false;
    ++label;
  }
  return label > 0 && !(s[last] >= '0' && s[last] <= '9');
}

}  // namespace

const char* to_string(TargetMode mode) {
  switch (mode) {
    case TargetMode::kDomain: return "domain";
    case TargetMode::kSubdomains: return "subdomains";
    case TargetMode::kHost: return "host";
    case TargetMode::kPrefix: return "prefix";
    case TargetMode::kExact: return "exact";
  }
  return "domain";
}

Status parse_target(std::string_view input, std::string_view mode, Target& out) {
  out = Target{};
  out.input = std::string(input);
  if (mode.empty() || mode == "domain")
    out.mode = TargetMode::kDomain;
  else if (mode == "subdomains")
    out.mode = TargetMode::kSubdomains;
  else if (mode == "host")
    out.mode = TargetMode::kHost;
  else if (mode == "prefix")
    out.mode = TargetMode::kPrefix;
  else if (mode == "exact")
    out.mode = TargetMode::kExact;
  else
    return bad_parameter("mode must be one of domain, subdomains, host, prefix, exact");

  if (input.empty() || input.size() > 2048) {
    return bad_parameter("target must be a domain, host or URL (1 to 2048 characters)");
  }
  const bool has_scheme = input.find("://") != std::string_view::npos;
  const bool whole_url = out.mode == TargetMode::kPrefix || out.mode == TargetMode::kExact;
  std::optional<Url> url;
  std::string_view hostname = input;
  if (has_scheme || whole_url || !is_normal_host(input)) {
    auto parsed = parse_url(has_scheme ? std::string(input) : "http://" + std::string(input));
    if (!parsed || (parsed->scheme() != "http" && parsed->scheme() != "https") || parsed->hostname().empty()) {
      return bad_parameter("target '" + std::string(input.substr(0, 200)) + "' is not a domain, host or http(s) URL");
    }
    url = std::move(parsed).value();
    hostname = url->hostname();
  }
  DomainParts parts = PublicSuffixList::builtin().split_host(hostname);
  out.domain = std::string(parts.registrable_domain());  // a view into parts.host
  out.under_private_suffix = parts.under_private_suffix();
  out.host = std::move(parts.host);
  // An IP address or a bare public suffix has no registrable domain: the host is the key.
  if (out.domain.empty()) {
    out.domain = out.host;
    // The bit as ranks::lookup_names would find it from the domain, which this split did not see
    // (a host with a last label left empty once its trailing dot is cut: "a.github.io..").
    out.under_private_suffix = PublicSuffixList::builtin().split_host(out.domain).under_private_suffix();
  }
  if (out.domain.empty() || out.host.front() == '.' || out.host.find("..") != std::string::npos) {
    // ".", "...", "a..b": a host with empty labels names nothing
    return bad_parameter("target '" + std::string(input.substr(0, 200)) + "' has no host name");
  }
  if (whole_url) {
    std::string_view href = url->href_without_fragment();
    std::size_t rest = href.find("://");
    out.url_rest = std::string(href.substr(rest + 3));
    if (has_scheme) out.scheme = std::string(url->scheme());
  }
  return {};
}

}  // namespace linklens::api
