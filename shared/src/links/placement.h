// Placement signals: what an element says about the part of the page it holds, from its tag, its
// ARIA role and the class/id/itemprop tokens real sites use. The inspector takes the innermost
// element with a signal as a link's placement.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "linklens/html/tokenizer.h"
#include "linklens/link_record.h"

namespace linklens::placement {

enum class Signal : uint8_t {
  kNone,
  kContent,
  kNavigation,
  kHeader,
  kFooter,
  kSidebar,
  kComment,
  kBreadcrumb,
  kBoilerplate,
};

// Class and id strings repeat across a page; their signals are remembered per page.
//
// A page names a few hundred distinct class strings, and about a third of the lookups are the
// first of their string, so adding must be cheap too: an open-addressing table of (hash, place
// in one buffer of the strings' bytes), not a node and a string per entry.
class TokenSignalCache {
 public:
  struct Facts {
    Signal signal = Signal::kNone;
    bool positive = false;  // has a word of main text ("article", "content", "post", "story"...)
  };
  Signal lookup(std::string_view value) { return facts(value).signal; }
  Facts facts(std::string_view value);

 private:
  struct Slot {
    uint64_t hash = 0;
    uint32_t offset = 0, size = 0;  // the string: bytes_[offset, offset + size)
    Facts facts;
    bool used = false;
  };
  // Bounded for hostile pages: strings past either bound are read each time, not kept.
  static constexpr std::size_t kMaxEntries = 4096, kMaxBytes = std::size_t{16} << 20;
  void grow();
  std::vector<Slot> slots_;  // a power of two, at most half full
  std::size_t entries_ = 0;
  std::string bytes_;
};

// What of an element carries placement: its tag name (lowercase) and these attributes.
struct ElementSignals {
  std::string_view name, role, id, cls, itemprop, itemtype, aria_label;
};

// The signal of an element. `inside_content` is true when an article/main/content ancestor is
// open: a header or footer element there is the article's own (byline, tags), not the page's.
Signal signal_of(const ElementSignals& element, bool inside_content, TokenSignalCache& cache);
// What of a start tag carries placement, read in one pass over its attributes (views into it).
ElementSignals element_signals(const html::Token& start_tag);
// The same for a start tag of the tokenizer.
Signal signal_of(const html::Token& start_tag, bool inside_content, TokenSignalCache& cache);

Placement to_placement(Signal signal);

// The reader-view weight of an element's class and id: for each, +25 when it has a word of main
// text and -25 when it names page furniture (navigation, footer, sidebar, comments, share...);
// and whether either has a word of main text.
struct ClassWeight {
  int8_t weight = 0;
  bool positive = false;
};
ClassWeight class_weight(std::string_view cls, std::string_view id, TokenSignalCache& cache);

}  // namespace linklens::placement
