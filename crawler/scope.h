// Crawl scope: which hosts a crawl may fetch.
//
// By default a start URL admits its registrable domain (Public Suffix List)
// and every subdomain of it: starting at https://www.school.in/ admits
// school.in, www.school.in and staff.school.in, but not school.in.evil.com.
// A start URL whose host has no registrable domain (an IP, "localhost") admits
// exactly that host, and "*.localhost" hosts admit their "x.localhost" parent
// domain so loopback fixtures behave like real sites. Thread-compatible.
#pragma once

#include <string>
#include <vector>

#include "crawler/url.h"

namespace domex::crawler {

class Scope {
 public:
  // Admits the site that `start` belongs to.
  void AddSite(const Url& start);
  // The site key of `url` (its admitted domain), or "" when out of scope.
  std::string SiteOf(const Url& url) const;
  bool Contains(const Url& url) const { return !SiteOf(url).empty(); }
  const std::vector<std::string>& sites() const { return sites_; }

  // The site key a start URL would be admitted under.
  static std::string SiteKeyFor(const Url& start);

 private:
  std::vector<std::string> sites_;  // lowercase domains
};

}  // namespace domex::crawler
