// The exposure report of a crawl: what a harvester can collect from each
// site, and which pages could not be checked. Building and rendering are pure
// functions: records in, bytes out. Thread-safe.
#pragma once

#include <string>
#include <vector>

#include "reports/json.h"
#include "store/records.h"

namespace domex::reports {

// "any-crawler" when any form is readable without running JavaScript;
// "js-capable" when every form needs a script to be run.
std::string HarvestableBy(const std::vector<std::string>& forms);

// Where an address was seen within one site.
struct SiteExposure {
  std::string site;
  std::vector<std::string> forms;  // sorted, unique
  std::vector<std::string> pages;  // sorted, unique
};

// One address across the whole crawl: reported once.
struct AddressExposure {
  std::string address;
  std::vector<std::string> forms;     // sorted, unique, over every page
  std::vector<std::string> pages;     // sorted, unique
  std::string harvestable_by;         // see HarvestableBy
  std::vector<SiteExposure> by_site;  // sorted by site
};

struct PageProblem {
  std::string url;
  std::string reason;  // "HTTP 500", "timeout", "disallowed by robots.txt"
};

struct CrawlReport {
  std::vector<std::string> sites;          // sorted
  std::vector<AddressExposure> addresses;  // sorted by address
  int fetched = 0;         // pages examined (including 304 revalidations)
  int failed = 0;          // not checked
  int skipped_robots = 0;  // not requested because of robots.txt
  std::vector<PageProblem> failed_pages;    // sorted by URL
  std::vector<std::string> robots_skipped;  // sorted
  std::vector<std::string> external_links;  // out-of-scope, sorted, unique
  bool ignored_robots = false;  // the crawl ran with --ignore-robots
  bool finished = true;         // false while a crawl is interrupted
  bool limit_reached = false;   // limits left some URLs out
};

// Builds the report from the pages of the latest crawl generation (and,
// while it is unfinished, the pages of the previous finished one it has not
// revisited yet); older pages are ignored. Redirect records count as nothing.
CrawlReport BuildCrawlReport(const std::vector<store::PageRecord>& pages,
                             const store::CrawlState& state);

// Terminal text: site -> address -> forms -> pages (count and the first
// few), with the harvestability label; an address seen on two sites is
// listed under both. Then failed and robots-skipped pages.
std::string RenderCrawlText(const CrawlReport& report);

// The JSON contract:
// {"addresses":[{"address":"a@b.in","forms":["mailto","text"],
//   "pages":["http://..."],"harvestable_by":"any-crawler",
//   "sites":["b.in"]}],
//  "pages":{"fetched":N,"failed":N,"skipped_robots":N},
//  "failed_pages":[{"url":..,"reason":..}],"robots_skipped":[..],
//  "external_links":[..],"ignored_robots":false,"finished":true,
//  "limit_reached":false}
std::string RenderCrawlJson(const CrawlReport& report);
// The same fields, into an object the caller has begun (for reports that
// combine the crawl with other parts).
void WriteCrawlFields(const CrawlReport& report, JsonWriter& w);

}  // namespace domex::reports
