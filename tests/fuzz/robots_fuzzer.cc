// robots.txt (crawler/robots.h). Input: the body; the paths asked about are
// the input's own patterns plus a few fixed ones.
#include <cmath>
#include <string>
#include <string_view>

#include "crawler/robots.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace domex;
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  const crawler::RobotsRules rules = crawler::ParseRobots(body, "domex");
  // RFC 9309 §2.2.2: robots.txt itself is always allowed.
  FUZZ_CHECK(rules.Allows("/robots.txt"), "robots.txt disallowed");
  // Bounded whatever the file (robots.cc).
  FUZZ_CHECK(rules.rules.size() <= 10000, "too many rules");
  FUZZ_CHECK(rules.sitemaps.size() <= 1000, "too many sitemaps");
  if (rules.crawl_delay_seconds) {
    const double d = *rules.crawl_delay_seconds;
    FUZZ_CHECK(std::isfinite(d) && d >= 0, "bad crawl delay");
  }
  size_t asked = 0;
  for (const crawler::RobotsRule& rule : rules.rules) {
    if (++asked > 100) break;
    (void)rules.Allows(rule.pattern);
    (void)rules.Allows("/" + rule.pattern + "x");
  }
  for (const char* path : {"/", "/a", "/private/x?y=1", "/%7Efoo", "/$"}) {
    (void)rules.Allows(path);
  }
  // §2.3.1.3-4: 4xx allows all, 5xx and unreachable disallow all.
  FUZZ_CHECK(crawler::RobotsForResponse(404, body, "domex").Allows("/x"),
             "404 disallowed");
  FUZZ_CHECK(!crawler::RobotsForResponse(503, body, "domex").Allows("/x"),
             "503 allowed");
  return 0;
}
