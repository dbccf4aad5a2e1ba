// Fuzzes the HTML tokenizer from every initial state, and with CDATA allowed or not.
//
// Properties: it reaches end of file in a number of tokens bounded by the input size (no
// hang), token byte ranges stay inside the input and never go backwards, and tag names are
// lowercase.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "linklens/html/tokenizer.h"

using linklens::html::Tokenizer;
using linklens::html::TokenizerState;
using linklens::html::TokenKind;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  // The first byte picks the initial state and the CDATA flag; the rest is the document.
  const uint8_t control = data[0];
  std::string_view html(reinterpret_cast<const char*>(data + 1), size - 1);
  static constexpr TokenizerState kStates[] = {TokenizerState::kData,      TokenizerState::kRcdata,
                                               TokenizerState::kRawtext,   TokenizerState::kScriptData,
                                               TokenizerState::kPlaintext, TokenizerState::kCdataSection};
  Tokenizer t(html);
  t.set_last_start_tag("script");
  t.switch_to(kStates[control % 6]);
  t.set_cdata_allowed((control & 0x80) != 0);
  const std::size_t limit = 2 * t.input().size() + 4;
  uint32_t last_begin = 0;
  for (std::size_t n = 0;; ++n) {
    if (n > limit) std::abort();  // more tokens than bytes: a loop that does not advance
    const auto& tok = t.next();
    if (tok.kind == TokenKind::kEndOfFile) break;
    if (tok.end > t.input().size() || tok.begin > tok.end) std::abort();
    if (tok.kind != TokenKind::kText && tok.begin < last_begin) std::abort();
    if (tok.kind != TokenKind::kText) last_begin = tok.begin;
    if (tok.kind == TokenKind::kStartTag || tok.kind == TokenKind::kEndTag) {
      for (char c : tok.name) {
        if (c >= 'A' && c <= 'Z') std::abort();
      }
    }
  }
  return 0;
}
