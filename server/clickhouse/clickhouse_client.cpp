#include "clickhouse/clickhouse_client.h"

#include <httplib.h>

#include <cstdio>
#include <cstdlib>

#include "encoding/text_codes.h"

namespace linklens::clickhouse {
namespace {

bool valid_identifier(const std::string& s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  }
  return true;
}

// "Code: 60, e.displayText() = DB::Exception: Table x doesn't exist., e.what() = DB::Exception"
Error server_error(int status, const std::string& body) {
  int code = 0;
  if (body.rfind("Code: ", 0) == 0) code = std::atoi(body.c_str() + 6);
  std::string message = body;
  std::size_t at = message.find("DB::Exception: ");
  if (at != std::string::npos) message = message.substr(at + 15);
  std::size_t what = message.find(", e.what() = ");
  if (what != std::string::npos) message.resize(what);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  return Error(code, "ClickHouse answered " + std::to_string(status) + ": " + message);
}

std::string unescape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 == s.size()) {
      out.push_back(s[i]);
      continue;
    }
    char c = s[++i];
    switch (c) {
      case 'n': out.push_back('\n'); break;
      case 't': out.push_back('\t'); break;
      case 'r': out.push_back('\r'); break;
      case 'b': out.push_back('\b'); break;
      case 'f': out.push_back('\f'); break;
      case '0': out.push_back('\0'); break;
      default: out.push_back(c);
    }
  }
  return out;
}

}  // namespace

bool is_clickhouse_url(const std::string& text) { return text.rfind("clickhouse://", 0) == 0; }

StatusOr<Location> parse_location(const std::string& url) {
  Location location;
  location.url = url;
  if (!is_clickhouse_url(url)) {
    return Status::failure("a ClickHouse store is clickhouse://HOST:PORT[,HOST:PORT...]/DATABASE");
  }
  std::string rest = url.substr(13);
  std::string query;
  if (std::size_t q = rest.find('?'); q != std::string::npos) {
    query = rest.substr(q + 1);
    rest.resize(q);
  }
  std::string hosts = rest;
  if (std::size_t slash = rest.find('/'); slash != std::string::npos) {
    hosts = rest.substr(0, slash);
    if (slash + 1 < rest.size()) location.database = rest.substr(slash + 1);
  }
  std::size_t start = 0;
  while (start <= hosts.size()) {
    std::size_t comma = hosts.find(',', start);
    std::string item = hosts.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    std::size_t colon = item.rfind(':');
    Node n;
    n.host = colon == std::string::npos ? item : item.substr(0, colon);
    if (colon != std::string::npos) {
      char* end = nullptr;
      long port = std::strtol(item.c_str() + colon + 1, &end, 10);
      if (*end != '\0' || port < 1 || port > 65535) {
        return Status::failure("bad port in " + item + " (" + url + ")");
      }
      n.port = static_cast<int>(port);
    }
    if (n.host.empty()) {
      return Status::failure("a node without a host in " + url);
    }
    location.nodes.push_back(n);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  while (!query.empty()) {
    std::size_t amp = query.find('&');
    std::string pair = query.substr(0, amp);
    query = amp == std::string::npos ? "" : query.substr(amp + 1);
    if (pair.rfind("cluster=", 0) == 0) {
      location.cluster = pair.substr(8);
    } else {
      return Status::failure("unknown option '" + pair + "' in " + url + " (known: cluster)");
    }
  }
  // Names go into DDL and Distributed(...) as identifiers, so only plain ones are accepted.
  if (!valid_identifier(location.database) || !valid_identifier(location.cluster)) {
    return Status::failure("database and cluster names are letters, digits and _ (" + url + ")");
  }
  return location;
}

std::string quote(std::string_view value) {
  std::string out = "'";
  for (char c : value) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\'': out += "\\'"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\0': out += "\\0"; break;
      default: out.push_back(c);
    }
  }
  out.push_back('\'');
  return out;
}

std::string quote_list(const std::vector<std::string>& values) {
  if (values.empty()) return "''";
  std::string out;
  for (const auto& v : values) {
    if (!out.empty()) out += ", ";
    out += quote(v);
  }
  return out;
}

void append_tsv(std::string& out, std::string_view value) {
  // Runs of plain characters are copied at once: an ingest writes some twenty fields a link.
  std::size_t plain = 0;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    const char* escaped = c == '\\'   ? "\\\\"
                          : c == '\t' ? "\\t"
                          : c == '\n' ? "\\n"
                          : c == '\r' ? "\\r"
                          : c == '\0' ? "\\0"
                                      : nullptr;
    if (!escaped) continue;
    out.append(value.data() + plain, i - plain);
    out.append(escaped, 2);
    plain = i + 1;
  }
  out.append(value.data() + plain, value.size() - plain);
}

int64_t Rows::integer(std::size_t row, std::size_t column) const {
  return nulls_[row][column] ? 0 : std::strtoll(cells_[row][column].c_str(), nullptr, 10);
}

double Rows::real(std::size_t row, std::size_t column) const {
  return nulls_[row][column] ? 0 : std::strtod(cells_[row][column].c_str(), nullptr);
}

Rows Rows::parse(const std::string& body) {
  Rows rows;
  std::size_t line_start = 0, line_no = 0;
  while (line_start < body.size()) {
    std::size_t end = body.find('\n', line_start);
    if (end == std::string::npos) end = body.size();
    std::string_view line(body.data() + line_start, end - line_start);
    std::vector<std::string> cells;
    std::vector<bool> nulls;
    std::size_t field_start = 0;
    while (true) {
      std::size_t tab = line.find('\t', field_start);
      std::string_view field =
          line.substr(field_start, tab == std::string_view::npos ? std::string_view::npos : tab - field_start);
      nulls.push_back(field == "\\N");
      cells.push_back(unescape(field));
      if (tab == std::string_view::npos) break;
      field_start = tab + 1;
    }
    if (line_no == 0)
      rows.names = std::move(cells);
    else if (line_no == 1)
      rows.types = std::move(cells);
    else {
      rows.cells_.push_back(std::move(cells));
      rows.nulls_.push_back(std::move(nulls));
    }
    ++line_no;
    line_start = end + 1;
  }
  return rows;
}

Connection::Connection(Node node, std::string database, std::chrono::milliseconds timeout)
    : node_(std::move(node)),
      database_(std::move(database)),
      client_(std::make_unique<httplib::Client>(node_.host, node_.port)) {
  client_->set_keep_alive(true);
  client_->set_tcp_nodelay(true);  // small requests: Nagle and delayed ACKs would add 40 ms to each
  client_->set_connection_timeout(std::chrono::seconds(5));
  client_->set_read_timeout(timeout);
  client_->set_write_timeout(timeout);
}

Connection::~Connection() = default;

std::string Connection::post(const std::string& sql_in_url, const std::string& body, const Settings& settings) {
  // wait_end_of_query: the server buffers the answer, so an error part-way is a status code and
  // never the tail of a 200 body.
  // max_query_size: lists of values (a batch's page URLs, a target's referring domains) travel
  // inside the SQL, past the 256 KB default.
  std::string path =
      "/?wait_end_of_query=1&max_query_size=268435456&database=" + encoding::url_encode_component(database_);
  if (!sql_in_url.empty()) path.append("&query=").append(encoding::url_encode_component(sql_in_url));
  for (const auto& [k, v] : settings)
    path.append("&").append(encoding::url_encode_component(k)).append("=").append(encoding::url_encode_component(v));
  // LINKLENS_CLICKHOUSE_TRACE=1: every request's SQL and time on stderr (for tuning queries).
  static const bool trace = std::getenv("LINKLENS_CLICKHOUSE_TRACE") != nullptr;
  const auto start = std::chrono::steady_clock::now();
  auto res = client_->Post(path, body, "text/plain; charset=utf-8");
  if (trace) {
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    std::fprintf(stderr, "[clickhouse %s %.1f ms] %s\n", node_.name().c_str(), ms,
                 (sql_in_url.empty() ? body.substr(0, 4000) : sql_in_url).c_str());
  }
  if (!res) {
    throw Error(0, "ClickHouse at " + node_.name() + " cannot be reached (" + httplib::to_string(res.error()) + ")",
                true);
  }
  if (res->status != 200) throw server_error(res->status, res->body);
  return std::move(res->body);
}

Rows Connection::query(const std::string& sql, const Settings& settings) {
  return Rows::parse(post("", sql + "\nFORMAT TabSeparatedWithNamesAndTypes", settings));
}

void Connection::execute(const std::string& sql, const Settings& settings) { post("", sql, settings); }

void Connection::insert(const std::string& table, const std::string& columns, const std::string& tsv,
                        const Settings& settings) {
  post("INSERT INTO " + table + "(" + columns + ") FORMAT TabSeparated", tsv, settings);
}

}  // namespace linklens::clickhouse
