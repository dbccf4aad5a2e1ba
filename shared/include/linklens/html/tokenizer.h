// A streaming HTML tokenizer that follows the WHATWG HTML Standard's tokenization (section
// 13.2.5) for everything that decides what is a tag, an attribute value, text, a comment or a
// DOCTYPE. Judged by html5lib's tokenizer tests.
//
// Pull interface: next() returns one token at a time. The tree-construction stage switches the
// tokenizer into RCDATA / RAWTEXT / script data / PLAINTEXT after the start tags that call for it
// (switch_to), and says when CDATA sections are allowed (foreign content). Tokens are views into
// the tokenizer's buffers or the input, valid until the next call to next().
//
// Input: UTF-8. CR and CRLF are normalised to LF first (the standard's input stream
// preprocessing), so token offsets refer to the normalised text, available as input().
//
// Deliberate deviation: input is bytes, so a lone surrogate (which only a UTF-16 source can hold)
// never reaches the tokenizer; html5lib tests that feed one are counted apart.
//
// Thread-safety: one Tokenizer per thread; it owns its buffers.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace linklens::html {

enum class TokenKind : uint8_t { kStartTag, kEndTag, kText, kComment, kDoctype, kEndOfFile };

enum class TokenizerState : uint8_t { kData, kRcdata, kRawtext, kScriptData, kPlaintext, kCdataSection };

struct Attribute {
  std::string_view name;   // ASCII-lowercased
  std::string_view value;  // character references decoded
};

struct Token {
  TokenKind kind = TokenKind::kEndOfFile;
  std::string_view name;  // tag name (ASCII-lowercased), DOCTYPE name, or comment data
  std::string_view text;  // kText: the characters, references decoded
  const Attribute* attributes = nullptr;
  std::size_t attribute_count = 0;
  bool self_closing = false;
  // DOCTYPE only.
  bool has_name = false, has_public_id = false, has_system_id = false, force_quirks = false;
  std::string_view public_id, system_id;
  // Byte range of the token in input(); for kText, of the run it was decoded from.
  uint32_t begin = 0, end = 0;

  // The value of attribute `name` (lowercase), or nullptr when absent.
  const std::string_view* attribute(std::string_view attribute_name) const;
};

class Tokenizer {
 public:
  explicit Tokenizer(std::string_view utf8);

  // REQUIRES: the previous token was not kEndOfFile.
  const Token& next();

  // Switches the content state; called by the consumer right after a start tag (title ->
  // kRcdata, script -> kScriptData, ...). The appropriate end tag is the last start tag's name.
  void switch_to(TokenizerState state);

  // For starting in a non-data state (html5lib's "lastStartTag").
  void set_last_start_tag(std::string_view name) { last_start_tag_.assign(name); }

  // Whether "<![CDATA[" opens a CDATA section: true when the adjusted current node is in
  // foreign content (SVG, MathML); otherwise it is a bogus comment.
  void set_cdata_allowed(bool allowed) { cdata_allowed_ = allowed; }

  std::string_view input() const { return input_; }

 private:
  enum class State : uint8_t;
  struct PendingAttribute {
    uint32_t name_begin, name_length, value_begin, value_length;
    bool dropped;  // a duplicate name: the first attribute wins
  };

  // Text accumulation: a view into the input while it stays contiguous, a buffer otherwise.
  void text_range(const char* begin, const char* end);
  void text_bytes(std::string_view bytes);
  bool take_text(Token& token);

  void begin_tag(TokenKind kind, const char* at);
  void begin_attribute();
  void end_attribute_name();
  void finish_attribute_value();
  void emit_tag(const char* after);
  bool is_appropriate_end_tag() const { return tag_name_ == last_start_tag_; }

  void run_raw_text(TokenizerState mode);  // RCDATA, RAWTEXT, PLAINTEXT
  void run_script_data();

  std::string normalised_;  // input after CR/LF normalisation, when it had a CR
  std::string_view input_;
  const char* p_;
  const char* end_;
  State state_;
  TokenizerState content_state_ = TokenizerState::kData;
  bool cdata_allowed_ = false;
  bool eof_emitted_ = false;

  Token token_;
  bool token_ready_ = false;
  Token pending_token_;  // a tag/comment completed while text was still pending
  bool has_pending_token_ = false;

  const char* text_begin_ = nullptr;
  const char* text_end_ = nullptr;
  bool text_in_buffer_ = false;
  uint32_t text_start_offset_ = 0;
  std::string text_;
  std::string returned_text_;

  TokenKind tag_kind_ = TokenKind::kStartTag;
  const char* tag_begin_ = nullptr;
  std::string tag_name_;
  std::string last_start_tag_;
  bool self_closing_ = false;
  std::string attr_text_;
  std::vector<PendingAttribute> attrs_;
  std::unordered_set<std::string> seen_names_;  // duplicate check for tags with many attributes
  std::vector<Attribute> attr_views_;
  std::string temp_;  // the standard's temporary buffer
  std::string comment_;
  std::string doctype_name_, public_id_, system_id_;
  bool has_doctype_name_ = false, has_public_id_ = false, has_system_id_ = false, force_quirks_ = false;
  const char* markup_begin_ = nullptr;
};

}  // namespace linklens::html
