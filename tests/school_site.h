// The fixture school site (tests/fixtures/school) served by a real nginx on
// loopback: www.school.localhost (the default server) and
// staff.school.localhost, plus a redirect, a 429 limiter with Retry-After and
// an endless calendar trap. Shared by the crawl integration tests and the
// CLI end-to-end tests.
#pragma once

#include <memory>
#include <string>

#include "tests/nginx_server.h"
#include "tests/testing.h"

namespace domex::testing {

class SchoolSite {
 public:
  // Starts nginx and writes the site (port filled in, sitemaps gzipped).
  // Returns nullptr when nginx cannot be started.
  static std::unique_ptr<SchoolSite> Start();

  NginxServer& nginx() { return *nginx_; }
  // http://www.school.localhost:<port><path>
  std::string WwwUrl(const std::string& path) const;
  // Where the www vhost's files are (tests may change the site).
  std::string WwwDir() const { return dir_.Sub("site/www"); }
  // Requests whose target equals `target`.
  int CountTarget(const std::string& target) const;

 private:
  TempDir dir_;
  std::unique_ptr<NginxServer> nginx_;
};

}  // namespace domex::testing
