// Unit tests of the crawl engine: a scripted in-memory Fetcher (no network,
// no clock beyond --max-time) and a real store in a temporary directory.
#include "crawler/crawl.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "crawler/host_health.h"
#include "store/store.h"
#include "tests/testing.h"

namespace domex::crawler {
namespace {

// Answers from a handler: a response, or nullopt for a transfer that never
// ends (a server that sent its headers and stalls). Callbacks run from
// Poll, as with the real fetcher.
class FakeFetcher : public Fetcher {
 public:
  using Handler =
      std::function<std::optional<FetchResponse>(const std::string&)>;
  explicit FakeFetcher(Handler handler) : handler_(std::move(handler)) {}

  void Start(FetchRequest request, Callback done) override {
    started_.push_back(request.url);
    pending_.push_back({std::move(request), std::move(done)});
  }

  void Poll(int timeout_ms) override {
    std::vector<Transfer> batch;
    batch.swap(pending_);
    for (Transfer& t : batch) {
      std::optional<FetchResponse> r = handler_(t.request.url);
      if (!r) {
        stalled_.push_back(std::move(t));
        continue;
      }
      t.done(std::move(*r));
    }
    if (batch.empty() && pending_.empty() && !stalled_.empty()) {
      // Only stalled transfers: wait as a real fetcher would, unless the
      // test stops the crawl now.
      if (on_stall_) {
        on_stall_();
      } else {
        std::this_thread::sleep_for(std::chrono::milliseconds(timeout_ms));
      }
    }
  }

  size_t InFlight() const override { return pending_.size() + stalled_.size(); }
  void CancelAll() override {
    pending_.clear();
    stalled_.clear();
  }

  // Runs from Poll when nothing but stalled transfers is left.
  void set_on_stall(std::function<void()> fn) { on_stall_ = std::move(fn); }
  // Every URL started, in order.
  const std::vector<std::string>& started() const { return started_; }
  int Count(const std::string& url) const {
    return static_cast<int>(std::count(started_.begin(), started_.end(), url));
  }

 private:
  struct Transfer {
    FetchRequest request;
    Callback done;
  };
  Handler handler_;
  std::function<void()> on_stall_;
  std::vector<Transfer> pending_;
  std::vector<Transfer> stalled_;
  std::vector<std::string> started_;
};

FetchResponse Html(const std::string& body) {
  FetchResponse r;
  r.status = 200;
  r.content_type = "text/html";
  r.body = body;
  return r;
}

FetchResponse NotFound() {
  FetchResponse r;
  r.status = 404;
  return r;
}

constexpr char kSite[] = "http://school.test";

// A start page linking two pages, each with an address.
std::optional<FetchResponse> SmallSite(const std::string& url) {
  const std::string path = url.substr(std::string(kSite).size());
  if (path == "/") {
    return Html("<a href=\"/a.html\">a</a> <a href=\"/slow.html\">slow</a>");
  }
  if (path == "/a.html") return Html("a@school.in");
  if (path == "/slow.html") return Html("slow@school.in");
  return NotFound();  // robots.txt, sitemap.xml
}

CrawlOptions Fast() {
  CrawlOptions o;
  o.delay_ms = 0;
  o.max_time_s = 0;
  return o;
}

class CrawlEngineTest : public ::testing::Test {
 protected:
  Result<CrawlSummary> Crawl(FakeFetcher& fetcher, const CrawlOptions& options,
                             const std::atomic<bool>* stop = nullptr) {
    Result<std::unique_ptr<store::Store>> db = store::Store::Open(db_);
    if (!db.ok()) return db.status();
    Crawler crawler(&fetcher, db->get(), options);
    if (stop != nullptr) crawler.set_stop_flag(stop);
    return crawler.Run({std::string(kSite) + "/"});
  }

  std::optional<store::PageRecord> Page(const std::string& path) {
    auto db = store::Store::OpenReadOnly(db_);
    EXPECT_TRUE(db.ok());
    auto page = (*db)->GetPage(kSite + path);
    EXPECT_TRUE(page.ok());
    return page.ok() ? *page : std::nullopt;
  }

  testing::TempDir tmp_;
  const std::string db_ = tmp_.Sub("db");
};

// Ctrl-C/SIGTERM (the stop flag) or --max-time while a transfer is in
// flight: not finished, and the rerun resumes and fetches what was lost.
TEST_F(CrawlEngineTest, StoppedWithATransferInFlightIsNeverFinished) {
  struct Row {
    const char* name;
    const char* stalls;  // the path whose transfer never ends
    bool by_deadline;    // --max-time instead of the stop flag
  } rows[] = {
      {"page, stop flag", "/slow.html", false},
      {"page, --max-time", "/slow.html", true},
      {"sitemap, stop flag", "/sitemap.xml", false},
      {"robots.txt, stop flag", "/robots.txt", false},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    testing::TempDir tmp;
    const std::string stalled = std::string(kSite) + row.stalls;
    FakeFetcher first([&](const std::string& url) {
      return url == stalled ? std::nullopt : SmallSite(url);
    });
    std::atomic<bool> stop{false};
    first.set_on_stall([&] { stop = true; });
    CrawlOptions options = Fast();
    if (row.by_deadline) options.max_time_s = 1;
    Result<std::unique_ptr<store::Store>> db =
        store::Store::Open(tmp.Sub("db"));
    ASSERT_TRUE(db.ok());
    {
      Crawler crawler(&first, db->get(), options);
      if (!row.by_deadline) crawler.set_stop_flag(&stop);
      Result<CrawlSummary> s = crawler.Run({std::string(kSite) + "/"});
      ASSERT_TRUE(s.ok()) << s.status().message();
      EXPECT_FALSE(s->finished);
      ASSERT_EQ(first.Count(stalled), 1) << "the transfer was in flight";
      auto state = (*db)->LoadCrawlState();
      ASSERT_TRUE(state.ok() && state->has_value());
      EXPECT_FALSE((*state)->finished);
      auto page = (*db)->GetPage(stalled);
      ASSERT_TRUE(page.ok());
      EXPECT_FALSE(page->has_value()) << "nothing recorded for it";
    }
    // The rerun resumes: the lost transfer is made again, nothing else
    // already recorded is.
    FakeFetcher second(SmallSite);
    Crawler crawler(&second, db->get(), Fast());
    Result<CrawlSummary> s = crawler.Run({std::string(kSite) + "/"});
    ASSERT_TRUE(s.ok()) << s.status().message();
    EXPECT_TRUE(s->resumed);
    EXPECT_TRUE(s->finished);
    EXPECT_EQ(second.Count(stalled), 1);
    for (const std::string& url : first.started()) {
      if (url != stalled && url != std::string(kSite) + "/robots.txt") {
        EXPECT_EQ(second.Count(url), 0) << url << " fetched again";
      }
    }
    auto slow = (*db)->GetPage(std::string(kSite) + "/slow.html");
    ASSERT_TRUE(slow.ok() && slow->has_value());
    EXPECT_EQ((*slow)->status, store::PageStatus::kFetched);
  }
}

// A stop with nothing left to do is no stop: every page was checked.
TEST_F(CrawlEngineTest, StopAfterTheLastPageIsFinished) {
  std::atomic<bool> stop{false};
  FakeFetcher fetcher([&](const std::string& url) {
    std::optional<FetchResponse> r = SmallSite(url);
    if (url == std::string(kSite) + "/slow.html") stop = true;
    return r;
  });
  Result<CrawlSummary> s = Crawl(fetcher, Fast(), &stop);
  ASSERT_TRUE(s.ok()) << s.status().message();
  // The stop came with the last answer; what it answered was recorded.
  ASSERT_TRUE(Page("/slow.html").has_value());
  EXPECT_TRUE(s->finished);
}

// A sitemap trap: every index lists 50,000 new child indexes (no two
// alike), or a sitemap lists 50,000 pages.
std::optional<FetchResponse> SitemapTrap(const std::string& url) {
  const std::string path = url.substr(std::string(kSite).size());
  if (path == "/") return Html("office@school.in");
  if (path == "/pages.xml") {
    std::string xml = "<urlset>";
    for (int n = 0; n < 50000; ++n) {
      xml += "<url><loc>" + std::string(kSite) + "/p" + std::to_string(n) +
             "</loc></url>";
    }
    return Html(xml + "</urlset>");
  }
  if (path != "/sitemap.xml" && path.rfind("/s", 0) != 0) return NotFound();
  const std::string stem = path == "/sitemap.xml" ? "/s" : path;
  std::string xml = "<sitemapindex>";
  for (int n = 0; n < 50000; ++n) {
    xml += "<sitemap><loc>" + std::string(kSite) + stem + "-" +
           std::to_string(n) + "</loc></sitemap>";
  }
  return Html(xml + "</sitemapindex>");
}

int Sitemaps(const FakeFetcher& f) {
  int n = 0;
  for (const std::string& url : f.started()) {
    n += url.find("/s") != std::string::npos;
  }
  return n;
}

// Bounded work and frontier however deep and wide the trap, and a resume
// goes on with the budgets the stopped run left.
TEST_F(CrawlEngineTest, NestedSitemapIndexesAreBoundedAcrossResumes) {
  CrawlOptions options = Fast();
  options.max_pages = 100;
  FakeFetcher whole(SitemapTrap);
  Result<CrawlSummary> s = Crawl(whole, options);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_TRUE(s->finished);
  EXPECT_TRUE(s->limit_reached);
  const int all = Sitemaps(whole);
  // 64 MiB of ~2.4 MB indexes: some 27 files, far below the cap of 200.
  EXPECT_GT(all, 5);
  EXPECT_LE(all, 200);

  testing::TempDir tmp;
  Result<std::unique_ptr<store::Store>> db = store::Store::Open(tmp.Sub("db"));
  ASSERT_TRUE(db.ok());
  std::atomic<bool> stop{false};
  FakeFetcher first([&](const std::string& url) {
    std::optional<FetchResponse> r = SitemapTrap(url);
    if (url.find("/s-3") != std::string::npos) stop = true;
    return r;
  });
  {
    Crawler crawler(&first, db->get(), options);
    crawler.set_stop_flag(&stop);
    Result<CrawlSummary> stopped = crawler.Run({std::string(kSite) + "/"});
    ASSERT_TRUE(stopped.ok());
    ASSERT_FALSE(stopped->finished);
  }
  Result<std::vector<store::FrontierEntry>> frontier = (*db)->LoadFrontier();
  ASSERT_TRUE(frontier.ok());
  EXPECT_LE(frontier->size(), 200u) << "one index listed 50,000";
  FakeFetcher rest(SitemapTrap);
  Crawler crawler(&rest, db->get(), options);
  Result<CrawlSummary> resumed = crawler.Run({std::string(kSite) + "/"});
  ASSERT_TRUE(resumed.ok());
  EXPECT_TRUE(resumed->resumed);
  EXPECT_TRUE(resumed->finished);
  // Slack: those in flight at the stop are fetched again, and the budget
  // is checked when a file is requested (one more may be in flight).
  EXPECT_LE(Sitemaps(first) + Sitemaps(rest), all + 3)
      << "the resume renewed the budgets";
}

// Pages taken from sitemaps count against --max-pages of their site.
TEST_F(CrawlEngineTest, PagesFromSitemapsAreCappedByMaxPages) {
  CrawlOptions options = Fast();
  options.max_pages = 100;
  FakeFetcher fetcher([](const std::string& url) {
    if (url == std::string(kSite) + "/robots.txt") {
      FetchResponse r;
      r.status = 200;
      r.content_type = "text/plain";
      r.body = "Sitemap: " + std::string(kSite) + "/pages.xml\n";
      return std::optional<FetchResponse>(r);
    }
    return SitemapTrap(url);
  });
  Result<CrawlSummary> s = Crawl(fetcher, options);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_TRUE(s->limit_reached);
  auto db = store::Store::OpenReadOnly(db_);
  ASSERT_TRUE(db.ok());
  int pages = 0;
  ASSERT_TRUE((*db)
                  ->ForEachPage([&](const store::PageRecord&) {
                    ++pages;
                    return true;
                  })
                  .ok());
  EXPECT_LE(pages, 101) << "the start page and 100 from the sitemap";
  EXPECT_LE(s->pages_fetched, 100);
}

// ---- Not checked is never "no addresses" (issue 8, second round) ---------

FetchResponse Status(int status) {
  FetchResponse r;
  r.status = status;
  if (status == 0) r.error = "Connection reset by peer";
  return r;
}

FetchResponse Redirect(const std::string& path) {
  FetchResponse r;
  r.status = 301;
  r.location = path;
  return r;
}

// No back-off between tries: the fake fetcher answers at once, and the
// engine's waits are real time.
CrawlOptions NoRetries() {
  CrawlOptions o = Fast();
  o.max_retries = 0;
  return o;
}

Result<CrawlSummary> CrawlStore(store::Store* db, FakeFetcher& fetcher,
                                const CrawlOptions& options) {
  return Crawler(&fetcher, db, options).Run({std::string(kSite) + "/"});
}

// A store in `dir` after one healthy crawl of `site`; nullptr on failure.
std::unique_ptr<store::Store> CrawledOnce(const std::string& dir,
                                          FakeFetcher::Handler site) {
  Result<std::unique_ptr<store::Store>> db = store::Store::Open(dir);
  if (!db.ok()) return nullptr;
  FakeFetcher healthy(std::move(site));
  if (!CrawlStore(db->get(), healthy, NoRetries()).ok()) return nullptr;
  return std::move(*db);
}

bool HasAddress(const std::optional<store::PageRecord>& page,
                const std::string& address) {
  if (!page) return false;
  for (const store::FoundAddress& a : page->addresses) {
    if (a.address == address) return true;
  }
  return false;
}

// A site whose pages answer as `answer` says, else as SmallSite.
FakeFetcher::Handler Changed(
    std::map<std::string, std::optional<FetchResponse>> answer) {
  return [answer](const std::string& url) {
    auto it = answer.find(url.substr(std::string(kSite).size()));
    return it != answer.end() ? it->second : SmallSite(url);
  };
}

// 404 and 410 are the server's word that the page is gone: so is what was
// on it. Any other failure keeps it, not checked.
TEST_F(CrawlEngineTest, OnlyNotFoundAndGoneDropEarlierFindings) {
  struct Row {
    int status;
    store::PageStatus want;
    bool kept;
  } rows[] = {
      {404, store::PageStatus::kMissing, false},
      {410, store::PageStatus::kMissing, false},
      {403, store::PageStatus::kFailed, true},
      {401, store::PageStatus::kFailed, true},
      {500, store::PageStatus::kFailed, true},
      {0, store::PageStatus::kFailed, true},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.status);
    testing::TempDir tmp;
    std::unique_ptr<store::Store> db = CrawledOnce(tmp.Sub("db"), SmallSite);
    ASSERT_NE(db, nullptr);
    FetchResponse answer = Status(row.status);
    answer.body = "<p>a@school.in</p>";  // a "not found" page's own text
    FakeFetcher changed(Changed({{"/a.html", answer}}));
    Result<CrawlSummary> s = CrawlStore(db.get(), changed, NoRetries());
    ASSERT_TRUE(s.ok()) << s.status().message();
    auto page = db->GetPage(kSite + std::string("/a.html"));
    ASSERT_TRUE(page.ok() && page->has_value());
    EXPECT_EQ((*page)->status, row.want);
    EXPECT_EQ(HasAddress(*page, "a@school.in"), row.kept);
    EXPECT_EQ(s->crawl_pages_failed, row.kept ? 1 : 0);
    EXPECT_EQ(s->pages_missing, row.kept ? 0 : 1);
  }
}

// A page that now redirects keeps what an earlier crawl saw there until
// its target is checked; then it is dropped for good (a later failure of
// the target does not bring it back).
TEST_F(CrawlEngineTest, RedirectKeepsEarlierFindingsUntilItsTargetIsChecked) {
  FakeFetcher healthy(SmallSite);
  ASSERT_TRUE(Crawl(healthy, NoRetries()).ok());
  ASSERT_TRUE(HasAddress(Page("/a.html"), "a@school.in"));

  FakeFetcher failing_target(
      Changed({{"/a.html", Redirect("/b.html")}, {"/b.html", Status(500)}}));
  Result<CrawlSummary> s = Crawl(failing_target, NoRetries());
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(Page("/a.html")->status, store::PageStatus::kRedirect);
  EXPECT_TRUE(HasAddress(Page("/a.html"), "a@school.in"));
  EXPECT_EQ(s->crawl_pages_failed, 2) << "the redirect and its target";

  FakeFetcher checked_target(
      Changed({{"/a.html", Redirect("/b.html")}, {"/b.html", Html("nobody")}}));
  s = Crawl(checked_target, NoRetries());
  ASSERT_TRUE(s.ok());
  EXPECT_FALSE(HasAddress(Page("/a.html"), "a@school.in"));
  EXPECT_EQ(s->crawl_pages_failed, 0);

  s = Crawl(failing_target, NoRetries());
  ASSERT_TRUE(s.ok());
  EXPECT_FALSE(HasAddress(Page("/a.html"), "a@school.in"))
      << "checked gone, then back as 'not checked'";
}

// The pages a page that fails now linked to are still there as far as
// anyone knows: visited, not forgotten.
TEST_F(CrawlEngineTest, PagesLinkedFromAPageNotCheckedAreStillVisited) {
  FakeFetcher healthy(SmallSite);
  ASSERT_TRUE(Crawl(healthy, NoRetries()).ok());
  FakeFetcher start_fails(Changed({{"/", Status(503)}}));
  Result<CrawlSummary> s = Crawl(start_fails, NoRetries());
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(start_fails.Count(kSite + std::string("/a.html")), 1);
  EXPECT_EQ(Page("/a.html")->generation, 2u);
  EXPECT_EQ(Page("/a.html")->status, store::PageStatus::kFetched);
  EXPECT_EQ(Page("/")->status, store::PageStatus::kFailed);
  EXPECT_EQ(Page("/")->links.size(), 2u) << "its links are kept too";
}

// A page an earlier crawl saw, now left out by a limit, is recorded not
// checked with what was seen there, crawl after crawl.
TEST_F(CrawlEngineTest, PagesLeftOutByLimitsKeepTheirFindings) {
  auto site = [](const std::string& url) -> std::optional<FetchResponse> {
    const std::string path = url.substr(std::string(kSite).size());
    if (path == "/") {
      return Html("<a href=/p/1.html>1</a> <a href=/p/2.html>2</a>");
    }
    if (path.rfind("/p/", 0) == 0)
      return Html("p" + path.substr(3, 1) + "@school.in");
    return NotFound();
  };
  struct Row {
    const char* name;
    CrawlOptions options;
    int left_out;
    std::string why;
  } rows[] = {
      {"--max-depth", NoRetries(), 2, "left out by --max-depth (0)"},
      {"--max-per-pattern", NoRetries(), 1,
       "left out by the crawler-trap cap (--max-per-pattern 1)"},
  };
  rows[0].options.max_depth = 0;
  rows[1].options.max_per_pattern = 1;
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    testing::TempDir tmp;
    std::unique_ptr<store::Store> db = CrawledOnce(tmp.Sub("db"), site);
    ASSERT_NE(db, nullptr);
    for (uint64_t generation : {2u, 3u}) {
      FakeFetcher limited(site);
      Result<CrawlSummary> s = CrawlStore(db.get(), limited, row.options);
      ASSERT_TRUE(s.ok());
      EXPECT_EQ(s->crawl_pages_failed, row.left_out);
      int kept = 0;
      for (const char* n : {"1", "2"}) {
        auto page = db->GetPage(kSite + std::string("/p/") + n + ".html");
        ASSERT_TRUE(page.ok() && page->has_value());
        EXPECT_EQ((*page)->generation, generation) << n;
        EXPECT_TRUE(HasAddress(*page, std::string("p") + n + "@school.in"));
        if ((*page)->status == store::PageStatus::kFailed) {
          EXPECT_EQ((*page)->error, row.why);
          ++kept;
        }
      }
      EXPECT_EQ(kept, row.left_out);
    }
  }
}

// What limits left out is counted by site, limit and URL pattern, with an
// example, so the report can say "40 URLs like .../news/0/notice-0.html
// left out by the crawler-trap cap".
TEST_F(CrawlEngineTest, LeftOutUrlsAreCountedByLimitAndPattern) {
  auto site = [](const std::string& url) -> std::optional<FetchResponse> {
    const std::string path = url.substr(std::string(kSite).size());
    if (path == "/") {
      std::string links;
      for (int i = 0; i < 50; ++i) {
        const std::string n = std::to_string(i);
        links += "<a href=/news/" + n + "/notice-" + n + ".html>n</a> ";
        links += "<a href=/news/" + n + "/notice-" + n + ".html>again</a> ";
      }
      return Html(links);
    }
    if (path.rfind("/news/", 0) == 0) return Html("notice");
    return NotFound();
  };
  struct Row {
    const char* name;
    CrawlOptions options;
    // limit -> its value; the page limit also caps the queue at twice it.
    std::map<std::string, int> limits;
    int count;  // distinct URLs: each is linked twice
  } rows[] = {
      {"trap cap", NoRetries(), {{"trap", 10}}, 40},
      {"depth", NoRetries(), {{"max-depth", 0}}, 50},
      {"pages", NoRetries(), {{"max-pages", 11}, {"queue", 22}}, 40},
  };
  rows[0].options.max_per_pattern = 10;
  rows[1].options.max_depth = 0;
  rows[2].options.max_pages = 11;
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    testing::TempDir tmp;
    Result<std::unique_ptr<store::Store>> db =
        store::Store::Open(tmp.Sub("db"));
    ASSERT_TRUE(db.ok());
    FakeFetcher fetcher(site);
    Result<CrawlSummary> s = CrawlStore(db->get(), fetcher, row.options);
    ASSERT_TRUE(s.ok()) << s.status().message();
    EXPECT_TRUE(s->limit_reached);
    Result<std::optional<store::CrawlState>> state = (*db)->LoadCrawlState();
    ASSERT_TRUE(state.ok() && state->has_value());
    int counted = 0;
    for (const store::LeftOutTally& t : (*state)->left_out) {
      EXPECT_EQ(t.site, (*state)->left_out[0].site);
      ASSERT_EQ(row.limits.count(t.limit), 1u) << t.limit;
      EXPECT_EQ(t.limit_value, row.limits.at(t.limit));
      EXPECT_NE(t.pattern.find("/news/0/notice-0.html"), std::string::npos)
          << t.pattern;
      EXPECT_NE(t.example.find("/news/"), std::string::npos) << t.example;
      counted += t.count;
    }
    EXPECT_EQ(counted, row.count);
  }
}

// A host whose every page fails is given up after kHostFailuresInARow
// pages: the rest are recorded at once, not checked, findings kept.
TEST_F(CrawlEngineTest, HostThatFailsEveryRequestIsGivenUp) {
  constexpr int kPages = 40;
  auto site = [](const std::string& url) -> std::optional<FetchResponse> {
    const std::string path = url.substr(std::string(kSite).size());
    if (path == "/") {
      std::string links;
      for (int i = 0; i < kPages; ++i) {
        links += "<a href=/p/" + std::to_string(i) + ">p</a> ";
      }
      return Html(links);
    }
    if (path.rfind("/p/", 0) == 0)
      return Html("p" + path.substr(3) + "@school.in");
    return NotFound();
  };
  struct Row {
    const char* name;
    std::function<FetchResponse(int page)> answer;
    bool given_up;
    std::string reason;
  } rows[] = {
      {"every page 500", [](int) { return Status(500); }, true, "HTTP 500"},
      {"every page 503", [](int) { return Status(503); }, true, "HTTP 503"},
      {"every page reset", [](int) { return Status(0); }, true,
       "Connection reset by peer"},
      // An answer now and then: the host is not failing. (The pages are
      // re-seeded in URL order, /p/0, /p/1, /p/10...: at most 7 fail in a
      // row.)
      {"every fifth page answers",
       [](int i) { return i % 5 == 4 ? Html("ok") : Status(500); }, false, ""},
      {"404s are answers",
       [](int i) { return i % 2 ? Status(404) : Status(500); }, false, ""},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    testing::TempDir tmp;
    std::unique_ptr<store::Store> db = CrawledOnce(tmp.Sub("db"), site);
    ASSERT_NE(db, nullptr);
    FakeFetcher broken(
        [&](const std::string& url) -> std::optional<FetchResponse> {
          const std::string path = url.substr(std::string(kSite).size());
          if (path == "/robots.txt" || path == "/sitemap.xml")
            return NotFound();
          if (path == "/") return Status(500);
          return row.answer(std::stoi(path.substr(3)));
        });
    Result<CrawlSummary> s = CrawlStore(db.get(), broken, NoRetries());
    ASSERT_TRUE(s.ok());
    EXPECT_TRUE(s->finished);
    int requested = 0, given_up = 0;
    for (int i = 0; i < kPages; ++i) {
      const std::string url = kSite + std::string("/p/") + std::to_string(i);
      requested += broken.Count(url);
      auto page = db->GetPage(url);
      ASSERT_TRUE(page.ok() && page->has_value()) << url;
      EXPECT_EQ((*page)->generation, 2u) << url;
      if ((*page)->status == store::PageStatus::kFailed) {
        EXPECT_TRUE(HasAddress(*page, "p" + std::to_string(i) + "@school.in"))
            << url;
      }
      given_up += (*page)->error.find("host failing") != std::string::npos;
    }
    if (row.given_up) {
      // The start page and 9 more fail in a row; --concurrency 2 may have
      // one more in flight.
      EXPECT_LE(requested, kHostFailuresInARow - 1 + 1);
      EXPECT_EQ(given_up, kPages - requested);
      auto last =
          db->GetPage(kSite + std::string("/p/") + std::to_string(kPages - 1));
      EXPECT_EQ((*last)->error,
                "host failing (10 pages in a row: " + row.reason + ")");
    } else {
      EXPECT_EQ(requested, kPages);
      EXPECT_EQ(given_up, 0);
    }
  }
}

}  // namespace
}  // namespace domex::crawler
