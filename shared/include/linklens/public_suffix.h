// Public Suffix List: registrable domain (eTLD+1), public suffix and subdomain of a host.
//
// The list is compiled into the core at build time from Debian's `publicsuffix` package
// (PublicSuffixList::builtin(), its date in list_date()); a newer list file can be loaded at run
// time with PublicSuffixList::parse(). Matching follows the list's own algorithm: the longest
// matching rule wins, exception rules ("!x.y") beat wildcards ("*.y"), and an unlisted TLD is a
// public suffix of its own (the implicit "*" rule).
//
// Hosts are expected in the URL Standard's ASCII form (lowercase, punycode): split_host() runs
// domain_to_ascii() itself when given uppercase or non-ASCII input, so "Example.COM", "食狮.com.cn"
// and "xn--85x722f.com.cn" all work. A trailing dot (a fully qualified name) is ignored. IP
// addresses and hosts with empty labels have no registrable domain.
//
// Thread-safety: a PublicSuffixList is immutable after construction; builtin() is initialised
// once, thread-safely.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "linklens/result.h"

namespace linklens {

enum class PslError : uint8_t {
  kEmptyList = 1,  // no rules found in the text
  kInvalidRule,    // a rule that is not a valid domain pattern
};

const char* to_string(PslError error);

enum class SuffixSection : uint8_t { kNone, kIcann, kPrivate };

struct DomainParts {
  std::string host;  // the normalised (ASCII, lowercase, no trailing dot) host

  // Views into `host`; empty when there is no such part.
  std::string_view public_suffix() const { return from(suffix_start); }       // "co.uk"
  std::string_view registrable_domain() const { return from(domain_start); }  // "example.co.uk"
  std::string_view subdomain() const {                                        // "www"
    return domain_start == kNone || domain_start == 0 ? std::string_view()
                                                      : std::string_view(host).substr(0, domain_start - 1);
  }
  // The host lies under a private suffix (talaugust.github.io) and is not one (github.io).
  bool under_private_suffix() const { return section == SuffixSection::kPrivate && public_suffix() != host; }

  static constexpr uint32_t kNone = 0xFFFFFFFFu;
  uint32_t suffix_start = kNone;                 // offset of the public suffix in `host`
  uint32_t domain_start = kNone;                 // offset of the registrable domain in `host`
  SuffixSection section = SuffixSection::kNone;  // which part of the list matched
  bool listed = false;                           // false when only the implicit "*" rule matched
  bool is_ip = false;

 private:
  std::string_view from(uint32_t start) const {
    return start == kNone ? std::string_view() : std::string_view(host).substr(start);
  }
};

struct SuffixOptions {
  bool include_private = true;  // honour the PRIVATE section (blogspot.com, github.io, ...)
};

class PublicSuffixList {
 public:
  // The list compiled in at build time.
  static const PublicSuffixList& builtin();

  // Parses public_suffix_list.dat text (comments, section markers, Unicode or punycode rules).
  static Result<PublicSuffixList, PslError> parse(std::string_view dat_text, std::string list_date = "");

  DomainParts split_host(std::string_view host, SuffixOptions options = {}) const;

  // Shorthands for split_host(host).registrable_domain / .public_suffix, copied out.
  std::string registrable_domain(std::string_view host, SuffixOptions options = {}) const;
  std::string public_suffix(std::string_view host, SuffixOptions options = {}) const;

  std::size_t rule_count() const;
  const std::string& list_date() const;

  PublicSuffixList(PublicSuffixList&&) noexcept;
  PublicSuffixList& operator=(PublicSuffixList&&) noexcept;
  ~PublicSuffixList();

 private:
  struct Table;
  explicit PublicSuffixList(std::unique_ptr<Table> table);
  std::unique_ptr<Table> table_;
};

}  // namespace linklens
