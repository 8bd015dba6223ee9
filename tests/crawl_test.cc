// Integration tests of the crawl engine against a real nginx on loopback,
// serving tests/fixtures/school as two virtual hosts.
#include "crawler/crawl.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "reports/crawl_report.h"
#include "store/store.h"
#include "tests/nginx_server.h"
#include "tests/school_site.h"
#include "tests/testing.h"

namespace domex {
namespace {

using crawler::CrawlOptions;
using crawler::CrawlSummary;
using testing::LoggedRequest;
using testing::NginxServer;
using testing::TempDir;

class CrawlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    site_ = testing::SchoolSite::Start();
    ASSERT_NE(site_, nullptr);
    nginx_ = &site_->nginx();
    db_ = tmp_.Sub("db");
  }

  std::string WwwUrl(const std::string& path) const {
    return site_->WwwUrl(path);
  }

  Result<CrawlSummary> Crawl(CrawlOptions options) {
    Result<std::unique_ptr<store::Store>> db = store::Store::Open(db_);
    if (!db.ok()) return db.status();
    std::unique_ptr<crawler::Fetcher> fetcher = crawler::NewCurlFetcher();
    crawler::Crawler crawler(fetcher.get(), db->get(), options);
    return crawler.Run({WwwUrl("/")});
  }

  static CrawlOptions FastOptions() {
    CrawlOptions o;
    o.delay_ms = 0;
    o.timeout_ms = 5000;
    o.max_per_pattern = 10;
    return o;
  }

  reports::CrawlReport Report() {
    Result<std::unique_ptr<store::Store>> db = store::Store::OpenReadOnly(db_);
    EXPECT_TRUE(db.ok()) << db.status().message();
    std::vector<store::PageRecord> pages;
    EXPECT_TRUE((*db)
                    ->ForEachPage([&](const store::PageRecord& p) {
                      pages.push_back(p);
                      return true;
                    })
                    .ok());
    auto state = (*db)->LoadCrawlState();
    EXPECT_TRUE(state.ok() && state->has_value());
    return reports::BuildCrawlReport(pages, **state);
  }

  static std::map<std::string, std::vector<std::string>> FormsByAddress(
      const reports::CrawlReport& r) {
    std::map<std::string, std::vector<std::string>> out;
    for (const auto& a : r.addresses) out[a.address] = a.forms;
    return out;
  }

  int CountTarget(const std::string& target) const {
    return site_->CountTarget(target);
  }

  TempDir tmp_;
  std::unique_ptr<testing::SchoolSite> site_;
  NginxServer* nginx_ = nullptr;
  std::string db_;
};

TEST_F(CrawlTest, FindsEveryReachableAddressAndRespectsTheRules) {
  Result<CrawlSummary> s = Crawl(FastOptions());
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_TRUE(s->finished);
  reports::CrawlReport report = Report();
  auto forms = FormsByAddress(report);

  // Pages reached by links, the redirect, the subdomain vhost, the gzip
  // sitemap index, the latin-1 page, the PDF and the 429-limited section.
  const std::map<std::string, std::vector<std::string>> expected = {
      {"office@fixture-school.in", {"mailto", "text"}},
      {"about@fixture-school.in", {"entity"}},
      {"open@fixture-school.in", {"text"}},
      {"moved@fixture-school.in", {"text"}},
      {"staffroom@fixture-school.in", {"mailto"}},
      {"deputy@fixture-school.in", {"mailto"}},
      {"sitemap-only@fixture-school.in", {"text"}},
      {"sekretariat@fixture-school.in", {"text"}},
      {"handbook@fixture-school.in", {"document"}},
      {"busy-a@fixture-school.in", {"text"}},
      {"busy-b@fixture-school.in", {"text"}},
      {"clerk@fixture-school.in", {"text"}},  // a linked CSV file
  };
  EXPECT_EQ(forms, expected) << "every address, its forms, and nothing else";
  // Robots: Disallow /private/ wins for secret.html, the longer Allow wins
  // for open.html; the disallowed page is never requested.
  EXPECT_FALSE(forms.count("secret@fixture-school.in"));
  EXPECT_EQ(CountTarget("/private/secret.html"), 0);
  EXPECT_EQ(report.robots_skipped,
            std::vector<std::string>{WwwUrl("/private/secret.html")});
  // Out of scope: recorded, never requested.
  for (const LoggedRequest& r : nginx_->Log()) {
    EXPECT_NE(r.host, "evil.localhost") << r.target;
    EXPECT_NE(r.host, "elsewhere.localhost") << r.target;
  }
  for (const char* path : {"/harvest.html", "/landing.html"}) {
    EXPECT_TRUE(std::count(report.external_links.begin(),
                           report.external_links.end(),
                           nginx_->Url(path, "evil.localhost")))
        << path << " (a link and a redirect out of scope) not recorded";
  }
  // The missing page is a broken link, not a page left unchecked.
  EXPECT_EQ(report.failed_pages.size(), 0u);
  ASSERT_EQ(report.missing_pages.size(), 1u);
  EXPECT_EQ(report.missing_pages[0].url, WwwUrl("/missing.html"));
  EXPECT_EQ(report.missing_pages[0].reason, "HTTP 404");
  // The trap is capped (10 URLs per pattern) and assets are never fetched.
  int calendar = 0, days = 0;
  for (const LoggedRequest& r : nginx_->Log()) {
    calendar += r.target.rfind("/calendar?month", 0) == 0;
    days += r.target.rfind("/calendar?day", 0) == 0;
    EXPECT_NE(r.target, "/logo@2x.png");
  }
  EXPECT_GE(calendar, 5);
  EXPECT_LE(calendar, 10);
  EXPECT_EQ(days, 10) << "30 links on one page, capped at 10 per pattern";
  EXPECT_TRUE(s->limit_reached);
}

TEST_F(CrawlTest, BacksOffOn429AndHonoursRetryAfter) {
  ASSERT_TRUE(Crawl(FastOptions()).ok());
  std::vector<LoggedRequest> busy;
  for (const LoggedRequest& r : nginx_->Log()) {
    if (r.target == "/busy/a.html" || r.target == "/busy/b.html" ||
        r.target == "/busy/") {
      busy.push_back(r);
    }
  }
  auto first_429 = std::find_if(busy.begin(), busy.end(),
                                [](const auto& r) { return r.status == 429; });
  ASSERT_NE(first_429, busy.end()) << "the limiter never answered 429";
  auto retry = std::find_if(first_429 + 1, busy.end(), [&](const auto& r) {
    return r.target == first_429->target && r.status == 200;
  });
  ASSERT_NE(retry, busy.end()) << "the 429'd page was not retried";
  EXPECT_GE(retry->msec - first_429->msec, 1.9) << "Retry-After: 2 ignored";
}

TEST_F(CrawlTest, RecrawlSendsConditionalRequestsAndReusesFindings) {
  ASSERT_TRUE(Crawl(FastOptions()).ok());
  auto first = FormsByAddress(Report());
  size_t before = nginx_->Log().size();

  Result<CrawlSummary> again = Crawl(FastOptions());
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_FALSE(again->resumed);
  EXPECT_GT(again->pages_not_modified, 5);
  std::vector<LoggedRequest> log = nginx_->Log();
  int not_modified = 0;
  for (size_t i = before; i < log.size(); ++i) {
    not_modified += log[i].status == 304;
  }
  EXPECT_GT(not_modified, 5);
  EXPECT_EQ(FormsByAddress(Report()), first) << "304 pages lost findings";
}

TEST_F(CrawlTest, FailureOnRecrawlKeepsEarlierFindings) {
  ASSERT_TRUE(Crawl(FastOptions()).ok());
  // Now over the body limit (10 MiB): a page that cannot be checked.
  testing::WriteFile(site_->WwwDir() + "/about.html",
                     std::string(11 << 20, ' '));
  ASSERT_TRUE(Crawl(FastOptions()).ok());

  reports::CrawlReport report = Report();
  auto about = std::find_if(
      report.addresses.begin(), report.addresses.end(),
      [](const auto& a) { return a.address == "about@fixture-school.in"; });
  ASSERT_NE(about, report.addresses.end()) << "earlier finding dropped";
  EXPECT_FALSE(about->seen()) << "not seen this time, so not reported as seen";
  EXPECT_EQ(about->not_checked_pages,
            std::vector<std::string>{WwwUrl("/about.html")});
  bool listed = false;
  for (const auto& p : report.failed_pages) {
    listed |= p.url == WwwUrl("/about.html") &&
              p.reason == "larger than 10485760 bytes";
  }
  EXPECT_TRUE(listed) << "the page is listed as not checked";
  auto db = store::Store::OpenReadOnly(db_);
  ASSERT_TRUE(db.ok());
  auto page = (*db)->GetPage(WwwUrl("/about.html"));
  ASSERT_TRUE(page.ok() && page->has_value());
  EXPECT_EQ((*page)->status, store::PageStatus::kFailed);
  ASSERT_EQ((*page)->addresses.size(), 1u) << "earlier findings erased";
  EXPECT_EQ((*page)->addresses[0].address, "about@fixture-school.in");
  EXPECT_FALSE((*page)->etag.empty()) << "validators kept for next time";
}

// A page deleted since (404) is the server's word that it is gone: so is
// what was on it, and the report lists it as a broken link.
TEST_F(CrawlTest, DeletedPageIsMissingAndItsAddressesAreGone) {
  ASSERT_TRUE(Crawl(FastOptions()).ok());
  std::filesystem::remove(site_->WwwDir() + "/about.html");
  Result<CrawlSummary> s = Crawl(FastOptions());
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->crawl_pages_failed, 0) << "a 404 is an answer";

  reports::CrawlReport report = Report();
  for (const auto& a : report.addresses) {
    EXPECT_NE(a.address, "about@fixture-school.in");
  }
  bool listed = false;
  for (const auto& p : report.missing_pages) {
    listed |= p.url == WwwUrl("/about.html") && p.reason == "HTTP 404";
  }
  EXPECT_TRUE(listed) << "the page is listed as missing";
  for (const auto& p : report.failed_pages) {
    EXPECT_NE(p.url, WwwUrl("/about.html")) << "listed as not checked";
  }
  auto db = store::Store::OpenReadOnly(db_);
  ASSERT_TRUE(db.ok());
  auto page = (*db)->GetPage(WwwUrl("/about.html"));
  ASSERT_TRUE(page.ok() && page->has_value());
  EXPECT_EQ((*page)->status, store::PageStatus::kMissing);
  EXPECT_TRUE((*page)->addresses.empty());
}

TEST_F(CrawlTest, PageLimitListsWhatItLeftOut) {
  CrawlOptions o = FastOptions();
  o.max_pages = 3;
  Result<CrawlSummary> s = Crawl(o);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_TRUE(s->finished);
  EXPECT_TRUE(s->limit_reached);
  reports::CrawlReport report = Report();
  EXPECT_TRUE(report.limit_reached);
  EXPECT_EQ(report.fetched, 3);
  int limited = 0;
  for (const auto& p : report.failed_pages) {
    limited += p.reason.find("--max-pages") != std::string::npos;
  }
  EXPECT_GT(limited, 0) << "pages left out must show as not checked";
}

TEST_F(CrawlTest, IgnoreRobotsReadsDisallowedPagesAndSaysSo) {
  CrawlOptions o = FastOptions();
  o.ignore_robots = true;
  ASSERT_TRUE(Crawl(o).ok());
  reports::CrawlReport report = Report();
  EXPECT_TRUE(report.ignored_robots);
  auto forms = FormsByAddress(report);
  EXPECT_TRUE(forms.count("secret@fixture-school.in"));
  EXPECT_TRUE(forms.count("sitemap-only@fixture-school.in"))
      << "robots.txt Sitemap lines are still followed";
  EXPECT_TRUE(report.robots_skipped.empty());
}

TEST_F(CrawlTest, TimeLimitStopsResumablyAndTheRerunFinishes) {
  CrawlOptions slow = FastOptions();
  slow.delay_ms = 400;  // about 20 requests: well over the 1 s limit
  slow.max_time_s = 1;
  Result<CrawlSummary> first = Crawl(slow);
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_FALSE(first->finished);
  EXPECT_FALSE(Report().finished);

  Result<CrawlSummary> rest = Crawl(FastOptions());
  ASSERT_TRUE(rest.ok()) << rest.status().message();
  EXPECT_TRUE(rest->resumed);
  EXPECT_TRUE(rest->finished);
  reports::CrawlReport report = Report();
  EXPECT_TRUE(report.finished);
  EXPECT_TRUE(FormsByAddress(report).count("sitemap-only@fixture-school.in"));
  EXPECT_EQ(CountTarget("/about.html"), 1) << "fetched once across both runs";
}

TEST_F(CrawlTest, UnreachableSiteIsNotCheckedNotEmpty) {
  CrawlOptions o = FastOptions();
  o.max_retries = 0;
  Result<std::unique_ptr<store::Store>> db = store::Store::Open(db_);
  ASSERT_TRUE(db.ok());
  std::unique_ptr<crawler::Fetcher> fetcher = crawler::NewCurlFetcher();
  crawler::Crawler crawler(fetcher.get(), db->get(), o);
  const std::string dead = testing::DeadLoopbackEndpoint();
  Result<CrawlSummary> s = crawler.Run({"http://" + dead + "/"});
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->pages_failed, 1);
  db->reset();
  reports::CrawlReport report = Report();
  EXPECT_EQ(report.failed, 1);
  EXPECT_EQ(report.fetched, 0);
  ASSERT_EQ(report.failed_pages.size(), 1u);
  EXPECT_NE(report.failed_pages[0].reason.find("robots.txt unavailable"),
            std::string::npos)
      << report.failed_pages[0].reason;
}

// HTTPS through a real TLS server: an http start URL redirects to https on
// the same site, certificates are verified (a CA file can be added), and a
// site whose certificate fails verification is "not checked".
TEST(CrawlHttpsTest, CrawlsOverTlsAndTreatsBadCertificatesAsNotChecked) {
  TempDir tmp;
  const std::string root = tmp.Sub("www");
  testing::WriteFile(root + "/index.html",
                     "<p>tls@tls-school.in</p><a href=/two.html>two</a>");
  testing::WriteFile(root + "/two.html", "<p>two@tls-school.in</p>");
  const std::string cert = tmp.Sub("cert.pem"), key = tmp.Sub("key.pem");
  testing::CommandResult made = testing::RunCommand(
      {"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
       "-keyout", key, "-out", cert, "-days", "2", "-subj",
       "/CN=www.tls-school.localhost", "-addext",
       "subjectAltName=DNS:www.tls-school.localhost"});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  const int tls_port = testing::FreeLoopbackPort();
  const std::string tls_origin =
      "https://www.tls-school.localhost:" + std::to_string(tls_port);
  auto nginx = NginxServer::Start(
      root, "return 301 " + tls_origin + "$request_uri;",
      "server { listen 127.0.0.1:" + std::to_string(tls_port) +
          " ssl; ssl_certificate " + cert + "; ssl_certificate_key " + key +
          "; root " + root + "; }");
  ASSERT_NE(nginx, nullptr);

  auto crawl = [&](const std::string& db, const std::string& ca_file) {
    auto store = store::Store::Open(db);
    EXPECT_TRUE(store.ok());
    std::unique_ptr<crawler::Fetcher> fetcher = crawler::NewCurlFetcher();
    CrawlOptions o;
    o.delay_ms = 0;
    o.max_retries = 0;
    o.ca_file = ca_file;
    crawler::Crawler crawler(fetcher.get(), store->get(), o);
    return crawler.Run({nginx->Url("/", "www.tls-school.localhost")});
  };
  Result<CrawlSummary> trusted = crawl(tmp.Sub("db1"), cert);
  ASSERT_TRUE(trusted.ok()) << trusted.status().message();
  EXPECT_EQ(trusted->pages_fetched, 2);
  EXPECT_EQ(trusted->pages_failed, 0);

  Result<CrawlSummary> untrusted = crawl(tmp.Sub("db2"), "");
  ASSERT_TRUE(untrusted.ok()) << untrusted.status().message();
  EXPECT_EQ(untrusted->pages_fetched, 0);
  EXPECT_EQ(untrusted->pages_failed, 1) << "the https page is not checked";
  auto db = store::Store::OpenReadOnly(tmp.Sub("db2"));
  ASSERT_TRUE(db.ok());
  std::string reason;
  ASSERT_TRUE((*db)
                  ->ForEachPage([&](const store::PageRecord& p) {
                    if (p.status == store::PageStatus::kFailed)
                      reason = p.error;
                    return true;
                  })
                  .ok());
  EXPECT_NE(reason.find("certificate"), std::string::npos) << reason;
}

// A page fetched but not read (an unreadable PDF, a document domex does not
// examine) must not leave validators behind: nginx answers 304 to a
// conditional request, and a 304 would then make a page whose content was
// never read "checked, no addresses". Each crawl must say "not checked".
struct UnreadCase {
  std::string path;
  std::string body;
  std::string reason;  // in the recorded error, both crawls
};

TEST(CrawlValidatorsTest, PageNeverReadIsNotRevalidatedBy304) {
  const std::vector<UnreadCase> cases = {
      {"/broken.pdf", "%PDF-1.4\nnot really a PDF\n", "unreadable PDF"},
      {"/form.docx", "PK\x03\x04 an office document", "not examined"},
  };
  TempDir tmp;
  const std::string root = tmp.Sub("www");
  std::string index;
  for (const UnreadCase& c : cases) {
    testing::WriteFile(root + c.path, c.body);
    index += "<a href=" + c.path + ">x</a>";
  }
  testing::WriteFile(root + "/index.html", index);
  auto nginx = NginxServer::Start(root);
  ASSERT_NE(nginx, nullptr);
  auto crawl = [&] {
    auto db = store::Store::Open(tmp.Sub("db"));
    EXPECT_TRUE(db.ok());
    std::unique_ptr<crawler::Fetcher> fetcher = crawler::NewCurlFetcher();
    CrawlOptions o;
    o.delay_ms = 0;
    crawler::Crawler crawler(fetcher.get(), db->get(), o);
    return crawler.Run({nginx->Url("/")});
  };
  for (int run = 1; run <= 2; ++run) {
    Result<CrawlSummary> s = crawl();
    ASSERT_TRUE(s.ok()) << s.status().message();
    EXPECT_EQ(s->crawl_pages_failed, static_cast<int>(cases.size()))
        << "crawl " << run;
    auto db = store::Store::OpenReadOnly(tmp.Sub("db"));
    ASSERT_TRUE(db.ok());
    for (const UnreadCase& c : cases) {
      auto page = (*db)->GetPage(nginx->Url(c.path));
      ASSERT_TRUE(page.ok() && page->has_value()) << c.path;
      EXPECT_EQ((*page)->status, store::PageStatus::kFailed)
          << c.path << " in crawl " << run << ": HTTP " << (*page)->http_status;
      EXPECT_NE((*page)->error.find(c.reason), std::string::npos)
          << (*page)->error;
      EXPECT_TRUE((*page)->etag.empty() && (*page)->last_modified.empty())
          << c.path << ": validators of a page never read";
    }
  }
  // The second crawl asked for the unread pages unconditionally: 200, no 304.
  for (const LoggedRequest& r : nginx->Log()) {
    for (const UnreadCase& c : cases) {
      if (r.target == c.path) {
        EXPECT_EQ(r.status, 200) << c.path;
      }
    }
  }
}

// RFC 9309 §2.5: the first 500 KiB of a larger robots.txt still apply.
TEST(CrawlRobotsTest, LargeRobotsTxtIsReadUpTo500KiB) {
  TempDir tmp;
  const std::string root = tmp.Sub("www");
  std::string robots = "User-agent: *\nDisallow: /private/\n";
  while (robots.size() < 600 * 1024) {
    robots += "# padding padding padding padding padding padding padding\n";
  }
  robots += "Disallow: /late/\n";  // past 500 KiB: ignored
  testing::WriteFile(root + "/robots.txt", robots);
  testing::WriteFile(root + "/index.html",
                     "<a href=/private/a.html>a</a><a href=/late/b.html>b</a>");
  testing::WriteFile(root + "/private/a.html", "private@school-one.in");
  testing::WriteFile(root + "/late/b.html", "late@school-one.in");
  auto nginx = NginxServer::Start(root);
  ASSERT_NE(nginx, nullptr);

  Result<std::unique_ptr<store::Store>> db = store::Store::Open(tmp.Sub("db"));
  ASSERT_TRUE(db.ok());
  std::unique_ptr<crawler::Fetcher> fetcher = crawler::NewCurlFetcher();
  CrawlOptions o;
  o.delay_ms = 0;
  crawler::Crawler crawler(fetcher.get(), db->get(), o);
  Result<CrawlSummary> s = crawler.Run({nginx->Url("/")});
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->pages_skipped_robots, 1);
  EXPECT_EQ(nginx->CountRequests("/private/a.html"), 0);
  EXPECT_EQ(nginx->CountRequests("/late/b.html"), 1);
}

}  // namespace
}  // namespace domex
