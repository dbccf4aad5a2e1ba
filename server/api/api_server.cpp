#include "api/api_server.h"

#include <httplib.h>
#include <pthread.h>

#include <sys/resource.h>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "api/access_control.h"
#include "api/access_log.h"
#include "api/api_routes.h"
#include "api/audit_settings.h"
#include "api/authority_request.h"
#include "api/authority_source.h"
#include "api/connection_gate.h"
#include "api/disavow_upload.h"
#include "api/metrics.h"
#include "api/response_cache.h"
#include "api/watch_api.h"
#include "index/index.h"
#include "index/store_values.h"
#include "reports/audit_reports.h"
#include "reports/audit_run.h"
#include "sqlite/change_token.h"
#include "state/state_db.h"
#include "watch/alert_deliverer.h"

namespace linklens::api {
namespace {

// What Response::set_content does, with the text moved in rather than copied: an answer of a
// page of backlinks is 35 kB, of an authority batch 230 kB.
void set_body(httplib::Response& res, std::string body, const char* content_type) {
  res.body = std::move(body);
  res.headers.erase("Content-Type");
  res.set_header("Content-Type", content_type);
}

void send_json(httplib::Response& res, int status, const Json& body) {
  res.status = status;
  set_body(res, body.dump(-1, ' ', false, Json::error_handler_t::replace), "application/json");
}

void send_error(httplib::Response& res, const Status& e) {
  send_json(res, e.http_status(), {{"error", {{"code", e.code()}, {"message", e.message()}}}});
}

struct RequestClock {
  std::chrono::steady_clock::time_point start;
  bool started = false;
  std::string principal = "-";
};
thread_local RequestClock t_clock;

class Api {
 public:
  explicit Api(const ServerConfig& config)
      : config_(config),
        access_(config),
        log_(config.access_log),
        cache_(static_cast<std::size_t>(config.response_cache_mb) << 20) {}

  bool log_ok() const { return log_.ok(); }

  void install(httplib::Server& server) {
    server_ = &server;
    server.set_pre_routing_handler(
        [this](const httplib::Request& req, httplib::Response& res) { return before(req, res); });
    server.set_logger([this](const httplib::Request& req, const httplib::Response& res) { after(req, res); });
    server.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
      if (!res.body.empty()) return;  // our own JSON error
      switch (res.status) {
        case 404: {
          // A documented path asked with another method (PUT, DELETE, ...): 405 with what it takes.
          std::string allow;
          for (const char* method : {"get", "post", "delete"}) {
            if (find_route(method, req.path)) allow += std::string(allow.empty() ? "" : ", ") + method;
          }
          if (!allow.empty()) {
            for (char& c : allow) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            res.set_header("Allow", allow);
            return send_error(res, {405, "method_not_allowed", "this endpoint takes " + allow});
          }
          return send_error(res, {404, "not_found", "no such endpoint (see /openapi.json)"});
        }
        case 405: return send_error(res, {405, "method_not_allowed", "this endpoint does not take that method"});
        case 413:
          return send_error(res, {413, "body_too_large", "the request body is larger than this server accepts"});
        case 414: return send_error(res, {414, "uri_too_long", "the request URI is too long"});
        default:
          return send_error(res, {res.status, res.status >= 500 ? "internal" : "bad_request",
                                  res.status >= 500 ? "internal error" : "the request could not be read"});
      }
    });
    server.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
      send_error(res, {500, "internal", "internal error"});  // never a stack or a path
    });

    serve_route("get", "/healthz", [](const httplib::Request&, httplib::Response& res) {
      send_json(res, 200, {{"status", "ok"}});
    });
    serve_route("get", "/openapi.json", [](const httplib::Request&, httplib::Response& res) {
      send_json(res, 200, openapi_document(LINKLENS_VERSION));
    });
    serve_route("get", "/metrics", [this](const httplib::Request&, httplib::Response& res) {
      res.set_content(metrics_.exposition(), "text/plain; version=0.0.4");
    });
    on_target("/v1/overview", [this](IndexQueries& q, const Target& t, const QueryParams&, httplib::Response& res) {
      const Overview overview = q.overview(t);
      const std::optional<double> local = overview.indexed ? std::optional<double>(overview.index_score) : std::nullopt;
      const AuthorityView authority = authority_view(ranks(), t.domain, local);
      // Written straight into the answer: a first lookup's time was mostly a JSON tree's.
      std::string body;
      body.reserve(4096);
      append_overview_fields(overview, authority.score, body);
      append_authority_source(authority, body);
      body.push_back('}');
      res.status = 200;
      set_body(res, std::move(body), "application/json");
    });
    on_target("/v1/authority-history",
              [this](IndexQueries&, const Target& t, const QueryParams&, httplib::Response& res) {
                Json points = Json::array();
                ranks::RanksReader* reader = ranks();
                const ranks::LookupNames names = ranks::lookup_names(t.domain, t.under_private_suffix);
                if (reader) {
                  for (const auto& p : reader->history(t.domain)) {
                    points.push_back({{"release", p.release.name},
                                      {"date", p.release.date},
                                      {"authority_score", p.score},
                                      {"listed", p.listed},
                                      {"excerpt", p.release.excerpt}});
                  }
                }
                send_json(res, 200,
                          {{"target", t.input},
                           {"domain", t.domain},
                           {"graph", ranks::to_string(names.graph)},
                           {"looked_up", names.names},
                           {"history", points}});
              });
    on_target("/v1/backlinks", [](IndexQueries& q, const Target& t, const QueryParams& p, httplib::Response& res) {
      BacklinkQuery query;
      if (Status e = list_query(p, t, backlink_sort_keys(), query); !e.ok()) return send_error(res, e);
      if (Status e = parse_select(p, backlink_fields(), default_backlink_fields(), query.select); !e.ok())
        return send_error(res, e);
      if (Status e = parse_where(p, backlink_fields(), query.where); !e.ok()) return send_error(res, e);
      if (Status e = parse_bool(p, "one_per_domain", query.one_per_domain); !e.ok()) return send_error(res, e);
      send_page(p, res, q, t, "backlinks", q.backlinks(query));
    });
    on_list("/v1/refdomains", "refdomains", refdomain_sort_keys(),
            [](IndexQueries& q, const ListQuery& l, const QueryParams&) { return q.refdomains(l); });
    on_list("/v1/anchors", "anchors", anchor_sort_keys(),
            [this](IndexQueries& q, const ListQuery& l, const QueryParams& p) {
              ResultPage page = q.anchors(l);
              audit_data::AuditRequest request;
              request.domain = l.target.domain;
              for (auto [it, end] = p.equal_range("brand"); it != end; ++it) request.brand_terms.push_back(it->second);
              auto settings = target_settings(l.target.domain);
              if (!settings) throw StatusError(state_failure(settings.error()));
              request.settings = std::move(settings).value();
              audit_data::add_anchor_classes(q, request, page.table);
              return page;
            });
    on_list("/v1/refips", "refips", refip_sort_keys(), [](IndexQueries& q, const ListQuery& l, const QueryParams& p) {
      std::string group;
      if (Status e = single_value(p, "group", group); !e.ok()) throw StatusError(e);
      if (!group.empty() && group != "ip" && group != "subnet")
        throw StatusError(bad_parameter("group must be ip or subnet"));
      return q.refips(l, group == "subnet");
    });
    on_list("/v1/pages", "pages", target_page_sort_keys(),
            [](IndexQueries& q, const ListQuery& l, const QueryParams& p) {
              bool broken_first = false;
              if (Status e = parse_bool(p, "broken_first", broken_first); !e.ok()) throw StatusError(e);
              return q.target_pages(l, broken_first);
            });
    on_table("/v1/tlds", "tlds", [](IndexQueries& q, const Target& t, const QueryParams&) { return q.tlds(t); });
    on_table("/v1/countries", "countries",
             [](IndexQueries& q, const Target& t, const QueryParams&) { return q.countries(t); });
    on_table("/v1/history", "history",
             [](IndexQueries& q, const Target& t, const QueryParams&) { return q.history(t); });
    on_table("/v1/authority-distribution", "buckets", [](IndexQueries& q, const Target& t, const QueryParams& p) {
      std::string bucket;
      if (Status e = single_value(p, "bucket", bucket); !e.ok()) throw StatusError(e);
      int width = 10;
      if (!bucket.empty()) {
        static const char* kWidths[] = {"1", "2", "5", "10", "20", "25", "50"};
        bool ok = false;
        for (const char* w : kWidths) ok = ok || bucket == w;
        if (!ok) throw StatusError(bad_parameter("bucket must be one of 1, 2, 5, 10, 20, 25, 50"));
        width = std::stoi(bucket);
      }
      return q.authority_distribution(t, width);
    });
    install_audit_routes(server);
    install_settings_routes();
    install_watch_routes();
    serve_route("post", "/v1/authority", [this](const httplib::Request& req, httplib::Response& res) {
      // req.params would also hold a form-encoded body; this route takes no query parameters.
      if (req.target.find('?') != std::string::npos) {
        return send_error(res, {400, "unknown_parameter",
                                "this endpoint takes no query parameters (send the targets as the JSON body)"});
      }
      std::vector<std::string> targets;
      if (Status e = parse_authority_request(req.body, targets); !e.ok()) return send_error(res, e);
      // Each target's result is kept in the response cache on its own (a page's batch shares
      // most of its domains with the last page's), until the index or the ranks file changes.
      const std::size_t count = targets.size();
      const bool caching = cache_.enabled();
      const std::string token = caching ? data_token() : std::string();
      std::vector<std::shared_ptr<const CachedAnswer>> cached(count);  // by place; null: read below
      std::vector<std::string> missing;  // the targets read from the index, in their order
      if (caching) {
        for (std::size_t i = 0; i < count; ++i) {
          cached[i] = cache_.find(authority_key(targets[i]), token);
          if (!cached[i]) {
            missing.push_back(std::move(targets[i]));
          }
        }
      } else {
        missing = std::move(targets);
      }
      // The results read, back to back in one buffer (fresh_end: where each ends).
      std::string fresh;
      std::vector<std::size_t> fresh_end;
      bool read = missing.empty();
      if (!read) {
        with_index(res, [&](IndexQueries& q) {
          ranks::RanksReader* web = ranks();  // once per request: it checks the file is still the one open
          const auto answers = q.authority(missing);
          if (answers.size() != missing.size()) {
            throw StatusError(500, "internal", "the index answered a different number of targets");
          }
          // The web scores of the whole batch in one lookup (an invalid target has none), under
          // the names the targets' parse already tells.
          std::vector<std::optional<ranks::WebScore>> scores(answers.size());
          if (web) {
            std::vector<ranks::RanksReader::Query> queries(answers.size());
            for (std::size_t k = 0; k < answers.size(); ++k) {
              if (answers[k].valid) queries[k] = {answers[k].domain, answers[k].under_private_suffix};
            }
            scores = web->lookup_many(queries);
          }
          fresh.reserve(answers.size() * 256);
          fresh_end.reserve(answers.size());
          for (std::size_t k = 0; k < answers.size(); ++k) {
            const auto& a = answers[k];
            const std::optional<double> local = a.indexed ? std::optional<double>(a.authority_score) : std::nullopt;
            // Written straight into text: the JSON tree was a third of a batch's time.
            const std::size_t begin = fresh.size();
            append_authority_result(a, authority_view(std::move(scores[k]), local), fresh);
            fresh_end.push_back(fresh.size());
            if (caching) {
              cache_.store(authority_key(a.input), token,
                           {200, "application/json", fresh.substr(begin, fresh.size() - begin), {}});
            }
          }
          read = true;
        });
      }
      if (!read) return;  // with_index answered with the error
      // The same bytes send_json would write for {"results": [...]}: the cached and the fresh
      // results in the targets' order (a place without a cached one takes the next fresh one).
      std::size_t size = fresh.size() + count + 16;
      for (const auto& r : cached) size += r ? r->body.size() : 0;
      std::string body;
      body.reserve(size);
      body += "{\"results\":[";
      std::size_t next = 0;
      for (std::size_t i = 0; i < count; ++i) {
        if (i) body.push_back(',');
        if (cached[i]) {
          body += cached[i]->body;
        } else {
          const std::size_t begin = next ? fresh_end[next - 1] : 0;
          body.append(fresh, begin, fresh_end[next] - begin);
          ++next;
        }
      }
      body += "]}";
      res.status = 200;
      set_body(res, std::move(body), "application/json");
    });
    check_every_route_is_served();
  }

 private:
  // /v1/audit, /v1/disavow, /v1/disavow/parse and /v1/gap (docs/audit.md).
  void install_audit_routes(httplib::Server& server) {
    serve_route("get", "/v1/audit", [this](const httplib::Request& req, httplib::Response& res) {
      Target t;
      int limit = 1000;
      OutputFormat format = OutputFormat::kJson;
      if (Status e = audit_target(req, "/v1/audit", t); !e.ok()) return send_error(res, e);
      if (Status e = parse_whole(req.params, "limit", 1, 10000, limit); !e.ok()) return send_error(res, e);
      if (Status e = parse_format(req.params, format); !e.ok()) return send_error(res, e);
      audit_data::AuditRequest request;
      if (Status e = audit_request(req, t, request); !e.ok()) return send_error(res, e);
      with_index(res, [&](IndexQueries& q) {
        const auto run = audit_data::run_audit(q, request, ranks(), config_.audit_thresholds);
        const disavow::File applied = q.disavowed(t.domain);
        Json out = audit_data::audit_json(t.domain, run, &applied, static_cast<std::size_t>(limit));
        if (format == OutputFormat::kCsv) {
          res.status = 200;
          return res.set_content(to_csv(audit_data::audit_domains_table(run.report)), "text/csv; charset=utf-8");
        }
        Json answer = {{"target", t.domain}, {"indexed", q.indexed(t)}};
        for (auto& [k, v] : out.items())
          if (k != "target") answer[k] = v;
        send_json(res, 200, answer);
      });
    });
    serve_route("get", "/v1/disavow", [this](const httplib::Request& req, httplib::Response& res) {
      Target t;
      if (Status e = audit_target(req, "/v1/disavow", t); !e.ok()) return send_error(res, e);
      std::optional<double> min_score;  // none: the domains whose verdict is disavow
      if (req.has_param("min_score")) {
        std::string v;
        if (Status e = single_value(req.params, "min_score", v); !e.ok()) return send_error(res, e);
        char* end = nullptr;
        min_score = std::strtod(v.c_str(), &end);
        if (v.empty() || *end != '\0' || !(*min_score >= 0 && *min_score <= 100)) {
          return send_error(res, bad_parameter("min_score must be a number from 0 to 100"));
        }
      }
      audit_data::AuditRequest request;
      if (Status e = audit_request(req, t, request); !e.ok()) return send_error(res, e);
      with_index(res, [&](IndexQueries& q) {
        const auto run = audit_data::run_audit(q, request, ranks(), config_.audit_thresholds);
        std::vector<disavow::Problem> problems;
        std::string text =
            disavow::write(audit_data::disavow_entries(run.report, min_score),
                           audit_data::disavow_header(t.domain, run.report, min_score, store::today_utc()), problems);
        if (!problems.empty()) {
          std::string why;
          for (const auto& p : problems) why += (why.empty() ? "" : "; ") + p.message;
          return send_error(res, {422, "invalid_disavow_file", "no file written, Google would reject it: " + why});
        }
        res.status = 200;
        res.set_header("Content-Disposition", "attachment; filename=\"disavow-" + t.domain + ".txt\"");
        res.set_content(text, "text/plain; charset=utf-8");
      });
    });
    serve_route("post", "/v1/disavow/parse", [this](const httplib::Request& req, httplib::Response& res) {
      const RouteDoc* route = find_route("post", "/v1/disavow/parse");
      DisavowUpload upload;
      if (Status e = read_disavow_upload(req, upload); !e.ok()) return send_error(res, e);
      if (Status e = check_known_parameters(upload.query, parameter_names(*route)); !e.ok()) return send_error(res, e);
      std::string target;
      if (Status e = single_value(upload.query, "target", target); !e.ok()) return send_error(res, e);
      disavow::File file = disavow::parse(upload.text);
      Json problems = Json::array();
      for (const auto& p : file.problems) problems.push_back({{"line", p.line}, {"message", p.message}});
      Json out = {{"lines", file.lines},
                  {"bytes", file.bytes},
                  {"entries", file.entries.size()},
                  {"valid", file.problems.empty()},
                  {"problems", problems},
                  {"covered", nullptr}};
      if (upload.query.count("target") == 0) return send_json(res, 200, out);
      Target t;
      if (Status e = parse_target(target, "domain", t); !e.ok()) return send_error(res, e);
      with_index(res, [&](IndexQueries& q) {
        std::set<std::string> domains;
        int64_t backlinks = 0;
        auto links = q.audit_backlinks(t.domain);
        for (const auto& b : links) {
          if (disavow::covers(file, b.source_url)) {
            ++backlinks;
            domains.insert(b.source_domain);
          }
        }
        out["covered"] = {{"target", t.domain},
                          {"backlinks", backlinks},
                          {"referring_domains", domains.size()},
                          {"of_backlinks", links.size()}};
        send_json(res, 200, out);
      });
    });
    serve_route("get", "/v1/gap", [this](const httplib::Request& req, httplib::Response& res) {
      const RouteDoc* route = find_route("get", "/v1/gap");
      if (Status e = check_known_parameters(req.params, parameter_names(*route)); !e.ok()) return send_error(res, e);
      std::string list, category;
      if (Status e = single_value(req.params, "targets", list); !e.ok()) return send_error(res, e);
      if (Status e = single_value(req.params, "category", category); !e.ok()) return send_error(res, e);
      if (!category.empty() && category != "best" && category != "weak" && category != "strong" &&
          category != "shared" && category != "unique") {
        return send_error(res, bad_parameter("category must be best, weak, strong, shared or unique"));
      }
      int limit = 1000;
      if (Status e = parse_whole(req.params, "limit", 1, 100000, limit); !e.ok()) return send_error(res, e);
      OutputFormat format = OutputFormat::kJson;
      if (Status e = parse_format(req.params, format); !e.ok()) return send_error(res, e);
      std::vector<std::string> inputs, domains;
      for (std::size_t start = 0; !list.empty();) {
        const std::size_t comma = list.find(',', start);
        inputs.push_back(list.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
      if (Status e = audit_data::gap_domains(inputs, domains); !e.ok()) return send_error(res, e);
      with_index(res, [&](IndexQueries& q) {
        gap::Result gap = q.gap(domains);
        use_web_authority(gap, ranks());
        Json out = audit_data::gap_json(domains, gap, category, static_cast<std::size_t>(limit));
        if (format == OutputFormat::kCsv) {
          res.status = 200;
          return res.set_content(to_csv(audit_data::gap_table(domains, out)), "text/csv; charset=utf-8");
        }
        send_json(res, 200, out);
      });
    });
  }

  // Watches, alerts and compare (api/watch_api.h): thin here, answered there.
  void install_watch_routes() {
    WatchApiContext context{config_, [this](bool create) { return state_db(create); },
                            [this](const std::function<void(IndexQueries&)>& fn) {
                              return thread_reader().read(config_.query_time_budget_ms, fn);
                            },
                            [this] { return ranks(); },
                            [this] {
                              if (nudge_) nudge_();
                            }};
    watches_ = std::make_unique<WatchApi>(std::move(context));
    auto answer = [](httplib::Response& res, const StatusOr<Answer>& a) {
      if (!a) return send_error(res, state_failure(a.error()));
      res.status = a->status;
      res.set_content(a->body, a->content_type.c_str());
    };
    serve_route("get", "/v1/watches", [this, answer](const httplib::Request& req, httplib::Response& res) {
      answer(res, watches_->list(req.params));
    });
    serve_route("post", "/v1/watches", [this, answer](const httplib::Request& req, httplib::Response& res) {
      if (!req.params.empty()) return send_error(res, bad_parameter("this endpoint takes no query parameters"));
      answer(res, watches_->create(req.body, t_clock.principal));
    });
    serve_route("delete", "/v1/watches", [this, answer](const httplib::Request& req, httplib::Response& res) {
      if (!req.params.empty()) return send_error(res, bad_parameter("this endpoint takes no query parameters"));
      answer(res, watches_->remove(req.body));
    });
    serve_route("post", "/v1/watches/token", [this, answer](const httplib::Request& req, httplib::Response& res) {
      if (!req.params.empty()) return send_error(res, bad_parameter("this endpoint takes no query parameters"));
      answer(res, watches_->rotate_token(req.body));
    });
    serve_route("get", "/v1/alerts", [this, answer](const httplib::Request& req, httplib::Response& res) {
      answer(res, watches_->alerts(req.params));
    });
    serve_route("get", "/v1/alerts/feed", [this, answer](const httplib::Request& req, httplib::Response& res) {
      // The feed's self link names the server as the reader reached it (Host passed allowed_hosts).
      const std::string scheme = req.get_header_value("X-Forwarded-Proto") == "https" ? "https" : "http";
      answer(res, watches_->feed(req.params, scheme + "://" + req.get_header_value("Host")));
    });
    serve_route("get", "/v1/compare", [this, answer](const httplib::Request& req, httplib::Response& res) {
      answer_cached(req, res, [&] { answer(res, watches_->compare(req.params)); });
    });
  }

 public:
  // What wakes the alert deliverer (a watch was made), and the config's watches at the start.
  void set_nudge(std::function<void()> nudge) { nudge_ = std::move(nudge); }
  Status sync_config_watches() { return watches_->sync_config_watches(); }

 private:
  // The audit's settings: the user's brand terms and keep lists, in the state database (never in
  // the index, which this server only reads). Writes need a key, JSON and a known origin
  // (before()).
  void install_settings_routes() {
    serve_route("get", "/v1/audit/settings", [this](const httplib::Request& req, httplib::Response& res) {
      Target t;
      if (Status e = audit_target(req, "/v1/audit/settings", t); !e.ok()) return send_error(res, e);
      auto settings = target_settings(t.domain);
      if (!settings) return send_error(res, state_failure(settings.error()));
      send_json(res, 200, settings_json(t.domain, *settings));
    });
    for (const bool keep_list : {true, false}) {
      const std::string path = keep_list ? "/v1/audit/keep" : "/v1/audit/brand";
      serve_route("post", path, [this, keep_list](const httplib::Request& req, httplib::Response& res) {
        if (!req.params.empty()) return send_error(res, bad_parameter("this endpoint takes no query parameters"));
        auto change = parse_settings_change(req.body, keep_list);
        if (!change) return send_error(res, change.error());
        auto db = state_db(/*create=*/true);
        if (!db) return send_error(res, db.error());
        auto after = keep_list ? (*db)->change_keep(change->target, change->values, change->remove, t_clock.principal)
                               : (*db)->change_brand_terms(change->target, change->values, change->remove);
        if (!after) return send_error(res, state_failure(after.error()));
        send_json(res, 200, settings_json(change->target, *after));
      });
    }
  }

  // What a client is told when the state database fails: a busy file is a 503 to retry; anything
  // else a 500 without its path or SQLite's message (said on stderr, for the operator).
  static Status state_failure(const Status& failed) {
    if (failed.http_status() < 500 || failed.code() == "state_busy") return failed;
    std::fprintf(stderr, "linklens serve: state database: %s\n", failed.message().c_str());
    return {500, "internal", "the state database could not be read or written"};
  }

  // The user's settings for a target; empty until something was written.
  StatusOr<state::TargetSettings> target_settings(const std::string& domain) {
    if (config_.state_path.empty() || !std::filesystem::exists(config_.state_path)) return state::TargetSettings{};
    auto db = state_db(/*create=*/false);
    if (!db) return db.error();
    return (*db)->settings(domain);
  }

  // The state database, opened at the first read of an existing file or at the first write
  // (which creates it); an error when there is none to read.
  StatusOr<state::StateDb*> state_db(bool create) {
    std::lock_guard<std::mutex> lock(state_mutex_);
    if (!state_) {
      if (!create && (config_.state_path.empty() || !std::filesystem::exists(config_.state_path))) {
        return Status{404, "no_state", "nothing has been written to the state database yet"};
      }
      auto opened = state::StateDb::open(config_.state_path, create);
      if (!opened) return opened.error();
      state_ = std::move(opened).value();
    }
    return state_.get();
  }

  // An audit's request: its brand= terms (repeatable) and the user's settings.
  Status audit_request(const httplib::Request& req, const Target& t, audit_data::AuditRequest& request) {
    request.domain = t.domain;
    for (auto [it, end] = req.params.equal_range("brand"); it != end; ++it) {
      if (it->second.empty() || it->second.size() > 80) return bad_parameter("a brand term is 1 to 80 bytes");
      request.brand_terms.push_back(it->second);
    }
    auto settings = target_settings(t.domain);
    if (!settings) return state_failure(settings.error());
    request.settings = std::move(settings).value();
    return {};
  }

  // The target of an audit or disavow: a registrable domain (mode is not taken).
  Status audit_target(const httplib::Request& req, const std::string& path, Target& t) {
    const RouteDoc* route = find_route("get", path);
    LINKLENS_RETURN_IF_ERROR(check_known_parameters(req.params, parameter_names(*route)));
    std::string target;
    LINKLENS_RETURN_IF_ERROR(single_value(req.params, "target", target));
    if (!req.has_param("target")) return bad_parameter("target is required");
    return parse_target(target, "domain", t);
  }

  using TargetHandler = std::function<void(IndexQueries&, const Target&, const QueryParams&, httplib::Response&)>;

  // CORS, then auth and rate limit. Preflights are answered here.
  httplib::Server::HandlerResponse before(const httplib::Request& req, httplib::Response& res) {
    t_clock = {std::chrono::steady_clock::now(), true, "-"};
    if (!ConnectionGate::request_started()) {
      send_error(res, {400, "connection_closing", "this connection was closed by an earlier answer: send it again"});
      return httplib::Server::HandlerResponse::Handled;
    }
    // The query string read again, by our parser (list_params.h): cpp-httplib's keeps only what
    // follows a value's last '=', so "target=a'='1" reached the handlers as "'1". Handlers run
    // after this one and read req.params.
    const_cast<httplib::Request&>(req).params = parse_query_string(req.target);
    // A chunked body has no length to check against max_body_bytes before cpp-httplib reads it
    // whole into memory (after this handler, before any route's): refused unread.
    std::string transfer = req.get_header_value("Transfer-Encoding");
    for (char& c : transfer) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    // A POST without Content-Length would be read until the client closes: 411 at once, as nginx.
    const bool unsized_post = req.method == "POST" && !req.has_header("Content-Length");
    if (transfer.find("chunked") != std::string::npos || unsized_post) {
      send_error(res, {411, "length_required", "send the body with a Content-Length (chunked bodies are not read)"});
      return httplib::Server::HandlerResponse::Handled;
    }
    // An absolute-form target ("GET http://host:8787/v1/overview?...", RFC 9112 section 3.2.2,
    // which proxies send) is routed by its path, and its authority stands for the Host header.
    std::string host = req.get_header_value("Host");
    for (const char* scheme : {"http://", "https://"}) {
      if (req.path.rfind(scheme, 0) != 0) continue;
      const std::size_t start = std::strlen(scheme), slash = req.path.find('/', start);
      host = req.path.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
      const_cast<httplib::Request&>(req).path = slash == std::string::npos ? "/" : req.path.substr(slash);
    }
    if (!host_allowed(config_, host)) {
      send_error(res, {403, "host_not_allowed",
                       "the Host header names a host this server does not answer for (add it to allowed_hosts)"});
      return httplib::Server::HandlerResponse::Handled;
    }
    const std::string origin = req.get_header_value("Origin");
    bool origin_allowed = false;
    for (const auto& o : config_.cors_origins) origin_allowed = origin_allowed || o == origin;
    if (!origin.empty() && origin_allowed) {
      res.set_header("Access-Control-Allow-Origin", origin);
      res.set_header("Vary", "Origin");
      res.set_header("Access-Control-Expose-Headers", "Retry-After, X-Next-Cursor");
    }
    if (req.method == "OPTIONS") {
      if (origin.empty() || !origin_allowed) {
        send_error(res, {403, "origin_not_allowed", "this origin is not in the server's cors_origins"});
      } else {
        res.status = 204;
        res.set_header("Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS");
        res.set_header("Access-Control-Allow-Headers", "Authorization, Content-Type");
        res.set_header("Access-Control-Max-Age", "600");
      }
      return httplib::Server::HandlerResponse::Handled;
    }
    const RouteDoc* route = find_route(req.method, req.path);
    if (route && !route->needs_key) return httplib::Server::HandlerResponse::Unhandled;
    if (route && route->writes) {
      // A write never comes from a web page: a page's cross-site form or text/plain post carries
      // its own Origin and cannot send application/json without a preflight, which only the
      // configured origins pass.
      if (!origin.empty() && !origin_allowed) {
        send_error(res,
                   {403, "origin_not_allowed", "writes are refused from an origin not in the server's cors_origins"});
        return httplib::Server::HandlerResponse::Handled;
      }
      const std::string type = req.get_header_value("Content-Type");
      if (type.rfind("application/json", 0) != 0) {
        send_error(res, {415, "unsupported_media_type", "a write takes a JSON body (Content-Type: application/json)"});
        return httplib::Server::HandlerResponse::Handled;
      }
    }
    const std::string forwarded_for = req.get_header_value("X-Forwarded-For");
    Admission a = access_.admit(req.get_header_value("Authorization"), client_address(req.remote_addr, forwarded_for),
                                !forwarded_for.empty());
    t_clock.principal = a.principal.empty() ? "-" : a.principal;
    if (a.allowed && route && (route->writes || route->key_always) && !a.keyed) {
      a = {false,
           401,
           "key_required",
           std::string(route->writes ? "a write" : "this read") +
               " needs an API key (Authorization: Bearer KEY), even from loopback",
           0,
           a.principal};
    }
    if (!a.allowed) {
      if (a.status == 429) res.set_header("Retry-After", std::to_string(static_cast<long>(std::ceil(a.retry_after_s))));
      if (a.status == 401) res.set_header("WWW-Authenticate", "Bearer");
      send_error(res, {a.status, a.code, a.message});
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  }

  void after(const httplib::Request& req, const httplib::Response& res) {
    double seconds =
        t_clock.started ? std::chrono::duration<double>(std::chrono::steady_clock::now() - t_clock.start).count() : 0;
    const RouteDoc* route = find_route(req.method, req.path);
    const std::string route_name = route ? route->path : (req.method == "OPTIONS" ? "preflight" : "unmatched");
    metrics_.record(route_name, res.status, seconds);
    log_.write(req.method, req.path, route_name, res.status, seconds, res.body.size(), t_clock.principal,
               client_address(req.remote_addr, req.get_header_value("X-Forwarded-For")));
    t_clock.started = false;
    ConnectionGate::response_written();
  }

 public:
  // An answer the connection gate gave itself (a request that never reached a handler).
  void refused_at_gate(const Status& e, const std::string& remote) {
    metrics_.record("gate", e.http_status(), 0);
    log_.write("-", "-", "gate", e.http_status(), 0, 0, "-", remote);
  }

 private:
  // This thread's view of the ranks file, reopened when an import replaced it; null without one.
  ranks::RanksReader* ranks() {
    thread_local std::unique_ptr<ranks::RanksReader> reader;
    thread_local std::string reader_path;
    if (config_.ranks_path.empty()) return nullptr;
    if (!reader || reader_path != config_.ranks_path || reader->replaced()) {
      auto opened = ranks::RanksReader::open(config_.ranks_path);
      reader = opened ? std::move(opened).value() : nullptr;  // unreadable now: scores fall back to the index's
      reader_path = config_.ranks_path;
    }
    return reader.get();
  }

  // One read of the index per request (index/index.h: a transaction, or a publication, bounded by
  // the time budget); this thread's reader follows the index when its file is swapped.
  void with_index(httplib::Response& res, const std::function<void(IndexQueries&)>& fn) {
    // A failure part-way (the index's, or a parameter only the handler checks) replaces
    // whatever the handler had put in `res`.
    if (Status read = thread_reader().read(config_.query_time_budget_ms, fn); !read.ok()) send_error(res, read);
  }

  index::ThreadReader& thread_reader() {
    thread_local std::unique_ptr<index::ThreadReader> reader;
    thread_local std::string reader_location;
    if (!reader || reader_location != config_.db_path) {
      reader = index::thread_reader(config_.db_path);
      reader_location = config_.db_path;
    }
    return *reader;
  }

  static Status list_query(const QueryParams& p, const Target& t, const std::vector<SortKey>& keys, ListQuery& q) {
    q.target = t;
    LINKLENS_RETURN_IF_ERROR(parse_limit(p, q.limit));
    LINKLENS_RETURN_IF_ERROR(parse_order_by(p, keys, q.sort));
    return parse_cursor(p, q.sort, q.after);
  }

  static void send_page(const QueryParams& p, httplib::Response& res, IndexQueries& q, const Target& t,
                        const char* items, const ResultPage& page, bool paged = true) {
    OutputFormat format = OutputFormat::kJson;
    (void)parse_format(p, format);  // checked before the read began; an unknown format is JSON here
    if (format == OutputFormat::kCsv) {
      if (page.next_cursor) res.set_header("X-Next-Cursor", *page.next_cursor);
      res.status = 200;
      set_body(res, to_csv(page.table), "text/csv; charset=utf-8");
      return;
    }
    // The bytes of {target, mode, domain, indexed, <items>: [...], next_cursor} as send_json would
    // write them, the rows written straight into the answer.
    const Json head = {
        {"target", t.input}, {"mode", to_string(t.mode)}, {"domain", t.domain}, {"indexed", q.indexed(t)}};
    std::string body = head.dump(-1, ' ', false, Json::error_handler_t::replace);
    body.pop_back();  // its closing brace
    body += ',' + Json(items).dump() + ':';
    page.table.append_json(body);
    if (paged) {
      body += ",\"next_cursor\":";
      body += page.next_cursor ? Json(*page.next_cursor).dump(-1, ' ', false, Json::error_handler_t::replace) : "null";
    }
    body.push_back('}');
    res.status = 200;
    set_body(res, std::move(body), "application/json");
  }

  // Every handler is registered here, against its documentation (api_routes.cpp): a handler
  // without a documented route, or a documented route without a handler, stops the server at
  // its start (every API test starts one), so the two lists cannot drift apart.
  void serve_route(const char* method, const std::string& path, httplib::Server::Handler handler) {
    if (!find_route(method, path)) {
      std::fprintf(stderr, "linklens serve: %s %s has a handler but no documentation (api_routes.cpp)\n", method,
                   path.c_str());
      std::abort();
    }
    served_.insert(std::string(method) + " " + path);
    if (std::string(method) == "get") {
      server_->Get(path, std::move(handler));
    } else if (std::string(method) == "delete") {
      server_->Delete(path, std::move(handler));
    } else {
      server_->Post(path, std::move(handler));
    }
  }

  void check_every_route_is_served() const {
    for (const RouteDoc& doc : route_docs()) {
      if (served_.count(doc.method + " " + doc.path)) continue;
      std::fprintf(stderr, "linklens serve: %s %s is documented but has no handler (api_server.cpp)\n",
                   doc.method.c_str(), doc.path.c_str());
      std::abort();
    }
  }

  // What the index's and the ranks file's contents are now: answers read from them are kept
  // under it (the index's own token: its files, or a cluster's newest publication).
  std::string data_token() {
    // A ranks file this thread cannot open now (too many open files...) makes answers fall back
    // to the index's scores for this request only: they are not kept. Opened first, as the
    // index is: the tokens are read through the open files.
    if (!config_.ranks_path.empty() && ranks() == nullptr) return {};
    std::string index = thread_reader().change_token();
    if (index.empty() || config_.ranks_path.empty()) return index;
    std::string web = store::sqlite_change_token(config_.ranks_path);
    return web.empty() ? std::string() : index + '|' + web;
  }

  // One authority batch target's place in the response cache (a request target never holds a
  // newline, so it cannot be mistaken for one).
  static std::string authority_key(const std::string& input) { return "authority\n" + input; }

  // A GET answered from the index (and the ranks file) alone: kept in the response cache until
  // either file changes. The answer says whether it came from there (X-Linklens-Cache).
  void answer_cached(const httplib::Request& req, httplib::Response& res, const std::function<void()>& answer) {
    const std::string token = cache_.enabled() ? data_token() : std::string();
    if (token.empty()) return answer();
    if (auto hit = cache_.find(req.target, token)) {
      res.status = hit->status;
      for (const auto& [name, value] : hit->headers) res.set_header(name, value);
      res.set_content(hit->body, hit->content_type);
      res.set_header("X-Linklens-Cache", "hit");
      return;
    }
    answer();
    if (res.status != 200) return;
    CachedAnswer kept{res.status, res.get_header_value("Content-Type"), res.body, {}};
    if (res.has_header("X-Next-Cursor"))
      kept.headers.emplace_back("X-Next-Cursor", res.get_header_value("X-Next-Cursor"));
    cache_.store(req.target, token, std::move(kept));
    res.set_header("X-Linklens-Cache", "miss");
  }

  void on_target(const std::string& path, TargetHandler handler) {
    const RouteDoc* route = find_route("get", path);
    // The anchors' classes read the user's brand terms (the state database): not kept.
    const bool cacheable = path != "/v1/anchors";
    serve_route("get", path, [this, route, handler, cacheable](const httplib::Request& req, httplib::Response& res) {
      if (Status e = check_known_parameters(req.params, parameter_names(*route)); !e.ok()) return send_error(res, e);
      std::string target, mode;
      if (Status e = single_value(req.params, "target", target); !e.ok()) return send_error(res, e);
      if (Status e = single_value(req.params, "mode", mode); !e.ok()) return send_error(res, e);
      if (!req.has_param("target")) return send_error(res, bad_parameter("target is required"));
      OutputFormat format;
      if (Status e = parse_format(req.params, format); !e.ok()) return send_error(res, e);
      Target t;
      if (Status e = parse_target(target, mode, t); !e.ok()) return send_error(res, e);
      const auto answer = [&] { with_index(res, [&](IndexQueries& q) { handler(q, t, req.params, res); }); };
      if (cacheable) return answer_cached(req, res, answer);
      answer();
    });
  }

  void on_list(const std::string& path, const char* items, const std::vector<SortKey>& keys,
               std::function<ResultPage(IndexQueries&, const ListQuery&, const QueryParams&)> fn) {
    on_target(path, [items, keys, fn](IndexQueries& q, const Target& t, const QueryParams& p, httplib::Response& res) {
      ListQuery query;
      if (Status e = list_query(p, t, keys, query); !e.ok()) return send_error(res, e);
      send_page(p, res, q, t, items, fn(q, query, p));
    });
  }

  void on_table(const std::string& path, const char* items,
                std::function<ResultTable(IndexQueries&, const Target&, const QueryParams&)> fn) {
    on_target(path, [items, fn](IndexQueries& q, const Target& t, const QueryParams& p, httplib::Response& res) {
      send_page(p, res, q, t, items, ResultPage{fn(q, t, p), std::nullopt}, false);
    });
  }

  const ServerConfig& config_;
  AccessControl access_;
  AccessLog log_;
  Metrics metrics_;
  ResponseCache cache_;
  httplib::Server* server_ = nullptr;
  std::set<std::string> served_;  // "get /v1/overview": what serve_route registered
  std::mutex state_mutex_;
  std::unique_ptr<state::StateDb> state_;  // opened at the first read of an existing file or first write
  std::unique_ptr<WatchApi> watches_;
  std::function<void()> nudge_;
};

}  // namespace

Status serve(const ServerConfig& given) {
  LINKLENS_RETURN_IF_ERROR(index::unservable(given.db_path));
  ServerConfig config = given;
  config.ranks_path = index::ranks_path_for(config.db_path, config.ranks_path);
  config.state_path = state::state_path_for(config.db_path, config.state_path);
  if (!config.state_path.empty() && std::filesystem::exists(config.state_path)) {
    // A state file that cannot be read is said at once, not met by the first audit.
    auto readable = state::StateDb::open(config.state_path, /*create=*/false);
    if (!readable) return readable.error();
  }
  if (!config.ranks_path.empty()) {
    // A ranks file that cannot be read is a mistake to say at once, not a silent fall back to
    // the index's scores.
    auto readable = ranks::RanksReader::open(config.ranks_path);
    if (!readable) return readable.error();
  }
  if (!is_loopback_address(config.host) && config.api_keys.empty()) {
    return Status::failure("refusing to listen on " + config.host +
                           " without api_keys in a --config file (anyone could query it)");
  }
  Api api(config);
  if (!api.log_ok()) return Status::failure("cannot open the access log " + config.access_log);
  // Signals go to one thread that stops the server; workers never see them. It stops accepting
  // at once; the gate's run() returns when every accepted connection has been answered, and
  // closes idle keep-alive connections at once (connection_gate.h).
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  httplib::Server server;
  // Nagle's algorithm meeting delayed ACKs caps small responses at a few hundred per second.
  server.set_tcp_nodelay(true);
  GateOptions gate_options;
  gate_options.workers = config.threads;
  gate_options.header_timeout_ms = config.header_timeout_ms;
  gate_options.max_per_address = config.max_connections_per_address;
  gate_options.max_body_bytes = config.max_body_bytes;
  // Every held connection is a descriptor: take the hard limit, and keep a quarter of it for
  // the workers' files and sockets.
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) == 0) {
    if (files.rlim_cur < files.rlim_max) {
      files.rlim_cur = files.rlim_max;
      setrlimit(RLIMIT_NOFILE, &files);
      getrlimit(RLIMIT_NOFILE, &files);
    }
    gate_options.max_waiting = static_cast<int>(std::min<rlim_t>(gate_options.max_waiting, files.rlim_cur / 4 * 3));
  }
  gate_options.on_refused = [&api](const Status& e, const std::string& remote) { api.refused_at_gate(e, remote); };
  ConnectionGate gate(server, gate_options);
  server.set_keep_alive_max_count(static_cast<std::size_t>(config.keep_alive_max_count));
  server.set_keep_alive_timeout(config.keep_alive_timeout_s);
  server.set_payload_max_length(config.max_body_bytes);
  server.set_read_timeout(10, 0);
  api.install(server);
  if (Status added = api.sync_config_watches(); !added.ok()) return added.with_context("the config's watches");
  watch::DeliveryOptions delivery;
  delivery.index_location = config.db_path;
  delivery.ranks_path = config.ranks_path;
  delivery.state_path = config.state_path;
  delivery.thresholds = config.audit_thresholds;
  delivery.policy = webhook_policy(config);
  delivery.poll_ms = config.alert_poll_ms;
  delivery.retry_base_ms = config.webhook_retry_base_ms;
  delivery.max_attempts = config.webhook_max_attempts;
  watch::AlertDeliverer deliverer(delivery);
  api.set_nudge([&deliverer] { deliverer.nudge(); });

  if (!server.bind_to_port(config.host, config.port)) {
    return Status::failure("cannot listen on " + config.host + ":" + std::to_string(config.port));
  }
  std::atomic<bool> done{false};
  std::thread stopper([&] {
    int received = 0;
    sigwait(&signals, &received);
    if (done) return;
    gate.stop();
    std::fprintf(stderr, "linklens serve: stopping: no new connections; answering %d open ones\n", gate.open());
  });
  if (!config.ranks_path.empty()) std::printf("authority from the ranks file %s\n", config.ranks_path.c_str());
  std::printf("serving %s on http://%s:%d (%d threads)\n", config.db_path.c_str(), config.host.c_str(), config.port,
              config.threads);
  std::fflush(stdout);
  deliverer.start();
  gate.run();
  deliverer.stop();
  api.set_nudge(nullptr);
  done = true;
  pthread_kill(stopper.native_handle(), SIGTERM);  // wakes sigwait when the server stopped on its own
  stopper.join();
  std::fprintf(stderr, "linklens serve: stopped after %ld connections\n", gate.accepted());
  return {};
}

}  // namespace linklens::api
