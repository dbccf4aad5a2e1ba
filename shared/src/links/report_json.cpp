// The JSON form of LinkRecord and PageFacts (docs/link-record.md). Hand-written so the core
// needs no JSON library; strings are escaped per RFC 8259 and any invalid UTF-8 the page held is
// replaced by U+FFFD, so the output is always valid JSON.
#include "linklens/report_json.h"

#include <cstdio>
#include <string_view>

namespace linklens {

const char* to_string(LinkScope v) {
  switch (v) {
    case LinkScope::kInternal: return "internal";
    case LinkScope::kSubdomain: return "subdomain";
    case LinkScope::kExternal: return "external";
    case LinkScope::kOther: return "other";
  }
  return "other";
}

const char* to_string(FollowStatus v) {
  switch (v) {
    case FollowStatus::kFollow: return "follow";
    case FollowStatus::kNofollow: return "nofollow";
    case FollowStatus::kSponsored: return "sponsored";
    case FollowStatus::kUgc: return "ugc";
  }
  return "follow";
}

const char* to_string(LinkKind v) {
  switch (v) {
    case LinkKind::kText: return "text";
    case LinkKind::kImage: return "image";
    case LinkKind::kArea: return "area";
    case LinkKind::kForm: return "form";
    case LinkKind::kFrame: return "frame";
    case LinkKind::kCanonical: return "canonical";
    case LinkKind::kRedirect: return "redirect";
    case LinkKind::kOther: return "other";
  }
  return "other";
}

const char* to_string(AnchorClass v) {
  switch (v) {
    case AnchorClass::kBranded: return "branded";
    case AnchorClass::kExact: return "exact";
    case AnchorClass::kPartial: return "partial";
    case AnchorClass::kNakedUrl: return "naked_url";
    case AnchorClass::kGeneric: return "generic";
    case AnchorClass::kImage: return "image";
    case AnchorClass::kEmpty: return "empty";
    case AnchorClass::kOther: return "other";
  }
  return "other";
}

const char* to_string(Placement v) {
  switch (v) {
    case Placement::kContent: return "content";
    case Placement::kNavigation: return "navigation";
    case Placement::kHeader: return "header";
    case Placement::kFooter: return "footer";
    case Placement::kSidebar: return "sidebar";
    case Placement::kComment: return "comment";
    case Placement::kBreadcrumb: return "breadcrumb";
    case Placement::kOther: return "other";
  }
  return "other";
}

namespace {

// Length of the valid UTF-8 sequence at s[i], or 0 when it is not one.
std::size_t utf8_length(std::string_view s, std::size_t i) {
  unsigned char b = static_cast<unsigned char>(s[i]);
  std::size_t n;
  uint32_t cp;
  if (b < 0x80) return 1;
  if ((b & 0xE0) == 0xC0) {
    n = 2;
    cp = b & 0x1F;
  } else if ((b & 0xF0) == 0xE0) {
    n = 3;
    cp = b & 0x0F;
  } else if ((b & 0xF8) == 0xF0) {
    n = 4;
    cp = b & 0x07;
  } else
    return 0;
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    unsigned char c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (c & 0x3F);
  }
  static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

class Writer {
 public:
  explicit Writer(bool pretty) : pretty_(pretty) {}
  std::string out;

  void string(std::string_view s) {
    out.push_back('"');
    for (std::size_t i = 0; i < s.size();) {
      // A run of printable ASCII that needs no escape is copied at once: nearly every key, URL and
      // enum value is one (a byte at a time, strings were a fifth of a report's time).
      std::size_t plain = i;
      while (plain < s.size()) {
        const unsigned char b = static_cast<unsigned char>(s[plain]);
        if (b < 0x20 || b >= 0x80 || b == '"' || b == '\\') break;
        ++plain;
      }
      if (plain > i) {
        out.append(s.data() + i, plain - i);
        i = plain;
        continue;
      }
      unsigned char c = static_cast<unsigned char>(s[i]);
      if (c == '"' || c == '\\') {
        out.push_back('\\');
        out.push_back(static_cast<char>(c));
        ++i;
        continue;
      }
      if (c < 0x20) {
        char buf[8];
        switch (c) {
          case '\n': out += "\\n"; break;
          case '\t': out += "\\t"; break;
          case '\r': out += "\\r"; break;
          default: std::snprintf(buf, sizeof buf, "\\u%04x", c); out += buf;
        }
        ++i;
        continue;
      }
      std::size_t n = utf8_length(s, i);
      if (n == 0) {
        out += "\xEF\xBF\xBD";
        ++i;
      } else {
        out.append(s, i, n);
        i += n;
      }
    }
    out.push_back('"');
  }
  void key(std::string_view k) {
    separator();
    string(k);
    out += pretty_ ? ": " : ":";
    fresh_ = true;  // the value follows without a separator
  }
  void value(std::string_view s) {
    pre_value();
    string(s);
  }
  void value(const char* s) { value(std::string_view(s)); }
  void value(bool b) {
    pre_value();
    out += b ? "true" : "false";
  }
  void value(uint32_t v) {
    pre_value();
    out += std::to_string(v);
  }
  void value(double v) {
    pre_value();
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4g", v);
    out += buf;
  }
  void begin(char bracket) {
    pre_value();
    out.push_back(bracket);
    ++depth_;
    fresh_ = true;
  }
  void end(char bracket) {
    --depth_;
    if (pretty_ && !fresh_) newline();
    out.push_back(bracket);
    fresh_ = false;
  }

 private:
  void separator() {
    if (!fresh_) out.push_back(',');
    if (pretty_) newline();
    fresh_ = false;
  }
  void pre_value() {
    if (fresh_ && out.size() > 0 && (out.back() == ' ' || out.back() == ':')) {
      fresh_ = false;
      return;
    }
    separator();
  }
  void newline() {
    out.push_back('\n');
    out.append(static_cast<std::size_t>(depth_) * 2, ' ');
  }
  bool pretty_;
  bool fresh_ = true;
  int depth_ = 0;
};

void write_robots(Writer& w, const RobotsDirectives& d) {
  w.begin('{');
  w.key("noindex");
  w.value(d.noindex);
  w.key("nofollow");
  w.value(d.nofollow);
  w.key("noarchive");
  w.value(d.noarchive);
  w.key("nosnippet");
  w.value(d.nosnippet);
  w.key("noimageindex");
  w.value(d.noimageindex);
  w.end('}');
}

// Every LinkRecord field in the documented order, each with its writer: the object form
// (write_link) and the row form (report_rows_json) read the same table, so they cannot disagree.
struct LinkField {
  std::string_view name;
  void (*write)(Writer&, const LinkRecord&);
};
constexpr LinkField kLinkFields[] = {
    {"href", [](Writer& w, const LinkRecord& l) { w.value(l.href); }},
    {"url", [](Writer& w, const LinkRecord& l) { w.value(l.url); }},
    {"host", [](Writer& w, const LinkRecord& l) { w.value(l.host); }},
    {"domain", [](Writer& w, const LinkRecord& l) { w.value(l.domain); }},
    {"scope", [](Writer& w, const LinkRecord& l) { w.value(to_string(l.scope)); }},
    {"rel",
     [](Writer& w, const LinkRecord& l) {
       w.begin('[');
       for (const auto& r : l.rel) w.value(r);
       w.end(']');
     }},
    {"follow", [](Writer& w, const LinkRecord& l) { w.value(to_string(l.follow)); }},
    {"effective_follow", [](Writer& w, const LinkRecord& l) { w.value(to_string(l.effective_follow)); }},
    {"nofollow", [](Writer& w, const LinkRecord& l) { w.value(l.nofollow); }},
    {"sponsored", [](Writer& w, const LinkRecord& l) { w.value(l.sponsored); }},
    {"ugc", [](Writer& w, const LinkRecord& l) { w.value(l.ugc); }},
    {"kind", [](Writer& w, const LinkRecord& l) { w.value(to_string(l.kind)); }},
    {"anchor", [](Writer& w, const LinkRecord& l) { w.value(l.anchor); }},
    {"anchor_class", [](Writer& w, const LinkRecord& l) { w.value(to_string(l.anchor_class)); }},
    {"placement", [](Writer& w, const LinkRecord& l) { w.value(to_string(l.placement)); }},
    {"ordinal", [](Writer& w, const LinkRecord& l) { w.value(l.ordinal); }},
    {"position", [](Writer& w, const LinkRecord& l) { w.value(l.position); }},
    {"weight", [](Writer& w, const LinkRecord& l) { w.value(l.weight); }},
    {"hidden", [](Writer& w, const LinkRecord& l) { w.value(l.hidden); }},
    {"in_noscript", [](Writer& w, const LinkRecord& l) { w.value(l.in_noscript); }},
    {"rendered_only", [](Writer& w, const LinkRecord& l) { w.value(l.rendered_only); }},
    {"in_shadow_root", [](Writer& w, const LinkRecord& l) { w.value(l.in_shadow_root); }},
    {"in_iframe", [](Writer& w, const LinkRecord& l) { w.value(l.in_iframe); }},
    {"problem", [](Writer& w, const LinkRecord& l) { w.value(l.problem); }},
    {"context", [](Writer& w, const LinkRecord& l) { w.value(l.context); }},
    {"title", [](Writer& w, const LinkRecord& l) { w.value(l.title); }},
    {"target", [](Writer& w, const LinkRecord& l) { w.value(l.target); }},
    {"offset", [](Writer& w, const LinkRecord& l) { w.value(l.offset); }},
};

void write_link(Writer& w, const LinkRecord& l) {
  w.begin('{');
  for (const LinkField& f : kLinkFields) {
    w.key(f.name);
    f.write(w, l);
  }
  w.end('}');
}

const LinkField* field_named(std::string_view name) {
  for (const LinkField& f : kLinkFields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

void write_page(Writer& w, const PageFacts& p) {
  w.begin('{');
  w.key("url");
  w.value(p.url);
  w.key("host");
  w.value(p.host);
  w.key("domain");
  w.value(p.domain);
  w.key("base");
  w.value(p.base);
  w.key("title");
  w.value(p.title);
  w.key("site_name");
  w.value(p.site_name);
  w.key("application_name");
  w.value(p.application_name);
  w.key("lang");
  w.value(p.lang);
  w.key("canonical");
  w.value(p.canonical);
  w.key("meta_refresh");
  w.value(p.meta_refresh);
  w.key("charset");
  w.value(p.charset);
  w.key("meta_robots");
  write_robots(w, p.meta_robots);
  w.key("x_robots_tag");
  write_robots(w, p.x_robots_tag);
  w.key("robots");
  write_robots(w, p.robots);
  w.key("robots_sources");
  w.begin('[');
  for (const auto& s : p.robots_sources) w.value(s);
  w.end(']');
  w.key("link_count");
  w.value(p.link_count);
  w.key("bytes");
  w.value(p.bytes);
  w.end('}');
}

}  // namespace

std::string link_to_json(const LinkRecord& link) {
  Writer w(false);
  write_link(w, link);
  return std::move(w.out);
}

std::string report_to_json(const PageReport& report, bool pretty) {
  Writer w(pretty);
  w.begin('{');
  w.key("page");
  write_page(w, report.page);
  w.key("links");
  w.begin('[');
  for (const auto& l : report.links) write_link(w, l);
  w.end(']');
  w.end('}');
  return std::move(w.out);
}

std::optional<std::string> report_rows_json(const PageReport& report, const std::vector<std::string>& fields) {
  std::vector<const LinkField*> columns;
  for (const auto& name : fields) {
    const LinkField* f = field_named(name);
    if (!f) return std::nullopt;
    columns.push_back(f);
  }
  Writer w(false);
  w.out.reserve(report.links.size() * (16 * columns.size() + 2) + 1024);  // about a row's bytes
  w.begin('{');
  w.key("page");
  write_page(w, report.page);
  w.key("links");
  w.begin('[');
  for (const auto& l : report.links) {
    w.begin('[');
    for (const LinkField* f : columns) f->write(w, l);
    w.end(']');
  }
  w.end(']');
  w.end('}');
  return std::move(w.out);
}

}  // namespace linklens
