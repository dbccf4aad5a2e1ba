// Character references (&amp; &#233; &eacute; ...) decoded as the HTML Standard decodes them,
// for text that arrives outside the tokenizer, such as URLs and anchor texts in Common Crawl WAT
// files, which keep attribute values as written in the page.
#pragma once

#include <string>
#include <string_view>

namespace linklens::html {

// `attribute_value` selects the attribute rules (a legacy reference without ';' followed by '='
// or an alphanumeric stays as written).
std::string decode_character_references(std::string_view text, bool attribute_value);

}  // namespace linklens::html
