// `linklens url [--base BASE] [--json] [--psl FILE] [--no-private] INPUT...`
//
// Resolves each input as a browser resolves a link (the WHATWG URL Standard), then folds its host
// into a registrable domain with the Public Suffix List. One JSON object per input with --json
// (an array), else a readable block per input. Inputs that fail are reported with the reason and
// make the exit code 1; the others are still printed.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/synopsis.h"
#include "linklens/idna.h"
#include "linklens/public_suffix.h"
#include "linklens/url.h"

namespace linklens::cli {
namespace {

const char* section_name(SuffixSection s) {
  switch (s) {
    case SuffixSection::kIcann: return "icann";
    case SuffixSection::kPrivate: return "private";
    case SuffixSection::kNone: return "none";
  }
  return "none";
}

nlohmann::ordered_json describe(const std::string& input, const Result<Url, UrlError>& url, const PublicSuffixList& psl,
                                SuffixOptions options) {
  nlohmann::ordered_json j;
  j["input"] = input;
  if (!url) {
    j["ok"] = false;
    j["error"] = to_string(url.error());
    return j;
  }
  j["ok"] = true;
  j["href"] = url->href();
  j["protocol"] = url->protocol();
  j["username"] = url->username();
  j["password"] = url->password();
  j["host"] = url->host();
  j["hostname"] = url->hostname();
  j["port"] = url->port();
  j["pathname"] = url->pathname();
  j["search"] = url->search();
  j["hash"] = url->hash();
  j["origin"] = url->origin();
  j["host_type"] = to_string(url->host_type());
  if (url->host_type() == HostType::kDomain) {
    DomainParts parts = psl.split_host(url->hostname(), options);
    j["registrable_domain"] = parts.registrable_domain();
    j["public_suffix"] = parts.public_suffix();
    j["subdomain"] = parts.subdomain();
    j["suffix_section"] = section_name(parts.section);
    j["suffix_listed"] = parts.listed;
    j["unicode_hostname"] = domain_to_unicode(url->hostname());
  } else {
    j["registrable_domain"] = nullptr;
  }
  return j;
}

void print_text(const nlohmann::ordered_json& j) {
  std::printf("%s\n", j["input"].get<std::string>().c_str());
  if (!j["ok"].get<bool>()) {
    std::printf("  error               %s\n", j["error"].get<std::string>().c_str());
    return;
  }
  for (const auto& [key, value] : j.items()) {
    if (key == "input" || key == "ok") continue;
    std::string text = value.is_string() ? value.get<std::string>() : value.dump();
    std::printf("  %-19s %s\n", key.c_str(), text.c_str());
  }
}

}  // namespace

int run_url(const std::vector<std::string>& args) {
  auto parsed = parse_args(args, arg_spec("url"));
  if (!parsed) {
    std::fprintf(stderr, "linklens url: %s\n", parsed.error().message().c_str());
    return 2;
  }
  std::vector<std::string> inputs;
  for (const std::string& p : parsed->positional) {
    if (p != "-") {
      inputs.push_back(p);
      continue;
    }
    std::string line;
    while (std::getline(std::cin, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (!line.empty()) inputs.push_back(line);
    }
  }
  if (inputs.empty()) {
    std::fprintf(stderr, "linklens url: no input (give URLs as arguments, or '-' to read lines from stdin)\n");
    return 2;
  }

  std::optional<PublicSuffixList> loaded;
  if (auto psl_path = parsed->last("--psl")) {
    std::ifstream in(*psl_path, std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "linklens url: cannot read public suffix list %s\n", psl_path->c_str());
      return 2;
    }
    std::stringstream text;
    text << in.rdbuf();
    auto list = PublicSuffixList::parse(text.str(), "loaded from " + *psl_path);
    if (!list) {
      std::fprintf(stderr, "linklens url: %s: %s\n", psl_path->c_str(), to_string(list.error()));
      return 2;
    }
    loaded.emplace(std::move(list).value());
  }
  const PublicSuffixList& psl = loaded ? *loaded : PublicSuffixList::builtin();
  SuffixOptions options{.include_private = !parsed->has("--no-private")};

  std::optional<Url> base;
  if (auto base_text = parsed->last("--base")) {
    auto b = parse_url(*base_text);
    if (!b) {
      std::fprintf(stderr, "linklens url: --base %s: %s\n", base_text->c_str(), to_string(b.error()));
      return 2;
    }
    base = std::move(b).value();
  }

  bool json = parsed->has("--json");
  nlohmann::ordered_json all = nlohmann::ordered_json::array();
  int failures = 0;
  for (const std::string& input : inputs) {
    auto url = base ? parse_url(input, *base) : parse_url(input);
    if (!url) ++failures;
    auto j = describe(input, url, psl, options);
    if (json)
      all.push_back(std::move(j));
    else
      print_text(j);
  }
  if (json) std::printf("%s\n", all.dump(2).c_str());
  return failures == 0 ? 0 : 1;
}

}  // namespace linklens::cli
