// The names a site goes by, so that an anchor naming the target is never taken for a keyword
// anchor: its registrable label ("allenai"), its home page's names (og:site_name,
// application-name, and the parts of its <title> that spell the label, such as "Allen Institute
// for AI"), and the terms a user adds (`--brand`, `brand=`, the state database).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace linklens::brand {

struct SiteNames {  // what the index holds of the target's home page ("" when not crawled)
  std::string title, site_name, application_name;
};

// The label first, then the home page's names, then the user's terms; no two the same once
// case, spaces, hyphens and dots are ignored.
std::vector<std::string> brand_terms(std::string_view domain, const SiteNames& home,
                                     const std::vector<std::string>& user_terms);

// True when the anchor contains a term (ignoring case, spaces, hyphens and dots), when its
// words spell a one-word term from their beginnings, two letters or more each ("Allen Institute
// for AI" spells "allenai": allen + ai), or when their initials are the first term, the label
// ("Penske Media Corporation" is "pmc").
bool is_branded(std::string_view anchor, const std::vector<std::string>& terms);

// The class of a text anchor to `target_domain` as the anchors report gives it: the classes of
// LinkRecord (link_record.h) with brand terms beyond the label (no keywords: exact and partial
// need the user's, which only `inspect` takes).
const char* anchor_class(std::string_view anchor, std::string_view target_domain,
                         const std::vector<std::string>& terms);

}  // namespace linklens::brand
