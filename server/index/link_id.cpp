#include "index/link_id.h"

namespace linklens::store {
namespace {

// FNV-1a over the fields with a separator that cannot occur in them (0x1f), then MurmurHash3's
// finaliser: FNV alone mixes the last bytes poorly, and ids are compared in order.
uint64_t fnv1a(uint64_t h, std::string_view s) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  h ^= 0x1f;
  return h * 0x100000001b3ULL;
}

uint64_t fmix64(uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdULL;
  k ^= k >> 33;
  k *= 0xc4ceb9fe1a85ec53ULL;
  k ^= k >> 33;
  return k;
}

}  // namespace

int64_t link_id(std::string_view source_url, std::string_view target_url, std::string_view kind,
                std::string_view anchor) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (std::string_view s : {source_url, target_url, kind, anchor}) h = fnv1a(h, s);
  const int64_t id = static_cast<int64_t>(fmix64(h) >> 1);
  return id == 0 ? 1 : id;  // positive and non-zero: SQLite rowids and JSON numbers stay exact
}

}  // namespace linklens::store
