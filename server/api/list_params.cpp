#include "api/list_params.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <set>

namespace linklens::api {
namespace {

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// Echoes a client value in an error without letting it grow the response or break the JSON.
std::string shown(std::string_view value) {
  std::string out;
  for (char c : value.substr(0, 80)) out.push_back(static_cast<unsigned char>(c) < 0x20 ? '?' : c);
  return value.size() > 80 ? out + "..." : out;
}

bool parse_number(std::string_view text, double& value) {
  if (text.empty() || text.size() > 40) return false;
  std::string s(text);
  char* end = nullptr;
  errno = 0;
  value = std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size() && errno == 0 && std::isfinite(value);
}

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string base64url(std::string_view in) {
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (unsigned char c : in) {
    acc = (acc << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(kAlphabet[(acc >> bits) & 63]);
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(acc << (6 - bits)) & 63]);
  return out;
}

std::optional<std::string> from_base64url(std::string_view in) {
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    const char* p = c ? std::strchr(kAlphabet, c) : nullptr;
    if (!p) return std::nullopt;
    acc = (acc << 6) | static_cast<uint32_t>(p - kAlphabet);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  return out;
}

}  // namespace

Status check_known_parameters(const QueryParams& params, const std::vector<std::string>& allowed) {
  std::set<std::string> unknown;
  for (const auto& [name, value] : params) {
    bool known = false;
    for (const auto& a : allowed) known = known || a == name;
    if (!known) unknown.insert(shown(name));
  }
  if (unknown.empty()) return {};
  std::vector<std::string> names(unknown.begin(), unknown.end());
  return Status{400, "unknown_parameter",
                std::string(names.size() == 1 ? "unknown parameter '" : "unknown parameters '") + joined(names) +
                    "' (this endpoint takes: " + joined(allowed) + ")"};
}

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string decode_component(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out.push_back(' ');
    } else if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

}  // namespace

QueryParams parse_query_string(std::string_view target) {
  QueryParams params;
  const std::size_t question = target.find('?');
  if (question == std::string_view::npos) return params;
  std::string_view query = target.substr(question + 1);
  if (const std::size_t hash = query.find('#'); hash != std::string_view::npos) query = query.substr(0, hash);
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const std::size_t eq = pair.find('=');
    std::string key = decode_component(pair.substr(0, eq));
    std::string value = eq == std::string_view::npos ? std::string() : decode_component(pair.substr(eq + 1));
    // As cpp-httplib did: a pair without a name is dropped, and the same pair twice counts once.
    bool repeated = false;
    for (auto [it, end] = params.equal_range(key); it != end && !repeated; ++it) repeated = it->second == value;
    if (!key.empty() && !repeated) params.emplace(std::move(key), std::move(value));
    if (amp == std::string_view::npos) break;
    query = query.substr(amp + 1);
  }
  return params;
}

Status single_value(const QueryParams& params, const std::string& name, std::string& value) {
  value.clear();
  auto range = params.equal_range(name);
  if (range.first == range.second) return {};
  if (std::next(range.first) != range.second) return bad_parameter(name + " is given more than once");
  value = range.first->second;
  return {};
}

Status parse_whole(const QueryParams& params, const std::string& name, int low, int high, int& value) {
  std::string v;
  LINKLENS_RETURN_IF_ERROR(single_value(params, name, v));
  if (!params.count(name)) return {};
  double n = 0;
  if (!parse_number(v, n) || n != std::floor(n) || n < low || n > high) {
    return bad_parameter(name + " must be a whole number from " + std::to_string(low) + " to " + std::to_string(high) +
                         " (got '" + shown(v) + "')");
  }
  value = static_cast<int>(n);
  return {};
}

Status parse_limit(const QueryParams& params, int& limit, int default_limit) {
  limit = default_limit;
  return parse_whole(params, "limit", 1, 1000, limit);
}

Status parse_bool(const QueryParams& params, const std::string& name, bool& value) {
  std::string v;
  LINKLENS_RETURN_IF_ERROR(single_value(params, name, v));
  if (!params.count(name)) return {};
  if (v == "true" || v == "1")
    value = true;
  else if (v == "false" || v == "0")
    value = false;
  else
    return bad_parameter(name + " must be true or false (got '" + shown(v) + "')");
  return {};
}

Status parse_format(const QueryParams& params, OutputFormat& format) {
  std::string v;
  LINKLENS_RETURN_IF_ERROR(single_value(params, "format", v));
  format = OutputFormat::kJson;
  if (v.empty() || v == "json") return {};
  if (v == "csv") {
    format = OutputFormat::kCsv;
    return {};
  }
  return bad_parameter("format must be json or csv (got '" + shown(v) + "')");
}

Status parse_order_by(const QueryParams& params, const std::vector<SortKey>& keys, Sort& sort) {
  std::string v;
  LINKLENS_RETURN_IF_ERROR(single_value(params, "order_by", v));
  std::vector<std::string> names;
  for (const auto& k : keys) names.push_back(k.name);
  if (v.empty()) {
    sort = {keys.front().name, keys.front().descending_by_default};
    return {};
  }
  std::string name = v, direction;
  if (auto colon = v.find(':'); colon != std::string::npos) {
    name = v.substr(0, colon);
    direction = v.substr(colon + 1);
  }
  for (const auto& k : keys) {
    if (k.name != name) continue;
    sort.key = name;
    if (direction.empty())
      sort.descending = k.descending_by_default;
    else if (direction == "desc")
      sort.descending = true;
    else if (direction == "asc")
      sort.descending = false;
    else
      return bad_parameter("order_by direction must be asc or desc (got '" + shown(direction) + "')");
    return {};
  }
  return bad_parameter("cannot order by '" + shown(name) + "' (this endpoint orders by: " + joined(names) + ")");
}

std::string encode_cursor(const Cursor& cursor) {
  char value[40];
  std::snprintf(value, sizeof value, "%.17g", cursor.value);
  return base64url(cursor.key + '\x1f' + (cursor.descending ? "d" : "a") + '\x1f' + value + '\x1f' + cursor.tie);
}

Status parse_cursor(const QueryParams& params, const Sort& sort, std::optional<Cursor>& cursor) {
  std::string v;
  LINKLENS_RETURN_IF_ERROR(single_value(params, "cursor", v));
  cursor.reset();
  if (!params.count("cursor")) return {};
  const Status foreign = bad_parameter("cursor is not one this endpoint gave (pass next_cursor back unchanged)");
  auto decoded = v.size() <= 4096 ? from_base64url(v) : std::nullopt;
  if (!decoded) return foreign;
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (int i = 0; i < 3; ++i) {
    std::size_t sep = decoded->find('\x1f', start);
    if (sep == std::string::npos) return foreign;
    parts.push_back(decoded->substr(start, sep - start));
    start = sep + 1;
  }
  parts.push_back(decoded->substr(start));
  Cursor c;
  c.key = parts[0];
  c.descending = parts[1] == "d";
  if ((parts[1] != "d" && parts[1] != "a") || !parse_number(parts[2], c.value)) return foreign;
  c.tie = parts[3];
  if (c.key != sort.key || c.descending != sort.descending) {
    return bad_parameter("cursor belongs to order_by=" + shown(c.key) + (c.descending ? ":desc" : ":asc") +
                         "; give the same order_by as the page it came from");
  }
  cursor = c;
  return {};
}

const FieldSpec* find_field(const std::vector<FieldSpec>& fields, std::string_view name) {
  for (const auto& f : fields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

Status parse_where(const QueryParams& params, const std::vector<FieldSpec>& fields, std::vector<Condition>& out) {
  out.clear();
  auto range = params.equal_range("where");
  int count = 0;
  for (auto it = range.first; it != range.second; ++it) {
    if (++count > 32) return bad_parameter("at most 32 where conditions");
    const std::string& clause = it->second;
    std::size_t c1 = clause.find(':');
    std::size_t c2 = c1 == std::string::npos ? std::string::npos : clause.find(':', c1 + 1);
    if (c2 == std::string::npos) {
      return bad_parameter("where must be FIELD:OP:VALUE (got '" + shown(clause) + "')");
    }
    std::string name = clause.substr(0, c1), op = clause.substr(c1 + 1, c2 - c1 - 1), value = clause.substr(c2 + 1);
    const FieldSpec* field = find_field(fields, name);
    if (!field) {
      std::vector<std::string> names;
      for (const auto& f : fields) names.push_back(f.name);
      return bad_parameter("unknown field '" + shown(name) + "' in where (fields: " + joined(names) + ")");
    }
    Condition cond;
    cond.field = name;
    cond.type = field->type;
    static const std::pair<const char*, Op> kOps[] = {
        {"eq", Op::kEq}, {"ne", Op::kNe},   {"in", Op::kIn}, {"contains", Op::kContains}, {"prefix", Op::kPrefix},
        {"gt", Op::kGt}, {"gte", Op::kGte}, {"lt", Op::kLt}, {"lte", Op::kLte},           {"is", Op::kIs}};
    bool known_op = false;
    for (const auto& [text, code] : kOps) {
      if (op == text) {
        cond.op = code;
        known_op = true;
      }
    }
    if (!known_op)
      return bad_parameter("unknown operator '" + shown(op) + "' in where (eq ne in contains prefix gt gte lt lte is)");
    const bool numeric = field->type == FieldType::kInteger || field->type == FieldType::kReal;
    const bool text = field->type == FieldType::kText;
    const bool comparison = cond.op == Op::kGt || cond.op == Op::kGte || cond.op == Op::kLt || cond.op == Op::kLte;
    const bool text_only = cond.op == Op::kContains || cond.op == Op::kPrefix;
    if (field->type == FieldType::kBool ? cond.op != Op::kIs
                                        : (cond.op == Op::kIs || (comparison && !numeric) || (text_only && !text))) {
      return bad_parameter("operator '" + op + "' does not apply to field '" + name + "'");
    }
    if (cond.op == Op::kIs) {
      if (value != "true" && value != "false") return bad_parameter("where " + name + ":is: takes true or false");
      cond.flag = value == "true";
    } else {
      std::vector<std::string> values;
      if (cond.op == Op::kIn) {
        std::size_t start = 0;
        while (true) {
          std::size_t bar = value.find('|', start);
          values.push_back(value.substr(start, bar == std::string::npos ? std::string::npos : bar - start));
          if (bar == std::string::npos) break;
          start = bar + 1;
        }
        if (values.size() > 100) return bad_parameter("where ...:in: takes at most 100 values");
      } else {
        values.push_back(value);
      }
      for (const auto& v : values) {
        if (numeric) {
          double n = 0;
          if (!parse_number(v, n)) return bad_parameter("where " + name + " needs a number (got '" + shown(v) + "')");
          cond.numbers.push_back(n);
        } else {
          cond.texts.push_back(v);
        }
      }
    }
    out.push_back(std::move(cond));
  }
  return {};
}

Status parse_select(const QueryParams& params, const std::vector<FieldSpec>& fields,
                    const std::vector<std::string>& defaults, std::vector<std::string>& out) {
  std::string v;
  LINKLENS_RETURN_IF_ERROR(single_value(params, "select", v));
  if (!params.count("select")) {
    out = defaults;
    return {};
  }
  out.clear();
  std::size_t start = 0;
  while (start <= v.size()) {
    std::size_t comma = v.find(',', start);
    std::string name = v.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!find_field(fields, name)) {
      std::vector<std::string> names;
      for (const auto& f : fields) names.push_back(f.name);
      return bad_parameter("unknown field '" + shown(name) + "' in select (fields: " + joined(names) + ")");
    }
    bool repeated = false;
    for (const auto& n : out) repeated = repeated || n == name;
    if (!repeated) out.push_back(name);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return {};
}

}  // namespace linklens::api
