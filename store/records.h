// The values domex keeps: pages with their findings, the crawl frontier,
// the crawl's own state and what DNS said about lookalike domains. Plain
// structs with no behaviour; encoding.h turns them into bytes. Only standard
// types, so every component can use them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace domex::store {

// One address seen on one page, with the names of the forms it was seen in
// there ("mailto", "text", ...: the JSON vocabulary), sorted.
struct FoundAddress {
  std::string address;
  std::vector<std::string> forms;
  bool operator==(const FoundAddress& o) const {
    return address == o.address && forms == o.forms;
  }
};

enum class PageStatus : uint8_t {
  kFetched = 1,  // fetched (or revalidated by a 304) and examined
  // Network error, HTTP error, too large, left out by a limit: not checked.
  // Keeps what an earlier visit found there.
  kFailed = 2,
  // robots.txt disallows it: not requested, and so not checked (it keeps
  // what an earlier visit found there, which a harvester still reads).
  kSkippedRobots = 3,
  // Answered with a redirect; the target is a page too. Keeps the
  // addresses an earlier visit saw there: they are not checked until the
  // target is (reports decide, see reports/crawl_report.h).
  kRedirect = 4,
  // Answered 404 or 410: the server's own word that the page is not there
  // (store format 2). Checked, and nothing is on it, and a report lists it
  // as a broken link; unless its site's start page did not answer
  // (store::SitesNotChecked): then it is not checked, and the earlier
  // findings it carries until the crawl ends (kept only then) stand.
  kMissing = 5,
};

// What the last visit to a URL found. Written together with its findings
// and the frontier changes in one atomic batch.
struct PageRecord {
  std::string url;          // normalised absolute URL (the key)
  std::string site;         // scope site key ("school.in") the page belongs to
  uint64_t generation = 0;  // the crawl generation that last visited it
  PageStatus status = PageStatus::kFailed;
  int http_status = 0;        // 0 when no HTTP answer was had
  bool not_modified = false;  // the last visit was answered 304
  std::string error;          // why it failed ("timeout", "HTTP 500", ...)
  std::string content_type;
  std::string etag;
  std::string last_modified;
  int64_t fetched_at = 0;                   // unix seconds of the last visit
  int depth = 0;                            // link hops from a start URL
  std::vector<std::string> links;           // in-scope, normalised
  std::vector<std::string> external_links;  // out of scope: never fetched
  std::string redirect_to;                  // for kRedirect
  std::vector<FoundAddress> addresses;
};

// A URL waiting to be visited.
struct FrontierEntry {
  enum class Kind : uint8_t { kPage = 1, kSitemap = 2 };
  uint64_t seq = 0;  // assigned by the store; the order of discovery
  std::string url;   // normalised absolute URL
  std::string site;
  Kind kind = Kind::kPage;
  int depth = 0;
  int redirects = 0;  // redirect hops that led here
};

// What the sitemaps of one site have used of their budgets in one crawl
// generation. Stored with each sitemap visit, in the same batch, so a
// resumed crawl goes on counting: a sitemap trap gets no fresh budget at
// each resume.
struct SitemapUsage {
  std::string site;
  uint64_t generation = 0;
  int files = 0;      // sitemap files visited (fetched, or dropped by a cap)
  int64_t bytes = 0;  // their bytes after gunzip
  int urls = 0;       // page URLs taken from them
  bool operator==(const SitemapUsage& o) const {
    return site == o.site && generation == o.generation && files == o.files &&
           bytes == o.bytes && urls == o.urls;
  }
};

// URLs a crawl's limits left out, counted by site, limit and URL pattern
// (crawler::PathPattern: digit runs as "0", query values dropped), so the
// report can say "1,000 URLs like school.in/news/0/notice-0.html left out
// by the crawler-trap cap".
struct LeftOutTally {
  std::string site;     // the site key
  std::string limit;    // "max-pages", "max-depth", "trap", "queue"
  int limit_value = 0;  // the limit as it was set
  std::string pattern;  // crawler::PathPattern of the URLs
  std::string example;  // one of them
  int count = 0;        // distinct URLs (each counted once per run)
  bool operator==(const LeftOutTally& o) const {
    return site == o.site && limit == o.limit && limit_value == o.limit_value &&
           pattern == o.pattern && example == o.example && count == o.count;
  }
};

// The state of the latest crawl in a store: what it was started with and
// whether it finished. A run started with the same start URLs while
// `finished` is false resumes it.
struct CrawlState {
  uint64_t generation = 0;
  std::vector<std::string> start_urls;  // normalised, sorted
  bool finished = false;
  bool ignore_robots = false;
  // Some URLs were left out by --max-pages, --max-depth or the trap cap.
  bool limit_reached = false;
  // The last finished generation before this one (0: none). While this
  // crawl is unfinished, its pages not yet revisited still describe the site.
  uint64_t previous_generation = 0;
  int64_t started_at = 0;
  int64_t finished_at = 0;
  // What limits left out, largest counts first, at most kMaxLeftOutTallies
  // (store format 3; none before).
  std::vector<LeftOutTally> left_out;
  static constexpr size_t kMaxLeftOutTallies = 50;
};

// What DNS said about one lookalike of one of the user's domains the last
// time it was checked, and when it was seen to exist. Keyed by (origin,
// domain): checking again replaces the record, keeping first_seen.
struct LookalikeRecord {
  std::string origin;   // the user's registrable domain: "army.mil"
  std::string domain;   // the lookalike, ASCII (punycode for IDNs)
  std::string unicode;  // its Unicode form when it is an IDN, else ""
  std::vector<std::string> fuzzers;  // sorted
  // The JSON vocabulary: "registered", "unregistered", "unknown",
  // "wildcard"; mail "mx", "null-mx", "implicit", "none", "unknown".
  std::string verdict;
  std::string mail;
  std::vector<std::string> a, aaaa, mx, ns;  // as DnsChecker gives them
  int64_t checked_at = 0;                    // unix seconds of the last check
  // Unix seconds of the first and last checks that found the name existing
  // (registered or wildcard); 0 when never. An "unknown" check leaves both.
  int64_t first_seen = 0;
  int64_t last_seen = 0;
  // Of a run's report only, never stored: "stopped" when the run was
  // stopped (signal, time limit) before asking about this candidate. The
  // rest of the record is then its last stored check, if any (verdict
  // "unknown" when there is none): not a verdict of this run.
  std::string not_checked;

  bool operator==(const LookalikeRecord& o) const {
    return origin == o.origin && domain == o.domain && unicode == o.unicode &&
           fuzzers == o.fuzzers && verdict == o.verdict && mail == o.mail &&
           a == o.a && aaaa == o.aaaa && mx == o.mx && ns == o.ns &&
           checked_at == o.checked_at && first_seen == o.first_seen &&
           last_seen == o.last_seen && not_checked == o.not_checked;
  }
};

// An institution as a scan's configuration named it.
struct InstitutionRecord {
  std::string name;
  std::vector<std::string> sites;    // start URLs
  std::vector<std::string> domains;  // checked for lookalikes
  bool operator==(const InstitutionRecord& o) const {
    return name == o.name && sites == o.sites && domains == o.domains;
  }
};

// What one scan saw of one address of one institution.
struct AddressSighting {
  std::string institution;
  std::string address;
  std::vector<std::string> forms;  // sorted, unique
  std::vector<std::string> pages;  // sorted, unique
  std::vector<std::string> sites;  // site keys it was seen on, sorted
  // Every page it was known on failed this time: it was not seen, but it
  // cannot be called gone either (the pages keep their earlier findings).
  bool unchecked = false;
  bool operator==(const AddressSighting& o) const {
    return institution == o.institution && address == o.address &&
           forms == o.forms && pages == o.pages && sites == o.sites &&
           unchecked == o.unchecked;
  }
};

// What one scan saw of one lookalike of one institution's domain. Scans
// keep the lookalikes that exist or could not be checked; an unregistered
// one is recorded by its absence.
struct LookalikeSighting {
  std::string institution;
  LookalikeRecord lookalike;
  bool operator==(const LookalikeSighting& o) const {
    return institution == o.institution && lookalike == o.lookalike;
  }
};

// One `domex scan` run: when, with which configuration, what it found and
// what went wrong. Saved when the scan starts (finished = false) and again
// when it ends, so an interrupted scan is still listed. `finished` means
// complete: a scan stopped by a signal or whose crawl hit its time limit
// stays unfinished, and reports never compare against it.
// Something a scan's config says is known and accepted: a lookalike we
// registered ourselves, an address published on purpose, a page known to
// be broken. While it stands it is not news; once it expires it is news
// again.
struct Acknowledgement {
  std::string kind;     // "lookalike", "address" or "page"
  std::string value;    // the domain (ASCII), address (lowercase) or URL
  std::string reason;   // why, as the config says
  std::string expires;  // "YYYY-MM-DD" (through that day, UTC); "" never
  bool operator==(const Acknowledgement& o) const {
    return kind == o.kind && value == o.value && reason == o.reason &&
           expires == o.expires;
  }
};

struct ScanRecord {
  uint64_t id = 0;          // 1, 2, ...: assigned by the store, in start order
  int64_t started_at = 0;   // unix seconds
  int64_t finished_at = 0;  // 0 while running or when interrupted
  bool finished = false;
  std::string config_path;
  std::string config_digest;      // of the configuration file's bytes
  uint64_t crawl_generation = 0;  // the crawl this scan ran (0: none)
  std::vector<InstitutionRecord> institution_list;  // as configured
  // The domains whose lookalikes this scan checked: a lookalike of another
  // domain that it did not see is not gone, just not looked at.
  std::vector<std::string> checked_origins;  // sorted
  int institutions = 0;
  int sites = 0;
  int pages_checked = 0;
  int pages_failed = 0;  // not checked
  int addresses = 0;
  int lookalikes = 0;             // candidates checked
  int lookalikes_registered = 0;  // registered or wildcard
  int lookalikes_unknown = 0;
  std::vector<std::string> errors;  // one line each: what failed
  // As the scan's config listed them (store format 3; none before).
  std::vector<Acknowledgement> acknowledgements;

  bool operator==(const ScanRecord& o) const {
    return id == o.id && started_at == o.started_at &&
           finished_at == o.finished_at && finished == o.finished &&
           config_path == o.config_path && config_digest == o.config_digest &&
           crawl_generation == o.crawl_generation &&
           institution_list == o.institution_list &&
           checked_origins == o.checked_origins &&
           institutions == o.institutions && sites == o.sites &&
           pages_checked == o.pages_checked && pages_failed == o.pages_failed &&
           addresses == o.addresses && lookalikes == o.lookalikes &&
           lookalikes_registered == o.lookalikes_registered &&
           lookalikes_unknown == o.lookalikes_unknown && errors == o.errors &&
           acknowledgements == o.acknowledgements;
  }
};

}  // namespace domex::store
