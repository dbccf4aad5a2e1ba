// inspect_html: one pass of the tokenizer with an element stack collects page facts and raw
// links; a second, cheap pass over the links resolves them against the document's base URL (the
// first <base href> applies to every link, even those before it) and classifies them.
#include <algorithm>
#include <cmath>

#include "content_scorer.h"
#include "element_stack.h"
#include "link_classifier.h"
#include "linklens/html/tokenizer.h"
#include "linklens/inspect.h"
#include "linklens/link_fields.h"
#include "linklens/public_suffix.h"
#include "linklens/url.h"
#include "placement.h"
#include "robots.h"
#include "text_util.h"

namespace linklens {
namespace {

using html::ElementStack;
using html::OpenElement;
using html::Token;
using html::TokenKind;
using placement::Signal;

// A paragraph-like container: its facts for the content scorer (own text, link text, commas,
// parent block) and its text for the link's context.
struct Block {
  std::string text;  // collapsed, capped near kBlockTextBytes; written only for blocks with links
  content::BlockFacts facts;
  std::size_t kept_bytes = 0;    // a lower bound of the collapsed length of the text recorded so far
  bool last_text_blank = false;  // its last text node was only whitespace
};

// A block's text is kept to this length: the link's context is cut at classify::kContextBytes.
constexpr std::size_t kBlockTextBytes = classify::kContextBytes + 64;

// A text node of a block, recorded as it is read; collapsed into Block::text at the end of the
// page, and only for blocks that hold a link (most blocks of an article hold none).
struct BlockTextPiece {
  int32_t block;
  bool decoded;  // the bytes are in PageScanner::decoded_text_, else in the tokenizer's input
  uint32_t offset, size;
};

// Text inside these is never visible. <noscript> is among them only with scripting on; with it
// off its content is markup a crawler reads.
bool is_invisible_text(const OpenElement& e, bool scripting) {
  return !e.foreign && ((e.flags & html::kInvisibleText) != 0 || (scripting && e.name == "noscript"));
}

// Positioned a thousand pixels or more off the page's left or top edge: how injected link spam
// hides ("position:absolute; top:0; left:-9999px"), never how a page shows something.
bool off_screen(const std::string& squashed_style) {
  if (squashed_style.find("position:absolute") == std::string::npos &&
      squashed_style.find("position:fixed") == std::string::npos) {
    return false;
  }
  for (const char* edge : {"left:-", "top:-"}) {
    for (std::size_t at = squashed_style.find(edge); at != std::string::npos; at = squashed_style.find(edge, at + 1)) {
      if (at > 0 && squashed_style[at - 1] != ';' && squashed_style[at - 1] != '{') continue;  // margin-left:
      std::size_t i = at + std::string_view(edge).size(), digits = 0;
      while (i + digits < squashed_style.size() && std::isdigit(static_cast<unsigned char>(squashed_style[i + digits])))
        ++digits;
      if (digits >= 4 && squashed_style.compare(i + digits, 2, "px") == 0) return true;
    }
  }
  return false;
}

bool hides_subtree(const Token& t) {
  if (t.attribute("hidden") != nullptr) return true;
  if (const auto* style = t.attribute("style")) {
    std::string squashed;
    for (char c : *style) {
      if (!text::is_ascii_ws(c)) squashed.push_back(text::ascii_lower(c));
    }
    if (squashed.find("display:none") != std::string::npos || squashed.find("visibility:hidden") != std::string::npos)
      return true;
    if (off_screen(squashed)) return true;
  }
  return false;
}

// Parses the content of <meta http-equiv=refresh>: "5; url=/next" -> "/next" (HTML 4.2.5.3, lite).
std::string refresh_target(std::string_view content) {
  std::size_t i = 0;
  while (i < content.size() &&
         (std::isdigit(static_cast<unsigned char>(content[i])) || content[i] == '.' || text::is_ascii_ws(content[i])))
    ++i;
  if (i < content.size() && (content[i] == ';' || content[i] == ',')) ++i;
  while (i < content.size() && text::is_ascii_ws(content[i])) ++i;
  std::string_view rest = content.substr(i);
  if (rest.size() >= 3 && text::iequals(rest.substr(0, 3), "url")) {
    std::size_t j = 3;
    while (j < rest.size() && text::is_ascii_ws(rest[j])) ++j;
    if (j < rest.size() && rest[j] == '=') {
      rest = rest.substr(j + 1);
      while (!rest.empty() && text::is_ascii_ws(rest.front())) rest.remove_prefix(1);
    }
  }
  if (!rest.empty() && (rest.front() == '"' || rest.front() == '\'')) {
    char q = rest.front();
    rest.remove_prefix(1);
    std::size_t end = rest.find(q);
    if (end != std::string_view::npos) rest = rest.substr(0, end);
  }
  return std::string(text::trim(rest));
}

// A link as found in the page, before resolution and classification.
struct RawLink {
  LinkRecord record;
  int32_t block = -1;
  bool has_image = false;
  std::string image_alt;
  std::string aria_label;
  std::string rel_attribute;
  Placement placement = Placement::kOther;
  bool signalled = false;         // an ancestor gave the placement (else it is decided from the block)
  int32_t container = -1;         // innermost content container around the link
  bool inline_furniture = false;  // a furniture signal from an inline element inside its block
};

class PageScanner {
 public:
  PageScanner(std::string_view html, const InspectOptions& options) : tokenizer_(html), options_(options) {
    // The body is a block from the start, as in the DOM, which always has one: pages without a
    // <body> tag (minified ones drop it) get the same block tree as in the browser.
    Block& body = blocks_.emplace_back();
    body.facts.tag = content::block_tag_of("body");
    // Room for the links of a link-dense page of this size (about one per 200 bytes on the WARC
    // sample's pages), up to a few hundred: growing the vector from empty moved each link's
    // record (a few hundred bytes) about twice.
    links_.reserve(std::min<std::size_t>(256, html.size() / 128 + 1));
  }

  void run();
  PageFacts& facts() { return facts_; }
  std::vector<RawLink>& links() { return links_; }
  std::vector<Block>& blocks() { return blocks_; }
  const std::vector<uint32_t>& container_chars() const { return container_chars_; }
  std::string_view base_href() const { return base_href_; }
  std::string_view canonical_href() const { return canonical_href_; }
  std::string_view refresh_href() const { return refresh_href_; }
  uint32_t input_size() const { return static_cast<uint32_t>(tokenizer_.input().size()); }

 private:
  void start_tag(const Token& t);
  void end_tag(const Token& t);
  void text(const Token& t);
  void on_pop(const OpenElement& e);
  void record_block_text(int32_t block, std::string_view text);
  void write_block_texts();
  RawLink& add_link(const Token& t, std::string_view href, LinkKind kind);
  void set_class_weight(const placement::ElementSignals& e, content::BlockFacts& facts);
  Placement current_placement(bool& signalled) const;
  int32_t current_block() const { return stack_.top() ? stack_.top()->block : 0; }
  bool in_template() const { return template_depth_ > 0; }

  html::Tokenizer tokenizer_;
  const InspectOptions& options_;
  ElementStack stack_;
  PageFacts facts_;
  std::vector<RawLink> links_;
  std::vector<Block> blocks_;
  std::vector<BlockTextPiece> block_text_pieces_;
  std::string decoded_text_;               // text nodes whose bytes are not a view of the input (references decoded)
  std::vector<uint32_t> container_chars_;  // visible characters inside each content container
  placement::TokenSignalCache signal_cache_;
  std::string base_href_, canonical_href_, refresh_href_;
  bool have_base_ = false, have_title_ = false, in_title_ = false, body_seen_ = false;
  std::string title_;
  int template_depth_ = 0, noscript_depth_ = 0, hidden_depth_ = 0, content_depth_ = 0, invisible_depth_ = 0;
  long open_link_ = -1;              // index in links_ of the <a> being read
  std::size_t open_link_depth_ = 0;  // stack size just after its <a> was pushed
};

Placement PageScanner::current_placement(bool& signalled) const {
  const OpenElement* top = stack_.top();
  signalled = top != nullptr && top->inherited_signal != 0;
  return signalled ? placement::to_placement(static_cast<Signal>(top->inherited_signal)) : Placement::kOther;
}

RawLink& PageScanner::add_link(const Token& t, std::string_view href, LinkKind kind) {
  RawLink& raw = links_.emplace_back();  // built in place: a LinkRecord is a few hundred bytes to move
  raw.record.href = std::string(href);
  raw.record.kind = kind;
  raw.record.offset = t.begin;
  raw.record.hidden = hidden_depth_ > 0 || hides_subtree(t);
  raw.record.in_noscript = noscript_depth_ > 0;
  raw.placement = current_placement(raw.signalled);
  raw.block = current_block();
  if (const OpenElement* top = stack_.top(); top && top->signal_block >= 0 && top->signal_block == raw.block)
    raw.inline_furniture = top->inherited_signal != static_cast<uint8_t>(Signal::kContent);
  if (raw.block >= 0 && kind == LinkKind::kText) ++blocks_[static_cast<std::size_t>(raw.block)].facts.links;
  raw.container = stack_.top() ? stack_.top()->container : -1;
  if (const auto* title = t.attribute("title")) raw.record.title = std::string(*title);
  if (const auto* target = t.attribute("target")) raw.record.target = std::string(*target);
  if (const auto* rel = t.attribute("rel")) raw.rel_attribute = std::string(*rel);
  if (const auto* label = t.attribute("aria-label")) raw.aria_label = std::string(*label);
  return raw;
}

void PageScanner::set_class_weight(const placement::ElementSignals& e, content::BlockFacts& facts) {
  if (e.cls.empty() && e.id.empty()) return;
  const placement::ClassWeight w = placement::class_weight(e.cls, e.id, signal_cache_);
  facts.class_weight = w.weight;
  facts.positive = w.positive;
}

void PageScanner::on_pop(const OpenElement& e) {
  // A container's text counts towards the container around it.
  if (e.content && e.container >= 0) {
    const auto& els = stack_.elements();
    int32_t parent = els.size() >= 2 ? els[els.size() - 2].container : -1;
    if (parent >= 0 && parent != e.container)
      container_chars_[static_cast<std::size_t>(parent)] += container_chars_[static_cast<std::size_t>(e.container)];
  }
  if (!e.foreign) {  // the depth counters count HTML elements only (an SVG <title> is not one)
    if (e.name == "template") --template_depth_;
    if (e.name == "noscript") --noscript_depth_;
    if (is_invisible_text(e, options_.scripting)) --invisible_depth_;
    if (e.name == "title") in_title_ = false;
  }
  if (e.hidden) --hidden_depth_;
  if (e.content) --content_depth_;
  if (open_link_ >= 0 && stack_.size() <= open_link_depth_) open_link_ = -1;  // its <a> is being popped
  if (open_link_ >= 0 && (e.flags & html::kWordBreak))
    links_[static_cast<std::size_t>(open_link_)].record.anchor.push_back(' ');
}

void PageScanner::start_tag(const Token& t) {
  const std::string_view name = t.name;
  const int row = html::element_row(name);
  const uint32_t flags = html::row_flags(row);
  auto pop = [this](const OpenElement& e) { on_pop(e); };

  // Foreign content (SVG, MathML): its elements are tracked for the stack, never as links.
  if (stack_.in_foreign_content()) {
    bool breakout = (flags & html::kBreakout) != 0 ||
                    (name == "font" && (t.attribute("color") || t.attribute("face") || t.attribute("size")));
    if (!breakout) {
      if (!t.self_closing) {
        OpenElement e;
        e.name = std::string(name);
        e.foreign = true;
        e.integration_point = name == "foreignobject" || name == "desc" || name == "title" || name == "mi" ||
                              name == "mo" || name == "mn" || name == "ms" || name == "mtext" ||
                              name == "annotation-xml";
        e.block = current_block();
        e.container = stack_.top() ? stack_.top()->container : -1;
        e.inherited_signal = stack_.top() ? stack_.top()->inherited_signal : 0;
        e.signal_block = stack_.top() ? stack_.top()->signal_block : -1;
        stack_.push(std::move(e));
      }
      tokenizer_.set_cdata_allowed(stack_.in_foreign_content());
      return;
    }
    stack_.pop_foreign(pop);
  }

  stack_.before_start_tag(name, flags, pop);
  if (open_link_ >= 0 && (flags & html::kWordBreak))
    links_[static_cast<std::size_t>(open_link_)].record.anchor.push_back(' ');

  // Page facts.
  if (name == "html" && facts_.lang.empty()) {
    if (const auto* lang = t.attribute("lang")) facts_.lang = std::string(text::trim(*lang));
  } else if (name == "base" && !have_base_ && !in_template()) {
    if (const auto* href = t.attribute("href")) {
      base_href_ = std::string(*href);
      have_base_ = true;
    }
  } else if (name == "meta" && !in_template()) {
    if (const auto* charset = t.attribute("charset"); charset && facts_.charset.empty()) {
      facts_.charset = text::ascii_lowercase(text::trim(*charset));
    }
    const auto* content = t.attribute("content");
    // The site's own names: Open Graph's og:site_name (a property; some sites write it as a name)
    // and application-name. The first of each counts.
    const auto* property = t.attribute("property");
    const auto* meta_name_or_property = property ? property : t.attribute("name");
    if (content && meta_name_or_property) {
      const std::string key = text::ascii_lowercase(text::trim(*meta_name_or_property));
      if (key == "og:site_name" && facts_.site_name.empty()) facts_.site_name = std::string(text::trim(*content));
      if (key == "application-name" && facts_.application_name.empty()) {
        facts_.application_name = std::string(text::trim(*content));
      }
    }
    if (const auto* meta_name = t.attribute("name");
        meta_name && content && robots::is_applicable_meta_name(*meta_name)) {
      robots::apply_directives(*content, facts_.meta_robots);
      facts_.robots_sources.push_back("meta " + text::ascii_lowercase(text::trim(*meta_name)) + ": " +
                                      std::string(*content));
    }
    if (const auto* equiv = t.attribute("http-equiv"); equiv && content) {
      if (text::iequals(text::trim(*equiv), "refresh") && refresh_href_.empty()) {
        refresh_href_ = refresh_target(*content);
        if (!refresh_href_.empty()) add_link(t, refresh_href_, LinkKind::kRedirect);
      } else if (text::iequals(text::trim(*equiv), "content-type") && facts_.charset.empty()) {
        std::string lower = text::ascii_lowercase(*content);
        if (auto pos = lower.find("charset="); pos != std::string::npos) {
          std::string cs = lower.substr(pos + 8);
          cs = std::string(text::trim(cs.substr(0, cs.find_first_of(";\" '"))));
          facts_.charset = cs;
        }
      }
    }
  } else if (name == "link" && !in_template()) {
    const auto* rel = t.attribute("rel");
    const auto* href = t.attribute("href");
    if (rel && href) {
      for (auto token : text::split_ws(*rel)) {
        if (text::iequals(token, "canonical")) {
          if (canonical_href_.empty()) canonical_href_ = std::string(*href);
          add_link(t, *href, LinkKind::kCanonical);
          break;
        }
      }
    }
  } else if (name == "title" && !have_title_ && !in_template()) {
    in_title_ = true;
    have_title_ = true;
  }

  // Links.
  if (!in_template()) {
    if (name == "a") {
      if (const auto* href = t.attribute("href")) {
        add_link(t, *href, LinkKind::kText);
        open_link_ = static_cast<long>(links_.size()) - 1;
        open_link_depth_ = stack_.size() + 1;
      }
    } else if (name == "area") {
      if (const auto* href = t.attribute("href")) {
        RawLink& l = add_link(t, *href, LinkKind::kArea);
        if (const auto* alt = t.attribute("alt")) text::append_collapsed(l.record.anchor, *alt);
      }
    } else if (name == "img" && open_link_ >= 0) {
      RawLink& l = links_[static_cast<std::size_t>(open_link_)];
      if (!l.has_image) {
        l.has_image = true;
        if (const auto* alt = t.attribute("alt")) text::append_collapsed(l.image_alt, *alt);
      }
    } else if (name == "form") {
      if (const auto* action = t.attribute("action")) add_link(t, *action, LinkKind::kForm);
    } else if (name == "iframe" || name == "frame") {
      if (const auto* src = t.attribute("src")) add_link(t, *src, LinkKind::kFrame);
    }
  }

  if (flags & html::kVoidElement) return;
  if (name == "svg" || name == "math") {
    if (!t.self_closing) {
      OpenElement e;
      e.name = std::string(name);
      e.foreign = true;
      e.block = current_block();
      e.container = stack_.top() ? stack_.top()->container : -1;
      e.inherited_signal = stack_.top() ? stack_.top()->inherited_signal : 0;
      e.signal_block = stack_.top() ? stack_.top()->signal_block : -1;
      stack_.push(std::move(e));
      tokenizer_.set_cdata_allowed(true);
    }
    return;
  }

  OpenElement e;
  e.name = std::string(name);
  e.flags = flags;
  const placement::ElementSignals signals = placement::element_signals(t);  // one pass over its attributes
  Signal signal = placement::signal_of(signals, content_depth_ > 0, signal_cache_);
  e.signal = static_cast<uint8_t>(signal);
  e.inherited_signal = e.signal != 0 ? e.signal : (stack_.top() ? stack_.top()->inherited_signal : 0);
  e.content = signal == Signal::kContent;
  e.hidden = hides_subtree(t);
  e.block = current_block();
  e.container = stack_.top() ? stack_.top()->container : -1;
  if (e.content) {
    e.container = static_cast<int32_t>(container_chars_.size());
    container_chars_.push_back(0);
  }
  // A furniture signal from an inline element (a share bar or hover card as a span inside a
  // paragraph) is kept with the block it sits in; a block's own signal is the scorer's business.
  if (e.signal != 0)
    e.signal_block = (flags & html::kBlock) ? -1 : e.block;
  else
    e.signal_block = stack_.top() ? stack_.top()->signal_block : -1;
  if (name == "body") {
    e.block = 0;  // the implied body block; the first <body> tag gives it its attributes
    if (!body_seen_) {
      body_seen_ = true;
      Block& body = blocks_.front();
      body.facts.signal = signal;
      set_class_weight(signals, body.facts);
    }
  } else if (flags & html::kBlock) {
    Block& block = blocks_.emplace_back();
    block.facts.parent = e.block;
    block.facts.tag = content::block_tag_of(name);
    block.facts.signal = signal;
    set_class_weight(signals, block.facts);
    e.block = static_cast<int32_t>(blocks_.size() - 1);
  }
  if (e.content) ++content_depth_;
  if (e.hidden) ++hidden_depth_;
  if (name == "template") ++template_depth_;
  if (name == "noscript") ++noscript_depth_;
  const bool invisible = is_invisible_text(e, options_.scripting);
  stack_.push(std::move(e), row);
  if (invisible) ++invisible_depth_;

  html::TokenizerState state;
  if (html::content_state_after(name, options_.scripting, state)) tokenizer_.switch_to(state);
  tokenizer_.set_cdata_allowed(false);
}

void PageScanner::end_tag(const Token& t) {
  stack_.end_tag(t.name, [this](const OpenElement& e) { on_pop(e); });
  tokenizer_.set_cdata_allowed(stack_.in_foreign_content());
}

void PageScanner::text(const Token& t) {
  if (in_title_) {
    text::append_collapsed(title_, t.text);
    return;
  }
  // SVG/MathML text (an icon's <title>) is not part of innerText.
  if (invisible_depth_ > 0 || in_template() || (stack_.top() && stack_.top()->foreign)) return;
  if (open_link_ >= 0) {
    text::append_collapsed(links_[static_cast<std::size_t>(open_link_)].record.anchor, t.text);
  }
  int32_t b = open_link_ >= 0 ? links_[static_cast<std::size_t>(open_link_)].block : current_block();
  if (b < 0) return;
  Block& block = blocks_[static_cast<std::size_t>(b)];
  const text::TextCounts counts = text::count_text(t.text);
  if (block.kept_bytes < kBlockTextBytes) {
    // Whitespace after whitespace adds nothing to the collapsed text: not recorded, so a block of
    // a million "<b> </b>" keeps one piece, not a million.
    // (No visible byte and none the collapser keeps leaves ASCII whitespace and stray 0xA0 bytes;
    // without the latter, the text is ASCII whitespace only: most such nodes are indentation.)
    const bool blank = counts.visible == 0 && counts.kept == 0 && t.text.find('\xA0') == std::string_view::npos;
    if (!(blank && block.last_text_blank)) record_block_text(b, t.text);
    block.last_text_blank = blank;
    block.kept_bytes += counts.kept;
  }
  const auto chars = static_cast<uint32_t>(counts.visible);
  if (int32_t c = stack_.top() ? stack_.top()->container : -1; c >= 0)
    container_chars_[static_cast<std::size_t>(c)] += chars;
  block.facts.chars += chars;
  if (open_link_ >= 0) block.facts.link_chars += chars;
  block.facts.commas += static_cast<uint32_t>(counts.commas);
}

void PageScanner::record_block_text(int32_t block, std::string_view text) {
  const std::string_view input = tokenizer_.input();
  const bool in_input = text.data() >= input.data() && text.data() + text.size() <= input.data() + input.size();
  if (in_input) {
    block_text_pieces_.push_back(
        {block, false, static_cast<uint32_t>(text.data() - input.data()), static_cast<uint32_t>(text.size())});
  } else {
    block_text_pieces_.push_back(
        {block, true, static_cast<uint32_t>(decoded_text_.size()), static_cast<uint32_t>(text.size())});
    decoded_text_.append(text);
  }
}

void PageScanner::write_block_texts() {
  std::vector<bool> has_link(blocks_.size(), false);
  for (const RawLink& l : links_)
    if (l.block >= 0) has_link[static_cast<std::size_t>(l.block)] = true;
  const std::string_view input = tokenizer_.input();
  for (const BlockTextPiece& piece : block_text_pieces_) {
    if (!has_link[static_cast<std::size_t>(piece.block)]) continue;
    const std::string_view bytes =
        (piece.decoded ? std::string_view(decoded_text_) : input).substr(piece.offset, piece.size);
    text::append_collapsed(blocks_[static_cast<std::size_t>(piece.block)].text, bytes, kBlockTextBytes);
  }
}

void PageScanner::run() {
  for (;;) {
    const Token& t = tokenizer_.next();
    switch (t.kind) {
      case TokenKind::kStartTag: start_tag(t); break;
      case TokenKind::kEndTag: end_tag(t); break;
      case TokenKind::kText: text(t); break;
      case TokenKind::kComment:
      case TokenKind::kDoctype: break;
      case TokenKind::kEndOfFile:
        text::trim_trailing_space(title_);
        facts_.title = std::string(text::trim(title_));
        write_block_texts();
        return;
    }
  }
}

}  // namespace

const char* to_string(InspectError error) {
  switch (error) {
    case InspectError::kInvalidPageUrl: return "the page URL is not an absolute URL";
  }
  return "inspect error";
}

Result<PageReport, InspectError> inspect_html(std::string_view html, const InspectOptions& options) {
  auto page_url = parse_url(options.page_url);
  if (!page_url) return InspectError::kInvalidPageUrl;

  // A leading byte order mark is not content.
  if (html.size() >= 3 && html.compare(0, 3, "\xEF\xBB\xBF") == 0) html.remove_prefix(3);

  PageScanner scanner(html, options);
  scanner.run();

  PageReport report;
  report.page = std::move(scanner.facts());
  PageFacts& page = report.page;
  page.url = std::string(page_url->href());
  page.bytes = static_cast<uint32_t>(html.size());
  const PublicSuffixList& psl = PublicSuffixList::builtin();
  SuffixOptions suffix_options{.include_private = options.include_private_suffixes};
  std::string page_host(page_url->hostname());
  page.host = page_host;
  if (page_url->host_type() == HostType::kDomain) {
    page.domain = std::string(psl.split_host(page_host, suffix_options).registrable_domain());
  }

  classify::apply_page_robots(page, options.headers);

  // The document base URL: the first <base href>, resolved against the page URL, if it parses.
  Url base = *page_url;
  if (!scanner.base_href().empty()) {
    if (auto b = parse_url(scanner.base_href(), *page_url)) {
      base = std::move(b).value();
      page.base = std::string(base.href());
    }
  }
  auto resolve = [&](std::string_view href) -> std::string {
    auto u = parse_url(href, base);
    return u ? std::string(u->href()) : std::string();
  };
  if (!scanner.canonical_href().empty()) page.canonical = resolve(scanner.canonical_href());
  if (!scanner.refresh_href().empty()) page.meta_refresh = resolve(scanner.refresh_href());

  auto& raw_links = scanner.links();
  const auto& blocks = scanner.blocks();
  std::vector<content::BlockFacts> block_facts;
  block_facts.reserve(blocks.size());
  for (const Block& b : blocks) block_facts.push_back(b.facts);
  const std::vector<content::Verdict> verdicts = content::score_blocks(block_facts);
  const auto& containers = scanner.container_chars();
  const double size = std::max<uint32_t>(1, scanner.input_size());
  const classify::PageContext context{base,
                                      page_host,
                                      page.domain,
                                      suffix_options,
                                      options,
                                      page.robots.nofollow,
                                      classify::count_factor(raw_links.size())};
  report.links.reserve(raw_links.size());
  uint32_t ordinal = 0;
  for (RawLink& raw : raw_links) {
    LinkRecord& link = report.links.emplace_back(std::move(raw.record));
    link.ordinal = ordinal++;
    link.position = std::min(1.0, link.offset / size);
    classify::LinkEvidence evidence;
    evidence.has_image = raw.has_image;
    evidence.image_alt = raw.image_alt;
    evidence.aria_label = raw.aria_label;
    evidence.rel_attribute = raw.rel_attribute;
    evidence.placement = raw.placement;
    evidence.signalled = raw.signalled;
    if (raw.block >= 0) {
      const Block& block = blocks[static_cast<std::size_t>(raw.block)];
      evidence.has_block = true;
      evidence.block_text = block.text;
      evidence.block_chars = block.facts.chars;
      evidence.block_link_chars = block.facts.link_chars;
      evidence.verdict = verdicts[static_cast<std::size_t>(raw.block)];
      evidence.inline_furniture = raw.inline_furniture;
    }
    if (raw.container >= 0) {
      evidence.in_container = true;
      evidence.container_chars = containers[static_cast<std::size_t>(raw.container)];
    }
    classify::classify_link(link, evidence, context);
  }
  page.link_count = static_cast<uint32_t>(report.links.size());
  return report;
}

}  // namespace linklens
