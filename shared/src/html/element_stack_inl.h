// Template bodies of ElementStack (element_stack.h); the names' table is element_table.h.
#pragma once

namespace linklens::html {

template <class OnPop>
void ElementStack::before_start_tag(std::string_view name, uint32_t flags, OnPop&& on_pop) {
  if (flags & kClosesP) {
    long p = find_in_scope("p", true, false, false);
    if (p >= 0) pop_until(static_cast<std::size_t>(p), on_pop);
  }
  if ((flags & kHeading) && !stack_.empty() && (stack_.back().flags & kHeading)) pop(on_pop);
  if (name == "li") {
    long li = find_in_scope("li", false, false, true);
    if (li >= 0) pop_until(static_cast<std::size_t>(li), on_pop);
  } else if (name == "dd" || name == "dt") {
    long dd = find_in_scope("dd", false, false, true);
    long dt = find_in_scope("dt", false, false, true);
    long i = dd > dt ? dd : dt;
    if (i >= 0) pop_until(static_cast<std::size_t>(i), on_pop);
  } else if (name == "option" || name == "optgroup") {
    if (!stack_.empty() && stack_.back().name == "option") pop(on_pop);
    if (name == "optgroup" && !stack_.empty() && stack_.back().name == "optgroup") pop(on_pop);
  } else if (name == "td" || name == "th" || name == "tr" || name == "tbody" || name == "thead" || name == "tfoot") {
    // A new cell closes the open cell; a new row also the row; a new section also the section.
    for (NameAndRow closed : {NameAndRow("td"), NameAndRow("th")}) {
      long i = find_in_scope(closed, false, true, false);
      if (i >= 0) pop_until(static_cast<std::size_t>(i), on_pop);
    }
    if (name != "td" && name != "th") {
      long tr = find_in_scope("tr", false, true, false);
      if (tr >= 0) pop_until(static_cast<std::size_t>(tr), on_pop);
    }
    if (name == "tbody" || name == "thead" || name == "tfoot") {
      for (NameAndRow closed : {NameAndRow("tbody"), NameAndRow("thead"), NameAndRow("tfoot")}) {
        long i = find_in_scope(closed, false, true, false);
        if (i >= 0) pop_until(static_cast<std::size_t>(i), on_pop);
      }
    }
  } else if (name == "a") {
    // "a inside a": the open a is closed first (what the adoption agency does for this case).
    long a = find_in_scope("a", false, false, false);
    if (a >= 0) pop_until(static_cast<std::size_t>(a), on_pop);
  } else if (name == "button") {
    long b = find_in_scope("button", false, false, false);
    if (b >= 0) pop_until(static_cast<std::size_t>(b), on_pop);
  }
}

template <class OnPop>
bool ElementStack::end_tag(std::string_view name, OnPop&& on_pop) {
  if (name == "body" || name == "html") return false;  // content after them still belongs to body
  // Foreign elements close by name (case-insensitive in the standard; names are lowercased here).
  // End tags use these rules at HTML integration points too (only start tags and text there
  // follow the HTML rules), so an SVG <title> is closed by </title>.
  if (!stack_.empty() && stack_.back().foreign) {
    for (std::size_t i = stack_.size(); i-- > 0;) {
      if (stack_[i].name == name) {
        pop_until(i, on_pop);
        return true;
      }
      if (!stack_[i].foreign) break;
    }
  }
  const int row = element_row(name);
  const uint32_t flags = row_flags(row);
  long i;
  if (name == "p")
    i = find_in_scope("p", true, false, false);
  else if (name == "li")
    i = find_in_scope("li", false, false, false);
  else if (flags & kHeading) {
    i = -1;
    for (NameAndRow h :
         {NameAndRow("h1"), NameAndRow("h2"), NameAndRow("h3"), NameAndRow("h4"), NameAndRow("h5"), NameAndRow("h6")}) {
      long j = find_in_scope(h, false, false, false);
      if (j > i) i = j;
    }
  } else if (name == "tr" || name == "tbody" || name == "thead" || name == "tfoot" || name == "table" ||
             name == "caption" || name == "colgroup") {
    i = find_in_scope({name, row}, false, true, false);  // closes the open cells and rows inside
  } else {
    i = find_in_scope({name, row}, false, false, (flags & (kFormatting | kClosesP)) == 0);
  }
  if (i < 0) return false;
  pop_until(static_cast<std::size_t>(i), on_pop);
  return true;
}

}  // namespace linklens::html
