#include "index/target.h"

#include "linklens/public_suffix.h"
#include "linklens/url.h"

namespace linklens::api {

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
  auto parsed = parse_url(has_scheme ? std::string(input) : "http://" + std::string(input));
  if (!parsed || (parsed->scheme() != "http" && parsed->scheme() != "https") || parsed->hostname().empty()) {
    return bad_parameter("target '" + std::string(input.substr(0, 200)) + "' is not a domain, host or http(s) URL");
  }
  const Url& url = parsed.value();
  DomainParts parts = PublicSuffixList::builtin().split_host(url.hostname());
  out.host = parts.host;
  out.domain = std::string(parts.registrable_domain());
  // An IP address or a bare public suffix has no registrable domain: the host is the key.
  if (out.domain.empty()) out.domain = out.host;
  if (out.domain.empty() || out.host.front() == '.' || out.host.find("..") != std::string::npos) {
    // ".", "...", "a..b": a host with empty labels names nothing
    return bad_parameter("target '" + std::string(input.substr(0, 200)) + "' has no host name");
  }
  if (out.mode == TargetMode::kPrefix || out.mode == TargetMode::kExact) {
    std::string_view href = url.href_without_fragment();
    std::size_t rest = href.find("://");
    out.url_rest = std::string(href.substr(rest + 3));
    if (has_scheme) out.scheme = std::string(url.scheme());
  }
  return {};
}

}  // namespace linklens::api
