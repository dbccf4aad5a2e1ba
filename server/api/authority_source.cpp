#include "api/authority_source.h"

namespace linklens::api {

AuthorityView authority_view(ranks::RanksReader* ranks, const std::string& domain, std::optional<double> index_score) {
  AuthorityView view;
  view.index_score = index_score;
  if (ranks && !domain.empty()) view.web = ranks->lookup(domain);
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

void put_authority(Json& out, const AuthorityView& view) {
  out["authority_score"] = view.score ? Json(*view.score) : Json(nullptr);
  out["authority_source"] = view.source;
  out["index_authority_score"] = view.index_score ? Json(*view.index_score) : Json(nullptr);
}

}  // namespace linklens::api
