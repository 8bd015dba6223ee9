// Unit tests of the crawl engine: a scripted in-memory Fetcher (no network,
// no clock beyond --max-time) and a real store in a temporary directory.
#include "crawler/crawl.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "store/store.h"
#include "tests/testing.h"

namespace domex::crawler {
namespace {

// Answers from a handler: a response, or nullopt for a transfer that never
// ends (a server that sent its headers and stalls). Callbacks run from
// Poll, as with the real fetcher.
class FakeFetcher : public Fetcher {
 public:
  using Handler = std::function<std::optional<FetchResponse>(const std::string&)>;
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
  if (path == "/a.html") return Html("a@school.test");
  if (path == "/slow.html") return Html("slow@school.test");
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
  if (path == "/") return Html("office@school.test");
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

}  // namespace
}  // namespace domex::crawler
