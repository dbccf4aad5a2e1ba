// The DOM facts the extension's content script sends (JSON text) -> classify_links() input.
//
// {"page": {url, baseUrl, title, lang, canonical, metas: [[name, content]], height},
//  "links": [{href, tag, rel, text, title, target, ariaLabel, hasImage, imageAlt, hidden, top,
//             inShadowRoot, inIframe, node: its nearest block, an index into "blockTree",
//             blockText, blockChars, blockLinkChars   or  block: an index into "blocks",
//             ancestors: [element, ...] outermost first  or  parent: an index into "elements"}],
//  "blocks": [{text, chars, linkChars}],        blocks shared by many links, sent once
//  "elements": [{tag, role, id, className, itemprop, itemtype, ariaLabel, textChars, parent}]}
//                                               ancestors shared by many links, sent once
//  "blockTree": [{parent, tag, role, id, className, itemprop, itemtype, ariaLabel,
//                 chars, linkChars, commas, links}]   every block element of the page, parents
//                                               first, for the content scorer
// Missing or mistyped fields read as their defaults (this module has no exceptions).
#pragma once

#include <string>
#include <vector>

#include "linklens/classify_links.h"

namespace linklens::wasm {

// False when the text is not a JSON object with a "page" object.
bool read_dom_json(const std::string& json, DomPage& page, std::vector<DomLink>& links);

}  // namespace linklens::wasm
