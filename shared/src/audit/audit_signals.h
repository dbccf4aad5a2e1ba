// The audit's signals that look at more than one field: money anchors, relevance between a
// linking page and the target, and subnet groups (network or hosting). Internal to audit.cpp.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "linklens/audit.h"

namespace linklens::audit::signals {

// A keyword anchor someone chose to rank for: exact or partial keyword, or two to eight words of
// class "other" that do not name the target (its brand terms), are not a site's own furniture
// ("Terms of Use", "Privacy Policy", "Careers") and, when the target's pages are known, share a
// salient word with them (a keyword names what the target is about). `target_terms` are the
// terms of the target's own page titles only; with none in the index, only exact and partial
// keyword anchors are money anchors.
bool money_anchor(const Backlink& b, const std::vector<std::string>& brand_terms,
                  const std::set<std::string>& target_terms);

// The anchor shares a salient word with the target's own pages.
bool topical(std::string_view anchor, const std::set<std::string>& target_terms);

// Case-folded words of four bytes or more that carry meaning (stop words and numbers dropped).
std::set<std::string> salient_terms(std::string_view text);

// The salient terms of the linking page's title and the link's context, the anchor's own words
// left out (the anchor is what a spammer writes), that the target's own pages also use.
std::vector<std::string> shared_terms(const Backlink& b, const std::set<std::string>& target_terms);

// What one referring domain's /24 says.
struct SubnetGroup {
  std::string subnet;
  std::vector<std::string> members;  // the target's referring domains on it, this one included
  bool network = false;              // the members share pbn_evidence traits beyond the subnet
  std::vector<std::string> shared;   // those traits, in words
  std::string hosting;               // why this is hosting, not a network ("" when it is not)
};

// Per referring domain that shares a /24 with at least one other (or sits on a hosting
// platform): its group. Private-suffix sites and hosting /24s never form a network.
std::map<std::string, SubnetGroup> subnet_groups(const std::vector<Backlink>& backlinks, const Profile& profile,
                                                 const std::set<std::string>& target_terms, const Thresholds& t);

}  // namespace linklens::audit::signals
