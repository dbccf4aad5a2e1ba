// ClickHouse over its HTTP interface (cpp-httplib's client): where the nodes are, SQL literals and
// TSV fields escaped as data, and typed rows read back from TabSeparatedWithNamesAndTypes.
//
// This ClickHouse (Debian's 18.16) has no query parameters, so every value that reaches SQL goes
// through quote() (string literals) or a number formatter; nothing is spliced raw. Settings travel
// as URL parameters (`INSERT ... SETTINGS` is a syntax error in 18.16).
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "index/status.h"

namespace httplib {
class Client;
}

namespace linklens::clickhouse {

struct Node {
  std::string host;
  int port = 8123;  // the HTTP interface
  std::string name() const { return host + ":" + std::to_string(port); }
};

// clickhouse://HOST:PORT[,HOST:PORT...]/DATABASE[?cluster=NAME]: the nodes in the order of the
// cluster's shards in the servers' remote_servers (shard i is nodes[i]); the first node also keeps
// the catalog (snapshots, publications, disavow files).
struct Location {
  std::vector<Node> nodes;
  std::string database = "linklens";
  std::string cluster = "linklens";
  std::string url;
};

bool is_clickhouse_url(const std::string& text);
StatusOr<Location> parse_location(const std::string& url);

// A failed request: the server's exception code (0 when the node could not be reached or answered
// something else) and message.
class Error : public std::runtime_error {
 public:
  Error(int code, const std::string& message, bool unreachable = false)
      : std::runtime_error(message), code_(code), unreachable_(unreachable) {}
  int code() const { return code_; }
  bool unreachable() const { return unreachable_; }
  bool timeout() const { return code_ == 159 || code_ == 160; }  // TIMEOUT_EXCEEDED, TOO_SLOW

 private:
  int code_;
  bool unreachable_;
};

// '...' with backslash escapes: the only way a value enters SQL text.
std::string quote(std::string_view value);
std::string quote_list(const std::vector<std::string>& values);  // 'a', 'b' (empty: '')
// A TSV field as ClickHouse's TabSeparated input reads it.
void append_tsv(std::string& out, std::string_view value);

// Rows of text cells with their column names and ClickHouse types; \N (NULL) is null.
class Rows {
 public:
  std::vector<std::string> names, types;
  std::size_t size() const { return cells_.size(); }
  bool null(std::size_t row, std::size_t column) const { return nulls_[row][column]; }
  const std::string& text(std::size_t row, std::size_t column) const { return cells_[row][column]; }
  int64_t integer(std::size_t row, std::size_t column) const;
  double real(std::size_t row, std::size_t column) const;
  static Rows parse(const std::string& body);

 private:
  std::vector<std::vector<std::string>> cells_;
  std::vector<std::vector<bool>> nulls_;
};

using Settings = std::map<std::string, std::string>;

// One node, one keep-alive connection; not shared between threads.
class Connection {
 public:
  Connection(Node node, std::string database, std::chrono::milliseconds timeout = std::chrono::seconds(300));
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  Rows query(const std::string& sql, const Settings& settings = {});
  void execute(const std::string& sql, const Settings& settings = {});
  // INSERT INTO table(columns) FORMAT TabSeparated with `tsv` as the data.
  void insert(const std::string& table, const std::string& columns, const std::string& tsv,
              const Settings& settings = {});
  const Node& node() const { return node_; }

 private:
  std::string post(const std::string& sql_in_url, const std::string& body, const Settings& settings);

  Node node_;
  std::string database_;
  std::unique_ptr<httplib::Client> client_;
};

}  // namespace linklens::clickhouse
