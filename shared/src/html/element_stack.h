// A tree-less stand-in for the HTML tree builder: the stack of open elements with the implied end
// tags of the common cases (p, li, dt/dd, option, table parts, headings, a inside a), scope-aware
// end tags, void elements and foreign content (SVG/MathML, with their HTML integration points).
// It gives the inspector each link's ancestors without building a DOM.
//
// Deliberate simplifications, pinned by tests: no adoption agency (a misnested formatting end tag
// closes up to its element), no foster parenting, no implicit html/head/body elements.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace linklens::html {

enum class TokenizerState : uint8_t;

struct OpenElement {
  std::string name;
  bool foreign = false;          // SVG or MathML element
  bool integration_point = false;  // foreignObject/desc/title (SVG), mi/mo/mn/ms/mtext/annotation-xml
  uint8_t signal = 0;            // placement signal (placement::Signal), 0 when none
  bool hidden = false;           // hides its subtree (hidden attribute, inline display:none, ...)
  bool content = false;          // article/main or a content class: header/footer inside are the article's
  int32_t block = -1;            // block (paragraph-like container) index of this element or its nearest ancestor
  int32_t container = -1;        // content container (article, article-body...) of this element or an ancestor
};

bool is_void_element(std::string_view name);

class ElementStack {
 public:
  // Closes what a start tag `name` implicitly closes (HTML content). Calls on_pop for each.
  template <class OnPop>
  void before_start_tag(std::string_view name, OnPop&& on_pop);

  // Handles an end tag: pops up to and including the matching element, within scope. Returns
  // false when the end tag matches nothing (and is ignored).
  template <class OnPop>
  bool end_tag(std::string_view name, OnPop&& on_pop);

  // Foreign content: true when the current node is SVG/MathML (not an integration point), so
  // start tags are foreign and CDATA sections are allowed.
  bool in_foreign_content() const { return !stack_.empty() && stack_.back().foreign && !stack_.back().integration_point; }

  // An HTML start tag that breaks out of foreign content (b, div, p, ...).
  static bool breaks_out_of_foreign_content(std::string_view name);

  template <class OnPop>
  void pop_foreign(OnPop&& on_pop) {
    while (in_foreign_content()) pop(on_pop);
  }

  void push(OpenElement element) { stack_.push_back(std::move(element)); }
  const std::vector<OpenElement>& elements() const { return stack_; }
  std::size_t size() const { return stack_.size(); }
  const OpenElement* top() const { return stack_.empty() ? nullptr : &stack_.back(); }
  bool contains(std::string_view name) const;

  template <class OnPop>
  void pop(OnPop&& on_pop) {
    on_pop(stack_.back());
    stack_.pop_back();
  }

 private:
  template <class OnPop>
  void pop_until(std::size_t index, OnPop&& on_pop) {  // pops elements [index, end)
    while (stack_.size() > index) pop(on_pop);
  }
  // Index of the nearest element named `name` whose search did not cross a scope boundary.
  long find_in_scope(std::string_view name, bool button_scope, bool table_scope, bool stop_at_special) const;
  std::vector<OpenElement> stack_;
};

// The content state a start tag puts the tokenizer in, per the tree-construction rules
// (title/textarea: RCDATA; style/xmp/iframe/noembed/noframes, and noscript when scripting:
// RAWTEXT; script: script data; plaintext: PLAINTEXT). Returns false when it stays in data.
bool content_state_after(std::string_view name, bool scripting, TokenizerState& state);

}  // namespace linklens::html

#include "element_stack_inl.h"
