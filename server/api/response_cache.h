// Answers of read endpoints kept for the next identical request. The index is read-only to the
// server, so an answer stays right until a commit or a swap changes the files it was read from;
// each answer is stored with the change token of those files (sqlite/change_token.h) and is
// never served for another token. Bounded in bytes, least recently used first out.
#pragma once

#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace linklens::api {

struct CachedAnswer {
  int status = 200;
  std::string content_type;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // the handler's own (X-Next-Cursor)
};

class ResponseCache {
 public:
  explicit ResponseCache(std::size_t max_bytes);

  bool enabled() const { return max_bytes_ > 0; }
  // The answer stored for `key` under `token`, or null (and an answer under another token is
  // dropped).
  std::shared_ptr<const CachedAnswer> find(const std::string& key, const std::string& token);
  void store(const std::string& key, const std::string& token, CachedAnswer answer);

 private:
  struct Entry {
    std::string token;
    std::shared_ptr<const CachedAnswer> answer;
    std::size_t bytes = 0;
    std::list<std::string>::iterator recent;  // its place in the shard's use order
  };
  // Shards, so threads answering different requests rarely wait on one lock.
  struct Shard {
    std::mutex mutex;
    std::unordered_map<std::string, Entry> entries;
    std::list<std::string> use_order;  // most recent first
    std::size_t bytes = 0;
  };
  static constexpr std::size_t kShards = 16;
  Shard& shard_of(const std::string& key);
  static void drop(Shard& shard, std::unordered_map<std::string, Entry>::iterator it);

  std::size_t max_bytes_;
  Shard shards_[kShards];
};

}  // namespace linklens::api
