// Fuzzes the whole inspection: arbitrary bytes as a page (also with scripting on, and with an
// X-Robots-Tag header taken from the input), then the JSON writer.
//
// Properties: every link's offset is inside the page, position and weight are in [0, 1],
// ordinals count up from 0, and the JSON output is ASCII-clean of raw control characters.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "linklens/inspect.h"
#include "linklens/report_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  linklens::InspectOptions options;
  options.page_url = "https://www.example.co.uk/dir/page.html";
  options.scripting = size > 0 && (data[0] & 1);
  std::size_t nl = input.find('\n');
  if (nl != std::string_view::npos && nl < 64)
    options.headers.emplace_back("X-Robots-Tag", std::string(input.substr(0, nl)));
  options.keywords = {"example keyword"};
  auto report = linklens::inspect_html(input, options);
  if (!report) std::abort();
  uint32_t expected = 0;
  for (const auto& l : report->links) {
    if (l.ordinal != expected++) std::abort();
    if (l.offset > size) std::abort();
    if (!(l.position >= 0 && l.position <= 1) || !(l.weight >= 0 && l.weight <= 1)) std::abort();
  }
  std::string json = linklens::report_to_json(*report);
  for (char c : json) {
    if (static_cast<unsigned char>(c) < 0x20) std::abort();  // control characters must be escaped
  }
  return 0;
}
