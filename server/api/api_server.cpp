#include "api_server.h"

#include <httplib.h>
#include <sqlite3.h>

#include <csignal>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>

namespace linklens::api {
namespace {

using nlohmann::ordered_json;

httplib::Server* g_server = nullptr;  // for the signal handler

void on_signal(int) {
  if (g_server) g_server->stop();
}

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};

// One read-only connection per worker thread, opened on first use.
sqlite3* connection(const std::string& path) {
  thread_local std::unique_ptr<sqlite3, DbCloser> db;
  if (!db) {
    sqlite3* raw = nullptr;
    if (sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
      sqlite3_close(raw);
      return nullptr;
    }
    sqlite3_busy_timeout(raw, 2000);
    db.reset(raw);
  }
  return db.get();
}

void send_json(httplib::Response& res, int status, const ordered_json& body) {
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

void send_error(httplib::Response& res, int status, const std::string& code, const std::string& message) {
  send_json(res, status, {{"error", {{"code", code}, {"message", message}}}});
}

// Every parameter must be known: a misspelt filter is an error, not silently ignored.
bool check_parameters(const httplib::Request& req, httplib::Response& res, const std::set<std::string>& allowed) {
  for (const auto& [name, value] : req.params) {
    if (!allowed.count(name)) {
      std::string list;
      for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
      send_error(res, 400, "unknown_parameter", "unknown parameter '" + name + "' (this endpoint takes: " + list + ")");
      return false;
    }
  }
  return true;
}

bool target_parameter(const httplib::Request& req, httplib::Response& res, std::string& target) {
  target = req.get_param_value("target");
  for (char& c : target) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  if (target.empty() || target.size() > 253) {
    send_error(res, 400, "bad_parameter", "target must be a domain name (1 to 253 characters)");
    return false;
  }
  return true;
}

std::string column_text(sqlite3_stmt* s, int i) {
  const unsigned char* t = sqlite3_column_text(s, i);
  return t ? reinterpret_cast<const char*>(t) : "";
}

}  // namespace

int serve(const ServeOptions& options, std::string& error) {
  {
    sqlite3* probe = nullptr;
    if (sqlite3_open_v2(options.db_path.c_str(), &probe, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK ||
        sqlite3_exec(probe, "SELECT 1 FROM domain_overview LIMIT 1", nullptr, nullptr, nullptr) != SQLITE_OK) {
      error = "cannot read the index " + options.db_path + " (build it with `linklens ingest` and `linklens rank`)";
      sqlite3_close(probe);
      return 1;
    }
    sqlite3_close(probe);
  }
  httplib::Server server;
  // Nagle's algorithm meeting delayed ACKs caps small responses at a few hundred per second.
  server.set_tcp_nodelay(true);
  const int threads = options.threads;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<std::size_t>(threads)); };
  server.set_keep_alive_max_count(1000);
  server.set_payload_max_length(1 << 20);
  const std::string db_path = options.db_path;

  server.Get("/healthz", [](const httplib::Request&, httplib::Response& res) { send_json(res, 200, {{"status", "ok"}}); });

  server.Get("/v1/overview", [db_path](const httplib::Request& req, httplib::Response& res) {
    std::string target;
    if (!check_parameters(req, res, {"target"}) || !target_parameter(req, res, target)) return;
    sqlite3* db = connection(db_path);
    if (!db) return send_error(res, 500, "index_unavailable", "the index cannot be read");
    ordered_json out = {{"target", target}, {"indexed", false}};
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(db,
                       "SELECT o.backlinks, o.live_backlinks, o.lost_backlinks, o.referring_domains, o.referring_pages,"
                       " o.referring_ips, o.referring_subnets, o.follow, o.nofollow, o.sponsored, o.ugc, o.text, o.image,"
                       " o.form, o.frame, o.redirect, o.canonical, COALESCE(a.score, 0)"
                       " FROM domain_overview o LEFT JOIN domain_authority a ON a.domain = o.domain WHERE o.domain = ?1",
                       -1, &s, nullptr);
    sqlite3_bind_text(s, 1, target.c_str(), -1, SQLITE_TRANSIENT);
    if (sqlite3_step(s) == SQLITE_ROW) {
      static const char* kNames[] = {"backlinks", "live_backlinks", "lost_backlinks", "referring_domains",
                                     "referring_pages", "referring_ips", "referring_subnets"};
      out["indexed"] = true;
      out["authority_score"] = sqlite3_column_double(s, 17);
      for (int i = 0; i < 7; ++i) out[kNames[i]] = sqlite3_column_int64(s, i);
      out["follow"] = {{"follow", sqlite3_column_int64(s, 7)}, {"nofollow", sqlite3_column_int64(s, 8)},
                       {"sponsored", sqlite3_column_int64(s, 9)}, {"ugc", sqlite3_column_int64(s, 10)}};
      out["kinds"] = {{"text", sqlite3_column_int64(s, 11)}, {"image", sqlite3_column_int64(s, 12)},
                      {"form", sqlite3_column_int64(s, 13)}, {"frame", sqlite3_column_int64(s, 14)},
                      {"redirect", sqlite3_column_int64(s, 15)}, {"canonical", sqlite3_column_int64(s, 16)}};
    }
    sqlite3_finalize(s);
    if (out["indexed"].get<bool>()) {
      ordered_json anchors = ordered_json::array();
      sqlite3_prepare_v2(db, "SELECT anchor, backlinks, referring_domains FROM anchors WHERE target_domain = ?1"
                             " ORDER BY backlinks DESC LIMIT 10", -1, &s, nullptr);
      sqlite3_bind_text(s, 1, target.c_str(), -1, SQLITE_TRANSIENT);
      while (sqlite3_step(s) == SQLITE_ROW) {
        anchors.push_back({{"anchor", column_text(s, 0)}, {"backlinks", sqlite3_column_int64(s, 1)},
                           {"referring_domains", sqlite3_column_int64(s, 2)}});
      }
      sqlite3_finalize(s);
      out["top_anchors"] = anchors;
    }
    send_json(res, 200, out);
  });

  server.Get("/v1/backlinks", [db_path](const httplib::Request& req, httplib::Response& res) {
    std::string target;
    if (!check_parameters(req, res, {"target", "limit", "cursor"}) || !target_parameter(req, res, target)) return;
    long limit = 100;
    if (req.has_param("limit")) {
      const std::string v = req.get_param_value("limit");
      char* end = nullptr;
      limit = std::strtol(v.c_str(), &end, 10);
      if (v.empty() || *end != '\0' || limit < 1 || limit > 1000) {
        return send_error(res, 400, "bad_parameter", "limit must be a whole number from 1 to 1000");
      }
    }
    // Keyset pagination: the cursor is the (source_authority, id) of the last row sent, so pages
    // never repeat or skip a row, however deep.
    double after_authority = 1e300;
    long long after_id = 0x7fffffffffffffffLL;
    if (req.has_param("cursor")) {
      const std::string c = req.get_param_value("cursor");
      char* end = nullptr;
      after_authority = std::strtod(c.c_str(), &end);
      if (end == c.c_str() || *end != '_') return send_error(res, 400, "bad_parameter", "cursor is not one this server gave");
      const char* id_text = end + 1;
      after_id = std::strtoll(id_text, &end, 10);
      if (end == id_text || *end != '\0') return send_error(res, 400, "bad_parameter", "cursor is not one this server gave");
    }
    sqlite3* db = connection(db_path);
    if (!db) return send_error(res, 500, "index_unavailable", "the index cannot be read");
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(db,
                       "SELECT l.id, p.url, l.target_url, l.anchor, l.anchor_class, l.follow, l.effective_follow, l.kind,"
                       " l.placement, l.source_domain, l.source_authority, l.first_seen, l.last_seen, l.lost_in"
                       " FROM links l JOIN pages p ON p.id = l.source_id"
                       " WHERE l.target_domain = ?1 AND l.scope = 'external'"
                       " AND (l.source_authority < ?2 OR (l.source_authority = ?2 AND l.id < ?3))"
                       " ORDER BY l.source_authority DESC, l.id DESC LIMIT ?4",
                       -1, &s, nullptr);
    sqlite3_bind_text(s, 1, target.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_double(s, 2, after_authority);
    sqlite3_bind_int64(s, 3, after_id);
    sqlite3_bind_int64(s, 4, limit);
    ordered_json rows = ordered_json::array();
    std::string next;
    while (sqlite3_step(s) == SQLITE_ROW) {
      rows.push_back({{"source_url", column_text(s, 1)}, {"target_url", column_text(s, 2)}, {"anchor", column_text(s, 3)},
                      {"anchor_class", column_text(s, 4)}, {"follow", column_text(s, 5)},
                      {"effective_follow", column_text(s, 6)}, {"kind", column_text(s, 7)},
                      {"placement", column_text(s, 8)}, {"source_domain", column_text(s, 9)},
                      {"source_authority", sqlite3_column_double(s, 10)}, {"first_seen", sqlite3_column_int64(s, 11)},
                      {"last_seen", sqlite3_column_int64(s, 12)},
                      {"lost", sqlite3_column_type(s, 13) != SQLITE_NULL}});
      char cursor[64];
      std::snprintf(cursor, sizeof cursor, "%.17g_%lld", sqlite3_column_double(s, 10),
                    static_cast<long long>(sqlite3_column_int64(s, 0)));
      next = cursor;
    }
    sqlite3_finalize(s);
    ordered_json out = {{"target", target}, {"backlinks", rows}};
    out["next_cursor"] = static_cast<long>(rows.size()) == limit ? ordered_json(next) : ordered_json(nullptr);
    send_json(res, 200, out);
  });

  server.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (res.status == 404) send_error(res, 404, "not_found", "no such endpoint");
  });
  server.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    send_error(res, 500, "internal", "internal error");  // never a stack or a path
  });

  g_server = &server;
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  if (!server.bind_to_port(options.host, options.port)) {
    error = "cannot listen on " + options.host + ":" + std::to_string(options.port);
    return 1;
  }
  std::printf("serving %s on http://%s:%d\n", options.db_path.c_str(), options.host.c_str(), options.port);
  std::fflush(stdout);
  server.listen_after_bind();
  g_server = nullptr;
  return 0;
}

}  // namespace linklens::api
