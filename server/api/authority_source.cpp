#include "api/authority_source.h"

#include <algorithm>
#include <map>

namespace linklens::api {

AuthorityView authority_view(ranks::RanksReader* ranks, const std::string& domain, std::optional<double> index_score) {
  return authority_view(ranks && !domain.empty() ? ranks->lookup(domain) : std::nullopt, index_score);
}

AuthorityView authority_view(std::optional<ranks::WebScore> web, std::optional<double> index_score) {
  AuthorityView view;
  view.index_score = index_score;
  view.web = std::move(web);
  if (view.web) {
    view.score = view.web->score;
    view.source = "commoncrawl:" + view.web->release.name;
  } else if (index_score) {
    view.score = index_score;
    view.source = "index";
  } else {
    view.source = "unknown";
  }
  return view;
}

void append_authority_source(const AuthorityView& view, std::string& out) {
  out += ",\"authority_source\":";
  append_json_string(view.source, out);
  out += ",\"index_authority_score\":";
  append_json_number(view.index_score, out);
}

void append_authority_result(const AuthorityAnswer& a, const AuthorityView& view, std::string& out) {
  out += "{\"input\":";
  append_json_string(a.input, out);
  out += ",\"domain\":";
  append_json_string(a.domain, out);
  out += a.valid ? ",\"valid\":true" : ",\"valid\":false";
  out += a.indexed ? ",\"indexed\":true" : ",\"indexed\":false";
  out += ",\"referring_domains\":";
  out += std::to_string(a.referring_domains);
  out += ",\"backlinks\":";
  out += std::to_string(a.backlinks);
  out += ",\"authority_score\":";
  append_json_number(view.score, out);
  append_authority_source(view, out);
  out.push_back('}');
}

namespace {

// One lookup per domain, however many links it has.
class DomainScores {
 public:
  explicit DomainScores(ranks::RanksReader* ranks) : ranks_(ranks) {}
  const AuthorityView& of(const std::string& domain, double index_score) {
    auto it = seen_.find(domain);
    if (it == seen_.end()) it = seen_.emplace(domain, authority_view(ranks_, domain, index_score)).first;
    return it->second;
  }

 private:
  ranks::RanksReader* ranks_;
  std::map<std::string, AuthorityView> seen_;
};

}  // namespace

void use_web_authority(std::vector<audit::Backlink>& links, ranks::RanksReader* ranks) {
  if (!ranks) return;
  DomainScores scores(ranks);
  for (auto& b : links) {
    // The linking domain was crawled: the index knows it, so its own score stands without ranks.
    const AuthorityView& view = scores.of(b.source_domain, b.source_domain_authority);
    b.source_domain_authority = view.score.value_or(0);
    b.source_authority_source = view.source;
  }
}

void use_web_authority(gap::Result& result, ranks::RanksReader* ranks) {
  if (!ranks) return;
  DomainScores scores(ranks);
  for (auto& r : result.rows) {
    const AuthorityView& view = scores.of(r.domain, r.authority);
    r.authority = view.score.value_or(0);
    r.authority_source = view.source;
  }
  std::stable_sort(result.rows.begin(), result.rows.end(), [](const gap::Row& a, const gap::Row& b) {
    return a.authority != b.authority ? a.authority > b.authority : a.domain < b.domain;
  });
}

}  // namespace linklens::api
