// End to end (issue 8, second round): "gone" means the address is no longer
// on a page that was checked this time, and "not checked" is never "no
// addresses". A fault-injecting server (tests/fault_http_server.h) serves a
// small site; a first `domex scan` finds an address on /victim.html, then
// the site changes and later scans must say what really happened:
//
// - a page that now redirects is checked only when its in-scope target was
//   checked in the same crawl (a redirect out of scope is checked: the
//   content left the site); otherwise its address stays, not checked;
// - a page robots.txt now disallows, a host whose robots.txt is
//   unavailable, and a page the limits leave out keep their addresses, not
//   checked (a harvester ignores robots.txt and limits);
// - a page that answers 404 or 410 is the server's own word: its address is
//   gone, and the URL is listed as a broken link, not as "not checked";
// - a host that fails every request is given up after a few pages in a
//   row, its other pages recorded "not checked" at once (their addresses
//   kept), instead of trying each with back-offs until --max-time.
//
// Addresses are at gmail.com, a public mail provider, so the scans check no
// lookalikes (no DNS); the nameserver is a black hole all the same.
#include <gtest/gtest.h>

#include <functional>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "store/store.h"
#include "tests/child.h"
#include "tests/fault_http_server.h"
#include "tests/private_network.h"
#include "tests/report_json.h"
#include "tests/testing.h"

namespace domex {
namespace {

using testing::FaultConnection;
using testing::FaultHttpServer;
using testing::FaultRequest;
using testing::MeasuredRun;
using testing::Serve;
using testing::TempDir;

[[maybe_unused]] ::testing::Environment* const kPrivateNetwork =
    ::testing::AddGlobalTestEnvironment(new testing::PrivateNetworkEnvironment);

constexpr char kHost[] = "www.truth.localhost";
constexpr char kVictim[] = "victim.truth@gmail.com";
constexpr char kOther[] = "other.truth@gmail.com";
constexpr char kAllowAll[] = "User-agent: *\nAllow: /\n";

std::string Html(const std::string& body) {
  return "<!doctype html><html><body>" + body + "</body></html>";
}

bool Has(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

std::string Location(const std::string& to) { return "Location: " + to; }

// The value of `key` in a JSON object's text (as written: strings quoted).
std::string Field(const std::string& object, const std::string& key) {
  const std::string tag = "\"" + key + "\": ";
  const size_t at = object.find(tag);
  if (at == std::string::npos) return "";
  const size_t begin = at + tag.size();
  const size_t end = object.find_first_of(",\n", begin);
  return object.substr(begin, end - begin);
}

// The "reason" of `url` in the top-level array `array` ("failed_pages",
// "missing_pages"), or "" when it is not listed there.
std::string Reason(const std::string& json, const std::string& array,
                   const std::string& url) {
  const std::string head = "\n  \"" + array + "\": [";
  const size_t from = json.find(head);
  if (from == std::string::npos || json[from + head.size()] == ']') return "";
  const size_t end = json.find("\n  ]", from);
  const size_t at = json.find("\"url\": \"" + url + "\"", from);
  if (at == std::string::npos || at > end) return "";
  return Field(json.substr(at, json.find('}', at) - at), "reason");
}

class Site {
 public:
  Site() : server_(FaultHttpServer::Start()) {
    if (!server_) return;
    server_->Handle("/robots.txt", Serve(200, "text/plain", kAllowAll));
    Index("<a href=/victim.html>v</a> <a href=/other.html>o</a>");
    server_->Handle("/victim.html", Serve(200, "text/html", Html(kVictim)));
    server_->Handle("/other.html", Serve(200, "text/html", Html(kOther)));
  }
  bool ok() const { return server_ != nullptr; }
  FaultHttpServer& server() { return *server_; }
  std::string Url(const std::string& path) const {
    return server_->Url(path, kHost);
  }
  void Index(const std::string& body) {
    server_->Handle("/", Serve(200, "text/html", Html(body)));
  }
  void Victim(int status, std::vector<std::string> headers = {},
              const std::string& body = "") {
    server_->Handle("/victim.html", Serve(status, "text/html", body, headers));
  }
  void Robots(const std::string& rules) {
    server_->Handle("/robots.txt", Serve(200, "text/plain", rules));
  }

 private:
  std::unique_ptr<FaultHttpServer> server_;
};

// What the scans after the first must say of kVictim.
enum class Expect {
  kNotChecked,  // "present", not seen on a checked page; reason listed
  kGone,        // "gone"
  kMissing,     // "gone", and /victim.html listed as a missing page
  kSeen,        // "present", seen on a checked page
};

struct TruthCase {
  std::string name;
  std::function<void(Site&)> change;
  std::string crawl_settings;  // more [crawl] lines for the later scans
  int later_scans;             // how many scans after the change
  int exit_code;               // of the last scan
  Expect expect;
  std::string reason;         // kNotChecked, kMissing: in the victim's reason
  bool other_checked = true;  // /other.html checked in the last scan
};

std::ostream& operator<<(std::ostream& os, const TruthCase& c) {
  return os << c.name;
}

class FindingsTruthTest : public ::testing::TestWithParam<TruthCase> {
 protected:
  MeasuredRun Scan(const std::string& crawl_settings) {
    testing::WriteFile(
        tmp_.Sub("scan.toml"),
        "[crawl]\ndelay = 0\ntimeout = 5000\n" + crawl_settings +
            "\n[dns]\nnameservers = [\"" + black_hole_.Address() +
            "\"]\ntimeout = 200\nretries = 0\n"
            "[[institution]]\nname = \"Truth School\"\nsites = [\"" +
            site_.Url("/") + "\"]\n");
    MeasuredRun run = testing::RunMeasured(
        {testing::DomexBinary(), "scan", "--config", tmp_.Sub("scan.toml"),
         "--db", tmp_.Sub("db"), "--format", "json"},
        240);
    std::cout << "[measured] scan: " << run.seconds << " s, peak RSS "
              << run.max_rss_kb / 1024 << " MiB, exit " << run.exit_code
              << "\n";
    return run;
  }

  TempDir tmp_;
  testing::BlackHole black_hole_;
  Site site_;
};

TEST_P(FindingsTruthTest, GoneOnlyWhenACheckedPageSaysSo) {
  const TruthCase& tc = GetParam();
  ASSERT_TRUE(site_.ok());
  MeasuredRun first = Scan("");
  ASSERT_EQ(first.exit_code, 0) << first.err << first.out;
  ASSERT_EQ(Field(testing::Item(first.out, "address", kVictim), "status"),
            "\"new\"")
      << first.out;

  tc.change(site_);
  MeasuredRun last;
  for (int i = 0; i < tc.later_scans; ++i) {
    last = Scan(tc.crawl_settings);
    ASSERT_FALSE(last.timed_out);
    // No scan in between may call it gone, then bring it back.
    if (tc.expect == Expect::kNotChecked) {
      EXPECT_FALSE(Has(last.out, "\"status\": \"gone\"")) << last.out;
    }
  }
  EXPECT_EQ(last.exit_code, tc.exit_code) << last.err;
  const std::string victim = testing::Item(last.out, "address", kVictim);
  const std::string url = site_.Url("/victim.html");
  const std::string failed = Reason(last.out, "failed_pages", url);
  switch (tc.expect) {
    case Expect::kNotChecked:
      EXPECT_EQ(Field(victim, "status"), "\"present\"") << last.out;
      EXPECT_EQ(Field(victim, "seen_on_checked_page"), "false") << victim;
      EXPECT_TRUE(Has(victim, "\"" + url + "\"")) << victim;
      EXPECT_TRUE(Has(failed, tc.reason))
          << "reason of " << url << ": " << failed << "\n"
          << last.out;
      break;
    case Expect::kSeen:
      EXPECT_EQ(Field(victim, "status"), "\"present\"") << last.out;
      EXPECT_EQ(Field(victim, "seen_on_checked_page"), "true") << victim;
      break;
    case Expect::kGone:
    case Expect::kMissing:
      EXPECT_EQ(Field(victim, "status"), "\"gone\"") << last.out;
      EXPECT_EQ(failed, "") << "a checked page is not 'not checked'";
      break;
  }
  if (tc.expect == Expect::kMissing) {
    EXPECT_TRUE(Has(Reason(last.out, "missing_pages", url), tc.reason))
        << last.out;
  }
  // The page that stayed healthy was checked (or, when the limits left it
  // out too, kept as not checked).
  EXPECT_EQ(
      Field(testing::Item(last.out, "address", kOther), "seen_on_checked_page"),
      tc.other_checked ? "true" : "false")
      << last.out;
}

std::vector<TruthCase> Cases() {
  return {
      // 1. A page that now redirects.
      {"RedirectToAFailingPage",
       [](Site& s) {
         s.Victim(301, {Location("/moved.html")});
         s.server().Handle("/moved.html", Serve(500, "text/html", "oops"));
       },
       "", 1, 1, Expect::kNotChecked, "HTTP 500"},
      {"RedirectLoop",
       [](Site& s) {
         s.Victim(302, {Location("/loop-a")});
         s.server().Handle("/loop-a",
                           Serve(302, "", "", {Location("/loop-b")}));
         s.server().Handle("/loop-b",
                           Serve(302, "", "", {Location("/loop-a")}));
       },
       "", 1, 1, Expect::kNotChecked, "redirect loop"},
      {"RedirectChainTooLong",
       [](Site& s) {
         s.Victim(302, {Location("/chain/0")});
         s.server().HandlePrefix("/chain/", [](const FaultRequest& r,
                                               FaultConnection& c) {
           const int n = std::stoi(r.path.substr(7));
           c.Respond(302, {Location("/chain/" + std::to_string(n + 1))}, "");
         });
       },
       "", 1, 1, Expect::kNotChecked, "too many redirects"},
      {"RedirectToAPageRobotsDisallows",
       [](Site& s) {
         s.Victim(301, {Location("/private/moved.html")});
         s.Robots("User-agent: *\nDisallow: /private/\n");
         s.server().Handle("/private/moved.html",
                           Serve(200, "text/html", Html(kVictim)));
       },
       "", 1, 1, Expect::kNotChecked, "disallowed by robots.txt"},
      {"RedirectToAPageLeftOutByLimits",  // the trap cap drops the target
       [](Site& s) {
         s.Index(
             "<a href=/victim.html>v</a> <a href=/other.html>o</a> "
             "<a href=/n/1.html>1</a>");
         s.server().HandlePrefix("/n/", Serve(200, "text/html", Html("n")));
         s.Victim(301, {Location("/n/2.html")});
       },
       // One request at a time: the index (linking /n/1.html) is read
       // before the re-seeded /victim.html, so the cap drops its target.
       "max_per_pattern = 1\nconcurrency = 1", 2, 1, Expect::kNotChecked,
       "left out"},
      {"RedirectOutOfScope",  // the content left the site: checked
       [](Site& s) { s.Victim(301, {Location("http://elsewhere.example/v")}); },
       "", 1, 0, Expect::kGone, ""},
      {"RedirectToACheckedPageWithoutIt",
       [](Site& s) {
         s.Victim(301, {Location("/moved.html")});
         s.server().Handle("/moved.html",
                           Serve(200, "text/html", Html("nobody")));
       },
       "", 1, 0, Expect::kGone, ""},
      // 2. Pages a harvester still reads that domex did not.
      {"NowDisallowedByRobots",
       [](Site& s) { s.Robots("User-agent: *\nDisallow: /victim.html\n"); }, "",
       2, 1, Expect::kNotChecked, "disallowed by robots.txt"},
      {"RobotsTxtUnavailable",
       [](Site& s) {
         s.server().Handle("/robots.txt", Serve(500, "text/plain", "down"));
       },
       "", 2, 1, Expect::kNotChecked, "robots.txt unavailable", false},
      {"LeftOutByMaxDepthTwice", [](Site&) {}, "max_depth = 0", 2, 1,
       Expect::kNotChecked, "left out by --max-depth", false},
      {"LeftOutByMaxPagesTwice", [](Site&) {}, "max_pages = 1", 2, 1,
       Expect::kNotChecked, "--max-pages", false},
      {"LinkedOnlyFromAFailingPage",
       [](Site& s) {
         // The start page now fails: the pages it linked to are still
         // there, and checked.
         s.server().Handle("/", Serve(500, "text/html", "oops"));
       },
       "", 2, 1, Expect::kSeen, ""},
      // 3. A page no longer reached from the start URL: a harvester that
      // kept its URL still reads it, so it is checked again.
      {"NoLongerLinked", [](Site& s) { s.Index("<a href=/other.html>o</a>"); },
       "", 1, 0, Expect::kSeen, ""},
      {"StartPage404",  // the site's own pages are still there
       [](Site& s) {
         s.server().Handle("/", Serve(404, "text/html", Html("not found")));
       },
       "", 1, 1, Expect::kSeen, ""},
      // A start URL that does not answer 2xx/3xx: the site was not checked,
      // so even a 404 elsewhere on it cannot make an address gone.
      {"StartPage500",
       [](Site& s) {
         s.server().Handle("/", Serve(500, "text/html", "oops"));
         s.Victim(404);
       },
       "", 1, 1, Expect::kNotChecked, "site not checked"},
      {"StartPageConnectionReset",
       [](Site& s) {
         s.server().Handle("/", [](const FaultRequest&, FaultConnection& c) {
           c.Write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n<html>");
           c.Reset();
         });
         s.Victim(404);
       },
       "", 1, 1, Expect::kNotChecked, "site not checked"},
      {"StartPageAndPage404",
       [](Site& s) {
         s.server().Handle("/", Serve(404, "text/html", Html("parked")));
         s.Victim(404);
       },
       "", 1, 1, Expect::kNotChecked, "site not checked"},
      // 4. The server's own word that the page is not there.
      {"NotFound",
       [](Site& s) {
         s.Victim(404, {}, Html("no such page " + std::string(kVictim)));
       },
       "", 1, 0, Expect::kMissing, "HTTP 404"},
      {"Gone410", [](Site& s) { s.Victim(410); }, "", 1, 0, Expect::kMissing,
       "HTTP 410"},
      {"Forbidden", [](Site& s) { s.Victim(403); }, "", 2, 1,
       Expect::kNotChecked, "HTTP 403"},
      {"Unauthorized", [](Site& s) { s.Victim(401); }, "", 1, 1,
       Expect::kNotChecked, "HTTP 401"},
  };
}

INSTANTIATE_TEST_SUITE_P(Changes, FindingsTruthTest,
                         ::testing::ValuesIn(Cases()),
                         [](const ::testing::TestParamInfo<TruthCase>& info) {
                           return info.param.name;
                         });

// An institution of which no page was checked (here robots.txt disallows
// its whole site) is an error of the scan, not a clean "0 addresses": the
// report lists it and the exit status is 1 (before: exit 0, no error).
TEST(ZeroPagesCheckedTest, IsAnErrorForThatInstitution) {
  TempDir tmp;
  testing::BlackHole black_hole;
  Site site;
  ASSERT_TRUE(site.ok());
  site.Robots("User-agent: *\nDisallow: /\n");
  testing::WriteFile(tmp.Sub("scan.toml"),
                     "[crawl]\ndelay = 0\n[dns]\nnameservers = [\"" +
                         black_hole.Address() +
                         "\"]\ntimeout = 200\nretries = 0\n"
                         "[[institution]]\nname = \"Truth School\"\n"
                         "sites = [\"" +
                         site.Url("/") + "\"]\n");
  for (const char* format : {"json", "text"}) {
    testing::CommandResult run = testing::RunCommand(
        {testing::DomexBinary(), "scan", "--config", tmp.Sub("scan.toml"),
         "--db", tmp.Sub("db"), "--format", format});
    EXPECT_EQ(run.exit_code, 1) << format << "\n" << run.out << run.err;
    EXPECT_TRUE(Has(run.out, "Truth School: no page checked")) << format << "\n"
                                                               << run.out;
    EXPECT_TRUE(Has(run.err, "Truth School: no page checked")) << run.err;
  }
}

// `domex crawl`'s own line counts the pages not checked as the report and
// the exit status do: a redirect to a page robots.txt disallows holds the
// address its URL showed before, not checked (before: "0 not checked",
// exit 1).
TEST(CrawlLineTest, CountsWhatTheReportCounts) {
  TempDir tmp;
  Site site;
  ASSERT_TRUE(site.ok());
  const std::vector<std::string> crawl = {
      testing::DomexBinary(), "crawl",   site.Url("/"), "--db",
      tmp.Sub("db"),          "--delay", "0",           "--verbose"};
  ASSERT_EQ(testing::RunCommand(crawl).exit_code, 0);
  site.Victim(301, {Location("/private/moved.html")});
  site.Robots("User-agent: *\nDisallow: /private/\n");
  testing::CommandResult again = testing::RunCommand(crawl);
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_TRUE(Has(again.err, ", 1 not checked, 1 skipped by robots.txt"))
      << again.err;
  testing::CommandResult report =
      testing::RunCommand({testing::DomexBinary(), "report", "--db",
                           tmp.Sub("db"), "--format", "json"});
  EXPECT_TRUE(Has(report.out, "\"failed\": 1,")) << report.out;
}

// 4. A host that fails every request. 40 pages, each with an address; once
// crawled healthy, every page fails. The breaker gives up after 10 pages in
// a row (each tried as often as its failure allows), and records the rest
// at once: request counts bound the work, not the clock.
constexpr int kPages = 40;
constexpr int kFailuresInARow = 10;  // crawler/host_health.h

struct FailingHostCase {
  std::string name;
  testing::FaultHandler failure;
  int tries_per_page;  // 1 + retries the failure earns
  std::string reason;  // in the recorded reason
  int max_seconds;     // the bound the tries and back-offs allow, plus slack
};

std::ostream& operator<<(std::ostream& os, const FailingHostCase& c) {
  return os << c.name;
}

class FailingHostTest : public ::testing::TestWithParam<FailingHostCase> {
 protected:
  MeasuredRun Crawl() {
    MeasuredRun run = testing::RunMeasured(
        {testing::DomexBinary(), "crawl", site_.Url("/"), "--db",
         tmp_.Sub("db"), "--delay", "0", "--timeout", "5000"},
        290);
    std::cout << "[measured] crawl: " << run.seconds << " s, peak RSS "
              << run.max_rss_kb / 1024 << " MiB, exit " << run.exit_code
              << "\n  " << run.out << run.err;
    return run;
  }
  int PageRequests() {
    int n = 0;
    for (const FaultRequest& r : site_.server().Log()) {
      n += r.path.rfind("/p/", 0) == 0;
    }
    return n;
  }

  TempDir tmp_;
  Site site_;
};

TEST_P(FailingHostTest, IsGivenUpAfterAFewPagesAndLosesNothing) {
  const FailingHostCase& fc = GetParam();
  ASSERT_TRUE(site_.ok());
  std::string links;
  for (int i = 0; i < kPages; ++i) {
    links += "<a href=/p/" + std::to_string(i) + ">p</a> ";
  }
  site_.Index(links);
  site_.server().HandlePrefix(
      "/p/", [](const FaultRequest& r, FaultConnection& c) {
        c.Respond(200, {"Content-Type: text/html"},
                  Html("p" + r.path.substr(3) + ".truth@gmail.com"));
      });
  ASSERT_EQ(Crawl().exit_code, 0);
  const int healthy = PageRequests();
  ASSERT_EQ(healthy, kPages);

  site_.server().Handle("/", fc.failure);
  site_.server().HandlePrefix("/p/", fc.failure);
  MeasuredRun run = Crawl();
  EXPECT_FALSE(run.timed_out);
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_LE(run.seconds, fc.max_seconds);
  EXPECT_LE(run.max_rss_kb, testing::RssBoundKb(200 * 1024));
  std::cout << "  page requests: " << PageRequests() - healthy << "\n";
  // The start page and the pages before the breaker opened, plus those in
  // flight then (--concurrency 2), each tried as often as its failure earns.
  EXPECT_LE(PageRequests() - healthy, (kFailuresInARow + 2) * fc.tries_per_page)
      << "a failing host was tried page after page";

  auto db = store::Store::OpenReadOnly(tmp_.Sub("db"));
  ASSERT_TRUE(db.ok());
  int given_up = 0;
  for (int i = 0; i < kPages; ++i) {
    auto page = (*db)->GetPage(site_.Url("/p/" + std::to_string(i)));
    ASSERT_TRUE(page.ok() && page->has_value()) << i;
    const store::PageRecord& p = **page;
    EXPECT_EQ(p.status, store::PageStatus::kFailed) << p.url;
    EXPECT_EQ(p.generation, 2u) << p.url << " not recorded in this crawl";
    ASSERT_EQ(p.addresses.size(), 1u) << p.url << ": earlier finding lost";
    given_up += Has(p.error, "host failing (10 pages in a row: " + fc.reason);
  }
  EXPECT_GE(given_up, kPages - kFailuresInARow - 2);
  db->reset();
  testing::CommandResult report =
      testing::RunCommand({testing::DomexBinary(), "report", "--db",
                           tmp_.Sub("db"), "--format", "json"});
  EXPECT_EQ(testing::Items(report.out, "addresses").size(),
            static_cast<size_t>(kPages))
      << report.out;
  EXPECT_FALSE(Has(report.out, "\"seen_on_checked_page\": true"));
}

std::vector<FailingHostCase> FailingHostCases() {
  return {
      // Not retried: one request a page.
      {"EveryPage500", Serve(500, "text/html", Html("oops")), 1, "HTTP 500",
       60},
      // Retried 4 times, a second apart (Retry-After): about 5 s a page,
      // two at a time.
      {"EveryPage503", Serve(503, "text/html", "", {"Retry-After: 1"}), 5,
       "HTTP 503", 120},
      // Retried 4 times with back-offs of 1, 2, 4 and 8 s (jitter up to
      // x1.5): up to 23 s a page, two at a time.
      {"EveryPageReset",
       [](const FaultRequest&, FaultConnection& c) {
         c.Write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n<html>");
         c.Reset();
       },
       5, "", 200},
  };
}

INSTANTIATE_TEST_SUITE_P(
    Failures, FailingHostTest, ::testing::ValuesIn(FailingHostCases()),
    [](const ::testing::TestParamInfo<FailingHostCase>& i) {
      return i.param.name;
    });

}  // namespace
}  // namespace domex
