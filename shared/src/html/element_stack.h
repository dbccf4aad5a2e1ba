// A tree-less stand-in for the HTML tree builder: the stack of open elements with the implied end
// tags of the common cases (p, li, dt/dd, option, table parts, headings, a inside a), scope-aware
// end tags, void elements and foreign content (SVG/MathML, with their HTML integration points).
// It gives the inspector each link's ancestors without building a DOM.
//
// Deliberate simplifications, pinned by tests: no adoption agency (a misnested formatting end tag
// closes up to its element), no foster parenting, no implicit html/head/body elements.
#pragma once

#include <array>
#include <cassert>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "element_table.h"

namespace linklens::html {

enum class TokenizerState : uint8_t;

uint32_t element_flags(std::string_view name);

// The row of `name` in kElementTable (element_table.h), or -1 for a name not listed there.
int element_row(std::string_view name);

struct OpenElement {
  std::string name;
  int16_t row = -1;                // element_row(name) for an HTML element (set by push); -1 otherwise
  uint32_t flags = 0;              // element_flags(name); 0 for foreign elements
  bool foreign = false;            // SVG or MathML element
  bool integration_point = false;  // foreignObject/desc/title (SVG), mi/mo/mn/ms/mtext/annotation-xml
  uint8_t signal = 0;              // placement signal (placement::Signal), 0 when none
  uint8_t inherited_signal = 0;    // this element's signal, or the nearest ancestor's
  int32_t signal_block = -1;       // when that signal comes from an inline element: the block it sits in
  bool hidden = false;             // hides its subtree (hidden attribute, inline display:none, ...)
  bool content = false;            // article/main or a content class: header/footer inside are the article's
  int32_t block = -1;              // block (paragraph-like container) index of this element or its nearest ancestor
  int32_t container = -1;          // content container (article, article-body...) of this element or an ancestor
};

class ElementStack {
 public:
  // Closes what a start tag `name` implicitly closes (HTML content). Calls on_pop for each.
  template <class OnPop>
  void before_start_tag(std::string_view name, uint32_t flags, OnPop&& on_pop);

  // Handles an end tag: pops up to and including the matching element, within scope. Returns
  // false when the end tag matches nothing (and is ignored).
  template <class OnPop>
  bool end_tag(std::string_view name, OnPop&& on_pop);

  // Foreign content: true when the current node is SVG/MathML (not an integration point), so
  // start tags are foreign and CDATA sections are allowed.
  bool in_foreign_content() const {
    return !stack_.empty() && stack_.back().foreign && !stack_.back().integration_point;
  }

  template <class OnPop>
  void pop_foreign(OnPop&& on_pop) {
    while (in_foreign_content()) pop(on_pop);
  }

  void push(OpenElement element) {
    const int row = element.foreign ? -1 : element_row(element.name);
    push(std::move(element), row);
  }
  // The same, for a caller that has looked up the element's row already (`row`:
  // element_row(element.name), ignored for a foreign element).
  void push(OpenElement element, int row) {
    assert(element.foreign || row == element_row(element.name));  // the counts below rely on it
    if (!element.foreign) {
      element.row = static_cast<int16_t>(row);
      if (element.row >= 0)
        ++known_open_[static_cast<std::size_t>(element.row)];
      else
        ++open_count_[element.name];
    } else {
      element.row = -1;
    }
    stack_.push_back(std::move(element));
  }
  const std::vector<OpenElement>& elements() const { return stack_; }
  std::size_t size() const { return stack_.size(); }
  const OpenElement* top() const { return stack_.empty() ? nullptr : &stack_.back(); }
  bool contains(std::string_view name) const;

  template <class OnPop>
  void pop(OnPop&& on_pop) {
    on_pop(stack_.back());
    if (stack_.back().row >= 0) {
      --known_open_[static_cast<std::size_t>(stack_.back().row)];
    } else if (!stack_.back().foreign) {
      auto it = open_count_.find(stack_.back().name);
      // A name's entry stays at zero (no allocation each time an <a> or <span> opens and
      // closes), unless a page has made very many distinct names.
      if (it != open_count_.end() && --it->second == 0 && open_count_.size() > kMaxIdleNames) open_count_.erase(it);
    }
    stack_.pop_back();
  }

 private:
  template <class OnPop>
  void pop_until(std::size_t index, OnPop&& on_pop) {  // pops elements [index, end)
    while (stack_.size() > index) pop(on_pop);
  }
  // An element name with its row (element_row): for a name written in the code, found when it is
  // compiled.
  struct NameAndRow {
    std::string_view name;
    int row;
    consteval NameAndRow(const char* literal) : name(literal), row(listed_row(literal)) {}
    NameAndRow(std::string_view n, int r) : name(n), row(r) {}
  };
  // Index of the nearest element named `name` whose search did not cross a scope boundary.
  long find_in_scope(NameAndRow element, bool button_scope, bool table_scope, bool stop_at_special) const {
    const auto [name, row] = element;
    // Most searches are for an element that is not open at all: answer without walking the
    // stack, so hostile nesting (100,000 open <div>s) stays linear.
    if (row >= 0) {
      if (known_open_[static_cast<std::size_t>(row)] == 0) return -1;
    } else if (auto it = open_count_.find(name); it == open_count_.end() || it->second == 0) {
      return -1;
    }
    const uint32_t boundary =
        (table_scope ? static_cast<uint32_t>(kTableScopeBoundary) : static_cast<uint32_t>(kScopeBoundary)) |
        (stop_at_special ? static_cast<uint32_t>(kSpecial) : 0u);
    for (std::size_t i = stack_.size(); i-- > 0;) {
      const OpenElement& e = stack_[i];
      if (e.foreign) {
        if (e.integration_point) return -1;  // HTML integration points are scope boundaries
        continue;
      }
      // A listed name is known by its row; two elements of other names compare their names.
      if (row >= 0 ? e.row == row : (e.row < 0 && e.name == name)) return static_cast<long>(i);
      if ((e.flags & boundary) != 0 || (button_scope && e.row == listed_row("button"))) return -1;
    }
    return -1;
  }
  struct NameHash {
    using is_transparent = void;  // looked up by string_view: no string is made for a lookup
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  static constexpr std::size_t kMaxIdleNames = 256;
  std::vector<OpenElement> stack_;
  // Invariant: the number of open HTML elements named n is known_open_[element_row(n)] for a
  // listed name, and open_count_[n] (absent, or zero) for any other.
  std::array<uint32_t, kElementRows> known_open_{};
  std::unordered_map<std::string, uint32_t, NameHash, std::equal_to<>> open_count_;
};

// The content state a start tag puts the tokenizer in, per the tree-construction rules
// (title/textarea: RCDATA; style/xmp/iframe/noembed/noframes, and noscript when scripting:
// RAWTEXT; script: script data; plaintext: PLAINTEXT). Returns false when it stays in data.
bool content_state_after(std::string_view name, bool scripting, TokenizerState& state);

}  // namespace linklens::html

#include "element_stack_inl.h"
