// The HTML Standard's tokenizer (13.2.5), one case per state, each named as in the standard.
// Parse errors are not reported: Linklens only needs the tokens.
//
// Speed: the states that read long runs (data, RCDATA, RAWTEXT, script data, attribute values,
// comments) scan ahead with memchr-like loops and append whole runs; text that needs no decoding
// is returned as a view into the input without a copy.
#include "linklens/html/tokenizer.h"

#include <cstdint>
#include <cstring>

#include "entities.h"

namespace linklens::html {

enum class Tokenizer::State : uint8_t {
  kData,
  kRcdata,
  kRawtext,
  kScriptData,
  kPlaintext,
  kTagOpen,
  kEndTagOpen,
  kTagName,
  kScriptDataLessThan,
  kScriptDataEscapeStart,
  kScriptDataEscapeStartDash,
  kScriptDataEscaped,
  kScriptDataEscapedDash,
  kScriptDataEscapedDashDash,
  kScriptDataEscapedLessThan,
  kScriptDataDoubleEscapeStart,
  kScriptDataDoubleEscaped,
  kScriptDataDoubleEscapedDash,
  kScriptDataDoubleEscapedDashDash,
  kScriptDataDoubleEscapedLessThan,
  kScriptDataDoubleEscapeEnd,
  kBeforeAttributeName,
  kAttributeName,
  kAfterAttributeName,
  kBeforeAttributeValue,
  kAttributeValueDoubleQuoted,
  kAttributeValueSingleQuoted,
  kAttributeValueUnquoted,
  kAfterAttributeValueQuoted,
  kSelfClosingStartTag,
  kBogusComment,
  kMarkupDeclarationOpen,
  kCommentStart,
  kCommentStartDash,
  kComment,
  kCommentLessThan,
  kCommentLessThanBang,
  kCommentLessThanBangDash,
  kCommentLessThanBangDashDash,
  kCommentEndDash,
  kCommentEnd,
  kCommentEndBang,
  kDoctype,
  kBeforeDoctypeName,
  kDoctypeName,
  kAfterDoctypeName,
  kAfterDoctypePublicKeyword,
  kBeforeDoctypePublicId,
  kDoctypePublicIdDoubleQuoted,
  kDoctypePublicIdSingleQuoted,
  kAfterDoctypePublicId,
  kBetweenDoctypePublicAndSystemIds,
  kAfterDoctypeSystemKeyword,
  kBeforeDoctypeSystemId,
  kDoctypeSystemIdDoubleQuoted,
  kDoctypeSystemIdSingleQuoted,
  kAfterDoctypeSystemId,
  kBogusDoctype,
  kCdataSection,
  kCdataSectionBracket,
  kCdataSectionEnd,
  kEndOfFile,
};

namespace {

constexpr int kEof = -1;
constexpr char kReplacement[] = "\xEF\xBF\xBD";  // U+FFFD

bool is_ws(int c) { return c == '\t' || c == '\n' || c == '\f' || c == ' '; }
bool is_alpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_upper(int c) { return c >= 'A' && c <= 'Z'; }
char lower(int c) { return static_cast<char>(is_upper(c) ? c + 32 : c); }

bool starts_with_ci(const char* p, const char* end, std::string_view word) {
  if (static_cast<std::size_t>(end - p) < word.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (lower(static_cast<unsigned char>(p[i])) != word[i]) return false;
  }
  return true;
}

// Delimiter search, 8 bytes at a time (SWAR: no SIMD intrinsics, so the same code runs in
// WebAssembly). has_byte(w, c) is non-zero iff some byte of w equals c; its lowest set high bit
// marks the first such byte.
inline uint64_t broadcast(char c) { return 0x0101010101010101ull * static_cast<unsigned char>(c); }
inline uint64_t has_zero(uint64_t v) { return (v - 0x0101010101010101ull) & ~v & 0x8080808080808080ull; }

template <class Match>
const char* find_any(const char* p, const char* end, uint64_t mask_a, uint64_t mask_b, uint64_t mask_c, Match&& match) {
  while (end - p >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    uint64_t hit = has_zero(w ^ mask_a) | has_zero(w ^ mask_b) | has_zero(w ^ mask_c);
    if (hit != 0) {
      // The lowest flagged byte may be a false positive of the borrow chain only above a true
      // match, so the first flagged byte is a real match (little-endian).
      return p + (__builtin_ctzll(hit) >> 3);
    }
    p += 8;
  }
  for (; p < end; ++p) {
    if (match(*p)) return p;
  }
  return end;
}

// Finds the first of two bytes in [p, end), or end.
const char* find2(const char* p, const char* end, char a, char b) {
  return find_any(p, end, broadcast(a), broadcast(b), broadcast(b), [a, b](char c) { return c == a || c == b; });
}

const char* find3(const char* p, const char* end, char a, char b, char c) {
  return find_any(p, end, broadcast(a), broadcast(b), broadcast(c),
                  [a, b, c](char x) { return x == a || x == b || x == c; });
}

// The bytes that end a run of tag-name bytes (13.2.5.8: whitespace, '/', '>', NUL) and of
// attribute-name bytes (13.2.5.33: those and '='). Uppercase is lowered by the caller.
inline bool ends_tag_name(unsigned char c) {
  return c == '\t' || c == '\n' || c == '\f' || c == ' ' || c == '/' || c == '>' || c == 0;
}
inline bool ends_attribute_name(unsigned char c) { return ends_tag_name(c) || c == '='; }

}  // namespace

const std::string_view* Token::attribute(std::string_view attribute_name) const {
  for (std::size_t i = 0; i < attribute_count; ++i) {
    if (attributes[i].name == attribute_name) return &attributes[i].value;
  }
  return nullptr;
}

Tokenizer::Tokenizer(std::string_view utf8) : state_(State::kData) {
  // Input stream preprocessing: CRLF and CR become LF (copied by runs between CRs).
  if (const void* first_cr = std::memchr(utf8.data(), '\r', utf8.size()); first_cr != nullptr) {
    normalised_.reserve(utf8.size());
    const char* p = utf8.data();
    const char* end = p + utf8.size();
    const char* cr = static_cast<const char*>(first_cr);
    while (cr != nullptr) {
      normalised_.append(p, static_cast<std::size_t>(cr - p));
      normalised_.push_back('\n');
      p = cr + 1;
      if (p < end && *p == '\n') ++p;
      cr = static_cast<const char*>(std::memchr(p, '\r', static_cast<std::size_t>(end - p)));
    }
    normalised_.append(p, static_cast<std::size_t>(end - p));
    input_ = normalised_;
  } else {
    input_ = utf8;
  }
  p_ = input_.data();
  end_ = p_ + input_.size();
  attrs_.reserve(16);
}

void Tokenizer::switch_to(TokenizerState state) {
  content_state_ = state;
  switch (state) {
    case TokenizerState::kData: state_ = State::kData; break;
    case TokenizerState::kRcdata: state_ = State::kRcdata; break;
    case TokenizerState::kRawtext: state_ = State::kRawtext; break;
    case TokenizerState::kScriptData: state_ = State::kScriptData; break;
    case TokenizerState::kPlaintext: state_ = State::kPlaintext; break;
    case TokenizerState::kCdataSection: state_ = State::kCdataSection; break;
  }
}

// ---- text accumulation ----

void Tokenizer::text_range(const char* begin, const char* end) {
  if (begin == end) return;
  if (text_begin_ == nullptr && !text_in_buffer_) {
    text_begin_ = begin;
    text_end_ = end;
    text_start_offset_ = static_cast<uint32_t>(begin - input_.data());
    return;
  }
  if (!text_in_buffer_ && begin == text_end_) {
    text_end_ = end;
    return;
  }
  text_bytes(std::string_view(begin, static_cast<std::size_t>(end - begin)));
}

void Tokenizer::text_bytes(std::string_view bytes) {
  if (!text_in_buffer_) {
    text_.clear();
    if (text_begin_ != nullptr) {
      text_.append(text_begin_, static_cast<std::size_t>(text_end_ - text_begin_));
    } else {
      text_start_offset_ = static_cast<uint32_t>(p_ - input_.data());
    }
    text_begin_ = text_end_ = nullptr;
    text_in_buffer_ = true;
  }
  text_.append(bytes);
}

bool Tokenizer::take_text(Token& token) {
  if (text_begin_ == nullptr && !text_in_buffer_) return false;
  token = Token{};
  token.kind = TokenKind::kText;
  token.begin = text_start_offset_;
  token.end = static_cast<uint32_t>(p_ - input_.data());
  if (text_in_buffer_) {
    returned_text_.swap(text_);
    token.text = returned_text_;
  } else {
    token.text = std::string_view(text_begin_, static_cast<std::size_t>(text_end_ - text_begin_));
    token.end = static_cast<uint32_t>(text_end_ - input_.data());
  }
  text_begin_ = text_end_ = nullptr;
  text_in_buffer_ = false;
  return true;
}

// ---- tags ----

void Tokenizer::begin_tag(TokenKind kind, const char* at) {
  tag_kind_ = kind;
  tag_begin_ = at;
  tag_name_.clear();
  self_closing_ = false;
  attr_text_.clear();
  attrs_.clear();
  seen_names_.clear();
}

void Tokenizer::begin_attribute() {
  uint32_t at = static_cast<uint32_t>(attr_text_.size());
  attrs_.push_back({at, 0, at, 0, false});
}

void Tokenizer::end_attribute_name() {
  // A duplicate name is a parse error and the later attribute is dropped (first wins). Tags with
  // many attributes switch to a hash set so hostile input stays linear.
  PendingAttribute& cur = attrs_.back();
  cur.name_length = static_cast<uint32_t>(attr_text_.size()) - cur.name_begin;
  std::string_view name(attr_text_.data() + cur.name_begin, cur.name_length);
  constexpr std::size_t kLinearLimit = 32;
  if (attrs_.size() <= kLinearLimit) {
    for (std::size_t i = 0; i + 1 < attrs_.size(); ++i) {
      const PendingAttribute& a = attrs_[i];
      if (std::string_view(attr_text_.data() + a.name_begin, a.name_length) == name) {
        cur.dropped = true;
        break;
      }
    }
  } else {
    if (seen_names_.empty()) {
      for (std::size_t i = 0; i + 1 < attrs_.size(); ++i) {
        seen_names_.emplace(attr_text_.data() + attrs_[i].name_begin, attrs_[i].name_length);
      }
    }
    cur.dropped = !seen_names_.emplace(name).second;
  }
  cur.value_begin = static_cast<uint32_t>(attr_text_.size());
  cur.value_length = 0;
}

void Tokenizer::finish_attribute_value() {
  PendingAttribute& a = attrs_.back();
  a.value_length = static_cast<uint32_t>(attr_text_.size()) - a.value_begin;
}

void Tokenizer::emit_tag(const char* after) {
  // Close the last attribute's value and drop duplicates.
  attr_views_.clear();
  if (tag_kind_ == TokenKind::kStartTag) {
    for (const PendingAttribute& a : attrs_) {
      if (a.dropped) continue;
      attr_views_.push_back({std::string_view(attr_text_.data() + a.name_begin, a.name_length),
                             std::string_view(attr_text_.data() + a.value_begin, a.value_length)});
    }
    last_start_tag_ = tag_name_;
  }
  Token t;
  t.kind = tag_kind_;
  t.name = tag_name_;
  if (tag_kind_ == TokenKind::kStartTag) {
    t.attributes = attr_views_.data();
    t.attribute_count = attr_views_.size();
    t.self_closing = self_closing_;
  }
  t.begin = static_cast<uint32_t>(tag_begin_ - input_.data());
  t.end = static_cast<uint32_t>(after - input_.data());
  state_ = State::kData;
  content_state_ = TokenizerState::kData;
  if (take_text(token_)) {
    pending_token_ = t;
    has_pending_token_ = true;
  } else {
    token_ = t;
  }
  token_ready_ = true;
}

const Token& Tokenizer::next() {
  if (has_pending_token_) {
    has_pending_token_ = false;
    token_ = pending_token_;
    return token_;
  }
  token_ready_ = false;

  // Small helpers over the comment and DOCTYPE being built.
  auto emit_other = [&](Token t) {
    t.begin = static_cast<uint32_t>(markup_begin_ - input_.data());
    t.end = static_cast<uint32_t>(p_ - input_.data());
    state_ = State::kData;
    if (take_text(token_)) {
      pending_token_ = t;
      has_pending_token_ = true;
    } else {
      token_ = t;
    }
    token_ready_ = true;
  };
  auto emit_comment = [&] {
    Token t;
    t.kind = TokenKind::kComment;
    t.name = comment_;
    emit_other(t);
  };
  auto emit_doctype = [&] {
    Token t;
    t.kind = TokenKind::kDoctype;
    t.name = doctype_name_;
    t.has_name = has_doctype_name_;
    t.has_public_id = has_public_id_;
    t.has_system_id = has_system_id_;
    t.public_id = public_id_;
    t.system_id = system_id_;
    t.force_quirks = force_quirks_;
    emit_other(t);
  };
  auto emit_eof = [&] {
    state_ = State::kEndOfFile;
    Token t;
    t.kind = TokenKind::kEndOfFile;
    t.begin = t.end = static_cast<uint32_t>(input_.size());
    if (take_text(token_)) {
      pending_token_ = t;
      has_pending_token_ = true;
    } else {
      token_ = t;
    }
    token_ready_ = true;
  };
  auto new_doctype = [&] {
    doctype_name_.clear();
    public_id_.clear();
    system_id_.clear();
    has_doctype_name_ = has_public_id_ = has_system_id_ = force_quirks_ = false;
  };
  // "Appropriate end tag" check used by RCDATA, RAWTEXT and script data: at `lt` ('<'), is there
  // "</" + the last start tag's name + one of whitespace, '/', '>'? If so, the end tag is begun
  // and the state set to continue it; returns true.
  auto try_end_tag = [&](const char* lt) -> bool {
    const char* q = lt + 2;
    if (q > end_ || lt[1] != '/') return false;
    if (last_start_tag_.empty() || !starts_with_ci(q, end_, last_start_tag_)) return false;
    for (std::size_t i = 0; i < last_start_tag_.size(); ++i) {
      if (!is_alpha(static_cast<unsigned char>(q[i]))) return false;  // the name state reads alphas only
    }
    q += last_start_tag_.size();
    if (q >= end_) return false;
    int c = static_cast<unsigned char>(*q);
    if (!is_ws(c) && c != '/' && c != '>') return false;
    begin_tag(TokenKind::kEndTag, lt);
    tag_name_ = last_start_tag_;
    p_ = q;
    state_ = State::kTagName;  // tag name state treats ws, '/', '>' exactly as the end tag name states do
    return true;
  };

  while (!token_ready_) {
    const int c = p_ < end_ ? static_cast<unsigned char>(*p_) : kEof;
    switch (state_) {
      // ---- 13.2.5.1 Data state ----
      case State::kData: {
        const char* stop = find3(p_, end_, '<', '&', '\0');
        text_range(p_, stop);
        p_ = stop;
        if (p_ == end_) {
          emit_eof();
        } else if (*p_ == '<') {
          state_ = State::kTagOpen;
          ++p_;
        } else if (*p_ == '&') {
          ++p_;
          std::string decoded;
          p_ += decode_char_ref(p_, end_, false, decoded);
          text_bytes(decoded);
        } else {  // U+0000 is emitted as it is in the data state
          text_range(p_, p_ + 1);
          ++p_;
        }
        break;
      }

      // ---- 13.2.5.2 RCDATA, 13.2.5.3 RAWTEXT, 13.2.5.5 PLAINTEXT ----
      case State::kRcdata:
      case State::kRawtext:
      case State::kPlaintext: {
        const bool rcdata = state_ == State::kRcdata;
        const bool plaintext = state_ == State::kPlaintext;
        const char* stop = plaintext ? find2(p_, end_, '\0', '\0')
                                     : (rcdata ? find3(p_, end_, '<', '&', '\0') : find2(p_, end_, '<', '\0'));
        text_range(p_, stop);
        p_ = stop;
        if (p_ == end_) {
          emit_eof();
        } else if (*p_ == '\0') {
          text_bytes(kReplacement);
          ++p_;
        } else if (*p_ == '&') {
          ++p_;
          std::string decoded;
          p_ += decode_char_ref(p_, end_, false, decoded);
          text_bytes(decoded);
        } else if (!try_end_tag(p_)) {  // '<' that does not start the appropriate end tag
          text_range(p_, p_ + 1);
          ++p_;
        }
        break;
      }

      // ---- 13.2.5.4 Script data state and its escapes (13.2.5.15 - 13.2.5.31) ----
      case State::kScriptData: {
        const char* stop = find2(p_, end_, '<', '\0');
        text_range(p_, stop);
        p_ = stop;
        if (p_ == end_)
          emit_eof();
        else if (*p_ == '\0') {
          text_bytes(kReplacement);
          ++p_;
        } else {
          state_ = State::kScriptDataLessThan;
        }  // p_ stays on '<'
        break;
      }
      case State::kScriptDataLessThan:  // p_ is on '<'
        if (try_end_tag(p_)) break;
        if (p_ + 1 < end_ && p_[1] == '!') {
          text_range(p_, p_ + 2);  // emit "<!"
          p_ += 2;
          state_ = State::kScriptDataEscapeStart;
        } else {
          text_range(p_, p_ + 1);
          ++p_;
          state_ = State::kScriptData;
        }
        break;
      case State::kScriptDataEscapeStart:
        if (c == '-') {
          text_range(p_, p_ + 1);
          ++p_;
          state_ = State::kScriptDataEscapeStartDash;
        } else
          state_ = State::kScriptData;
        break;
      case State::kScriptDataEscapeStartDash:
        if (c == '-') {
          text_range(p_, p_ + 1);
          ++p_;
          state_ = State::kScriptDataEscapedDashDash;
        } else
          state_ = State::kScriptData;
        break;
      case State::kScriptDataEscaped: {
        const char* stop = find3(p_, end_, '-', '<', '\0');
        text_range(p_, stop);
        p_ = stop;
        if (p_ == end_)
          emit_eof();
        else if (*p_ == '-') {
          text_range(p_, p_ + 1);
          ++p_;
          state_ = State::kScriptDataEscapedDash;
        } else if (*p_ == '<')
          state_ = State::kScriptDataEscapedLessThan;  // p_ stays on '<'
        else {
          text_bytes(kReplacement);
          ++p_;
        }
        break;
      }
      case State::kScriptDataEscapedDash:
        if (c == '-') {
          text_range(p_, p_ + 1);
          ++p_;
          state_ = State::kScriptDataEscapedDashDash;
        } else if (c == '<')
          state_ = State::kScriptDataEscapedLessThan;
        else if (c == 0) {
          text_bytes(kReplacement);
          ++p_;
          state_ = State::kScriptDataEscaped;
        } else if (c == kEof)
          emit_eof();
        else {
          text_range(p_, p_ + 1);
          ++p_;
          state_ = State::kScriptDataEscaped;
        }
        break;
      case State::kScriptDataEscapedDashDash:
        if (c == '-') {
          text_range(p_, p_ + 1);
          ++p_;
        } else if (c == '<')
          state_ = State::kScriptDataEscapedLessThan;
        else if (c == '>') {
          text_range(p_, p_ + 1);
          ++p_;
          state_ = State::kScriptData;
        } else if (c == 0) {
          text_bytes(kReplacement);
          ++p_;
          state_ = State::kScriptDataEscaped;
        } else if (c == kEof)
          emit_eof();
        else {
          text_range(p_, p_ + 1);
          ++p_;
          state_ = State::kScriptDataEscaped;
        }
        break;
      case State::kScriptDataEscapedLessThan:  // p_ is on '<'
        if (try_end_tag(p_)) break;
        text_range(p_, p_ + 1);
        ++p_;
        if (p_ < end_ && is_alpha(static_cast<unsigned char>(*p_))) {
          temp_.clear();
          state_ = State::kScriptDataDoubleEscapeStart;
        } else {
          state_ = State::kScriptDataEscaped;
        }
        break;
      case State::kScriptDataDoubleEscapeStart:
        if (is_ws(c) || c == '/' || c == '>') {
          state_ = temp_ == "script" ? State::kScriptDataDoubleEscaped : State::kScriptDataEscaped;
          text_range(p_, p_ + 1);
          ++p_;
        } else if (is_alpha(c)) {
          temp_.push_back(lower(c));
          text_range(p_, p_ + 1);
          ++p_;
        } else {
          state_ = State::kScriptDataEscaped;
        }
        break;
      case State::kScriptDataDoubleEscaped: {
        const char* stop = find3(p_, end_, '-', '<', '\0');
        text_range(p_, stop);
        p_ = stop;
        if (p_ == end_)
          emit_eof();
        else if (*p_ == '-') {
          text_range(p_, p_ + 1);
          ++p_;
          state_ = State::kScriptDataDoubleEscapedDash;
        } else if (*p_ == '<') {
          text_range(p_, p_ + 1);
          ++p_;
          state_ = State::kScriptDataDoubleEscapedLessThan;
        } else {
          text_bytes(kReplacement);
          ++p_;
        }
        break;
      }
      case State::kScriptDataDoubleEscapedDash:
        if (c == '-') {
          text_range(p_, p_ + 1);
          ++p_;
          state_ = State::kScriptDataDoubleEscapedDashDash;
        } else if (c == '<') {
          text_range(p_, p_ + 1);
          ++p_;
          state_ = State::kScriptDataDoubleEscapedLessThan;
        } else if (c == 0) {
          text_bytes(kReplacement);
          ++p_;
          state_ = State::kScriptDataDoubleEscaped;
        } else if (c == kEof)
          emit_eof();
        else {
          text_range(p_, p_ + 1);
          ++p_;
          state_ = State::kScriptDataDoubleEscaped;
        }
        break;
      case State::kScriptDataDoubleEscapedDashDash:
        if (c == '-') {
          text_range(p_, p_ + 1);
          ++p_;
        } else if (c == '<') {
          text_range(p_, p_ + 1);
          ++p_;
          state_ = State::kScriptDataDoubleEscapedLessThan;
        } else if (c == '>') {
          text_range(p_, p_ + 1);
          ++p_;
          state_ = State::kScriptData;
        } else if (c == 0) {
          text_bytes(kReplacement);
          ++p_;
          state_ = State::kScriptDataDoubleEscaped;
        } else if (c == kEof)
          emit_eof();
        else {
          text_range(p_, p_ + 1);
          ++p_;
          state_ = State::kScriptDataDoubleEscaped;
        }
        break;
      case State::kScriptDataDoubleEscapedLessThan:
        if (c == '/') {
          temp_.clear();
          text_range(p_, p_ + 1);
          ++p_;
          state_ = State::kScriptDataDoubleEscapeEnd;
        } else {
          state_ = State::kScriptDataDoubleEscaped;
        }
        break;
      case State::kScriptDataDoubleEscapeEnd:
        if (is_ws(c) || c == '/' || c == '>') {
          state_ = temp_ == "script" ? State::kScriptDataEscaped : State::kScriptDataDoubleEscaped;
          text_range(p_, p_ + 1);
          ++p_;
        } else if (is_alpha(c)) {
          temp_.push_back(lower(c));
          text_range(p_, p_ + 1);
          ++p_;
        } else {
          state_ = State::kScriptDataDoubleEscaped;
        }
        break;

      // ---- 13.2.5.6 Tag open state (p_ is after '<') ----
      case State::kTagOpen:
        if (c == '!') {
          markup_begin_ = p_ - 1;
          ++p_;
          state_ = State::kMarkupDeclarationOpen;
        } else if (c == '/') {
          ++p_;
          state_ = State::kEndTagOpen;
        } else if (is_alpha(c)) {
          begin_tag(TokenKind::kStartTag, p_ - 1);
          state_ = State::kTagName;
        } else if (c == '?') {
          markup_begin_ = p_ - 1;
          comment_.clear();
          state_ = State::kBogusComment;
        } else {  // '<' was text (EOF included)
          text_range(p_ - 1, p_);
          state_ = State::kData;
        }
        break;

      // ---- 13.2.5.7 End tag open state (p_ is after "</") ----
      case State::kEndTagOpen:
        if (is_alpha(c)) {
          begin_tag(TokenKind::kEndTag, p_ - 2);
          state_ = State::kTagName;
        } else if (c == '>') {  // "</>" is dropped
          ++p_;
          state_ = State::kData;
        } else if (c == kEof) {
          text_range(p_ - 2, p_);
          state_ = State::kData;
        } else {
          markup_begin_ = p_ - 2;
          comment_.clear();
          state_ = State::kBogusComment;
        }
        break;

      // ---- 13.2.5.8 Tag name state ----
      case State::kTagName:
        if (is_ws(c)) {
          ++p_;
          state_ = State::kBeforeAttributeName;
        } else if (c == '/') {
          ++p_;
          state_ = State::kSelfClosingStartTag;
        } else if (c == '>') {
          ++p_;
          emit_tag(p_);
        } else if (c == 0) {
          ++p_;
          tag_name_ += kReplacement;
        } else if (c == kEof)
          emit_eof();
        else {
          // A run of ordinary name bytes, lowercased as it is appended.
          const char* run = p_;
          while (run < end_ && !ends_tag_name(static_cast<unsigned char>(*run))) ++run;
          std::size_t at = tag_name_.size();
          tag_name_.append(p_, static_cast<std::size_t>(run - p_));
          for (std::size_t i = at; i < tag_name_.size(); ++i)
            tag_name_[i] = lower(static_cast<unsigned char>(tag_name_[i]));
          p_ = run;
        }
        break;

      // ---- 13.2.5.32 Before attribute name state ----
      case State::kBeforeAttributeName:
        if (is_ws(c))
          ++p_;
        else if (c == '/' || c == '>' || c == kEof)
          state_ = State::kAfterAttributeName;
        else if (c == '=') {  // starts a new attribute whose name is "="
          begin_attribute();
          attr_text_.push_back('=');
          ++p_;
          state_ = State::kAttributeName;
        } else {
          begin_attribute();
          state_ = State::kAttributeName;
        }
        break;

      // ---- 13.2.5.33 Attribute name state ----
      case State::kAttributeName:
        if (is_ws(c) || c == '/' || c == '>' || c == kEof) {
          end_attribute_name();
          finish_attribute_value();
          state_ = State::kAfterAttributeName;
        } else if (c == '=') {
          end_attribute_name();
          ++p_;
          state_ = State::kBeforeAttributeValue;
        } else if (c == 0) {
          attr_text_ += kReplacement;
          ++p_;
        } else {  // '"', '\'' and '<' are parse errors but still part of the name
          const char* run = p_;
          while (run < end_ && !ends_attribute_name(static_cast<unsigned char>(*run))) ++run;
          std::size_t at = attr_text_.size();
          attr_text_.append(p_, static_cast<std::size_t>(run - p_));
          for (std::size_t i = at; i < attr_text_.size(); ++i)
            attr_text_[i] = lower(static_cast<unsigned char>(attr_text_[i]));
          p_ = run;
        }
        break;

      // ---- 13.2.5.34 After attribute name state ----
      case State::kAfterAttributeName:
        if (is_ws(c))
          ++p_;
        else if (c == '/') {
          ++p_;
          state_ = State::kSelfClosingStartTag;
        } else if (c == '=') {
          // "a = b": the value belongs to the attribute just named (still the last one).
          attrs_.back().value_begin = static_cast<uint32_t>(attr_text_.size());
          ++p_;
          state_ = State::kBeforeAttributeValue;
        } else if (c == '>') {
          ++p_;
          emit_tag(p_);
        } else if (c == kEof)
          emit_eof();
        else {
          begin_attribute();
          state_ = State::kAttributeName;
        }
        break;

      // ---- 13.2.5.35 Before attribute value state ----
      case State::kBeforeAttributeValue:
        if (is_ws(c))
          ++p_;
        else if (c == '"') {
          ++p_;
          state_ = State::kAttributeValueDoubleQuoted;
        } else if (c == '\'') {
          ++p_;
          state_ = State::kAttributeValueSingleQuoted;
        } else if (c == '>') {
          finish_attribute_value();
          ++p_;
          emit_tag(p_);
        } else
          state_ = State::kAttributeValueUnquoted;
        break;

      // ---- 13.2.5.36/37 Attribute value (double-/single-quoted) states ----
      case State::kAttributeValueDoubleQuoted:
      case State::kAttributeValueSingleQuoted: {
        const char quote = state_ == State::kAttributeValueDoubleQuoted ? '"' : '\'';
        const char* stop = find3(p_, end_, quote, '&', '\0');
        attr_text_.append(p_, static_cast<std::size_t>(stop - p_));
        p_ = stop;
        if (p_ == end_)
          emit_eof();
        else if (*p_ == quote) {
          finish_attribute_value();
          ++p_;
          state_ = State::kAfterAttributeValueQuoted;
        } else if (*p_ == '&') {
          ++p_;
          p_ += decode_char_ref(p_, end_, true, attr_text_);
        } else {
          attr_text_ += kReplacement;
          ++p_;
        }
        break;
      }

      // ---- 13.2.5.38 Attribute value (unquoted) state ----
      case State::kAttributeValueUnquoted:
        if (is_ws(c)) {
          finish_attribute_value();
          ++p_;
          state_ = State::kBeforeAttributeName;
        } else if (c == '&') {
          ++p_;
          p_ += decode_char_ref(p_, end_, true, attr_text_);
        } else if (c == '>') {
          finish_attribute_value();
          ++p_;
          emit_tag(p_);
        } else if (c == 0) {
          attr_text_ += kReplacement;
          ++p_;
        } else if (c == kEof)
          emit_eof();
        else {
          attr_text_.push_back(static_cast<char>(c));
          ++p_;
        }
        break;

      // ---- 13.2.5.39 After attribute value (quoted) state ----
      case State::kAfterAttributeValueQuoted:
        if (is_ws(c)) {
          ++p_;
          state_ = State::kBeforeAttributeName;
        } else if (c == '/') {
          ++p_;
          state_ = State::kSelfClosingStartTag;
        } else if (c == '>') {
          ++p_;
          emit_tag(p_);
        } else if (c == kEof)
          emit_eof();
        else
          state_ = State::kBeforeAttributeName;
        break;

      // ---- 13.2.5.40 Self-closing start tag state ----
      case State::kSelfClosingStartTag:
        if (c == '>') {
          self_closing_ = true;
          ++p_;
          emit_tag(p_);
        } else if (c == kEof)
          emit_eof();
        else
          state_ = State::kBeforeAttributeName;
        break;

      // ---- 13.2.5.41 Bogus comment state ----
      case State::kBogusComment: {
        const char* stop = find2(p_, end_, '>', '\0');
        comment_.append(p_, static_cast<std::size_t>(stop - p_));
        p_ = stop;
        if (p_ == end_) {
          emit_comment();
        } else if (*p_ == '>') {
          ++p_;
          emit_comment();
        } else {
          comment_ += kReplacement;
          ++p_;
        }
        break;
      }

      // ---- 13.2.5.42 Markup declaration open state (p_ is after "<!") ----
      case State::kMarkupDeclarationOpen:
        if (end_ - p_ >= 2 && p_[0] == '-' && p_[1] == '-') {
          p_ += 2;
          comment_.clear();
          state_ = State::kCommentStart;
        } else if (starts_with_ci(p_, end_, "doctype")) {
          p_ += 7;
          state_ = State::kDoctype;
        } else if (end_ - p_ >= 7 && std::memcmp(p_, "[CDATA[", 7) == 0) {
          p_ += 7;
          if (cdata_allowed_) {
            state_ = State::kCdataSection;
          } else {
            comment_ = "[CDATA[";
            state_ = State::kBogusComment;
          }
        } else {
          comment_.clear();
          state_ = State::kBogusComment;
        }
        break;

      // ---- 13.2.5.43 - 13.2.5.52 Comment states ----
      case State::kCommentStart:
        if (c == '-') {
          ++p_;
          state_ = State::kCommentStartDash;
        } else if (c == '>') {
          ++p_;
          emit_comment();
        } else
          state_ = State::kComment;
        break;
      case State::kCommentStartDash:
        if (c == '-') {
          ++p_;
          state_ = State::kCommentEnd;
        } else if (c == '>') {
          ++p_;
          emit_comment();
        } else if (c == kEof)
          emit_comment();
        else {
          comment_.push_back('-');
          state_ = State::kComment;
        }
        break;
      case State::kComment: {
        const char* stop = find3(p_, end_, '<', '-', '\0');
        comment_.append(p_, static_cast<std::size_t>(stop - p_));
        p_ = stop;
        if (p_ == end_)
          emit_comment();
        else if (*p_ == '<') {
          comment_.push_back('<');
          ++p_;
          state_ = State::kCommentLessThan;
        } else if (*p_ == '-') {
          ++p_;
          state_ = State::kCommentEndDash;
        } else {
          comment_ += kReplacement;
          ++p_;
        }
        break;
      }
      case State::kCommentLessThan:
        if (c == '!') {
          comment_.push_back('!');
          ++p_;
          state_ = State::kCommentLessThanBang;
        } else if (c == '<') {
          comment_.push_back('<');
          ++p_;
        } else
          state_ = State::kComment;
        break;
      case State::kCommentLessThanBang:
        if (c == '-') {
          ++p_;
          state_ = State::kCommentLessThanBangDash;
        } else
          state_ = State::kComment;
        break;
      case State::kCommentLessThanBangDash:
        if (c == '-') {
          ++p_;
          state_ = State::kCommentLessThanBangDashDash;
        } else
          state_ = State::kCommentEndDash;
        break;
      case State::kCommentLessThanBangDashDash:
        state_ = State::kCommentEnd;  // '>' and EOF reconsume in comment end; anything else too (nested comment error)
        break;
      case State::kCommentEndDash:
        if (c == '-') {
          ++p_;
          state_ = State::kCommentEnd;
        } else if (c == kEof)
          emit_comment();
        else {
          comment_.push_back('-');
          state_ = State::kComment;
        }
        break;
      case State::kCommentEnd:
        if (c == '>') {
          ++p_;
          emit_comment();
        } else if (c == '!') {
          ++p_;
          state_ = State::kCommentEndBang;
        } else if (c == '-') {
          comment_.push_back('-');
          ++p_;
        } else if (c == kEof)
          emit_comment();
        else {
          comment_ += "--";
          state_ = State::kComment;
        }
        break;
      case State::kCommentEndBang:
        if (c == '-') {
          comment_ += "--!";
          ++p_;
          state_ = State::kCommentEndDash;
        } else if (c == '>') {
          ++p_;
          emit_comment();
        } else if (c == kEof)
          emit_comment();
        else {
          comment_ += "--!";
          state_ = State::kComment;
        }
        break;

      // ---- 13.2.5.53 - 13.2.5.68 DOCTYPE states ----
      case State::kDoctype:
        if (is_ws(c)) {
          ++p_;
          state_ = State::kBeforeDoctypeName;
        } else if (c == kEof) {
          new_doctype();
          force_quirks_ = true;
          emit_doctype();
        } else
          state_ = State::kBeforeDoctypeName;
        break;
      case State::kBeforeDoctypeName:
        if (is_ws(c))
          ++p_;
        else if (c == '>') {
          new_doctype();
          force_quirks_ = true;
          ++p_;
          emit_doctype();
        } else if (c == kEof) {
          new_doctype();
          force_quirks_ = true;
          emit_doctype();
        } else {
          new_doctype();
          has_doctype_name_ = true;
          if (c == 0)
            doctype_name_ += kReplacement;
          else
            doctype_name_.push_back(lower(c));
          ++p_;
          state_ = State::kDoctypeName;
        }
        break;
      case State::kDoctypeName:
        if (is_ws(c)) {
          ++p_;
          state_ = State::kAfterDoctypeName;
        } else if (c == '>') {
          ++p_;
          emit_doctype();
        } else if (c == 0) {
          doctype_name_ += kReplacement;
          ++p_;
        } else if (c == kEof) {
          force_quirks_ = true;
          emit_doctype();
        } else {
          doctype_name_.push_back(lower(c));
          ++p_;
        }
        break;
      case State::kAfterDoctypeName:
        if (is_ws(c))
          ++p_;
        else if (c == '>') {
          ++p_;
          emit_doctype();
        } else if (c == kEof) {
          force_quirks_ = true;
          emit_doctype();
        } else if (starts_with_ci(p_, end_, "public")) {
          p_ += 6;
          state_ = State::kAfterDoctypePublicKeyword;
        } else if (starts_with_ci(p_, end_, "system")) {
          p_ += 6;
          state_ = State::kAfterDoctypeSystemKeyword;
        } else {
          force_quirks_ = true;
          state_ = State::kBogusDoctype;
        }
        break;
      case State::kAfterDoctypePublicKeyword:
      case State::kBeforeDoctypePublicId:
        if (is_ws(c)) {
          ++p_;
          state_ = State::kBeforeDoctypePublicId;
        } else if (c == '"' || c == '\'') {
          has_public_id_ = true;
          public_id_.clear();
          ++p_;
          state_ = c == '"' ? State::kDoctypePublicIdDoubleQuoted : State::kDoctypePublicIdSingleQuoted;
        } else if (c == '>') {
          force_quirks_ = true;
          ++p_;
          emit_doctype();
        } else if (c == kEof) {
          force_quirks_ = true;
          emit_doctype();
        } else {
          force_quirks_ = true;
          state_ = State::kBogusDoctype;
        }
        break;
      case State::kDoctypePublicIdDoubleQuoted:
      case State::kDoctypePublicIdSingleQuoted:
      case State::kDoctypeSystemIdDoubleQuoted:
      case State::kDoctypeSystemIdSingleQuoted: {
        const bool is_public =
            state_ == State::kDoctypePublicIdDoubleQuoted || state_ == State::kDoctypePublicIdSingleQuoted;
        const char quote =
            (state_ == State::kDoctypePublicIdDoubleQuoted || state_ == State::kDoctypeSystemIdDoubleQuoted) ? '"'
                                                                                                             : '\'';
        std::string& id = is_public ? public_id_ : system_id_;
        if (c == quote) {
          ++p_;
          state_ = is_public ? State::kAfterDoctypePublicId : State::kAfterDoctypeSystemId;
        } else if (c == 0) {
          id += kReplacement;
          ++p_;
        } else if (c == '>') {
          force_quirks_ = true;
          ++p_;
          emit_doctype();
        } else if (c == kEof) {
          force_quirks_ = true;
          emit_doctype();
        } else {
          id.push_back(static_cast<char>(c));
          ++p_;
        }
        break;
      }
      case State::kAfterDoctypePublicId:
      case State::kBetweenDoctypePublicAndSystemIds:
        if (is_ws(c)) {
          ++p_;
          state_ = State::kBetweenDoctypePublicAndSystemIds;
        } else if (c == '>') {
          ++p_;
          emit_doctype();
        } else if (c == '"' || c == '\'') {
          has_system_id_ = true;
          system_id_.clear();
          ++p_;
          state_ = c == '"' ? State::kDoctypeSystemIdDoubleQuoted : State::kDoctypeSystemIdSingleQuoted;
        } else if (c == kEof) {
          force_quirks_ = true;
          emit_doctype();
        } else {
          force_quirks_ = true;
          state_ = State::kBogusDoctype;
        }
        break;
      case State::kAfterDoctypeSystemKeyword:
      case State::kBeforeDoctypeSystemId:
        if (is_ws(c)) {
          ++p_;
          state_ = State::kBeforeDoctypeSystemId;
        } else if (c == '"' || c == '\'') {
          has_system_id_ = true;
          system_id_.clear();
          ++p_;
          state_ = c == '"' ? State::kDoctypeSystemIdDoubleQuoted : State::kDoctypeSystemIdSingleQuoted;
        } else if (c == '>') {
          force_quirks_ = true;
          ++p_;
          emit_doctype();
        } else if (c == kEof) {
          force_quirks_ = true;
          emit_doctype();
        } else {
          force_quirks_ = true;
          state_ = State::kBogusDoctype;
        }
        break;
      case State::kAfterDoctypeSystemId:
        if (is_ws(c))
          ++p_;
        else if (c == '>') {
          ++p_;
          emit_doctype();
        } else if (c == kEof) {
          force_quirks_ = true;
          emit_doctype();
        } else
          state_ = State::kBogusDoctype;  // not force-quirks here
        break;
      case State::kBogusDoctype:
        if (c == '>') {
          ++p_;
          emit_doctype();
        } else if (c == kEof)
          emit_doctype();
        else
          ++p_;
        break;

      // ---- 13.2.5.69 - 13.2.5.71 CDATA section states ----
      case State::kCdataSection: {
        const char* stop = find2(p_, end_, ']', ']');
        text_range(p_, stop);
        p_ = stop;
        if (p_ == end_)
          emit_eof();
        else {
          ++p_;
          state_ = State::kCdataSectionBracket;
        }
        break;
      }
      case State::kCdataSectionBracket:
        if (c == ']') {
          ++p_;
          state_ = State::kCdataSectionEnd;
        } else {
          text_bytes("]");
          state_ = State::kCdataSection;
        }
        break;
      case State::kCdataSectionEnd:
        if (c == ']') {
          text_bytes("]");
          ++p_;
        } else if (c == '>') {
          ++p_;
          state_ = State::kData;
        } else {
          text_bytes("]]");
          state_ = State::kCdataSection;
        }
        break;

      case State::kEndOfFile: emit_eof(); break;
    }
  }
  return token_;
}

}  // namespace linklens::html
