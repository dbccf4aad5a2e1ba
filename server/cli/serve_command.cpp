// `linklens serve [--config FILE] [--db PATH | --store LOCATION] [--listen HOST:PORT] [--threads N]`: the
// HTTP API (api_server.h). Flags override the config file (server_config.h). `linklens hash-key [--new]`: the sha256 of
// an API key read from stdin, for the config's api_keys; with --new, makes a random key and prints it with its hash.
#include <openssl/rand.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "api/access_control.h"
#include "api/api_server.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "cli/synopsis.h"

namespace linklens::cli {

int run_serve(const std::vector<std::string>& args) {
  auto parsed = parse_args(args, arg_spec("serve"));
  if (!parsed || !parsed->positional.empty()) {
    std::fprintf(stderr, "linklens serve: %s\n", parsed ? "unexpected argument" : parsed.error().message().c_str());
    return 2;
  }
  api::ServerConfig config;
  if (auto path = parsed->last("--config")) {
    if (Status loaded = api::load_server_config(*path, config); !loaded.ok()) {
      std::fprintf(stderr, "linklens serve: %s\n", loaded.message().c_str());
      return 2;
    }
  }
  if (auto db = parsed->last("--db")) config.db_path = *db;
  if (auto ranks = parsed->last("--ranks")) config.ranks_path = *ranks;
  if (auto state = parsed->last("--state")) config.state_path = *state;
  if (auto store = parsed->last("--store")) config.db_path = *store;  // any index location (index/index.h)
  if (auto listen = parsed->last("--listen")) {
    if (!api::parse_listen_address(*listen, config.host, config.port)) {
      std::fprintf(stderr, "linklens serve: --listen needs HOST:PORT, e.g. 127.0.0.1:8787\n");
      return 2;
    }
  }
  if (auto t = parsed->last("--threads")) {
    config.threads = std::atoi(t->c_str());
    if (config.threads < 1 || config.threads > 256) {
      std::fprintf(stderr, "linklens serve: --threads must be from 1 to 256\n");
      return 2;
    }
  }
  const Status served = api::serve(config);
  if (!served.ok()) std::fprintf(stderr, "linklens serve: %s\n", served.message().c_str());
  return served.ok() ? 0 : 1;
}

int run_hash_key(const std::vector<std::string>& args) {
  auto parsed = parse_args(args, arg_spec("hash-key"));
  if (!parsed || !parsed->positional.empty()) {
    std::fprintf(stderr, "linklens hash-key: %s\n",
                 parsed ? "unexpected argument (the key is read from stdin)" : parsed.error().message().c_str());
    return 2;
  }
  std::string key;
  if (parsed->has("--new")) {
    unsigned char bytes[24];
    if (RAND_bytes(bytes, sizeof bytes) != 1) {
      std::fprintf(stderr, "linklens hash-key: no randomness available\n");
      return 1;
    }
    static const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    key = "ll_";
    for (unsigned char b : bytes) key.push_back(kAlphabet[b & 63]);
    std::printf("key     %s\n", key.c_str());
    std::printf("sha256  %s\n", api::sha256_hex(key).c_str());
    return 0;
  }
  if (!std::getline(std::cin, key) || key.empty()) {
    std::fprintf(stderr, "linklens hash-key: give the key on stdin (or use --new)\n");
    return 2;
  }
  if (!key.empty() && key.back() == '\r') key.pop_back();
  std::printf("%s\n", api::sha256_hex(key).c_str());
  return 0;
}

}  // namespace linklens::cli
