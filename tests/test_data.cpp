#include "test_data.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#ifndef LINKLENS_SHARED_DATA_DIR
#error "LINKLENS_SHARED_DATA_DIR must be defined by the build"
#endif

namespace linklens::test {

std::string shared_data_dir() {
  if (const char* env = std::getenv("LINKLENS_SHARED_DATA"); env != nullptr && *env != '\0') return env;
  return LINKLENS_SHARED_DATA_DIR;
}

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::optional<std::string> read_shared_data(const std::string& relative_path) {
  std::string path = shared_data_dir() + "/" + relative_path;
  auto text = read_file(path);
  if (!text) {
    std::printf("SKIPPED: %s is missing (the real data in ../shared/data is not beside this clone)\n", path.c_str());
  }
  return text;
}

namespace {

int hex4(const std::string& s, std::size_t i) {
  if (i + 4 > s.size()) return -1;
  int v = 0;
  for (std::size_t k = i; k < i + 4; ++k) {
    char c = s[k];
    int d = (c >= '0' && c <= '9')   ? c - '0'
            : (c >= 'a' && c <= 'f') ? c - 'a' + 10
            : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                     : -1;
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

}  // namespace

std::string replace_lone_surrogates(const std::string& json) {
  std::string out;
  out.reserve(json.size());
  bool in_string = false;
  for (std::size_t i = 0; i < json.size(); ++i) {
    char c = json[i];
    if (!in_string) {
      if (c == '"') in_string = true;
      out.push_back(c);
      continue;
    }
    if (c == '"') {
      in_string = false;
      out.push_back(c);
      continue;
    }
    if (c != '\\' || i + 1 >= json.size()) {
      out.push_back(c);
      continue;
    }
    if (json[i + 1] != 'u') {  // any other escape: copy both characters
      out.push_back(c);
      out.push_back(json[++i]);
      continue;
    }
    int v = hex4(json, i + 2);
    if (v >= 0xD800 && v <= 0xDBFF && i + 7 < json.size() && json[i + 6] == '\\' && json[i + 7] == 'u') {
      int low = hex4(json, i + 8);
      if (low >= 0xDC00 && low <= 0xDFFF) {  // a proper pair: keep it
        out.append(json, i, 12);
        i += 11;
        continue;
      }
    }
    if (v >= 0xD800 && v <= 0xDFFF) {
      out += "\\uFFFD";
    } else {
      out.append(json, i, 6);
    }
    i += 5;
  }
  return out;
}

}  // namespace linklens::test
