// Writes a WARC (.warc.gz, one gzip member per record) of synthetic pages over a power-law web
// graph, for measuring ingest and queries at sizes the real samples do not reach.
//
// The graph: D domains, each with a Zipf-distributed number of pages; every page links to pages
// of its own domain (navigation, footer) and to other domains chosen with probability
// proportional to a Zipf weight (a few domains get most links, as on the web). Links carry a
// realistic rel mix (80% follow, 10% nofollow, 6% sponsored, 4% ugc), placements (header, nav,
// article text, sidebar, footer), anchors (brand names, keywords, generic phrases, naked URLs)
// and, rarely, hidden links. Domains get IPv4 addresses; some groups share a /24 (a private blog
// network's footprint). Pages are 10-40 KB of HTML.
//
// Usage: generate_warc --pages N [--domains D] [--seed S] --out FILE.warc.gz
#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

namespace {

struct Options {
  uint64_t pages = 10000;
  uint32_t domains = 0;  // default: pages / 20
  uint64_t seed = 1;
  std::string out;
};

const char* kTlds[] = {".com", ".com", ".com", ".org", ".net", ".co.uk", ".de", ".fr", ".io", ".com.au"};
const char* kWords[] = {"travel",  "garden",   "running", "shoes",    "recipes", "finance", "insurance",
                        "loans",   "software", "cloud",   "security", "music",   "guitar",  "photography",
                        "cameras", "health",   "fitness", "yoga",     "coffee",  "wine",    "books",
                        "history", "science",  "space",   "cars",     "bikes",   "hiking",  "camping",
                        "fashion", "design",   "homes",   "pets",     "dogs",    "cats"};
const char* kGeneric[] = {"click here", "read more", "here", "this website", "learn more", "source", "more"};

class Zipf {
 public:
  Zipf(uint32_t n, double s) : cdf_(n) {
    double sum = 0;
    for (uint32_t i = 0; i < n; ++i) cdf_[i] = (sum += 1.0 / std::pow(i + 1.0, s));
    for (double& c : cdf_) c /= sum;
  }
  uint32_t operator()(std::mt19937_64& rng) const {
    double u = std::uniform_real_distribution<double>(0, 1)(rng);
    return static_cast<uint32_t>(std::lower_bound(cdf_.begin(), cdf_.end(), u) - cdf_.begin());
  }

 private:
  std::vector<double> cdf_;
};

void write_member(gzFile out, const std::string& record) {
  // One gzip member per record, as Common Crawl writes them: restart the stream per record.
  gzwrite(out, record.data(), static_cast<unsigned>(record.size()));
  gzflush(out, Z_FINISH);
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i], v = argv[i + 1];
    if (a == "--pages")
      o.pages = std::strtoull(v.c_str(), nullptr, 10);
    else if (a == "--domains")
      o.domains = static_cast<uint32_t>(std::strtoul(v.c_str(), nullptr, 10));
    else if (a == "--seed")
      o.seed = std::strtoull(v.c_str(), nullptr, 10);
    else if (a == "--out")
      o.out = v;
    else {
      std::fprintf(stderr, "generate_warc: unknown option %s\n", a.c_str());
      return 2;
    }
  }
  if (o.out.empty() || o.pages == 0) {
    std::fprintf(stderr, "usage: generate_warc --pages N [--domains D] [--seed S] --out FILE.warc.gz\n");
    return 2;
  }
  if (o.domains == 0) o.domains = static_cast<uint32_t>(std::max<uint64_t>(2, o.pages / 20));
  std::mt19937_64 rng(o.seed);
  std::vector<std::string> names(o.domains), brands(o.domains), ips(o.domains);
  for (uint32_t d = 0; d < o.domains; ++d) {
    brands[d] = std::string(kWords[d % 34]) + kWords[(d * 7 + 3) % 34] + std::to_string(d);
    names[d] = brands[d] + kTlds[d % 10];
    // Every 50th group of 8 domains shares one /24.
    uint32_t net = (d / 8) % 50 == 0 ? d / 8 : d;
    ips[d] = std::to_string(10 + (net >> 16) % 200) + "." + std::to_string((net >> 8) & 255) + "." +
             std::to_string(net & 255) + "." + std::to_string(1 + d % 250);
  }
  Zipf popularity(o.domains, 1.1);
  // Pages per domain: Zipf-shaped too, at least one.
  std::vector<uint32_t> pages_of(o.domains, 1);
  for (uint64_t p = o.domains; p < o.pages; ++p) ++pages_of[popularity(rng)];

  gzFile out = gzopen(o.out.c_str(), "wb6");
  if (!out) {
    std::fprintf(stderr, "generate_warc: cannot write %s\n", o.out.c_str());
    return 1;
  }
  uint64_t links = 0, written = 0;
  std::uniform_real_distribution<double> u01(0, 1);
  std::string filler =
      "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut "
      "labore et dolore magna aliqua. ";
  for (uint32_t d = 0; d < o.domains; ++d) {
    for (uint32_t p = 0; p < pages_of[d]; ++p) {
      std::string url = "https://www." + names[d] + "/page/" + std::to_string(p);
      std::string html = "<!doctype html><html lang=en><head><meta charset=utf-8><title>" + brands[d] + " page " +
                         std::to_string(p) + "</title></head><body><header><a href=/>" + brands[d] +
                         "</a></header><nav>";
      for (int i = 0; i < 12; ++i)
        html += "<a href=/page/" + std::to_string(rng() % pages_of[d]) + ">Section " + std::to_string(i) + "</a> ";
      html += "</nav><article>";
      int paragraphs = 6 + static_cast<int>(rng() % 20);
      int external = 2 + static_cast<int>(rng() % 12);
      for (int para = 0; para < paragraphs; ++para) {
        html += "<p>";
        for (int k = 0; k < 6; ++k) html += filler;
        if (external > 0 && u01(rng) < 0.7) {
          --external;
          uint32_t t = popularity(rng);
          if (t == d) t = (t + 1) % o.domains;
          double r = u01(rng);
          const char* rel = r < 0.80 ? "" : r < 0.90 ? " rel=nofollow" : r < 0.96 ? " rel=sponsored" : " rel=ugc";
          double a = u01(rng);
          std::string anchor = a < 0.35   ? brands[t]
                               : a < 0.65 ? std::string(kWords[rng() % 34]) + " " + kWords[rng() % 34]
                               : a < 0.8  ? kGeneric[rng() % 7]
                               : a < 0.9  ? "www." + names[t]
                                          : "";
          std::string target = "https://www." + names[t] + "/page/" + std::to_string(rng() % pages_of[t]);
          if (anchor.empty())
            html += " <a href=\"" + target + "\"" + rel + "><img src=/i.png alt=\"" + brands[t] + "\"></a> ";
          else
            html += " <a href=\"" + target + "\"" + rel + ">" + anchor + "</a> ";
          ++links;
        }
        html += filler + "</p>";
      }
      html += "</article><aside class=sidebar><ul>";
      for (int i = 0; i < 8; ++i) {
        uint32_t t = popularity(rng);
        html += "<li><a href=\"https://www." + names[t] + "/\">" + brands[t] + "</a></li>";
      }
      html += "</ul></aside>";
      if (u01(rng) < 0.02)
        html +=
            "<div style=\"display:none\"><a href=\"https://www." + names[popularity(rng)] + "/\">cheap loans</a></div>";
      html += "<footer><a href=/about>About</a> <a href=/privacy>Privacy</a> <a href=\"https://twitter.com/" +
              brands[d] + "\">Twitter</a></footer></body></html>";
      links += 12 + 8 + 4;
      std::string http = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " +
                         std::to_string(html.size()) + "\r\n\r\n" + html;
      std::string record =
          "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: " + url +
          "\r\nWARC-Date: 2026-01-01T00:00:00Z\r\nWARC-IP-Address: " + ips[d] +
          "\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: " + std::to_string(http.size()) +
          "\r\n\r\n" + http + "\r\n\r\n";
      write_member(out, record);
      ++written;
    }
  }
  gzclose(out);
  std::printf("wrote %llu pages of %u domains with about %llu links to %s\n", static_cast<unsigned long long>(written),
              o.domains, static_cast<unsigned long long>(links), o.out.c_str());
  return 0;
}
