#include "element_stack.h"

#include <algorithm>
#include <array>

#include "linklens/html/tokenizer.h"

namespace linklens::html {
namespace {

template <std::size_t N>
bool in(std::string_view name, const std::array<std::string_view, N>& set) {
  return std::find(set.begin(), set.end(), name) != set.end();
}

constexpr std::array<std::string_view, 15> kVoid = {"area", "base", "br", "col", "embed", "hr", "img", "input",
                                                    "link", "meta", "source", "track", "wbr", "param", "keygen"};
constexpr std::array<std::string_view, 36> kClosesP = {
    "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div", "dl",
    "fieldset", "figcaption", "figure", "footer", "header", "hgroup", "main", "menu", "nav", "ol",
    "p", "search", "section", "summary", "ul", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "listing",
    "form", "table", "xmp"};
constexpr std::array<std::string_view, 14> kFormatting = {"a", "b", "big", "code", "em", "font", "i", "nobr",
                                                          "s", "small", "strike", "strong", "tt", "u"};
// Scope boundaries of "has an element in scope" (13.2.4.2).
constexpr std::array<std::string_view, 9> kScope = {"applet", "caption", "html", "table", "td", "th",
                                                    "marquee", "object", "template"};
constexpr std::array<std::string_view, 3> kTableScope = {"html", "table", "template"};
// Special elements, less address, div and p (the li/dd/dt loops and "any other end tag" stop there).
constexpr std::array<std::string_view, 60> kSpecial = {
    "applet", "article", "aside", "blockquote", "body", "button", "caption", "center", "colgroup",
    "dd", "details", "dir", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "frameset",
    "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup", "html", "iframe", "li", "listing",
    "main", "marquee", "menu", "nav", "noembed", "noframes", "noscript", "object", "ol", "plaintext",
    "pre", "script", "search", "section", "select", "style", "summary", "table", "tbody", "td",
    "template", "textarea", "tfoot", "th", "thead", "title", "tr"};
constexpr std::array<std::string_view, 44> kBreakout = {
    "b", "big", "blockquote", "body", "br", "center", "code", "dd", "div", "dl", "dt", "em", "embed",
    "h1", "h2", "h3", "h4", "h5", "h6", "head", "hr", "i", "img", "li", "listing", "menu", "meta",
    "nobr", "ol", "p", "pre", "ruby", "s", "small", "span", "strong", "strike", "sub", "sup", "table",
    "tt", "u", "ul", "var"};

}  // namespace

bool is_void_element(std::string_view name) { return in(name, kVoid); }
bool is_heading(std::string_view name) {
  return name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6';
}
bool closes_p(std::string_view name) { return in(name, kClosesP); }
bool is_formatting(std::string_view name) { return in(name, kFormatting); }

bool ElementStack::breaks_out_of_foreign_content(std::string_view name) { return in(name, kBreakout); }

bool ElementStack::contains(std::string_view name) const {
  return std::any_of(stack_.begin(), stack_.end(), [&](const OpenElement& e) { return e.name == name; });
}

long ElementStack::find_in_scope(std::string_view name, bool button_scope, bool table_scope, bool stop_at_special) const {
  for (std::size_t i = stack_.size(); i-- > 0;) {
    const OpenElement& e = stack_[i];
    if (!e.foreign && e.name == name) return static_cast<long>(i);
    if (e.foreign) {
      if (e.integration_point) return -1;  // HTML integration points are scope boundaries
      continue;
    }
    if (table_scope ? in(e.name, kTableScope) : in(e.name, kScope)) return -1;
    if (button_scope && e.name == "button") return -1;
    if (stop_at_special && in(e.name, kSpecial)) return -1;
    // The li loop stops at ul/ol; the dd/dt loop at dl (both are special, covered above).
  }
  return -1;
}

bool content_state_after(std::string_view name, bool scripting, TokenizerState& state) {
  if (name == "title" || name == "textarea") state = TokenizerState::kRcdata;
  else if (name == "style" || name == "xmp" || name == "iframe" || name == "noembed" || name == "noframes")
    state = TokenizerState::kRawtext;
  else if (name == "noscript" && scripting) state = TokenizerState::kRawtext;
  else if (name == "script") state = TokenizerState::kScriptData;
  else if (name == "plaintext") state = TokenizerState::kPlaintext;
  else return false;
  return true;
}

}  // namespace linklens::html
