#include "crawler/crawl.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <deque>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "common/text.h"
#include "crawler/address.h"
#include "crawler/charset.h"
#include "crawler/host_health.h"
#include "crawler/html_extract.h"
#include "crawler/isolate.h"
#include "crawler/page_kind.h"
#include "crawler/pdf_text.h"
#include "crawler/politeness.h"
#include "crawler/robots.h"
#include "crawler/scope.h"
#include "crawler/sitemap.h"
#include "crawler/url.h"
#include "store/page_outcome.h"

namespace domex::crawler {

using store::FrontierEntry;
using store::PageRecord;
using store::PageStatus;

std::string ProductToken(std::string_view user_agent) {
  user_agent = Trim(user_agent);
  size_t end = user_agent.find_first_of("/ (");
  return AsciiLower(user_agent.substr(0, end));
}

namespace {

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

int64_t UnixSeconds() { return static_cast<int64_t>(std::time(nullptr)); }

bool IsRedirect(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 ||
         status == 308;
}

bool IsOverloaded(int status) { return status == 429 || status == 503; }

// RFC 9110 §15.5.5 (404 Not Found) and §15.5.11 (410 Gone): the server's
// own word that nothing is at the URL. Other 4xx (401, 403...) refuse us
// what may still be there.
bool IsMissing(int status) { return status == 404 || status == 410; }

// A record of what a page showed (fetched, or kept through a failure):
// its validators make a request conditional, and a 304 revalidates it.
// Redirects and missing pages show nothing of their own.
bool HoldsContent(const PageRecord& page) {
  return page.status == PageStatus::kFetched ||
         page.status == PageStatus::kFailed ||
         page.status == PageStatus::kSkippedRobots;
}

// Sitemap indexes may nest (the protocol says they must not): a root
// index, its child indexes and their sitemaps. Deeper is a trap, not a site.
constexpr int kMaxSitemapNesting = 2;
// Robots.txt redirects followed (RFC 9309 §2.3.1.2 asks for at least 5).
constexpr int kMaxRobotsRedirects = 5;
// Transfers in flight over all hosts, whatever the per-host limit.
constexpr size_t kMaxInFlightTotal = 256;
// Links taken from one page; a page with more is a link farm or a trap.
constexpr size_t kMaxLinksPerPage = 5000;
// Per site and crawl, counted across resumes: sitemap files queued (an
// index may list 50,000 more), and their bytes after gunzip. Page URLs
// taken from sitemaps are capped by --max-pages. A trap of nested indexes,
// each listing 50,000 new ones, is then a bounded amount of work.
constexpr int kMaxSitemapsPerSite = 200;
constexpr int64_t kSitemapBytesPerSite = int64_t{64} << 20;
// One sitemap file after gunzip: the protocol's own limit (50 MB).
constexpr size_t kMaxSitemapBytes = 50u << 20;
// Page URLs queued per site, as a multiple of --max-pages: bounds the
// frontier (disk and memory) when a site links far more pages than we visit.
constexpr int kQueuedPerPageLimit = 2;

std::vector<store::FoundAddress> ToFound(const std::vector<Finding>& in) {
  std::vector<store::FoundAddress> out;
  out.reserve(in.size());
  for (const Finding& f : in) out.push_back({f.address, FormNames(f.forms)});
  return out;
}

}  // namespace

// One call of Crawler::Run: the crawl's in-memory state.
class Crawler::Run_ {
 public:
  Run_(Crawler* owner)
      : o_(owner->options_),
        fetcher_(owner->fetcher_),
        store_(owner->store_),
        progress_(owner->progress_),
        stop_flag_(owner->stop_flag_),
        schedule_({owner->options_.concurrency, owner->options_.delay_ms}),
        token_(ProductToken(owner->options_.user_agent)),
        rng_(std::random_device{}()) {}

  Result<CrawlSummary> Execute(const std::vector<std::string>& start_urls);

 private:
  struct Pending {
    FrontierEntry entry;
    int attempts = 0;  // retries after 429/503 or a network error
  };
  enum class RobotsState { kUnknown, kFetching, kReady };
  struct Host {
    std::string name;  // politeness is per host name, whatever the scheme
    RobotsState robots_state = RobotsState::kUnknown;
    int robots_attempts = 0;  // robots.txt answered 429/503
    RobotsRules robots;
    // Set when robots.txt was unavailable (5xx, unreachable): the host's
    // pages are then not checked, with this as the reason.
    std::string robots_error;
    // Its pages' failures in a row: once it is given up, its queued pages
    // are recorded not checked without a request.
    HostHealth health;
    std::deque<Pending> queue;
  };
  // A page URL a limit kept out of the frontier, and which limit.
  struct LeftOut {
    FrontierEntry entry;
    std::string why;
  };

  Status Prepare(const std::vector<std::string>& start_urls);
  Status StartNewGeneration(const std::vector<Url>& starts,
                            const std::vector<std::string>& keys,
                            const std::optional<store::CrawlState>& prev);
  void Count(const FrontierEntry& entry, const Url& url);
  Result<std::vector<FrontierEntry>> KnownAddressPages() const;
  Status Resume();
  Status Enqueue(const std::vector<FrontierEntry>& entries);
  void Route(const FrontierEntry& entry, const Url& url);
  void Routed(const std::vector<FrontierEntry>& added);

  void Loop();
  bool ShouldStop();
  void Dispatch(int64_t now);
  void DispatchHost(const std::string& origin, Host& host, int64_t now);
  int WaitMs(int64_t now) const;
  void ReportProgress(bool force);

  FetchRequest Request(const std::string& url) const;
  void FetchRobots(const std::string& origin, const std::string& url, int hops);
  void OnRobots(const std::string& origin, int hops, FetchResponse r);
  void RobotsReady(const std::string& origin, Host& host);

  bool Settled(const Host& host, const Pending& p);
  void RecordHealth(const std::string& origin, const FetchResponse& r);
  void RecordLeftOut();
  static bool Resolved(const PageRecord& page, store::Outcome outcome);
  Status Tally();
  bool OverLimit(const Pending& p);
  Status SaveState();
  void MarkLimitReached();
  void TallyLeftOut(const FrontierEntry& e, const char* limit, int value);
  void FetchPage(const std::string& origin, Pending p);
  void OnPage(const std::string& origin, Pending p,
              std::optional<PageRecord> previous, bool conditional,
              FetchResponse r);
  void Revalidated(const PageRecord& previous, const FrontierEntry& entry,
                   const FetchResponse& r, PageRecord* rec,
                   std::vector<FrontierEntry>* discovered);
  void Redirected(const Url& url, const FrontierEntry& entry,
                  const FetchResponse& r, PageRecord* rec,
                  std::vector<FrontierEntry>* discovered);
  bool RedirectsBackTo(const std::string& url, std::string target);
  bool MaybeRetry(const std::string& origin, Pending& p,
                  const FetchResponse& r);
  void Examine(const Url& url, const FetchResponse& r, PageRecord* rec,
               std::vector<FrontierEntry>* discovered);
  void AddLinks(const Url& base, const std::vector<std::string>& hrefs,
                const FrontierEntry& from, PageRecord* rec,
                std::vector<FrontierEntry>* discovered);
  struct SiteSitemaps;
  void OnSitemap(Pending p, FetchResponse r);
  void AddSitemapLocs(const FrontierEntry& from, const Sitemap& map,
                      SiteSitemaps& site,
                      std::vector<FrontierEntry>* discovered);
  void Commit(const PageRecord& rec, const FrontierEntry& visited,
              std::vector<FrontierEntry> discovered);
  void CommitSitemap(const FrontierEntry& visited,
                     std::vector<FrontierEntry> discovered);
  PageRecord NewRecord(const FrontierEntry& e) const;
  static void KeepEarlierFindings(const PageRecord& previous, PageRecord* rec);
  std::vector<FrontierEntry> KeptLinks(const PageRecord& previous,
                                       const FrontierEntry& from) const;
  void CarryOver(const PageRecord& previous, const FrontierEntry& entry,
                 PageRecord* rec, std::vector<FrontierEntry>* discovered) const;
  std::vector<FrontierEntry> Admit(std::vector<FrontierEntry> entries,
                                   bool known_pages = false);

  const CrawlOptions& o_;
  Fetcher* fetcher_;
  store::Store* store_;
  std::function<void(const CrawlProgress&)> progress_;
  const std::atomic<bool>* stop_flag_;
  HostSchedule schedule_;
  const std::string token_;
  std::mt19937_64 rng_;

  Scope scope_;
  uint64_t generation_ = 0;
  store::CrawlState state_;
  std::map<std::string, Host> hosts_;  // by origin
  std::unordered_map<std::string, int> pattern_counts_;
  std::unordered_map<std::string, int> site_pages_;   // pages started
  std::unordered_map<std::string, int> site_queued_;  // pages enqueued
  // A site's sitemaps: entries queued in this crawl (visited ones too),
  // and what they used of their budgets (stored with each visit).
  struct SiteSitemaps {
    int queued = 0;
    store::SitemapUsage usage;
  };
  std::unordered_map<std::string, SiteSitemaps> sitemaps_;
  size_t queued_ = 0;
  // Pages limits kept out since RecordLeftOut last ran.
  std::vector<LeftOut> left_out_;
  // URLs already counted in state_.left_out by this run (bounded).
  std::unordered_set<std::string> left_out_counted_;
  Status error_;  // first store error: ends the crawl
  CrawlSummary summary_;
  CrawlProgress progress_state_;
  std::unordered_set<std::string> progress_addresses_;  // for the count
  int64_t deadline_ms_ = 0;
  int64_t last_progress_ms_ = 0;
};

Crawler::Crawler(Fetcher* fetcher, store::Store* store, CrawlOptions options)
    : fetcher_(fetcher), store_(store), options_(std::move(options)) {}
Crawler::~Crawler() = default;

void Crawler::set_progress(std::function<void(const CrawlProgress&)> fn) {
  progress_ = std::move(fn);
}
void Crawler::set_stop_flag(const std::atomic<bool>* flag) {
  stop_flag_ = flag;
}

Result<CrawlSummary> Crawler::Run(const std::vector<std::string>& start_urls) {
  Run_ run(this);
  return run.Execute(start_urls);
}

Result<CrawlSummary> Crawler::Run_::Execute(
    const std::vector<std::string>& start_urls) {
  if (Status s = Prepare(start_urls); !s.ok()) return s;
  if (o_.max_time_s > 0) deadline_ms_ = NowMs() + o_.max_time_s * 1000;
  Loop();
  // Finished means nothing is left: no URL queued or left out unrecorded,
  // and no transfer in flight. Decided before the cancel below, which
  // empties the fetcher.
  summary_.finished =
      queued_ == 0 && fetcher_->InFlight() == 0 && left_out_.empty();
  // Transfers still in flight (a stop or the time limit) call back into
  // this run, which is about to end: drop them. Their frontier entries stay
  // in the store (only a commit removes one), so the rerun resumes them.
  fetcher_->CancelAll();
  if (!error_.ok()) return error_;
  if (Status s = Tally(); !s.ok()) return s;
  if (Status s = SaveState(); !s.ok()) return s;
  if (Status s = store_->Sync(); !s.ok()) return s;
  ReportProgress(true);
  return summary_;
}

// Records how the run ended: finished or not, and whether limits left URLs
// out (so the report can say so after any number of resumes).
// Limits dropped a URL: say so in the stored state at once, so the report
// knows even if this run is killed before it ends.
void Crawler::Run_::MarkLimitReached() {
  summary_.limit_reached = true;
  if (state_.limit_reached) return;
  state_.limit_reached = true;
  Status s = store_->SaveCrawlState(state_);
  if (!s.ok() && error_.ok()) error_ = s;
}

// Counts a URL that `limit` (set to `value`) left out, under its site and
// PathPattern, for the report's "N URLs like P left out by ..." lines. Each
// URL counts once per run while fewer than kMaxCounted were seen; past
// kMaxLeftOutTallies patterns, a new one counts under the first tally of
// its site and limit.
void Crawler::Run_::TallyLeftOut(const FrontierEntry& e, const char* limit,
                                 int value) {
  constexpr size_t kMaxCounted = 100000;
  if (left_out_counted_.size() >= kMaxCounted ||
      !left_out_counted_.insert(e.url).second) {
    return;
  }
  Result<Url> url = ParseUrl(e.url);
  const std::string pattern = url.ok() ? PathPattern(*url) : e.url;
  std::vector<store::LeftOutTally>& tallies = state_.left_out;
  store::LeftOutTally* same_limit = nullptr;
  for (store::LeftOutTally& t : tallies) {
    if (t.site != e.site || t.limit != limit) continue;
    if (t.pattern == pattern) {
      ++t.count;
      return;
    }
    if (same_limit == nullptr) same_limit = &t;
  }
  if (tallies.size() >= store::CrawlState::kMaxLeftOutTallies &&
      same_limit != nullptr) {
    ++same_limit->count;
    return;
  }
  if (tallies.size() >= store::CrawlState::kMaxLeftOutTallies) return;
  tallies.push_back({e.site, limit, value, pattern, e.url, 1});
}

// Counts the pages of this crawl (all its runs: the exit status) that were
// not checked, as the report will (store::OutcomeInSite). A redirect whose
// target was checked, or a page missing on a site that was checked, loses
// the findings an earlier crawl saw at its URL: they are gone from it, and
// must not come back as "not checked" if it fails in a later crawl.
// A redirect or a missing page carries the addresses an earlier crawl saw
// at its URL until its outcome is known (CarryOver): once it is checked, or
// missing on a site that was checked, they are gone from it.
bool Crawler::Run_::Resolved(const PageRecord& page, store::Outcome outcome) {
  if (page.addresses.empty()) return false;
  return (page.status == PageStatus::kRedirect &&
          outcome == store::Outcome::kChecked) ||
         (page.status == PageStatus::kMissing &&
          outcome == store::Outcome::kMissing);
}

Status Crawler::Run_::Tally() {
  std::unordered_map<std::string, std::optional<PageRecord>> looked_up;
  const store::PageLookup lookup =
      [&](const std::string& url) -> const PageRecord* {
    auto [it, added] = looked_up.try_emplace(url);
    if (added) {
      Result<std::optional<PageRecord>> page = store_->GetPage(url);
      if (page.ok()) it->second = std::move(*page);
    }
    return it->second ? &*it->second : nullptr;
  };
  // Start pages of this crawl only: one from an earlier crawl says nothing
  // of this one.
  const store::PageLookup this_crawl =
      [&](const std::string& url) -> const PageRecord* {
    const PageRecord* page = lookup(url);
    return page != nullptr && page->generation == generation_ ? page : nullptr;
  };
  const std::map<std::string, std::string> unchecked_sites =
      store::SitesNotChecked(state_.start_urls, this_crawl);
  std::vector<PageRecord> resolved;
  Status s = store_->ForEachPage([&](const PageRecord& page) {
    if (page.generation != generation_) return true;
    const store::Outcome outcome =
        store::OutcomeInSite(page, lookup, unchecked_sites).outcome;
    summary_.crawl_pages_failed += outcome == store::Outcome::kNotChecked;
    if (Resolved(page, outcome)) resolved.push_back(page);
    return true;
  });
  for (PageRecord& page : resolved) {
    if (!s.ok()) break;
    page.addresses.clear();
    // Its frontier entry went with its visit: there is none to remove.
    s = store_->CommitPage(page, FrontierEntry(), {}).status();
  }
  return s;
}

Status Crawler::Run_::SaveState() {
  state_.limit_reached = state_.limit_reached || summary_.limit_reached;
  std::stable_sort(
      state_.left_out.begin(), state_.left_out.end(),
      [](const store::LeftOutTally& a, const store::LeftOutTally& b) {
        return a.count > b.count;
      });
  if (summary_.finished) {
    state_.finished = true;
    state_.finished_at = UnixSeconds();
  }
  return store_->SaveCrawlState(state_);
}

// --- Setting up: a new generation or a resumed one -------------------------

Status Crawler::Run_::Prepare(const std::vector<std::string>& start_urls) {
  if (start_urls.empty()) {
    return Status::InvalidArgument("no start URL given");
  }
  std::vector<Url> starts;
  std::set<std::string> keys;
  for (const std::string& text : start_urls) {
    Result<Url> url = ParseUrl(text);
    if (!url.ok()) {
      return Status::InvalidArgument("bad start URL '" + text +
                                     "': " + url.status().message());
    }
    scope_.AddSite(*url);
    keys.insert(url->ToString());
    starts.push_back(std::move(url.value()));
  }
  std::vector<std::string> key_list(keys.begin(), keys.end());

  Result<std::optional<store::CrawlState>> prev = store_->LoadCrawlState();
  if (!prev.ok()) return prev.status();
  const std::optional<store::CrawlState>& p = *prev;
  if (p && !p->finished && p->start_urls == key_list &&
      p->ignore_robots == o_.ignore_robots) {
    state_ = *p;
    generation_ = p->generation;
    summary_.resumed = true;
    summary_.generation = generation_;
    return Resume();
  }
  generation_ = p ? p->generation + 1 : 1;
  summary_.generation = generation_;
  return StartNewGeneration(starts, key_list, p);
}

Status Crawler::Run_::StartNewGeneration(
    const std::vector<Url>& starts, const std::vector<std::string>& keys,
    const std::optional<store::CrawlState>& prev) {
  state_ = store::CrawlState();
  state_.generation = generation_;
  state_.start_urls = keys;
  state_.ignore_robots = o_.ignore_robots;
  state_.started_at = UnixSeconds();
  if (prev) {
    state_.previous_generation =
        prev->finished ? prev->generation : prev->previous_generation;
  }
  std::vector<FrontierEntry> entries;
  for (const Url& url : starts) {
    FrontierEntry e;
    e.url = url.ToString();
    e.site = scope_.SiteOf(url);
    e.kind = FrontierEntry::Kind::kPage;
    entries.push_back(std::move(e));
  }
  entries = Admit(std::move(entries));
  Result<std::vector<FrontierEntry>> known = KnownAddressPages();
  if (!known.ok()) return known.status();
  std::vector<FrontierEntry> seeds = Admit(std::move(*known), true);
  entries.insert(entries.end(), seeds.begin(), seeds.end());
  // One batch: the new state, the start URLs, the known pages, and the end
  // of whatever an abandoned crawl with other start URLs left queued.
  Result<std::vector<FrontierEntry>> added =
      store_->StartCrawl(state_, entries);
  if (!added.ok()) return added.status();
  Routed(*added);
  return Status::Ok();
}

// The in-scope pages an earlier crawl saw addresses on, as frontier entries
// at their recorded depth. A harvester that kept such a URL still reads it
// even when nothing links to it any more (or the start page now fails), so
// a new crawl checks it again: otherwise it would go unvisited, and its
// addresses would look gone without any page having said so.
Result<std::vector<FrontierEntry>> Crawler::Run_::KnownAddressPages() const {
  std::vector<FrontierEntry> out;
  Status s = store_->ForEachPage([&](const PageRecord& page) {
    if (page.addresses.empty()) return true;
    Result<Url> url = ParseUrl(page.url);
    if (!url.ok() || !scope_.Contains(*url)) return true;
    FrontierEntry e;
    e.url = page.url;
    e.site = scope_.SiteOf(*url);
    e.kind = FrontierEntry::Kind::kPage;
    e.depth = page.depth;
    out.push_back(std::move(e));
    return true;
  });
  if (!s.ok()) return s;
  return out;
}

Status Crawler::Run_::Resume() {
  // What this generation already visited counts towards --max-pages, the
  // queue bound and the trap cap, so a resume does not renew them.
  Status s = store_->ForEachPage([this](const PageRecord& page) {
    if (page.generation != generation_) return true;
    // As OverLimit counts during a run: requests that got an answer and
    // were not redirects (robots-skipped and limit-dropped pages were never
    // requested).
    if (page.status != PageStatus::kRedirect && page.http_status != 0) {
      ++site_pages_[page.site];
    }
    FrontierEntry visited;
    visited.url = page.url;
    visited.site = page.site;
    if (Result<Url> url = ParseUrl(page.url); url.ok()) Count(visited, *url);
    return true;
  });
  if (!s.ok()) return s;
  // What its sitemaps used, before the frontier's sitemaps are counted.
  Result<std::vector<store::SitemapUsage>> usage =
      store_->LoadSitemapUsage(generation_);
  if (!usage.ok()) return usage.status();
  for (const store::SitemapUsage& u : *usage) {
    sitemaps_[u.site] = {u.files, u};
  }
  Result<std::vector<FrontierEntry>> frontier = store_->LoadFrontier();
  if (!frontier.ok()) return frontier.status();
  Routed(*frontier);
  return Status::Ok();
}

Status Crawler::Run_::Enqueue(const std::vector<FrontierEntry>& entries) {
  Result<std::vector<FrontierEntry>> added =
      store_->Enqueue(generation_, Admit(entries));
  if (!added.ok()) return added.status();
  Routed(*added);
  return Status::Ok();
}

// Puts a stored frontier entry on its host's queue.
void Crawler::Run_::Route(const FrontierEntry& entry, const Url& url) {
  Host& host = hosts_[url.Origin()];
  if (host.name.empty()) host.name = url.host;
  host.queue.push_back(Pending{entry, 0});
  ++queued_;
}

// Counts a page URL against its pattern's trap cap and its site's queue,
// and a sitemap against its site's sitemap cap.
void Crawler::Run_::Count(const FrontierEntry& entry, const Url& url) {
  if (entry.kind == FrontierEntry::Kind::kSitemap) {
    ++sitemaps_[entry.site].queued;
    return;
  }
  ++pattern_counts_[PathPattern(url)];
  ++site_queued_[entry.site];
}

// Queues entries the store newly added, and counts them.
void Crawler::Run_::Routed(const std::vector<FrontierEntry>& added) {
  for (const FrontierEntry& e : added) {
    Result<Url> url = ParseUrl(e.url);
    if (!url.ok()) continue;  // cannot happen for entries we wrote
    Count(e, *url);
    Route(e, *url);
  }
}

// Filters discovered entries by depth, the per-site queue bounds (pages and
// sitemaps) and the per-pattern trap cap. Counts grow only with URLs the
// store actually adds (Routed), so a navigation link repeated on every page
// does not use up its pattern's quota. Pages left out go to left_out_.
// `known_pages` (the re-seeded pages with addresses) skip the page queue
// bound: that bounds what links can make us queue, and these are bounded
// by the store already; --max-pages still decides which are fetched.
std::vector<FrontierEntry> Crawler::Run_::Admit(
    std::vector<FrontierEntry> entries, bool known_pages) {
  std::vector<FrontierEntry> out;
  const int max_queued = o_.max_pages * kQueuedPerPageLimit;
  // Counts within this batch too, so one page with 5,000 calendar links
  // cannot overshoot the caps (a URL already seen may be counted here; near
  // a cap that errs towards dropping).
  std::unordered_map<std::string, int> batch_patterns, batch_sites,
      batch_sitemaps;
  for (FrontierEntry& e : entries) {
    if (e.kind == FrontierEntry::Kind::kSitemap) {
      if (sitemaps_[e.site].queued + batch_sitemaps[e.site] >=
          kMaxSitemapsPerSite) {
        MarkLimitReached();
        continue;
      }
      ++batch_sitemaps[e.site];
      out.push_back(std::move(e));
      continue;
    }
    Result<Url> url = ParseUrl(e.url);
    if (!url.ok()) continue;
    const std::string pattern = PathPattern(*url);
    auto known = pattern_counts_.find(pattern);
    int patterns = (known == pattern_counts_.end() ? 0 : known->second) +
                   batch_patterns[pattern];
    std::string why;
    if (e.depth > o_.max_depth) {
      why = "left out by --max-depth (" + std::to_string(o_.max_depth) + ")";
      TallyLeftOut(e, "max-depth", o_.max_depth);
    } else if (patterns >= o_.max_per_pattern) {
      why = "left out by the crawler-trap cap (--max-per-pattern " +
            std::to_string(o_.max_per_pattern) + ")";
      TallyLeftOut(e, "trap", o_.max_per_pattern);
    } else if (!known_pages &&
               site_queued_[e.site] + batch_sites[e.site] >= max_queued) {
      why = "left out: " + std::to_string(max_queued) +
            " URLs already queued for its site";
      TallyLeftOut(e, "queue", static_cast<int>(max_queued));
    }
    if (!why.empty()) {
      MarkLimitReached();
      left_out_.push_back({std::move(e), std::move(why)});
      continue;
    }
    ++batch_patterns[pattern];
    ++batch_sites[e.site];
    out.push_back(std::move(e));
  }
  return out;
}

// --- The event loop ---------------------------------------------------------

void Crawler::Run_::Loop() {
  while (error_.ok() && !ShouldStop()) {
    RecordLeftOut();
    int64_t now = NowMs();
    Dispatch(now);
    if (queued_ == 0 && fetcher_->InFlight() == 0 && left_out_.empty()) {
      break;
    }
    fetcher_->Poll(WaitMs(NowMs()));
    ReportProgress(false);
  }
}

bool Crawler::Run_::ShouldStop() {
  if (stop_flag_ != nullptr && stop_flag_->load()) return true;
  return deadline_ms_ > 0 && NowMs() >= deadline_ms_;
}

void Crawler::Run_::Dispatch(int64_t now) {
  for (auto& [origin, host] : hosts_) {
    if (!host.queue.empty()) DispatchHost(origin, host, now);
    if (!error_.ok()) return;
  }
}

void Crawler::Run_::DispatchHost(const std::string& origin, Host& host,
                                 int64_t now) {
  if (host.robots_state == RobotsState::kUnknown) {
    if (schedule_.CanStart(host.name, now)) {
      host.robots_state = RobotsState::kFetching;
      FetchRobots(origin, origin + "/robots.txt", 0);
    }
    return;
  }
  if (host.robots_state != RobotsState::kReady) return;
  while (!host.queue.empty() && error_.ok() &&
         fetcher_->InFlight() < kMaxInFlightTotal &&
         schedule_.CanStart(host.name, now)) {
    Pending p = std::move(host.queue.front());
    host.queue.pop_front();
    --queued_;
    if (Settled(host, p)) continue;
    schedule_.OnStart(host.name, now);
    FetchPage(origin, std::move(p));
  }
}

// Records an entry that will not be fetched: its host's robots.txt was
// unavailable or disallows it, its host was given up (HostHealth), or
// --max-pages (sitemaps: their own cap) is reached. Returns false when the
// entry should be fetched.
bool Crawler::Run_::Settled(const Host& host, const Pending& p) {
  const bool page = p.entry.kind == FrontierEntry::Kind::kPage;
  Result<Url> url = ParseUrl(p.entry.url);
  PageRecord rec = NewRecord(p.entry);
  if (url.ok() && !host.robots_error.empty()) {
    rec.error = host.robots_error;
  } else if (url.ok() && !host.robots.Allows(url->PathAndQuery())) {
    rec.status = PageStatus::kSkippedRobots;
    rec.error = "disallowed by robots.txt";
  } else if (host.health.failing()) {
    rec.error = host.health.Reason();
  } else if (url.ok() && !OverLimit(p)) {
    return false;
  } else if (page) {
    rec.error = "not checked: --max-pages limit (" +
                std::to_string(o_.max_pages) + " pages per site) reached";
  }
  if (!page) {
    CommitSitemap(p.entry, {});
  } else {
    // Not checked: what an earlier crawl saw stays, and so do the pages it
    // linked to, which are still there as far as anyone knows.
    Result<std::optional<PageRecord>> previous = store_->GetPage(rec.url);
    std::vector<FrontierEntry> kept;
    if (previous.ok() && *previous) {
      CarryOver(**previous, p.entry, &rec, &kept);
    }
    ++(rec.status == PageStatus::kFailed ? summary_.pages_failed
                                         : summary_.pages_skipped_robots);
    Commit(rec, p.entry, std::move(kept));
  }
  return true;
}

// --max-pages per site (counting the page when it may go ahead; a retried
// page was counted the first time), and for sitemaps the site's budgets:
// once its sitemap bytes or page URLs are used up, more files are no use.
bool Crawler::Run_::OverLimit(const Pending& p) {
  if (p.attempts > 0) return false;
  if (p.entry.kind == FrontierEntry::Kind::kSitemap) {
    const store::SitemapUsage& used = sitemaps_[p.entry.site].usage;
    if (used.bytes < kSitemapBytesPerSite && used.urls < o_.max_pages) {
      return false;
    }
  } else if (int& pages = site_pages_[p.entry.site]; pages < o_.max_pages) {
    ++pages;
    return false;
  } else {
    TallyLeftOut(p.entry, "max-pages", o_.max_pages);
  }
  MarkLimitReached();
  return true;
}

int Crawler::Run_::WaitMs(int64_t now) const {
  int64_t wait = 1000;
  if (fetcher_->InFlight() >= kMaxInFlightTotal) return 1000;
  for (const auto& [origin, host] : hosts_) {
    // A host waiting for its robots.txt is woken by that response.
    if (host.queue.empty() || host.robots_state == RobotsState::kFetching) {
      continue;
    }
    if (schedule_.InFlight(host.name) >= std::max(1, o_.concurrency)) continue;
    wait = std::min(wait, schedule_.EarliestStart(host.name) - now);
  }
  return static_cast<int>(std::clamp<int64_t>(wait, 0, 1000));
}

void Crawler::Run_::ReportProgress(bool force) {
  if (!progress_) return;
  int64_t now = NowMs();
  if (!force && now - last_progress_ms_ < 250) return;
  last_progress_ms_ = now;
  progress_state_.pages_queued = static_cast<int>(queued_);
  progress_state_.in_flight = static_cast<int>(fetcher_->InFlight());
  progress_state_.failed = summary_.pages_failed;
  progress_(progress_state_);
}

// --- robots.txt -------------------------------------------------------------

FetchRequest Crawler::Run_::Request(const std::string& url) const {
  FetchRequest req;
  req.url = url;
  req.user_agent = o_.user_agent;
  req.max_body_bytes = o_.max_body_bytes;
  req.timeout_ms = o_.timeout_ms;
  req.ca_file = o_.ca_file;
  return req;
}

void Crawler::Run_::FetchRobots(const std::string& origin,
                                const std::string& url, int hops) {
  FetchRequest req = Request(url);
  req.max_body_bytes = kMaxRobotsBytes;  // RFC 9309 §2.5: the first 500 KiB
  req.keep_truncated = true;
  const std::string name = hosts_[origin].name;
  schedule_.OnStart(name, NowMs());
  fetcher_->Start(std::move(req), [this, origin, name, hops](FetchResponse r) {
    schedule_.OnFinish(name);
    OnRobots(origin, hops, std::move(r));
  });
}

void Crawler::Run_::OnRobots(const std::string& origin, int hops,
                             FetchResponse r) {
  Host& host = hosts_[origin];
  if (IsRedirect(r.status) && hops < kMaxRobotsRedirects &&
      !Trim(r.location).empty()) {
    // RFC 9309 §2.3.1.2: follow redirects, but never out of scope.
    Result<Url> base = ParseUrl(origin + "/robots.txt");
    Result<Url> next =
        base.ok() ? ResolveUrl(*base, r.location) : Result<Url>(base.status());
    if (next.ok() && scope_.Contains(*next)) {
      FetchRobots(origin, next->ToString(), hops + 1);
      return;
    }
  }
  if ((IsOverloaded(r.status) || (r.status == 0 && !r.headers_too_large)) &&
      host.robots_attempts < o_.max_retries) {
    // Ask again later, as for pages: Retry-After, else back-off.
    int64_t wait = BackoffDelayMs(host.robots_attempts++, rng_());
    if (auto ms = ParseRetryAfter(r.retry_after, UnixSeconds())) wait = *ms;
    schedule_.BackOff(host.name, NowMs(), wait);
    host.robots_state = RobotsState::kUnknown;
    return;
  }
  // A body cut at the size limit holds the first 500 KiB: all that RFC 9309
  // §2.5 asks a crawler to parse.
  const int status = r.status;
  host.robots = RobotsForResponse(status, r.body, token_);
  if (o_.ignore_robots) {
    // Audit as a harvester would: its Sitemap lines still lead to pages,
    // its rules and Crawl-delay do not apply.
    RobotsRules allow_all = RobotsRules::AllowAll();
    allow_all.sitemaps = std::move(host.robots.sitemaps);
    host.robots = std::move(allow_all);
  } else if (status == 0 || status >= 500 || status == 429) {
    // RFC 9309 §2.3.1.4: unreachable robots.txt means "disallow all" (and
    // so does an overloaded server). The pages are then not checked, which
    // is not the same as skipped by robots.txt.
    host.robots_error =
        "robots.txt unavailable (" +
        (status == 0 ? r.error : "HTTP " + std::to_string(status)) +
        "): site not crawled";
  }
  host.robots_state = RobotsState::kReady;
  RobotsReady(origin, host);
}

// Robots rules known: apply Crawl-delay and queue the host's sitemaps.
void Crawler::Run_::RobotsReady(const std::string& origin, Host& host) {
  if (host.robots.crawl_delay_seconds) {
    schedule_.SetCrawlDelay(host.name, *host.robots.crawl_delay_seconds);
  }
  if (!host.robots_error.empty()) return;
  Result<Url> root = ParseUrl(origin + "/");
  if (!root.ok()) return;
  std::vector<std::string> sitemaps = host.robots.sitemaps;
  sitemaps.push_back("/sitemap.xml");
  std::vector<FrontierEntry> entries;
  for (const std::string& s : sitemaps) {
    Result<Url> url = ResolveUrl(*root, s);
    if (!url.ok() || !scope_.Contains(*url)) continue;
    FrontierEntry e;
    e.url = url->ToString();
    e.site = scope_.SiteOf(*url);
    e.kind = FrontierEntry::Kind::kSitemap;
    entries.push_back(std::move(e));
  }
  Status s = Enqueue(entries);
  if (!s.ok() && error_.ok()) error_ = s;
}

// --- Pages and sitemaps -----------------------------------------------------

void Crawler::Run_::FetchPage(const std::string& origin, Pending p) {
  FetchRequest req = Request(p.entry.url);
  std::optional<PageRecord> previous;
  if (p.entry.kind == FrontierEntry::Kind::kPage) {
    Result<std::optional<PageRecord>> prev = store_->GetPage(p.entry.url);
    // Earlier findings are kept if this visit does not check the page; the
    // validators of the last successful fetch make the request conditional.
    if (prev.ok() && *prev) {
      previous = std::move(**prev);
      if (HoldsContent(*previous)) {
        req.if_none_match = previous->etag;
        req.if_modified_since = previous->last_modified;
      }
    }
  }
  // Only a request that asked "changed since the content we hold?" can be
  // answered 304 for that content; a 304 to any other is no answer at all.
  const bool conditional =
      !req.if_none_match.empty() || !req.if_modified_since.empty();
  const std::string name = hosts_[origin].name;
  fetcher_->Start(std::move(req),
                  [this, origin, name, conditional, p = std::move(p),
                   previous = std::move(previous)](FetchResponse r) mutable {
                    schedule_.OnFinish(name);
                    if (p.entry.kind == FrontierEntry::Kind::kSitemap) {
                      OnSitemap(std::move(p), std::move(r));
                    } else {
                      OnPage(origin, std::move(p), std::move(previous),
                             conditional, std::move(r));
                    }
                  });
}

// 429/503 and network errors are retried after a back-off (Retry-After
// when the server gave one). Returns true when the page went back on its
// host's queue.
bool Crawler::Run_::MaybeRetry(const std::string& origin, Pending& p,
                               const FetchResponse& r) {
  bool retryable = IsOverloaded(r.status) ||
                   (r.status == 0 && !r.too_large && !r.headers_too_large);
  if (!retryable || p.attempts >= o_.max_retries) return false;
  if (hosts_[origin].health.failing()) return false;  // given up
  int64_t wait = BackoffDelayMs(p.attempts, rng_());
  if (IsOverloaded(r.status) && !r.retry_after.empty()) {
    if (auto ms = ParseRetryAfter(r.retry_after, UnixSeconds())) wait = *ms;
  }
  Host& host = hosts_[origin];
  schedule_.BackOff(host.name, NowMs(), wait);
  ++p.attempts;
  host.queue.push_front(std::move(p));
  ++queued_;
  return true;
}

// A page not checked this time keeps what an earlier crawl found there,
// and the validators of that fetch for the next conditional request: a
// failure must never erase stored findings.
void Crawler::Run_::KeepEarlierFindings(const PageRecord& previous,
                                        PageRecord* rec) {
  rec->addresses = previous.addresses;
  rec->links = previous.links;
  rec->external_links = previous.external_links;
  rec->etag = previous.etag;
  rec->last_modified = previous.last_modified;
}

// What an earlier visit saw at a URL, on a record of this visit that does
// not check it: all of it when the page was not checked (failed, skipped by
// robots.txt or a limit), whose links are followed too; the addresses when
// it now redirects, not checked until its target is (store::OutcomeOf;
// Tally drops them once it is), and the same when it is missing (404/410),
// until its site is known to be checked. A page checked keeps nothing.
void Crawler::Run_::CarryOver(const PageRecord& previous,
                              const FrontierEntry& entry, PageRecord* rec,
                              std::vector<FrontierEntry>* discovered) const {
  if (rec->status == PageStatus::kFailed ||
      rec->status == PageStatus::kSkippedRobots) {
    KeepEarlierFindings(previous, rec);
    std::vector<FrontierEntry> kept = KeptLinks(previous, entry);
    discovered->insert(discovered->end(), kept.begin(), kept.end());
  } else if (rec->status == PageStatus::kRedirect ||
             rec->status == PageStatus::kMissing) {
    // A 404 on a site whose start page did not answer is not the site's
    // word (store::SitesNotChecked), and which it is is known only at the
    // end of the crawl: Tally drops them then if the site was checked.
    rec->addresses = previous.addresses;
  }
}

// The in-scope links an earlier visit found on a page, as frontier entries
// one hop below `from`: followed when the page is revalidated (304), and
// when it is not checked this time, since the pages it linked to are
// still there as far as anyone knows.
std::vector<FrontierEntry> Crawler::Run_::KeptLinks(
    const PageRecord& previous, const FrontierEntry& from) const {
  std::vector<FrontierEntry> out;
  for (const std::string& link : previous.links) {
    Result<Url> u = ParseUrl(link);
    if (!u.ok() || !scope_.Contains(*u)) continue;
    FrontierEntry e;
    e.url = link;
    e.site = scope_.SiteOf(*u);
    e.depth = from.depth + 1;
    out.push_back(std::move(e));
  }
  return out;
}

// Records the pages limits kept out whose URL an earlier crawl visited:
// not checked (what it saw there kept), rather than silently gone. The
// limits bound the work: only URLs they drop, once each per crawl.
void Crawler::Run_::RecordLeftOut() {
  while (!left_out_.empty() && error_.ok()) {
    LeftOut out = std::move(left_out_.back());
    left_out_.pop_back();
    Result<std::optional<PageRecord>> before = store_->GetPage(out.entry.url);
    if (!before.ok()) {
      error_ = before.status();
      return;
    }
    if (!*before) continue;
    const PageRecord& earlier = **before;
    if (earlier.generation == generation_ ||
        earlier.status == PageStatus::kMissing ||
        (earlier.addresses.empty() && earlier.links.empty())) {
      continue;  // recorded in this crawl already, or nothing to keep
    }
    PageRecord rec = NewRecord(out.entry);
    rec.error = out.why;
    std::vector<FrontierEntry> kept;
    CarryOver(earlier, out.entry, &rec, &kept);
    ++summary_.pages_failed;
    out.entry.seq = 0;  // never queued: no frontier entry to remove
    Commit(rec, out.entry, std::move(kept));
  }
}

// Counts how a page of `origin` ended against its host; when that gives
// the host up, its queued pages are recorded at once, not checked.
void Crawler::Run_::RecordHealth(const std::string& origin,
                                 const FetchResponse& r) {
  Host& host = hosts_[origin];
  const std::string failure =
      HostFailure(r.status, r.too_large || r.headers_too_large, r.error);
  if (!host.health.Record(failure)) return;
  // Settled() records each (its kept links may queue more of this host:
  // recorded here too).
  while (!host.queue.empty() && error_.ok()) {
    Pending p = std::move(host.queue.front());
    host.queue.pop_front();
    --queued_;
    Settled(host, p);
  }
}

PageRecord Crawler::Run_::NewRecord(const FrontierEntry& e) const {
  PageRecord rec;
  rec.url = e.url;
  rec.site = e.site;
  rec.generation = generation_;
  rec.depth = e.depth;
  rec.fetched_at = UnixSeconds();
  rec.status = PageStatus::kFailed;
  return rec;
}

void Crawler::Run_::OnPage(const std::string& origin, Pending p,
                           std::optional<PageRecord> previous, bool conditional,
                           FetchResponse r) {
  if (MaybeRetry(origin, p, r)) return;
  PageRecord rec = NewRecord(p.entry);
  rec.http_status = r.status;
  rec.content_type = r.content_type;
  std::vector<FrontierEntry> discovered;
  Result<Url> url = ParseUrl(p.entry.url);
  if (r.status == 0) {
    rec.error = r.error.empty() ? "transfer failed" : r.error;
  } else if (r.too_large) {
    rec.error = "larger than " + std::to_string(o_.max_body_bytes) + " bytes";
  } else if (r.status == 304 && conditional && previous &&
             HoldsContent(*previous)) {
    Revalidated(*previous, p.entry, r, &rec, &discovered);
  } else if (IsRedirect(r.status) && url.ok()) {
    Redirected(*url, p.entry, r, &rec, &discovered);
  } else if (IsMissing(r.status)) {
    // Nothing is there: what an earlier crawl saw is gone (not kept), and
    // so are its links. The body (a "not found" page) is not the page's.
    rec.status = PageStatus::kMissing;
    rec.error = "HTTP " + std::to_string(r.status);
  } else if (r.status >= 200 && r.status < 300 && url.ok()) {
    rec.status = PageStatus::kFetched;
    Examine(*url, r, &rec, &discovered);
    // Validators stand for content whose findings are stored with them (one
    // batch): a page fetched but not read must get no 304 next time.
    if (rec.status == PageStatus::kFetched) {
      rec.etag = r.etag;
      rec.last_modified = r.last_modified;
    }
  } else {
    rec.error = "HTTP " + std::to_string(r.status);
  }
  if (previous) CarryOver(*previous, p.entry, &rec, &discovered);
  if (rec.status == PageStatus::kFetched) ++summary_.pages_fetched;
  if (rec.status == PageStatus::kFailed) ++summary_.pages_failed;
  if (rec.status == PageStatus::kMissing) ++summary_.pages_missing;
  // A redirect is not a page: its target is counted when it is fetched.
  if (rec.status == PageStatus::kRedirect) --site_pages_[p.entry.site];
  Commit(rec, p.entry, std::move(discovered));
  RecordHealth(origin, r);
}

// 304: unchanged since the last crawl, so its stored links and findings
// stand without refetching or reparsing.
void Crawler::Run_::Revalidated(const PageRecord& previous,
                                const FrontierEntry& entry,
                                const FetchResponse& r, PageRecord* rec,
                                std::vector<FrontierEntry>* discovered) {
  *rec = previous;
  rec->status = PageStatus::kFetched;
  rec->error.clear();
  rec->http_status = 304;
  rec->generation = generation_;
  rec->depth = entry.depth;
  rec->fetched_at = UnixSeconds();
  rec->not_modified = true;
  if (!r.etag.empty()) rec->etag = r.etag;
  if (!r.last_modified.empty()) rec->last_modified = r.last_modified;
  *discovered = KeptLinks(*rec, entry);
  ++summary_.pages_not_modified;
}

// 3xx: the target is queued like a link if it is in scope and within the
// redirect limit (so scope and robots.txt are checked for every hop).
void Crawler::Run_::Redirected(const Url& url, const FrontierEntry& entry,
                               const FetchResponse& r, PageRecord* rec,
                               std::vector<FrontierEntry>* discovered) {
  rec->status = PageStatus::kRedirect;
  Result<Url> target = ResolveUrl(url, r.location);
  if (Trim(r.location).empty() || !target.ok()) {
    rec->status = PageStatus::kFailed;
    rec->error = "redirect to an unusable location";
    return;
  }
  rec->redirect_to = target->ToString();
  if (!scope_.Contains(*target)) {
    rec->external_links.push_back(rec->redirect_to);
  } else if (entry.redirects >= o_.max_redirects) {
    rec->status = PageStatus::kFailed;
    rec->error = "too many redirects";
  } else if (RedirectsBackTo(entry.url, rec->redirect_to)) {
    // The chain never reaches a page (a browser gives up the same way):
    // not checked, rather than a crawl that ends quietly "all checked".
    rec->status = PageStatus::kFailed;
    rec->error = "redirect loop";
  } else {
    FrontierEntry e;
    e.url = rec->redirect_to;
    e.site = scope_.SiteOf(*target);
    e.depth = entry.depth;
    e.redirects = entry.redirects + 1;
    if (Admit({e}).empty()) {
      // A limit keeps the target out (Commit would drop it the same way):
      // the URL's content is not checked, and the report says why.
      rec->status = PageStatus::kFailed;
      rec->error =
          "redirect to " + rec->redirect_to + ": " + left_out_.back().why;
      return;
    }
    discovered->push_back(std::move(e));
  }
}

// True when `target` is `url` itself, or leads back to it through redirects
// already recorded in this generation (A -> B -> A).
bool Crawler::Run_::RedirectsBackTo(const std::string& url,
                                    std::string target) {
  for (int hop = 0; hop <= o_.max_redirects; ++hop) {
    if (target == url) return true;
    Result<std::optional<PageRecord>> page = store_->GetPage(target);
    if (!page.ok() || !*page || (*page)->generation != generation_ ||
        (*page)->status != PageStatus::kRedirect) {
      return false;
    }
    target = (*page)->redirect_to;
  }
  return false;
}

// Reads a fetched body: links to follow and addresses exposed.
void Crawler::Run_::Examine(const Url& url, const FetchResponse& r,
                            PageRecord* rec,
                            std::vector<FrontierEntry>* discovered) {
  FrontierEntry from;
  from.depth = rec->depth;
  switch (ClassifyContent(r.content_type, r.body)) {
    case ContentKind::kHtml: {
      // Decoded as a browser would, so a page a browser cannot show either
      // (the "replacement" charsets) is not checked, never "no addresses".
      Result<std::string> text = DecodeBody(r.body, r.content_type, true);
      if (!text.ok()) {
        rec->status = PageStatus::kFailed;
        rec->error = text.status().message();
        return;
      }
      PageExtract page = ExtractFromHtml(*text);
      Url base = url;
      if (!page.base_href.empty()) {
        if (Result<Url> b = ResolveUrl(url, page.base_href); b.ok()) base = *b;
      }
      AddLinks(base, page.hrefs, from, rec, discovered);
      rec->addresses = ToFound(page.findings);
      break;
    }
    case ContentKind::kPdf: {
      // poppler reads a stranger's file: in a child process with limits.
      Result<std::string> text =
          RunIsolated([&r] { return PdfToText(r.body); });
      if (!text.ok()) {
        rec->status = PageStatus::kFailed;
        rec->error = "unreadable PDF: " + text.status().message();
        return;
      }
      rec->addresses = ToFound(ExtractFromDocumentText(*text));
      break;
    }
    case ContentKind::kText: {
      std::vector<Finding> findings;
      Result<std::string> text = DecodeBody(r.body, r.content_type, false);
      if (!text.ok()) {
        rec->status = PageStatus::kFailed;
        rec->error = text.status().message();
        return;
      }
      for (std::string& a : FindAddresses(*text)) {
        findings.push_back({std::move(a), FormBit(Form::kText)});
      }
      rec->addresses = ToFound(findings);
      break;
    }
    case ContentKind::kMedia:
      break;  // nothing a harvester could read
    case ContentKind::kOther:
      // Office documents, archives...: fetched but not examined, so their
      // addresses are unknown, never "none".
      rec->status = PageStatus::kFailed;
      rec->error =
          "not examined: content type " +
          (r.content_type.empty() ? std::string("unknown") : r.content_type);
      break;
  }
}

void Crawler::Run_::AddLinks(const Url& base,
                             const std::vector<std::string>& hrefs,
                             const FrontierEntry& from, PageRecord* rec,
                             std::vector<FrontierEntry>* discovered) {
  std::set<std::string> internal, external;
  for (const std::string& href : hrefs) {
    if (internal.size() + external.size() >= kMaxLinksPerPage) {
      MarkLimitReached();
      break;
    }
    Result<Url> link = ResolveUrl(base, href);
    if (!link.ok()) continue;  // mailto:, javascript:, malformed
    std::string text = link->ToString();
    if (!scope_.Contains(*link)) {
      if (external.insert(text).second) rec->external_links.push_back(text);
      continue;
    }
    if (IsLikelyAsset(*link) || !internal.insert(text).second) continue;
    rec->links.push_back(text);
    FrontierEntry e;
    e.url = std::move(text);
    e.site = scope_.SiteOf(*link);
    e.depth = from.depth + 1;
    e.kind = FrontierEntry::Kind::kPage;
    discovered->push_back(std::move(e));
  }
}

void Crawler::Run_::OnSitemap(Pending p, FetchResponse r) {
  SiteSitemaps& site = sitemaps_[p.entry.site];
  std::vector<FrontierEntry> discovered;
  if (r.status >= 200 && r.status < 300 && !r.too_large) {
    const size_t max_bytes = static_cast<size_t>(std::clamp<int64_t>(
        kSitemapBytesPerSite - site.usage.bytes, 0, kMaxSitemapBytes));
    Result<Sitemap> map = ParseSitemap(r.body, max_bytes);
    if (map.ok()) {
      site.usage.bytes += static_cast<int64_t>(map->bytes);
      AddSitemapLocs(p.entry, *map, site, &discovered);
    } else if (map.status().code() == Status::Code::kInvalidArgument) {
      // Larger than what is left: that much was read for nothing.
      site.usage.bytes += static_cast<int64_t>(max_bytes);
      MarkLimitReached();
    } else {
      site.usage.bytes += static_cast<int64_t>(r.body.size());  // corrupt
    }
  }
  // A missing or broken sitemap is not a page failure: sitemaps are hints.
  CommitSitemap(p.entry, std::move(discovered));
}

// The locations of a sitemap: more sitemaps (an index, within the nesting
// depth and the site's cap on sitemap files) or pages (within the site's
// share of --max-pages from sitemaps). A file of 50,000 locations stops
// being read once its budget is used up.
void Crawler::Run_::AddSitemapLocs(const FrontierEntry& from,
                                   const Sitemap& map, SiteSitemaps& site,
                                   std::vector<FrontierEntry>* discovered) {
  const bool nested = map.is_index;
  if (nested && from.depth >= kMaxSitemapNesting) {
    if (!map.locs.empty()) MarkLimitReached();
    return;
  }
  for (const std::string& loc : map.locs) {
    const bool spent =
        nested ? site.queued + static_cast<int>(discovered->size()) >=
                     kMaxSitemapsPerSite
               : site.usage.urls >= o_.max_pages;
    if (spent) {
      MarkLimitReached();
      return;
    }
    Result<Url> url = ParseUrl(std::string(Trim(loc)));
    if (!url.ok() || !scope_.Contains(*url)) continue;
    if (!nested && IsLikelyAsset(*url)) continue;
    FrontierEntry e;
    e.url = url->ToString();
    e.site = scope_.SiteOf(*url);
    e.kind =
        nested ? FrontierEntry::Kind::kSitemap : FrontierEntry::Kind::kPage;
    e.depth = nested ? from.depth + 1 : 1;
    if (!nested) ++site.usage.urls;
    discovered->push_back(std::move(e));
  }
}

void Crawler::Run_::Commit(const PageRecord& rec, const FrontierEntry& visited,
                           std::vector<FrontierEntry> discovered) {
  Result<std::vector<FrontierEntry>> added =
      store_->CommitPage(rec, visited, Admit(std::move(discovered)));
  if (!added.ok()) {
    if (error_.ok()) error_ = added.status();
    return;
  }
  Routed(*added);
  ++progress_state_.pages_done;
  for (const store::FoundAddress& a : rec.addresses) {
    if (progress_addresses_.size() >=
        static_cast<size_t>(CrawlProgress::kMaxCountedAddresses)) {
      break;
    }
    progress_addresses_.insert(a.address);
  }
  progress_state_.addresses = static_cast<int>(progress_addresses_.size());
}

// A sitemap visited (or dropped by a cap): its site's usage is stored in
// the same batch, so a resume counts on from here.
void Crawler::Run_::CommitSitemap(const FrontierEntry& visited,
                                  std::vector<FrontierEntry> discovered) {
  store::SitemapUsage& usage = sitemaps_[visited.site].usage;
  usage.site = visited.site;
  usage.generation = generation_;
  ++usage.files;
  Result<std::vector<FrontierEntry>> added = store_->CommitVisit(
      visited, generation_, usage, Admit(std::move(discovered)));
  if (!added.ok()) {
    if (error_.ok()) error_ = added.status();
    return;
  }
  Routed(*added);
}

}  // namespace domex::crawler
