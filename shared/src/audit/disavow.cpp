#include "linklens/disavow.h"

#include <cctype>
#include <unordered_set>

#include "linklens/url.h"

namespace linklens::disavow {
namespace {

bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += n;
  }
  return true;
}

// "'value'" (at most 100 bytes of it) followed by why, built by appending: GCC 12 warns falsely
// (-Wrestrict) on "'" + std::string + "...".
std::string quoted(std::string_view value, std::string_view why) {
  std::string out = "'";
  out.append(value.substr(0, 100));
  out += "' ";
  out.append(why);
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::size_t utf8_chars(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// What makes an ASCII (already punycoded) host no DNS host name, "" when nothing does: at most
// 253 characters, labels of 1 to 63 letters, digits and hyphens, none at a label's edge (RFC 1123).
std::string host_name_problem(std::string_view host) {
  if (host.size() > 253) return "longer than 253 characters";
  std::size_t start = 0;
  while (start <= host.size()) {
    std::size_t dot = host.find('.', start);
    if (dot == std::string_view::npos) dot = host.size();
    const std::string_view label = host.substr(start, dot - start);
    if (label.empty()) return "an empty label";
    if (label.size() > 63) return "a label longer than 63 characters";
    if (label.front() == '-' || label.back() == '-') return "a label that begins or ends with a hyphen";
    for (char c : label) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return "a character a host name cannot hold";
    }
    start = dot + 1;
  }
  return {};
}

// "domain:example.com" -> the normalised domain, or "" with `why`.
std::string domain_value(std::string_view raw, std::string& why) {
  if (raw.empty()) {
    why = "domain: needs a domain name";
    return {};
  }
  if (raw.find_first_of("/?#") != std::string_view::npos) {
    why = "a domain: entry cannot name a path (use the URL on a line of its own, or the bare domain)";
    return {};
  }
  if (raw.find(':') != std::string_view::npos || raw.find('@') != std::string_view::npos ||
      raw.find_first_of(" \t") != std::string_view::npos) {
    why = "a domain: entry is a bare domain name: no scheme, port, user or spaces";
    return {};
  }
  auto url = parse_url("http://" + std::string(raw) + "/");
  if (!url || url->hostname().empty()) {
    why = quoted(raw, "is not a domain name");
    return {};
  }
  std::string host(url->hostname());
  if (!host.empty() && host.back() == '.') host.pop_back();  // "example.com." is example.com; "com." is com
  if (url->host_type() != HostType::kDomain || host.find('.') == std::string::npos) {
    why = quoted(raw, "is not a domain name");
    return {};
  }
  if (const std::string bad = host_name_problem(host); !bad.empty()) {
    why = quoted(raw.substr(0, 80), "is not a domain name: " + bad);
    return {};
  }
  return host;
}

}  // namespace

std::string check_entry(const Entry& entry, const Limits& limits) {
  if (entry.kind == EntryKind::kDomain) {
    std::string why;
    domain_value(entry.value, why);
    return why;
  }
  if (utf8_chars(entry.value) > limits.max_url_chars) {
    return "URL longer than " + std::to_string(limits.max_url_chars) + " characters";
  }
  auto url = parse_url(entry.value);
  if (!url || (url->scheme() != "http" && url->scheme() != "https")) {
    return quoted(entry.value, "is neither a domain: entry nor an http(s) URL");
  }
  return {};
}

File parse(std::string_view text, const Limits& limits) {
  File file;
  file.bytes = text.size();
  if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.remove_prefix(3);  // a BOM is allowed
  if (!valid_utf8(text)) file.problems.push_back({0, "the file is not UTF-8 (or 7-bit ASCII) text"});
  if (file.bytes > limits.max_bytes) {
    file.problems.push_back(
        {0, "the file is " + std::to_string(file.bytes) + " bytes; the limit is " + std::to_string(limits.max_bytes)});
  }
  std::vector<std::string> pending_comments;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t eol = text.find('\n', start);
    if (eol == std::string_view::npos && start == text.size()) break;  // no line after a final newline
    std::string_view line =
        trim(text.substr(start, eol == std::string_view::npos ? std::string_view::npos : eol - start));
    const std::size_t number = ++file.lines;
    if (number == limits.max_lines + 1) {
      file.problems.push_back(
          {number, "more than " + std::to_string(limits.max_lines) + " lines (blank lines and comments count)"});
    }
    if (line.empty()) {
      pending_comments.clear();
    } else if (line.front() == '#') {
      pending_comments.emplace_back(trim(line.substr(1)));
    } else {
      Entry entry;
      entry.line = number;
      std::string why;
      if (line.size() >= 7 && (line.substr(0, 7) == "domain:" || line.substr(0, 7) == "DOMAIN:")) {
        entry.kind = EntryKind::kDomain;
        entry.value = domain_value(trim(line.substr(7)), why);
      } else {
        entry.kind = EntryKind::kUrl;
        entry.value = std::string(line);
        why = check_entry(entry, limits);
        if (why.empty()) {
          // The file written back holds the serialised URL, which percent-encoding can lengthen
          // past the limit: the reader refuses what the writer would.
          entry.value = std::string(parse_url(line)->href());
          if (utf8_chars(entry.value) > limits.max_url_chars) {
            why = "URL longer than " + std::to_string(limits.max_url_chars) + " characters once percent-encoded";
          }
        }
      }
      if (why.empty()) {
        entry.comments = std::move(pending_comments);
        file.entries.push_back(std::move(entry));
      } else {
        file.problems.push_back({number, why});
      }
      pending_comments.clear();
    }
    if (eol == std::string_view::npos) break;
    start = eol + 1;
  }
  return file;
}

std::string write(const std::vector<Entry>& entries, const std::vector<std::string>& header,
                  std::vector<Problem>& problems, const Limits& limits) {
  problems.clear();
  std::string out;
  std::size_t lines = 0;
  auto add_line = [&](std::string_view line) {
    out.append(line);
    out.push_back('\n');
    ++lines;
  };
  for (const auto& h : header) add_line("# " + h);
  std::unordered_set<std::string> seen;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const Entry& e = entries[i];
    if (std::string why = check_entry(e, limits); !why.empty()) {
      problems.push_back({i + 1, "entry " + std::to_string(i + 1) + ": " + why});
      continue;
    }
    std::string line = e.kind == EntryKind::kDomain ? "domain:" + e.value : e.value;
    if (!seen.insert(line).second) continue;  // written once
    for (const auto& c : e.comments) add_line("# " + c);
    add_line(line);
  }
  if (!valid_utf8(out)) problems.push_back({0, "the file would not be UTF-8 text"});
  if (lines > limits.max_lines) {
    problems.push_back({0, "the file would have " + std::to_string(lines) + " lines; the limit is " +
                               std::to_string(limits.max_lines) + " (blank lines and comments count)"});
  }
  if (out.size() > limits.max_bytes) {
    problems.push_back({0, "the file would be " + std::to_string(out.size()) + " bytes; the limit is " +
                               std::to_string(limits.max_bytes)});
  }
  if (!problems.empty()) return {};
  return out;
}

bool covers(const File& file, std::string_view source_url) {
  auto url = parse_url(source_url);
  if (!url) return false;
  const std::string href(url->href_without_fragment());
  const std::string_view host = url->hostname();
  for (const Entry& e : file.entries) {
    if (e.kind == EntryKind::kUrl) {
      if (e.value == href) return true;
    } else if (host == e.value ||
               (host.size() > e.value.size() && host.substr(host.size() - e.value.size()) == e.value &&
                host[host.size() - e.value.size() - 1] == '.')) {
      return true;
    }
  }
  return false;
}

}  // namespace linklens::disavow
