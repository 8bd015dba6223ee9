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
  std::vector<std::string> forms;              // sorted, unique
  std::vector<std::string> pages;              // sorted, unique
  std::vector<std::string> not_checked_pages;  // see AddressExposure
};

// One address across the whole crawl: reported once. An address an earlier
// crawl saw on a page this crawl did not check (the page failed, robots.txt
// now disallows it, a limit left it out, it redirects to a page that was
// not checked, or the crawl was interrupted before reaching it) stays in
// the report: it may still be there. Only a page checked this time (or
// one that answered 404 or 410) can show it is not.
struct AddressExposure {
  std::string address;
  std::vector<std::string> forms;  // sorted, unique, over every page
  // Pages checked this time that show it, sorted, unique.
  std::vector<std::string> pages;
  // Pages not checked this time where an earlier crawl saw it, sorted.
  std::vector<std::string> not_checked_pages;
  std::string harvestable_by;         // see HarvestableBy
  std::vector<SiteExposure> by_site;  // sorted by site
  // Seen on a page checked this time (false: known only from pages that
  // were not checked, so neither seen nor gone).
  bool seen() const { return !pages.empty(); }
};

struct PageProblem {
  std::string url;
  std::string reason;  // "HTTP 500", "timeout", "disallowed by robots.txt"
};

struct CrawlReport {
  std::vector<std::string> sites;          // sorted
  std::vector<AddressExposure> addresses;  // sorted by address
  int fetched = 0;  // pages examined (including 304 revalidations)
  int failed = 0;   // not checked (failed_pages)
  int missing = 0;  // answered 404 or 410 (missing_pages)
  // Not requested because of robots.txt, and nothing known there (one
  // that holds an earlier crawl's addresses is not checked: failed).
  int skipped_robots = 0;
  // Pages of the last finished crawl this one has not revisited (yet):
  // counted while it is interrupted, or when limits left URLs out. Not
  // checked this time either; not listed one by one.
  int not_reached = 0;
  // Not checked this time, with why; sorted by URL. Also the redirects
  // whose target was not checked (see store::OutcomeOf).
  std::vector<PageProblem> failed_pages;
  // Linked but missing: answered 404 or 410 (the reason), so what an
  // earlier crawl saw there is gone; sorted by URL.
  std::vector<PageProblem> missing_pages;
  // Sites whose start URL did not answer 2xx/3xx (store::SitesNotChecked):
  // the site (its key) and why. None of their addresses can be gone.
  std::vector<PageProblem> sites_not_checked;  // sorted by site
  std::vector<std::string> robots_skipped;     // sorted
  std::vector<std::string> external_links;     // out-of-scope, sorted, unique
  bool ignored_robots = false;  // the crawl ran with --ignore-robots
  bool finished = true;         // false while a crawl is interrupted
  bool limit_reached = false;   // limits left some URLs out
  // What they left out, by site, limit and URL pattern; most first.
  std::vector<store::LeftOutTally> left_out;
};

// "40 URLs like school.in/news/0/notice-0.html (e.g.
// https://school.in/news/7/notice-7.html) left out by the crawler-trap cap
// (max_per_pattern 10): raise max_per_pattern". Not escaped.
std::string LeftOutSentence(const store::LeftOutTally& tally);

// Builds the report from the pages of the latest crawl generation (and,
// while it is unfinished or when limits left URLs out, the pages of the
// previous finished one it has not revisited, as "not reached"); older
// pages are ignored. Each page counts as store::OutcomeOf says: addresses
// on pages not checked (and not reached) are kept as on pages not checked;
// a missing page (404/410) shows none; a redirect counts as a page only
// when it is not checked (it then holds the addresses an earlier crawl saw
// at its URL).
CrawlReport BuildCrawlReport(const std::vector<store::PageRecord>& pages,
                             const store::CrawlState& state);

// Terminal text: site -> address -> forms -> pages (count and the first
// few), with the harvestability label; an address seen on two sites is
// listed under both. Then failed and robots-skipped pages.
std::string RenderCrawlText(const CrawlReport& report);

// The JSON contract:
// {"addresses":[{"address":"a@b.in","forms":["mailto","text"],
//   "pages":["http://..."],"harvestable_by":"any-crawler",
//   "sites":["b.in"],"not_checked_pages":["http://..."],
//   "seen_on_checked_page":true}],
//  "pages":{"fetched":N,"failed":N,"missing":N,"skipped_robots":N,
//   "not_reached":N},
//  "failed_pages":[{"url":..,"reason":..}],
//  "missing_pages":[{"url":..,"reason":"HTTP 404"}],
//  "sites_not_checked":[{"url":"b.in","reason":..}],"robots_skipped":[..],
//  "external_links":[..],"ignored_robots":false,"finished":true,
//  "limit_reached":false,"left_out":[{"site":..,"limit":"trap",
//   "limit_value":2000,"pattern":..,"example":..,"count":N}]}
std::string RenderCrawlJson(const CrawlReport& report);
// A list of pages with reasons: [{"url":..,"reason":..}].
void WriteProblems(const std::vector<PageProblem>& problems, JsonWriter& w);
// RenderCrawlJson's "left_out" array.
void WriteLeftOut(const std::vector<store::LeftOutTally>& left_out,
                  JsonWriter& w);
// The same fields, into an object the caller has begun (for reports that
// combine the crawl with other parts).
void WriteCrawlFields(const CrawlReport& report, JsonWriter& w);

}  // namespace domex::reports
