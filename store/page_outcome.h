// What a crawl's page records say about each URL: checked, missing (404 or
// 410), skipped by robots.txt, or not checked and why. One rule for the
// crawl engine and the reports, so that an address is "gone" only when a
// page checked in that crawl no longer shows it, and "not checked" never
// reads as "no addresses". Pure; thread-safe.
#pragma once

#include <functional>
#include <string>

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

// "HTTP 503" or the recorded error of a page that was not checked.
std::string FailureReason(const PageRecord& page);

}  // namespace domex::store
