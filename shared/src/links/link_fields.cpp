#include "linklens/link_fields.h"

#include <algorithm>

#include "anchor_class.h"
#include "malformed.h"
#include "text_util.h"

namespace linklens {
namespace {

bool is_web_scheme(std::string_view scheme) {
  return scheme == "http" || scheme == "https" || scheme == "ftp" || scheme == "ws" || scheme == "wss";
}

// A host's registrable domain and brand. Links come in runs on one host (a page's own links, a
// menu of one site's sections), so the last answer is kept (per thread: the suffix list is
// immutable, so the answer is a pure function of its inputs).
struct HostParts {
  std::string host, domain, brand;
  bool include_private = false;
  bool valid = false;
};

const HostParts& host_parts(std::string_view host, SuffixOptions options) {
  static thread_local HostParts last;
  if (last.valid && last.host == host && last.include_private == options.include_private) return last;
  const DomainParts parts = PublicSuffixList::builtin().split_host(host, options);
  last.host.assign(host);
  last.domain.assign(parts.registrable_domain());
  last.brand = anchors::brand_of(parts.registrable_domain(), parts.public_suffix());
  last.include_private = options.include_private;
  last.valid = true;
  return last;
}

}  // namespace

void set_follow_fields(LinkRecord& link, std::string_view rel_attribute, bool page_nofollow) {
  for (auto token : text::split_ws(rel_attribute)) {
    std::string t = text::ascii_lowercase(token);
    if (std::find(link.rel.begin(), link.rel.end(), t) == link.rel.end()) link.rel.push_back(std::move(t));
  }
  for (const auto& t : link.rel) {
    if (t == "nofollow")
      link.nofollow = true;
    else if (t == "sponsored")
      link.sponsored = true;
    else if (t == "ugc")
      link.ugc = true;
  }
  link.follow = link.sponsored  ? FollowStatus::kSponsored
                : link.ugc      ? FollowStatus::kUgc
                : link.nofollow ? FollowStatus::kNofollow
                                : FollowStatus::kFollow;
  link.effective_follow = page_nofollow && link.follow == FollowStatus::kFollow ? FollowStatus::kNofollow : link.follow;
}

std::string set_target_fields(LinkRecord& link, const Url& base, std::string_view page_host,
                              std::string_view page_domain, SuffixOptions options) {
  auto url = parse_url(link.href, base);
  link.problem = links::malformed_reason(link.href, url.ok());
  if (!url) return {};
  link.url = std::string(url->href_without_fragment());
  link.host = std::string(url->hostname());
  if (!is_web_scheme(url->scheme())) {
    link.scope = LinkScope::kOther;
    return {};
  }
  std::string brand;
  if (url->host_type() == HostType::kDomain) {
    const HostParts& parts = host_parts(link.host, options);
    link.domain = parts.domain;
    brand = parts.brand;
  }
  if (link.host == page_host)
    link.scope = LinkScope::kInternal;
  else if (!link.domain.empty() && link.domain == page_domain)
    link.scope = LinkScope::kSubdomain;
  else
    link.scope = LinkScope::kExternal;
  return brand;
}

}  // namespace linklens
