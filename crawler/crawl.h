// The crawl engine: visits the sites of the start URLs politely, extracts
// every exposed address and writes each page's outcome to the store as it
// goes, so a crawl killed at any moment resumes where it stopped.
//
// One event loop on the calling thread drives the Fetcher; everything
// between fetches is pure code (url, robots, sitemap, extraction). The
// frontier lives in the store: rerunning the same start URLs after an
// interruption resumes; rerunning after a finished crawl starts a new
// generation that revalidates known pages with conditional requests and
// reuses their stored links and findings on 304. Not thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/status.h"
#include "crawler/fetcher.h"
#include "store/store.h"

namespace domex::crawler {

inline constexpr char kDefaultUserAgent[] =
    "domex/0.1 (address-exposure audit; +https://github.com/domex-audit/domex)";

struct CrawlOptions {
  int concurrency = 2;         // requests in flight per host
  int delay_ms = 250;          // minimum gap between requests to a host
  int max_pages = 20000;       // pages visited per site
  int max_depth = 100;         // link hops from a start URL
  size_t max_body_bytes = 10u << 20;
  long timeout_ms = 30000;     // per request
  int64_t max_time_s = 6 * 3600;  // whole crawl; 0 = no limit
  bool ignore_robots = false;  // audit your own site as a harvester would
  std::string user_agent = kDefaultUserAgent;
  int max_redirects = 5;       // hops followed from one link
  int max_per_pattern = 2000;  // URLs sharing a PathPattern (trap cap)
  int max_retries = 4;         // after 429/503 or a network error
  std::string ca_file;         // extra CA bundle (PEM); "" = system store
};

struct CrawlProgress {
  int pages_done = 0;    // recorded in this run
  int pages_queued = 0;  // waiting in the frontier
  int in_flight = 0;
  int failed = 0;
  // Distinct addresses on the pages recorded in this run, counted up to
  // kMaxCountedAddresses (a hostile site cannot grow the set past it).
  int addresses = 0;
  static constexpr int kMaxCountedAddresses = 100000;
};

struct CrawlSummary {
  uint64_t generation = 0;
  bool resumed = false;    // continued an interrupted crawl
  bool finished = false;   // false: stopped by --max-time or a signal
  bool limit_reached = false;  // --max-pages or the trap cap dropped URLs
  int pages_fetched = 0;       // in this run, including 304s
  int pages_not_modified = 0;  // 304 answers to conditional requests
  int pages_failed = 0;
  int pages_missing = 0;  // answered 404 or 410
  int pages_skipped_robots = 0;
  // Pages of this crawl (all its runs, resumed or not) not checked, as the
  // report counts them (store::OutcomeOf).
  int crawl_pages_failed = 0;
};

class Crawler {
 public:
  // `fetcher` and `store` are borrowed and must outlive the Crawler.
  Crawler(Fetcher* fetcher, store::Store* store, CrawlOptions options);
  ~Crawler();
  Crawler(const Crawler&) = delete;
  Crawler& operator=(const Crawler&) = delete;

  // Called at most every 250 ms while the crawl runs.
  void set_progress(std::function<void(const CrawlProgress&)> fn);
  // When *flag becomes true the crawl stops at the next event; what was
  // recorded stays, and the same command resumes it.
  void set_stop_flag(const std::atomic<bool>* flag);

  // Crawls from `start_urls` (absolute http/https URLs). Fails with
  // kInvalidArgument naming a bad URL, or with the store's error.
  Result<CrawlSummary> Run(const std::vector<std::string>& start_urls);

 private:
  class Run_;
  Fetcher* fetcher_;
  store::Store* store_;
  CrawlOptions options_;
  std::function<void(const CrawlProgress&)> progress_;
  const std::atomic<bool>* stop_flag_ = nullptr;
};

// The robots.txt product token of a User-Agent: "domex/0.1 (...)" -> "domex".
std::string ProductToken(std::string_view user_agent);

}  // namespace domex::crawler
