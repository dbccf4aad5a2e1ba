// From a scored backlink to an action (linklens/audit.h, "Verdicts"): a disavow removes a link's
// value for good, and removing a good link costs rankings, so it needs strong evidence from two
// independent families; one family alone, however loud, is at most review.
#include "linklens/audit.h"

namespace linklens::audit {

std::string action_for(const Scored& s, const std::string& follow, bool kept, const Thresholds& t) {
  if (kept) return "keep";
  const bool passes_equity = follow == "follow";
  if (passes_equity && s.score >= t.disavow_at && s.strong_families >= static_cast<int>(t.disavow_families)) {
    return "disavow";
  }
  return s.score >= t.review_at ? "review" : "keep";
}

}  // namespace linklens::audit
