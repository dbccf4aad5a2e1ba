// Public Suffix List matching (https://publicsuffix.org/list/ "Formal algorithm").
//
// Table invariants:
//  1. Every rule is stored once under its ASCII key: "*.ck" under "ck" with kWildcard, "!www.ck"
//     under "www.ck" with kException, "co.uk" under "co.uk" with kNormal. One key can carry
//     several kinds (e.g. "ck" could be both a rule and the base of a wildcard).
//  2. `slots` is an open-addressing table (linear probing) of power-of-two size, at most half
//     full, so every probe sequence ends at an empty slot.
//  3. `max_labels` is the most labels any key has, plus one for wildcards: suffixes longer than
//     that cannot match and are never looked up.
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "../url/host.h"
#include "linklens/idna.h"
#include "linklens/public_suffix.h"
#include "psl_builtin.h"

namespace linklens {
namespace {

enum Kind : uint8_t {
  kNormal = 1,
  kWildcard = 2,
  kException = 4,
  kNormalPrivate = 8,
  kWildcardPrivate = 16,
  kExceptionPrivate = 32,
};

uint64_t hash_key(std::string_view s) {
  uint64_t h = 14695981039346656037ull;  // FNV-1a
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

std::size_t count_labels(std::string_view s) {
  return static_cast<std::size_t>(std::count(s.begin(), s.end(), '.')) + 1;
}

// Hosts that are already in the URL Standard's ASCII form skip IDNA.
bool is_plain_ascii_host(std::string_view host) {
  for (std::size_t i = 0; i < host.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(host[i]);
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
    if (!ok) return false;
    if (c == 'x' && host.compare(i, 4, "xn--") == 0 && (i == 0 || host[i - 1] == '.')) return false;
  }
  return true;
}

}  // namespace

struct PublicSuffixList::Table {
  struct Slot {
    uint64_t hash = 0;
    uint32_t offset = 0;
    uint16_t length = 0;
    uint8_t kinds = 0;  // 0: empty slot
  };
  std::string keys;  // all keys, back to back
  std::vector<Slot> slots;
  std::size_t rules = 0;
  std::size_t max_labels = 1;
  std::string date;

  uint8_t find(std::string_view key) const {
    uint64_t h = hash_key(key);
    std::size_t mask = slots.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      const Slot& s = slots[i];
      if (s.kinds == 0) return 0;
      if (s.hash == h && std::string_view(keys).substr(s.offset, s.length) == key) return s.kinds;
    }
  }

  void add(std::string_view key, uint8_t kind) {
    if (slots.empty() || (rules + 1) * 2 > slots.size()) grow();
    uint64_t h = hash_key(key);
    std::size_t mask = slots.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      Slot& s = slots[i];
      if (s.kinds == 0) {
        s.hash = h;
        s.offset = static_cast<uint32_t>(keys.size());
        s.length = static_cast<uint16_t>(key.size());
        s.kinds = kind;
        keys.append(key);
        ++rules;
        break;
      }
      if (s.hash == h && std::string_view(keys).substr(s.offset, s.length) == key) {
        s.kinds |= kind;
        break;
      }
    }
    max_labels = std::max(max_labels, count_labels(key) + ((kind & (kWildcard | kWildcardPrivate)) ? 1 : 0));
  }

  void grow() {
    std::vector<Slot> old;
    old.swap(slots);
    slots.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
    std::size_t mask = slots.size() - 1;
    for (const Slot& s : old) {
      if (s.kinds == 0) continue;
      for (std::size_t i = s.hash & mask;; i = (i + 1) & mask) {
        if (slots[i].kinds == 0) {
          slots[i] = s;
          break;
        }
      }
    }
  }
};

const char* to_string(PslError error) {
  switch (error) {
    case PslError::kEmptyList: return "no rules in the public suffix list";
    case PslError::kInvalidRule: return "invalid rule in the public suffix list";
  }
  return "public suffix list error";
}

PublicSuffixList::PublicSuffixList(std::unique_ptr<Table> table) : table_(std::move(table)) {}
PublicSuffixList::PublicSuffixList(PublicSuffixList&&) noexcept = default;
PublicSuffixList& PublicSuffixList::operator=(PublicSuffixList&&) noexcept = default;
PublicSuffixList::~PublicSuffixList() = default;

std::size_t PublicSuffixList::rule_count() const { return table_->rules; }
const std::string& PublicSuffixList::list_date() const { return table_->date; }

Result<PublicSuffixList, PslError> PublicSuffixList::parse(std::string_view text, std::string list_date) {
  auto table = std::make_unique<Table>();
  table->date = std::move(list_date);
  bool in_private = false;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    // A rule is the first whitespace-delimited token of a line; "//" starts a comment line.
    std::size_t b = line.find_first_not_of(" \t\r");
    if (b == std::string_view::npos) continue;
    line.remove_prefix(b);
    if (line.substr(0, 2) == "//") {
      if (line.find("===BEGIN PRIVATE DOMAINS===") != std::string_view::npos) in_private = true;
      if (line.find("===END PRIVATE DOMAINS===") != std::string_view::npos) in_private = false;
      continue;
    }
    std::string_view rule = line.substr(0, line.find_first_of(" \t\r"));
    uint8_t kind = kNormal;
    if (rule.substr(0, 1) == "!") {
      kind = kException;
      rule.remove_prefix(1);
    } else if (rule.substr(0, 2) == "*.") {
      kind = kWildcard;
      rule.remove_prefix(2);
    }
    if (in_private) kind = static_cast<uint8_t>(kind << 3);
    auto ascii = domain_to_ascii(rule);
    if (!ascii || ascii->find('*') != std::string::npos || ascii->size() > 0xFFFF) return PslError::kInvalidRule;
    table->add(*ascii, kind);
  }
  if (table->rules == 0) return PslError::kEmptyList;
  return PublicSuffixList(std::move(table));
}

const PublicSuffixList& PublicSuffixList::builtin() {
  static const PublicSuffixList list = [] {
    auto parsed = parse(std::string_view(psl::kBuiltinRules, psl::kBuiltinRulesSize), psl::kBuiltinListDate);
    // The builtin list is checked at build time by the tests; failing here would be a build bug.
    if (!parsed) __builtin_trap();
    return std::move(parsed).value();
  }();
  return list;
}

DomainParts PublicSuffixList::split_host(std::string_view host, SuffixOptions options) const {
  DomainParts parts;
  if (!host.empty() && host.front() == '[') {
    parts.host = host;
    parts.is_ip = true;
    return parts;
  }
  if (!host.empty() && host.back() == '.') host.remove_suffix(1);  // fully qualified name
  if (is_plain_ascii_host(host)) {
    parts.host = host;
  } else {
    auto ascii = domain_to_ascii(host);
    if (!ascii) return parts;
    parts.host = std::move(ascii).value();
    if (!parts.host.empty() && parts.host.back() == '.') parts.host.pop_back();
  }
  const std::string& h = parts.host;
  if (h.empty()) return parts;
  if (url_detail::ends_in_a_number(h)) {
    uint32_t ignored;
    parts.is_ip = url_detail::parse_ipv4(h, ignored);
    if (parts.is_ip) return parts;
  }

  // Label start offsets, left to right; an empty label means no valid suffix.
  uint32_t starts[128];
  std::size_t count = 0;
  for (std::size_t i = 0; i <= h.size(); ++i) {
    if (i == 0 || h[i - 1] == '.') {
      if (i == h.size() || h[i] == '.') return parts;  // empty label
      if (count == 128) {                              // keep only the rightmost labels
        std::move(starts + 1, starts + 128, starts);
        --count;
      }
      starts[count++] = static_cast<uint32_t>(i);
    }
  }

  const uint8_t normal = options.include_private ? (kNormal | kNormalPrivate) : kNormal;
  const uint8_t wildcard = options.include_private ? (kWildcard | kWildcardPrivate) : kWildcard;
  const uint8_t exception = options.include_private ? (kException | kExceptionPrivate) : kException;

  // kinds[i]: the rules keyed by the suffix that starts at label i.
  std::size_t first = count > table_->max_labels ? count - table_->max_labels : 0;
  uint8_t kinds[128] = {};
  for (std::size_t i = first; i < count; ++i) kinds[i] = table_->find(std::string_view(h).substr(starts[i]));

  std::size_t suffix_label = count;  // index of the first label of the public suffix
  uint8_t matched = 0;
  for (std::size_t i = first; i < count; ++i) {
    if (kinds[i] & exception) {  // an exception rule prevails over every other rule
      suffix_label = i + 1;
      matched = kinds[i] & exception;
      break;
    }
  }
  if (suffix_label == count) {
    for (std::size_t i = first; i < count; ++i) {
      if (kinds[i] & normal) {
        suffix_label = i;
        matched = kinds[i] & normal;
        break;
      }
      if (i + 1 < count && (kinds[i + 1] & wildcard)) {
        suffix_label = i;
        matched = kinds[i + 1] & wildcard;
        break;
      }
    }
  }
  if (suffix_label == count) {
    suffix_label = count - 1;  // the implicit "*" rule
  } else {
    parts.listed = true;
    parts.section = (matched & (kNormalPrivate | kWildcardPrivate | kExceptionPrivate)) ? SuffixSection::kPrivate
                                                                                        : SuffixSection::kIcann;
  }
  parts.suffix_start = starts[suffix_label];
  if (suffix_label > 0) parts.domain_start = starts[suffix_label - 1];
  return parts;
}

std::string PublicSuffixList::registrable_domain(std::string_view host, SuffixOptions options) const {
  return std::string(split_host(host, options).registrable_domain());
}

std::string PublicSuffixList::public_suffix(std::string_view host, SuffixOptions options) const {
  return std::string(split_host(host, options).public_suffix());
}

}  // namespace linklens
