// Anchor-text classes as SEO tools report them: branded, exact (keyword), partial (keyword),
// naked URL, generic ("click here" in several languages), image, empty, other.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "linklens/link_record.h"

namespace linklens::anchors {

// The brand a registrable domain stands for: the label before its public suffix
// ("example.co.uk" -> "example"), lowercased.
std::string brand_of(std::string_view registrable_domain, std::string_view public_suffix);

// Order of the tests: empty, image, naked URL, exact keyword, branded, partial keyword,
// generic, other. `brand` is compared ignoring case, spaces, hyphens and dots.
AnchorClass classify(std::string_view anchor, LinkKind kind, std::string_view target_host, std::string_view brand,
                     const std::vector<std::string>& keywords);

}  // namespace linklens::anchors
