// The content-block scorer: which blocks of a page are its main text. Both link producers build
// the same light block tree (the HTML inspector while the tokenizer streams, the extension from
// the live DOM) and ask this one function, so the CLI and the browser agree on every link.
//
// The method follows the reader-view engines (Readability's candidate scoring with ancestors) and
// boilerplate detectors (boilerpipe's text and link density per block): paragraphs of text vote
// for the blocks around them, link-dense and class-marked blocks lose, the best-scored block and
// its like-scored siblings are the article, and inside it blocks that read as link lists, share
// lines or teaser cards are cut again. Class and id words are one feature among others (a weight),
// not the decision.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "placement.h"

namespace linklens::content {

// What a block element is, as far as scoring goes.
enum class BlockTag : uint8_t {
  kOther,      // figure, address, center, details...
  kDiv,        // div, and the sectioning elements that act like one (section, main, body)
  kArticle,    // article
  kParagraph,  // p
  kPre,        // pre, blockquote
  kCell,       // td
  kList,       // ul, ol, dl
  kListItem,   // li, dd, dt
  kHeading,    // h1-h6, th
  kForm,       // form
  kTable,      // table
  kAside,      // aside, nav, header, footer, figcaption, caption
};

BlockTag block_tag_of(std::string_view lowercase_name);

// One block element, with the text whose nearest block element it is (its own text; text of
// blocks inside it belongs to them).
struct BlockFacts {
  int32_t parent = -1;  // enclosing block, or -1; a parent always comes before its children
  BlockTag tag = BlockTag::kOther;
  placement::Signal signal = placement::Signal::kNone;  // from its tag, role and class/id words
  int8_t class_weight = 0;                              // -25/+25 per class and id (class_weight())
  bool positive = false;                                // class or id has a word of main text
  uint32_t chars = 0;                                   // visible characters of its own text, links included
  uint32_t link_chars = 0;                              // of which inside links
  uint32_t commas = 0;                                  // commas in its own text (a sign of sentences)
  uint32_t links = 0;                                   // links whose nearest block it is
};

enum class Verdict : uint8_t {
  kUndecided,  // the page has no main text to speak of: the caller decides from other evidence
  kMain,       // part of the page's main text
  kOutside,    // outside it
  kLinkList,   // inside it, but cut as links rather than text (a list of links, a share line)
};

// One verdict per block. Pure: the same blocks give the same verdicts in native code and wasm.
std::vector<Verdict> score_blocks(const std::vector<BlockFacts>& blocks);

}  // namespace linklens::content
