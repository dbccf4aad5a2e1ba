#include "watch/alert_computer.h"

#include <cmath>
#include <cstdio>
#include <set>

#include "api/authority_source.h"
#include "encoding/text_codes.h"
#include "index/store_values.h"
#include "index/target.h"
#include "reports/audit_run.h"

namespace linklens::watch {
namespace {

bool reports(const Watch& w, const char* kind) { return w.report.count(kind) != 0; }

// A link's identity across snapshots: the same link raises the same subject.
std::string link_subject(const api::ChangedLink& l) {
  return l.source_url + '\n' + l.target_url + '\n' + l.kind + '\n' + l.anchor;
}

std::optional<double> authority_now(const Watch& w, AlertSources& s) {
  const auto answers = s.queries.authority({w.target});
  if (answers.empty() || !answers[0].valid) return std::nullopt;
  const auto& a = answers[0];
  const api::AuthorityView view =
      api::authority_view(s.ranks, a.domain, a.indexed ? std::optional<double>(a.authority_score) : std::nullopt);
  return view.score;
}

std::vector<std::string> disavow_verdicts(const api::Target& t, AlertSources& s) {
  audit_data::AuditRequest request;
  request.domain = t.domain;
  auto settings = s.state.settings(t.domain);
  if (settings) request.settings = std::move(settings).value();
  const auto run = audit_data::run_audit(s.queries, request, s.ranks, s.thresholds);
  std::vector<std::string> out;
  for (const auto& d : run.report.domains)
    if (d.action == "disavow") out.push_back(d.domain);
  std::sort(out.begin(), out.end());
  return out;
}

std::string score_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// The link and domain alerts of snapshot `snap`, against the committed snapshot before it.
WatchUpdate::AtSnapshot changes_at(const Watch& w, const api::Target& t, const api::SnapshotInfo& snap,
                                   int64_t previous, AlertSources& s) {
  // Every kind is computed; the kinds the watch does not report are stored as seen (NewAlert).
  WatchUpdate::AtSnapshot at{snap.id, snap.name, {}};
  const api::Comparison c = s.queries.compare(t, previous, snap.id, kMaxLinkAlerts);
  for (const bool gained : {true, false}) {
    const bool reported = reports(w, gained ? "new_links" : "lost_links");
    for (const auto& l : gained ? c.gained : c.lost) {
      at.alerts.push_back({gained ? "link_new" : "link_lost", link_subject(l), api::changed_link_json(l), reported});
    }
  }
  const int64_t unlisted = (reports(w, "new_links") ? c.gained_links - static_cast<int64_t>(c.gained.size()) : 0) +
                           (reports(w, "lost_links") ? c.lost_links - static_cast<int64_t>(c.lost.size()) : 0);
  if (unlisted > 0) {
    at.alerts.push_back(
        {"links_not_listed",
         "links",
         {{"gained", c.gained_links},
          {"lost", c.lost_links},
          {"listed", kMaxLinkAlerts},
          {"see", "/v1/compare?target=" + encoding::url_encode_component(w.target) + "&mode=" + w.mode +
                      "&from=" + std::to_string(previous) + "&to=" + std::to_string(snap.id) + "&limit=100000"}}});
  }
  for (const bool gained : {true, false}) {
    const bool reported = reports(w, gained ? "new_domains" : "lost_domains");
    for (const auto& d : gained ? c.gained_domains : c.lost_domains)
      at.alerts.push_back({gained ? "domain_new" : "domain_lost", d, {{"domain", d}}, reported});
  }
  return at;
}

// Scores are not compared, nor verdicts judged, while a configured ranks file cannot be opened:
// the index's own scores, used meanwhile, would raise false alerts (and move the baseline).
bool scores_comparable(const AlertSources& s) { return !(s.ranks_expected && s.ranks == nullptr); }

}  // namespace

StatusOr<WatchUpdate> alerts_for(const Watch& w, AlertSources& s) {
  api::Target t;
  LINKLENS_RETURN_IF_ERROR(api::parse_target(w.target, w.mode, t));
  WatchUpdate out;
  out.baseline_snapshot = w.baseline_snapshot;
  out.baseline_score = w.baseline_score;
  out.baseline_toxic = w.baseline_toxic;
  const auto snapshots = s.queries.snapshots();
  // An index swapped for one with fewer snapshots: start again from its latest.
  if (!snapshots.empty() && snapshots.back().id < w.baseline_snapshot) out.baseline_snapshot = snapshots.back().id;
  // The baseline snapshot is looked at again, each time: links can be added to a snapshot after
  // its first commit (an ingest resuming it, a targeted scan committing file by file). What was
  // already raised (or seen when the watch was made) is stored, so only what is new is added.
  int64_t previous = 0;
  for (const auto& snap : snapshots) {
    if (snap.id >= out.baseline_snapshot) {
      out.snapshots.push_back(changes_at(w, t, snap, previous, s));
      out.baseline_snapshot = snap.id;
    }
    previous = snap.id;
  }
  const int64_t latest = snapshots.empty() ? 0 : snapshots.back().id;
  const std::string latest_name = snapshots.empty() ? "" : snapshots.back().name;
  auto at_latest = [&]() -> WatchUpdate::AtSnapshot& {
    if (out.snapshots.empty() || out.snapshots.back().snapshot != latest)
      out.snapshots.push_back({latest, latest_name, {}});
    return out.snapshots.back();
  };
  // Score and verdict alerts are told apart by when they were raised: the same move can happen
  // again at the same snapshot (a domain in and out of web-graph releases), and the baseline,
  // moved in the same transaction, keeps one computation from raising one move twice.
  const std::string when = "@" + store::now_utc();
  if (reports(w, "authority") && scores_comparable(s)) {
    const std::optional<double> now = authority_now(w, s);
    if (now && out.baseline_score && std::fabs(*now - *out.baseline_score) >= w.authority_change) {
      const double from = *out.baseline_score;
      at_latest().alerts.push_back({"authority_change",
                                    score_text(from) + "->" + score_text(*now) + when,
                                    {{"domain", t.domain}, {"from", from}, {"to", *now}, {"change", *now - from}}});
      out.baseline_score = now;
    } else if (now && !out.baseline_score) {
      out.baseline_score = now;
    }
  }
  if (reports(w, "toxic") && scores_comparable(s)) {
    const std::vector<std::string> now = disavow_verdicts(t, s);
    const std::set<std::string> before(out.baseline_toxic.begin(), out.baseline_toxic.end());
    for (const auto& d : now) {
      if (before.count(d)) continue;
      at_latest().alerts.push_back({"toxic_domain", d + when, {{"domain", d}, {"verdict", "disavow"}}});
    }
    out.baseline_toxic = now;
  }
  return out;
}

Status set_baseline(Watch& w, AlertSources& s, WatchUpdate::AtSnapshot& seen) {
  api::Target t;
  LINKLENS_RETURN_IF_ERROR(api::parse_target(w.target, w.mode, t));
  const auto snapshots = s.queries.snapshots();
  w.baseline_snapshot = snapshots.empty() ? 0 : snapshots.back().id;
  seen = {};
  if (!snapshots.empty()) {
    const int64_t previous = snapshots.size() > 1 ? snapshots[snapshots.size() - 2].id : 0;
    seen = changes_at(w, t, snapshots.back(), previous, s);
    for (auto& alert : seen.alerts) alert.reported = false;  // seen, never sent
  }
  if (scores_comparable(s)) {
    w.baseline_score = authority_now(w, s);
    if (reports(w, "toxic")) w.baseline_toxic = disavow_verdicts(t, s);
  }
  return {};
}

Status compute_all(const AlertRun& run, int64_t& inserted) {
  inserted = 0;
  WatchStore store(run.state);
  auto watches = store.list();
  if (!watches) return watches.error();
  Status first_failure;
  for (const Watch& w : *watches) {
    // One read per watch: a big domain's audit does not hold every other watch's alerts, and a
    // watch that fails is said and retried while the others are stored.
    StatusOr<WatchUpdate> update = Status::failure("not computed");
    const Status read = run.read([&](api::IndexQueries& q) {
      AlertSources sources{q, run.ranks, run.thresholds, run.state, run.ranks_expected};
      update = alerts_for(w, sources);
    });
    Status stored = !read.ok() ? read : !update ? update.error() : store.apply(w, *update, inserted);
    if (!stored.ok() && first_failure.ok()) {
      first_failure = stored.with_context("watch " + std::to_string(w.id) + " (" + w.target + ")");
    }
  }
  return first_failure;
}

}  // namespace linklens::watch
