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
    DomainParts parts = PublicSuffixList::builtin().split_host(link.host, options);
    link.domain = std::string(parts.registrable_domain());
    brand = anchors::brand_of(parts.registrable_domain(), parts.public_suffix());
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
