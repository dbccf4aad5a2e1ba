// The field and sort-key catalogues of the list endpoints (index_queries.h). The names are the
// LinkRecord contract's (docs/link-record.md) plus what the index knows of the source page.
#include "index/index_queries.h"

namespace linklens::api {

const std::vector<FieldSpec>& backlink_fields() {
  static const std::vector<FieldSpec> fields = {
      {"id", FieldType::kInteger, "the backlink's id in this index"},
      {"source_url", FieldType::kText, "the linking page"},
      {"source_host", FieldType::kText, "host of the linking page"},
      {"source_domain", FieldType::kText, "registrable domain of the linking page"},
      {"source_authority", FieldType::kReal, "authority of the linking page, 0-100"},
      {"source_domain_authority", FieldType::kReal, "Authority Score of the linking domain, 0-100"},
      {"source_title", FieldType::kText, "title of the linking page"},
      {"source_status", FieldType::kInteger, "HTTP status of the linking page when crawled"},
      {"source_country", FieldType::kText, "country of the linking site (ISO 3166-1 alpha-2, '' unknown)"},
      {"source_ip", FieldType::kText, "IP address of the linking site"},
      {"source_subnet", FieldType::kText, "its /24 (IPv4) or /48 (IPv6)"},
      {"source_links", FieldType::kInteger, "how many links the linking page has"},
      {"target_url", FieldType::kText, "the linked URL"},
      {"target_host", FieldType::kText, "host of the linked URL"},
      {"href", FieldType::kText, "the href as written"},
      {"rel", FieldType::kText, "rel tokens, space-separated, lowercased"},
      {"follow", FieldType::kText, "follow, nofollow, sponsored or ugc (the link's own rel)"},
      {"effective_follow", FieldType::kText, "follow or nofollow after page-level robots directives"},
      {"kind", FieldType::kText, "text, image, area, form, frame, redirect, canonical, ..."},
      {"anchor", FieldType::kText, "anchor text (or image alt)"},
      {"anchor_class", FieldType::kText, "branded, exact, partial, generic, url, image, empty, other"},
      {"placement", FieldType::kText, "content, navigation, header, footer, sidebar, comments, ..."},
      {"position", FieldType::kReal, "where in the page, 0 (top) to 1 (bottom)"},
      {"weight", FieldType::kReal, "the link's share of the page's equity (docs/link-record.md)"},
      {"hidden", FieldType::kBool, "hidden by inline style or attributes"},
      {"in_noscript", FieldType::kBool, "inside <noscript>"},
      {"context", FieldType::kText, "text around the link"},
      {"first_seen", FieldType::kInteger, "snapshot id where first seen"},
      {"last_seen", FieldType::kInteger, "snapshot id where last seen"},
      {"lost_in", FieldType::kInteger, "snapshot id where lost (null while live)"},
      {"lost", FieldType::kBool, "lost in some snapshot"},
      {"new", FieldType::kBool, "first seen in the latest snapshot"},
  };
  return fields;
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
