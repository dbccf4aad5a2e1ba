// Fuzzes the disavow reader, which sees files users upload (POST /v1/disavow/parse, `linklens
// disavow --check`) and files this project writes for them to send to Google.
//
// Properties: a file read without problems is accepted by the writer, and reading the written
// file gives back the same entries (repeats once), in order, without problems; `covers` and the
// per-entry check never crash on what the reader produced; the first byte picks smaller limits
// so the line, byte and URL-length rules are met too.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "linklens/disavow.h"

using namespace linklens;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string input(reinterpret_cast<const char*>(data) + 1, size - 1);
  disavow::Limits limits;
  if (data[0] & 1) limits = disavow::Limits{40, 4096, 64};
  const disavow::File file = disavow::parse(input, limits);
  for (const auto& entry : file.entries) {
    if (!disavow::check_entry(entry, limits).empty() && file.problems.empty()) std::abort();
  }
  (void)disavow::covers(file, input.substr(0, input.find('\n')));
  if (!file.problems.empty()) return 0;

  std::vector<disavow::Problem> problems;
  const std::string again = disavow::write(file.entries, {}, problems);
  if (!problems.empty()) std::abort();
  const disavow::File back = disavow::parse(again);
  std::size_t distinct = 0;
  for (std::size_t i = 0; i < file.entries.size(); ++i) {
    bool repeated = false;
    for (std::size_t k = 0; k < i; ++k) {
      repeated |= file.entries[k].kind == file.entries[i].kind && file.entries[k].value == file.entries[i].value;
    }
    if (repeated) continue;
    if (distinct >= back.entries.size() || back.entries[distinct].value != file.entries[i].value ||
        back.entries[distinct].kind != file.entries[i].kind) {
      std::abort();
    }
    ++distinct;
  }
  if (!back.problems.empty() || distinct != back.entries.size()) std::abort();
  return 0;
}
