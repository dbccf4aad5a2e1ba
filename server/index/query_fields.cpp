// The field and sort-key catalogues of the list endpoints (index_queries.h). The names are the
// LinkRecord contract's (docs/link-record.md) plus what the index knows of the source page.
#include "index/index_queries.h"

namespace linklens::api {

// Every backlink field with its expression in each backend's SQL, in one table: the SQLite
// column over `links l JOIN pages p`, and the ClickHouse one over links_view's columns
// (clickhouse_index.h; "{latest}" is the latest snapshot, filled in per query).
const std::vector<BacklinkField>& backlink_catalogue() {
  static const std::vector<BacklinkField> fields = {
      {{"id", FieldType::kInteger, "the backlink's id in this index"}, "l.id", "id"},
      {{"source_url", FieldType::kText, "the linking page"}, "p.url", "source_url"},
      {{"source_host", FieldType::kText, "host of the linking page"}, "l.source_host", "source_host"},
      {{"source_domain", FieldType::kText, "registrable domain of the linking page"},
       "l.source_domain",
       "source_domain"},
      {{"source_authority", FieldType::kReal, "authority of the linking page, 0-100"},
       "l.source_authority",
       "source_authority"},
      {{"source_domain_authority", FieldType::kReal, "Authority Score of the linking domain, 0-100"},
       "COALESCE((SELECT score FROM domain_authority da WHERE da.domain = l.source_domain), 0)",
       "source_domain_authority"},
      {{"source_title", FieldType::kText, "title of the linking page"}, "p.title", "source_title"},
      {{"source_status", FieldType::kInteger, "HTTP status of the linking page when crawled"},
       "p.status",
       "source_status"},
      {{"source_country", FieldType::kText, "country of the linking site (ISO 3166-1 alpha-2, '' unknown)"},
       "p.country",
       "source_country"},
      {{"source_ip", FieldType::kText, "IP address of the linking site"}, "p.ip", "source_ip"},
      {{"source_subnet", FieldType::kText, "its /24 (IPv4) or /48 (IPv6)"}, "p.subnet", "source_subnet"},
      {{"source_links", FieldType::kInteger, "how many links the linking page has"}, "p.link_count", "source_links"},
      {{"target_url", FieldType::kText, "the linked URL"}, "l.target_url", "target_url"},
      {{"target_host", FieldType::kText, "host of the linked URL"}, "l.target_host", "target_host"},
      {{"href", FieldType::kText, "the href as written"}, "l.href", "href"},
      {{"rel", FieldType::kText, "rel tokens, space-separated, lowercased"}, "l.rel", "rel"},
      {{"follow", FieldType::kText, "follow, nofollow, sponsored or ugc (the link's own rel)"}, "l.follow", "follow"},
      {{"effective_follow", FieldType::kText, "follow or nofollow after page-level robots directives"},
       "l.effective_follow",
       "effective_follow"},
      {{"kind", FieldType::kText, "text, image, area, form, frame, redirect, canonical, ..."}, "l.kind", "kind"},
      {{"anchor", FieldType::kText, "anchor text (or image alt)"}, "l.anchor", "anchor"},
      {{"anchor_class", FieldType::kText, "branded, exact, partial, generic, url, image, empty, other"},
       "l.anchor_class",
       "anchor_class"},
      {{"placement", FieldType::kText, "content, navigation, header, footer, sidebar, comments, ..."},
       "l.placement",
       "placement"},
      {{"position", FieldType::kReal, "where in the page, 0 (top) to 1 (bottom)"}, "l.position", "position"},
      {{"weight", FieldType::kReal, "the link's share of the page's equity (docs/link-record.md)"},
       "l.weight",
       "weight"},
      {{"hidden", FieldType::kBool, "hidden by inline style or attributes"}, "l.hidden", "hidden"},
      {{"in_noscript", FieldType::kBool, "inside <noscript>"}, "l.in_noscript", "in_noscript"},
      {{"context", FieldType::kText, "text around the link"}, "l.context", "context"},
      {{"first_seen", FieldType::kInteger, "snapshot id where first seen"}, "l.first_seen", "first_seen"},
      {{"last_seen", FieldType::kInteger, "snapshot id where last seen"}, "l.last_seen", "last_seen"},
      {{"lost_in", FieldType::kInteger, "snapshot id where lost (null while live)"},
       "l.lost_in",
       "if(lost_in = 0, NULL, lost_in)"},
      {{"lost", FieldType::kBool, "lost in some snapshot"}, "(l.lost_in IS NOT NULL)", "(lost_in != 0)"},
      // The same rule as lost_reason() (index/snapshot_compare.h), from the source page's latest crawl.
      {{"lost_reason", FieldType::kText,
        "why a lost link was lost: page_error (the page answers 4xx/5xx), redirected (it redirects elsewhere) or "
        "link_removed (crawled again without the link); null while live"},
       "CASE WHEN l.lost_in IS NULL THEN NULL WHEN p.status >= 400 THEN 'page_error' WHEN p.status >= 300 THEN "
       "'redirected' ELSE 'link_removed' END",
       "if(lost_in = 0, NULL, multiIf(source_status >= 400, 'page_error', source_status >= 300, 'redirected', "
       "'link_removed'))"},
      {{"new", FieldType::kBool, "first seen in the latest snapshot"},
       "(l.first_seen = :latest)",
       "(first_seen = {latest})"},
  };
  return fields;
}

const std::vector<FieldSpec>& backlink_fields() {
  static const std::vector<FieldSpec> fields = [] {
    std::vector<FieldSpec> out;
    for (const auto& f : backlink_catalogue()) out.push_back(f.spec);
    return out;
  }();
  return fields;
}

const char* backlink_sql(const std::string& field, SqlDialect dialect) {
  for (const auto& f : backlink_catalogue()) {
    if (f.spec.name == field) return dialect == SqlDialect::kSqlite ? f.sqlite : f.clickhouse;
  }
  return nullptr;
}

const std::vector<std::string>& default_backlink_fields() {
  static const std::vector<std::string> fields = {
      "source_url",       "source_domain", "source_authority", "target_url", "anchor",    "anchor_class", "follow",
      "effective_follow", "kind",          "placement",        "first_seen", "last_seen", "lost"};
  return fields;
}

const std::vector<SortKey>& backlink_sort_keys() {
  static const std::vector<SortKey> keys = {{"authority"}, {"first_seen"}, {"last_seen"}};
  return keys;
}

const std::vector<SortKey>& refdomain_sort_keys() {
  static const std::vector<SortKey> keys = {{"authority"}, {"backlinks"}, {"first_seen"}, {"last_seen"}};
  return keys;
}

const std::vector<SortKey>& anchor_sort_keys() {
  static const std::vector<SortKey> keys = {{"backlinks"}, {"referring_domains"}};
  return keys;
}

const std::vector<SortKey>& refip_sort_keys() {
  static const std::vector<SortKey> keys = {{"referring_domains"}, {"backlinks"}};
  return keys;
}

const std::vector<SortKey>& target_page_sort_keys() {
  static const std::vector<SortKey> keys = {{"backlinks"}, {"referring_domains"}};
  return keys;
}

}  // namespace linklens::api
