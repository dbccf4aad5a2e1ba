// Google disavow files: read, check and write them by Google's rules (Search Console help,
// "Disavow links to your site"):
//   - UTF-8 or 7-bit ASCII text;
//   - at most 100,000 lines, blank lines and comments included, and at most 2 MB;
//   - one entry per line: "domain:example.com" for a whole domain, or a URL of at most 2,048
//     characters; "#" starts a comment line;
//   - a domain: entry names a domain, never a path ("domain:example.com/blog" is invalid).
// The writer refuses to produce a file that breaks a rule and says which.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace linklens::disavow {

struct Limits {
  std::size_t max_lines = 100000;
  std::size_t max_bytes = 2 * 1024 * 1024;
  std::size_t max_url_chars = 2048;
};

enum class EntryKind { kDomain, kUrl };

struct Entry {
  EntryKind kind = EntryKind::kDomain;
  std::string value;                  // the domain (lowercase ASCII) or the URL (WHATWG-serialised)
  std::size_t line = 0;               // 1-based, when read from a file
  std::vector<std::string> comments;  // written as "# ..." lines above the entry
};

struct Problem {
  std::size_t line = 0;  // 1-based; 0 for the file as a whole
  std::string message;
};

struct File {
  std::vector<Entry> entries;
  std::vector<Problem> problems;  // empty: Google would accept the file
  std::size_t lines = 0, bytes = 0;
};

// Reads a disavow file and reports every invalid line with its number.
File parse(std::string_view text, const Limits& limits = {});

// Writes entries (and their comment lines) under `header` comment lines. On any rule broken
// nothing is written: `problems` says why and the result is empty.
std::string write(const std::vector<Entry>& entries, const std::vector<std::string>& header,
                  std::vector<Problem>& problems, const Limits& limits = {});

// Checks one entry as the writer and the reader do; "" when valid, else why not.
std::string check_entry(const Entry& entry, const Limits& limits = {});

// True when the file disavows a link from `source_url` (an entry for that URL, or a domain:
// entry for its host or any domain above it).
bool covers(const File& file, std::string_view source_url);

}  // namespace linklens::disavow
