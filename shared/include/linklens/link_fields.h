// The LinkRecord fields every producer derives the same way: follow status from a rel attribute,
// and the resolved target with its scope. The HTML inspector and the WAT ingester both use these,
// so a link means the same thing whichever way it was found.
#pragma once

#include <string>
#include <string_view>

#include "linklens/link_record.h"
#include "linklens/public_suffix.h"
#include "linklens/url.h"

namespace linklens {

// Sets rel (tokens split on ASCII whitespace, ASCII-lowercased, first occurrence kept), the
// nofollow/sponsored/ugc flags, follow (the strongest hint) and effective_follow (nofollow when
// the page says nofollow).
void set_follow_fields(LinkRecord& link, std::string_view rel_attribute, bool page_nofollow);

// Resolves link.href against `base` and sets url (without fragment), host, domain and scope
// (internal / subdomain / external against the page; other for non-web schemes). Leaves url
// empty when the href does not parse. Returns the target's brand ("example" for
// www.example.co.uk), or "" when it has none.
std::string set_target_fields(LinkRecord& link, const Url& base, std::string_view page_host,
                              std::string_view page_domain, SuffixOptions options = {});

}  // namespace linklens
