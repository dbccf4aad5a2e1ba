// The wasm module's former DOM-facts reader (a json tree, then read), the oracle for the
// streaming reader in wasm/dom_json.cpp; and a text form of what either read, to compare them.
#pragma once

#include <string>
#include <vector>

#include "linklens/classify_links.h"

namespace linklens::test {

// As wasm::read_dom_json (wasm/dom_json.h), through nlohmann's json tree.
bool read_dom_json_tree(const std::string& json, DomPage& page, std::vector<DomLink>& links);

// Every field of a page and its links as text, so two readings compare (and differ) readably.
std::string describe_dom(const DomPage& page, const std::vector<DomLink>& links);

}  // namespace linklens::test
