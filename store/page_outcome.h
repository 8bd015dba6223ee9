// What a crawl's page records say about each URL: checked, missing (404 or
// 410), skipped by robots.txt, or not checked and why. One rule for the
// crawl engine and the reports, so that an address is "gone" only when a
// page checked in that crawl no longer shows it, and "not checked" never
// reads as "no addresses". Pure; thread-safe.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "store/records.h"

namespace domex::store {

enum class Outcome {
  kChecked,        // examined: what it shows is what is there
  kMissing,        // 404/410: checked, and nothing is there
  kNotChecked,     // what is there is unknown: earlier findings stand
  kSkippedRobots,  // robots.txt disallows it, and nothing was known there
};

struct PageOutcome {
  Outcome outcome = Outcome::kNotChecked;
  std::string reason;  // kNotChecked and kMissing: "HTTP 500", "HTTP 404"...
};

// The record of `url` from the same crawl generation as the record asked
// about, or nullptr (not recorded in that crawl, or not at all).
using PageLookup = std::function<const PageRecord*(const std::string& url)>;

// The outcome of `page`:
// - fetched: checked; 404/410: missing; failed: not checked, its error;
// - skipped by robots.txt: not checked when it holds what an earlier crawl
//   saw there (a harvester ignores robots.txt, so that may still be read),
//   else skipped;
// - a redirect: checked when its chain ends, through records of the same
//   generation, at a page checked or missing (the URL now shows that page)
//   or at a URL out of scope (the content has left the site, which domex
//   never crawls: a harvester of this site no longer finds it here).
//   Otherwise it is what the end of its chain is ("redirect to X: HTTP
//   500", a loop, too many hops, disallowed by robots.txt), and "not
//   reached" when a hop has no record of that generation yet.
PageOutcome OutcomeOf(const PageRecord& page, const PageLookup& lookup);

// The sites a crawl did not check, each with why: those whose start URL
// (one of `start_urls`, with its record looked up in that crawl) did not
// answer 2xx/3xx (a redirect counts as its chain's end). Whatever else such
// a site answered, its addresses cannot be gone: a server that fails its
// own start page, or answers 404 there, is not a site that said what is on
// it. A start URL not recorded yet (an interrupted crawl) counts as
// nothing. Maps site key -> "site not checked: start page <url>: <reason>".
std::map<std::string, std::string> SitesNotChecked(
    const std::vector<std::string>& start_urls, const PageLookup& lookup);

// The outcome of `page` in a crawl that did not check `site_reason`'s site
// (see SitesNotChecked): a page missing there is not checked, with that
// reason before its own. Otherwise OutcomeOf.
PageOutcome OutcomeInSite(const PageRecord& page, const PageLookup& lookup,
                          const std::map<std::string, std::string>& unchecked);

// "HTTP 503" or the recorded error of a page that was not checked.
std::string FailureReason(const PageRecord& page);

}  // namespace domex::store
