#include "api/response_cache.h"

#include <functional>

namespace linklens::api {

ResponseCache::ResponseCache(std::size_t max_bytes) : max_bytes_(max_bytes) {}

ResponseCache::Shard& ResponseCache::shard_of(const std::string& key) {
  return shards_[std::hash<std::string>{}(key) % kShards];
}

void ResponseCache::drop(Shard& shard, std::unordered_map<std::string, Entry>::iterator it) {
  shard.bytes -= it->second.bytes;
  shard.use_order.erase(it->second.recent);
  shard.entries.erase(it);
}

std::shared_ptr<const CachedAnswer> ResponseCache::find(const std::string& key, const std::string& token) {
  if (!enabled() || token.empty()) return nullptr;
  Shard& shard = shard_of(key);
  std::lock_guard<std::mutex> lock(shard.mutex);
  auto it = shard.entries.find(key);
  if (it == shard.entries.end()) return nullptr;
  if (it->second.token != token) {  // read from files that have changed since
    drop(shard, it);
    return nullptr;
  }
  shard.use_order.splice(shard.use_order.begin(), shard.use_order, it->second.recent);
  return it->second.answer;
}

void ResponseCache::store(const std::string& key, const std::string& token, CachedAnswer answer) {
  if (!enabled() || token.empty()) return;
  // Approximate: the strings kept, plus the map and list nodes and the shared block around them.
  std::size_t bytes = key.size() * 2 + token.size() + answer.body.size() + answer.content_type.size() + 256;
  for (const auto& [name, value] : answer.headers) bytes += name.size() + value.size();
  const std::size_t shard_budget = max_bytes_ / kShards;
  if (bytes > shard_budget) return;  // one answer may not push out a whole shard
  Shard& shard = shard_of(key);
  std::lock_guard<std::mutex> lock(shard.mutex);
  if (auto it = shard.entries.find(key); it != shard.entries.end()) drop(shard, it);
  while (shard.bytes + bytes > shard_budget && !shard.use_order.empty()) {
    drop(shard, shard.entries.find(shard.use_order.back()));
  }
  shard.use_order.push_front(key);
  Entry entry{token, std::make_shared<const CachedAnswer>(std::move(answer)), bytes, shard.use_order.begin()};
  shard.entries.emplace(key, std::move(entry));
  shard.bytes += bytes;
}

}  // namespace linklens::api
