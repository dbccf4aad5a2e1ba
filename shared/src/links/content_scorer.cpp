// Scoring in four passes over the block tree (an array in document order, parents first):
//   1. unlikely blocks (navigation, footer, sidebar, comment, share/related words, without a
//      content word) are set aside with everything inside them, as reader views do;
//   2. every block with a paragraph's worth of its own text scores 1 + its commas + a point per
//      100 characters (at most 3), scaled down by its own link density, and gives that score to
//      the block around it (or itself, when it holds the text directly like a div), half to the
//      next, a third of the rest further up, five levels in all;
//   3. each scored block's total is scaled by (1 - link density of its subtree); the best one,
//      moved up when its parent scores close to it or several close rivals share an ancestor, is
//      the article, joined by siblings that score at least a fifth of it or read as prose;
//   4. inside the article, from the innermost block out, a block is cut when it reads as
//      furniture: negative class weight, little text, links for text, or a list of links.
#include "content_scorer.h"

#include <algorithm>
#include <cmath>

namespace linklens::content {
namespace {

using placement::Signal;

constexpr uint32_t kMinParagraphChars = 25;  // shorter own text casts no vote
constexpr double kMinArticleChars = 250;     // a page with less main text is left undecided
constexpr int kAncestorLevels = 5;
constexpr double kSiblingShare = 0.2;
constexpr int kMinRivals = 3;
constexpr double kRivalShare = 0.75;
constexpr std::size_t kMaxRivals = 5;
constexpr double kPartShare = 0.3;
constexpr double kFurnitureMaxShare = 0.5;  // of the page's text outside links
constexpr uint32_t kBareOwnChars = 3;
constexpr double kSentenceCharsPerLink = 60;  // about ten words of text beside each link
constexpr uint32_t kLinkLineOwnChars = 40;
constexpr uint32_t kFlowTextChars = 80;  // a paragraph's worth of text after a block keeps it in the flow
                                         // with fewer characters besides its links is links only
constexpr double kPartMaxDensity = 0.2;
constexpr int kPartMaxLevels = 6;

// Sums over a block and every block inside it (set-aside blocks excluded).
struct Subtree {
  double chars = 0, link_chars = 0, commas = 0, links = 0;  // doubles: the browser's counts can be large
  int paragraphs = 0, items = 0;
  double density() const { return chars > 0 ? std::min(1.0, link_chars / chars) : 0.0; }
  void add(const Subtree& o) {
    chars += o.chars;
    link_chars += o.link_chars;
    commas += o.commas;
    links += o.links;
    paragraphs += o.paragraphs;
    items += o.items;
  }
};

double tag_base(BlockTag tag) {
  switch (tag) {
    case BlockTag::kDiv:
    case BlockTag::kArticle: return 5;
    case BlockTag::kPre:
    case BlockTag::kCell: return 3;
    case BlockTag::kList:
    case BlockTag::kListItem:
    case BlockTag::kForm: return -3;
    case BlockTag::kHeading: return -5;
    default: return 0;
  }
}

bool is_boilerplate_signal(Signal s) { return s != Signal::kNone && s != Signal::kContent; }

// A block that holds a paragraph's text directly (a div of text) is its own paragraph's container.
bool contains_own_text(BlockTag tag) {
  return tag == BlockTag::kDiv || tag == BlockTag::kArticle || tag == BlockTag::kCell || tag == BlockTag::kOther;
}

class Scorer {
 public:
  explicit Scorer(const std::vector<BlockFacts>& blocks)
      : b_(blocks), n_(blocks.size()), set_aside_(n_, 0), score_(n_, 0), scored_(n_, 0), sub_(n_), end_(n_) {
    // Blocks come in document order, a parent before its children, so a block's subtree is the
    // run of indexes from it to its last descendant: "inside" is one comparison, whatever the
    // depth (hostile pages nest 100,000 divs).
    for (std::size_t i = 0; i < n_; ++i) end_[i] = i;
    for (std::size_t i = n_; i-- > 0;) {
      if (const int32_t p = parent(i); p >= 0)
        end_[static_cast<std::size_t>(p)] = std::max(end_[static_cast<std::size_t>(p)], end_[i]);
    }
  }

  std::vector<Verdict> run() {
    std::vector<Verdict> verdicts(n_, Verdict::kUndecided);
    if (n_ == 0) return verdicts;
    set_aside_unlikely();
    sum_subtrees();
    vote();
    int32_t top = best_candidate();
    if (top < 0) return verdicts;
    top = climb(top);
    std::vector<uint8_t> in_article = select_with_siblings(top);
    double article_chars = 0;
    for (std::size_t i = 0; i < n_; ++i) {
      if (in_article[i] && (parent(i) < 0 || !in_article[static_cast<std::size_t>(parent(i))]))
        article_chars += sub_[i].chars;
    }
    if (article_chars < kMinArticleChars) return verdicts;
    std::vector<uint8_t> cut = clean(in_article, article_chars);
    // A cut block with the article's text still to come sits in its flow (a product box, an
    // embedded post); one after the last paragraph is what pages append (promos, newsletters).
    bool text_follows = false;
    for (std::size_t i = n_; i-- > 0;) {
      const bool main = in_article[i] && !set_aside_[i] && !cut[i];
      if (!in_article[i] || set_aside_[i] || root_links_only_[i]) {
        verdicts[i] = Verdict::kOutside;
      } else if (cut[i]) {
        verdicts[i] = text_follows ? Verdict::kLinkList : Verdict::kOutside;
      } else {
        verdicts[i] = Verdict::kMain;
      }
      if (main && b_[i].chars - std::min(b_[i].chars, b_[i].link_chars) >= kFlowTextChars) text_follows = true;
    }
    return verdicts;
  }

 private:
  // A parent index that does not come before its child (a malformed tree from a browser) is none.
  int32_t parent(std::size_t i) const {
    const int32_t p = b_[i].parent;
    return p >= 0 && static_cast<std::size_t>(p) < i ? p : -1;
  }

  void set_aside_unlikely() {
    // Text under each block, before anything is set aside: furniture never holds most of a page,
    // so a wrapper of the whole page whose class happens to say "header-style" or "sidebar" (a
    // theme's layout switch) is not set aside.
    std::vector<double> text(n_, 0);
    double page_text = 0;
    for (std::size_t i = n_; i-- > 0;) {
      text[i] += b_[i].chars - std::min(b_[i].chars, b_[i].link_chars);
      if (parent(i) >= 0)
        text[static_cast<std::size_t>(parent(i))] += text[i];
      else
        page_text += text[i];
    }
    for (std::size_t i = 0; i < n_; ++i) {
      const int32_t p = parent(i);
      const bool inherited = p >= 0 && set_aside_[static_cast<std::size_t>(p)];
      // Furniture by its words, or by its tag or role with no word of main text beside.
      const bool unlikely = is_boilerplate_signal(b_[i].signal) &&
                            (b_[i].class_weight < 0 || (b_[i].class_weight == 0 && !b_[i].positive)) &&
                            b_[i].tag != BlockTag::kArticle && b_[i].tag != BlockTag::kCell &&
                            text[i] <= kFurnitureMaxShare * page_text;
      set_aside_[i] = inherited || unlikely;
    }
  }

  void sum_subtrees() {
    for (std::size_t i = n_; i-- > 0;) {
      if (set_aside_[i]) continue;
      Subtree& s = sub_[i];
      s.chars += b_[i].chars;
      s.link_chars += b_[i].link_chars;
      s.commas += b_[i].commas;
      s.paragraphs += b_[i].tag == BlockTag::kParagraph;
      s.items += b_[i].tag == BlockTag::kListItem;
      s.links += b_[i].links;
      if (const int32_t p = parent(i); p >= 0) sub_[static_cast<std::size_t>(p)].add(s);
    }
  }

  void add_score(int32_t at, double amount) {
    const auto i = static_cast<std::size_t>(at);
    if (!scored_[i]) {
      scored_[i] = 1;
      score_[i] = tag_base(b_[i].tag) + b_[i].class_weight;
    }
    score_[i] += amount;
  }

  void vote() {
    for (std::size_t i = 0; i < n_; ++i) {
      const BlockFacts& f = b_[i];
      if (set_aside_[i] || f.chars < kMinParagraphChars || f.tag == BlockTag::kHeading) continue;
      const double own_density = std::min(1.0, static_cast<double>(f.link_chars) / f.chars);
      const double vote = (1.0 + f.commas + std::min(3.0, std::floor(f.chars / 100.0))) * (1.0 - own_density);
      if (vote <= 0) continue;
      int32_t at = contains_own_text(f.tag) ? static_cast<int32_t>(i) : parent(i);
      for (int level = 0; at >= 0 && level < kAncestorLevels; ++level, at = parent(static_cast<std::size_t>(at))) {
        const double divider = level == 0 ? 1.0 : level == 1 ? 2.0 : level * 3.0;
        add_score(at, vote / divider);
      }
    }
    for (std::size_t i = 0; i < n_; ++i) {
      if (scored_[i]) score_[i] *= 1.0 - sub_[i].density();
    }
  }

  int32_t best_candidate() const {
    int32_t best = -1;
    for (std::size_t i = 0; i < n_; ++i) {
      if (scored_[i] && !set_aside_[i] && (best < 0 || score_[i] > score_[static_cast<std::size_t>(best)]))
        best = static_cast<int32_t>(i);
    }
    return best;
  }

  bool inside(std::size_t i, int32_t ancestor) const {
    if (ancestor < 0) return false;
    const auto a = static_cast<std::size_t>(ancestor);
    return a <= i && i <= end_[a];
  }

  // Readability's moves: a common ancestor of several close rivals, then up while the parent
  // scores close to or above the block, then up through parents that hold nothing else.
  int32_t climb(int32_t top) const {
    const double top_score = score_[static_cast<std::size_t>(top)];
    // The best few candidates after the top one, as Readability keeps them.
    std::vector<std::size_t> rivals;
    for (std::size_t i = 0; i < n_; ++i) {
      if (scored_[i] && static_cast<int32_t>(i) != top && score_[i] >= kRivalShare * top_score) rivals.push_back(i);
    }
    if (rivals.size() > kMaxRivals) {
      std::partial_sort(rivals.begin(), rivals.begin() + kMaxRivals, rivals.end(),
                        [this](std::size_t a, std::size_t b) { return score_[a] > score_[b]; });
      rivals.resize(kMaxRivals);
    }
    if (rivals.size() >= static_cast<std::size_t>(kMinRivals)) {
      for (int32_t p = parent(static_cast<std::size_t>(top)); p >= 0; p = parent(static_cast<std::size_t>(p))) {
        int holding = 0;
        for (std::size_t r : rivals) holding += inside(r, p);
        if (holding >= kMinRivals) {
          top = p;
          break;
        }
      }
    }
    double last = score_[static_cast<std::size_t>(top)];
    const double threshold = last / 3;
    for (int32_t p = parent(static_cast<std::size_t>(top)); p >= 0 && parent(static_cast<std::size_t>(p)) >= 0;
         p = parent(static_cast<std::size_t>(p))) {
      const auto pi = static_cast<std::size_t>(p);
      if (!scored_[pi]) continue;
      if (score_[pi] < threshold) break;
      if (score_[pi] > last) {
        top = p;
        break;
      }
      last = score_[pi];
    }
    for (int32_t p = parent(static_cast<std::size_t>(top)); p >= 0 && parent(static_cast<std::size_t>(p)) >= 0;
         p = parent(static_cast<std::size_t>(p))) {
      const auto pi = static_cast<std::size_t>(p);
      if (sub_[pi].chars > sub_[static_cast<std::size_t>(top)].chars + kMinParagraphChars) break;
      top = p;
    }
    return top;
  }

  std::vector<uint8_t> select_with_siblings(int32_t top) const {
    std::vector<uint8_t> selected(n_, 0);
    const auto ti = static_cast<std::size_t>(top);
    const int32_t p = parent(ti);
    const double threshold = std::max(10.0, score_[ti] * kSiblingShare);
    for (std::size_t i = 0; i < n_; ++i) {
      if (set_aside_[i]) continue;
      bool take = static_cast<int32_t>(i) == top;
      if (!take && p >= 0 && parent(i) == p) {
        const Subtree& s = sub_[i];
        if (scored_[i] && score_[i] >= threshold) take = true;
        if (b_[i].tag == BlockTag::kParagraph &&
            ((s.chars > 80 && s.density() < 0.25) || (s.chars > 0 && s.chars <= 80 && s.link_chars == 0)))
          take = true;
      }
      if (take) selected[i] = 1;
    }
    // The article split in parts by a full-width figure, quote or ad: other strong, link-poor
    // candidates near it (a common ancestor a few levels up) are parts of it too.
    for (std::size_t i = 0; i < n_; ++i) {
      if (!scored_[i] || set_aside_[i] || selected[i] || score_[i] < kPartShare * score_[ti] ||
          sub_[i].density() > kPartMaxDensity || inside(i, top) || inside(ti, static_cast<int32_t>(i)))
        continue;
      if (common_ancestor_within(i, ti, kPartMaxLevels)) selected[i] = 1;
    }
    // Everything inside a selected block is in the article (unless set aside).
    for (std::size_t i = 0; i < n_; ++i) {
      const int32_t q = parent(i);
      if (q >= 0 && selected[static_cast<std::size_t>(q)] && !set_aside_[i]) selected[i] = 1;
    }
    return selected;
  }

  bool common_ancestor_within(std::size_t a, std::size_t b, int levels) const {
    int32_t x = static_cast<int32_t>(a);
    for (int up = 0; x >= 0 && up <= levels; ++up, x = parent(static_cast<std::size_t>(x))) {
      int32_t y = static_cast<int32_t>(b);
      for (int up_b = 0; y >= 0 && up_b <= levels; ++up_b, y = parent(static_cast<std::size_t>(y))) {
        if (x == y) return parent(static_cast<std::size_t>(x)) >= 0;  // not the page's outermost block
      }
    }
    return false;
  }

  // A block whose own text is links and nothing else ("You may also like" headlines one per
  // paragraph, a share line), or mostly links with a few words ("Follow us on X, Y and Z",
  // "DON'T MISS: headline [VIDEO]"): a list of links, whatever its tag.
  bool links_only_text(std::size_t i) const {
    const uint32_t own_text = b_[i].chars - std::min(b_[i].chars, b_[i].link_chars);
    return b_[i].links > 0 &&
           (own_text < kBareOwnChars || (own_text < kLinkLineOwnChars && 2 * uint64_t{b_[i].link_chars} > b_[i].chars));
  }

  bool cleanable(BlockTag tag) const {
    return tag == BlockTag::kDiv || tag == BlockTag::kList || tag == BlockTag::kTable || tag == BlockTag::kForm ||
           tag == BlockTag::kAside || tag == BlockTag::kOther || tag == BlockTag::kListItem;
  }

  // Readability's conditional cleaning, innermost first; a cut block's text leaves its ancestors'
  // sums so the blocks around it are judged on what remains.
  std::vector<uint8_t> clean(const std::vector<uint8_t>& in_article, double article_chars) {
    std::vector<uint8_t> cut(n_, 0);
    // What cut blocks inside each block took away, passed from child to parent (children come
    // after their parent, so they are all done when the parent is judged).
    std::vector<Subtree> removed(n_);
    auto pass_up = [&](std::size_t i, const Subtree& r) {
      if (const int32_t p = parent(i); p >= 0) removed[static_cast<std::size_t>(p)].add(r);
    };
    for (std::size_t i = n_; i-- > 0;) {
      if (!in_article[i] || set_aside_[i]) {
        cut[i] = set_aside_[i];
        continue;
      }
      Subtree live = sub_[i];
      live.chars -= removed[i].chars;
      live.link_chars -= removed[i].link_chars;
      live.commas -= removed[i].commas;
      live.links -= removed[i].links;
      const bool is_root = parent(i) < 0 || !in_article[static_cast<std::size_t>(parent(i))];
      const bool links_only = links_only_text(i);
      if (is_root) {
        // The article's own block stays, but links standing in it with no text of their own (a
        // "Skip to content" link at the top of a page wrapper) are not the article's.
        root_links_only_[i] = links_only;
        continue;
      }
      const Subtree& s = live;
      // A block holding most of the article is the article, whatever its class says.
      if ((!links_only && !cleanable(b_[i].tag)) || (!links_only && s.chars > kFurnitureMaxShare * article_chars)) {
        pass_up(i, removed[i]);
        continue;
      }
      const double weight = b_[i].class_weight;
      bool remove = links_only || weight + (scored_[i] ? score_[i] : 0) < 0;
      if (!remove && s.commas < 10) {
        const double density = s.density();
        if (s.chars < kMinParagraphChars && s.links > 0) remove = true;  // image links, icons
        // Link-dense, unless each link comes with a sentence of its own (a list of steps or
        // offers with a link in each, not a list of headlines).
        const bool sentences = s.links > 0 && (s.chars - s.link_chars) >= kSentenceCharsPerLink * s.links;
        if (weight < 25 && density > 0.2 && !sentences) remove = true;
        if (weight >= 25 && density > 0.5 && !sentences) remove = true;
      }
      if (!remove) {
        pass_up(i, removed[i]);
        continue;
      }
      cut[i] = 1;
      pass_up(i, sub_[i]);  // all of it goes
    }
    // A block inside a cut block is cut.
    for (std::size_t i = 0; i < n_; ++i) {
      const int32_t q = parent(i);
      if (q >= 0 && cut[static_cast<std::size_t>(q)]) cut[i] = 1;
    }
    return cut;
  }

  const std::vector<BlockFacts>& b_;
  std::size_t n_;
  std::vector<uint8_t> set_aside_;
  std::vector<double> score_;
  std::vector<uint8_t> scored_;
  std::vector<Subtree> sub_;
  std::vector<std::size_t> end_;  // last descendant of each block
  std::vector<uint8_t> root_links_only_ = std::vector<uint8_t>(n_, 0);
};

}  // namespace

BlockTag block_tag_of(std::string_view name) {
  if (name == "div" || name == "section" || name == "main" || name == "body" || name == "center") return BlockTag::kDiv;
  if (name == "article") return BlockTag::kArticle;
  if (name == "p") return BlockTag::kParagraph;
  if (name == "pre" || name == "blockquote") return BlockTag::kPre;
  if (name == "td") return BlockTag::kCell;
  if (name == "ul" || name == "ol" || name == "dl") return BlockTag::kList;
  if (name == "li" || name == "dd" || name == "dt") return BlockTag::kListItem;
  if (name == "th" || (name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6'))
    return BlockTag::kHeading;
  if (name == "form") return BlockTag::kForm;
  if (name == "table") return BlockTag::kTable;
  if (name == "aside" || name == "nav" || name == "header" || name == "footer" || name == "figcaption" ||
      name == "caption")
    return BlockTag::kAside;
  return BlockTag::kOther;
}

std::vector<Verdict> score_blocks(const std::vector<BlockFacts>& blocks) { return Scorer(blocks).run(); }

}  // namespace linklens::content
