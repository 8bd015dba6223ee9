// End-to-end: what a scan or crawl did not check is never reported gone or
// dropped. A scan whose crawl runs out of max_time before reaching a page
// keeps that page's address as "not checked", is recorded unfinished and
// exits 1; a page that answered before and now resets the connection keeps
// its addresses in the crawl report, marked as not checked this time.
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "tests/child.h"
#include "tests/nginx_server.h"
#include "tests/nsd_server.h"
#include "tests/report_json.h"
#include "tests/testing.h"

namespace domex {
namespace {

using testing::CommandResult;
using testing::DomexBinary;
using testing::NginxServer;
using testing::NsdServer;
using testing::RunCommand;
using testing::TempDir;
using testing::WriteFile;

constexpr char kZone[] = R"($TTL 300
@ IN SOA ns.root.test. admin.root.test. 1 3600 600 86400 300
@ IN NS ns.root.test.
ns.root.test. IN A 127.0.0.1
)";

std::string AddressItem(const std::string& json, const std::string& address) {
  return testing::Item(json, "address", address);
}

bool Has(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

class ScanPartialTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteFile(tmp_.Sub("site/index.html"),
              "<html><body>home@partial-school.in "
              "<a href=\"/slow.html\">more</a></body></html>");
    // x@ is on the page that trickles, after its first 4 KiB: a new crawl
    // re-seeds it (known to carry an address), so it is the page in flight
    // when a scan is stopped, and what it shows is not read.
    WriteFile(tmp_.Sub("site/slow.html"),
              "<html><body>" + std::string(4096, ' ') +
                  "x@partial-school.in</body></html>");
    nginx_ =
        NginxServer::Start(tmp_.Sub("site"), testing::kTrickleWhileFlagged);
    ASSERT_NE(nginx_, nullptr);
    nsd_ = NsdServer::Start({{".", kZone}});
    ASSERT_NE(nsd_, nullptr);
  }

  CommandResult Scan(int max_time_s) {
    WriteConfig(max_time_s);
    return RunCommand({DomexBinary(), "scan", "--config", tmp_.Sub("scan.toml"),
                       "--db", tmp_.Sub("db"), "--format", "json"});
  }

  void WriteConfig(int max_time_s) {
    WriteFile(tmp_.Sub("scan.toml"),
              "[crawl]\ndelay = 0\ntimeout = 120000\nmax_time = " +
                  std::to_string(max_time_s) + "\n[dns]\nnameservers = [\"" +
                  nsd_->Address() +
                  "\"]\ntimeout = 500\n"
                  "[[institution]]\nname = \"Partial School\"\n"
                  "sites = [\"" +
                  nginx_->Url("/") + "\"]\n");
  }

  CommandResult Report() {
    return RunCommand(
        {DomexBinary(), "report", "--db", tmp_.Sub("db"), "--format", "json"});
  }

  TempDir tmp_;
  std::unique_ptr<NginxServer> nginx_;
  std::unique_ptr<NsdServer> nsd_;
};

TEST_F(ScanPartialTest, AStoppedScanMakesNothingGone) {
  CommandResult first = Scan(0);
  ASSERT_EQ(first.exit_code, 0) << first.err << first.out;
  ASSERT_TRUE(
      Has(AddressItem(first.out, "x@partial-school.in"), "\"status\": \"new\""))
      << first.out;

  // Scan 2 runs out of time while /slow.html trickles: it is never read,
  // so nothing can say whether x@ is still there.
  WriteFile(tmp_.Sub("site/trickle"), "");
  CommandResult partial = Scan(3);
  EXPECT_EQ(partial.exit_code, 1) << partial.err;
  EXPECT_TRUE(Has(partial.err, "stopped early")) << partial.err;
  EXPECT_FALSE(Has(partial.out, "\"status\": \"gone\"")) << partial.out;
  for (const CommandResult& r : {partial, Report()}) {
    const std::string x = AddressItem(r.out, "x@partial-school.in");
    EXPECT_TRUE(Has(x, "\"status\": \"present\"")) << r.out;
    EXPECT_TRUE(Has(x, "\"seen_on_checked_page\": false")) << x;
    EXPECT_TRUE(Has(x, "\"not_checked_pages\": [\n        \"" +
                           nginx_->Url("/slow.html") + "\""))
        << x;
    EXPECT_TRUE(Has(AddressItem(r.out, "home@partial-school.in"),
                    "\"seen_on_checked_page\": true"))
        << r.out;
  }
  CommandResult scans = RunCommand(
      {DomexBinary(), "scans", "--db", tmp_.Sub("db"), "--format", "json"});
  const size_t second = scans.out.find("\"id\": 2");
  ASSERT_NE(second, std::string::npos) << scans.out;
  EXPECT_TRUE(Has(scans.out.substr(second), "\"finished\": false"))
      << scans.out;

  // Scan 3 resumes the crawl and reads /slow.html: seen again.
  std::filesystem::remove(tmp_.Sub("site/trickle"));
  CommandResult resumed = Scan(0);
  EXPECT_EQ(resumed.exit_code, 0) << resumed.err;
  const std::string x = AddressItem(resumed.out, "x@partial-school.in");
  EXPECT_TRUE(Has(x, "\"status\": \"present\"")) << resumed.out;
  EXPECT_TRUE(Has(x, "\"seen_on_checked_page\": true")) << x;
  EXPECT_EQ(nginx_->CountRequests("/slow.html"), 3)
      << "scans 1, 2 (stopped in flight) and 3";

  // Scan 4 checks /slow.html and x@ has left it: now it is gone.
  WriteFile(tmp_.Sub("site/slow.html"),
            "<html><body>nobody here</body></html>");
  CommandResult gone = Scan(0);
  EXPECT_EQ(gone.exit_code, 0) << gone.err;
  EXPECT_TRUE(
      Has(AddressItem(gone.out, "x@partial-school.in"), "\"status\": \"gone\""))
      << gone.out;
}

// The same stop by SIGTERM (a service manager stopping the nightly job)
// while /slow.html is in flight.
TEST_F(ScanPartialTest, SigtermWithAPageInFlightMakesNothingGone) {
  ASSERT_EQ(Scan(0).exit_code, 0);
  WriteFile(tmp_.Sub("site/trickle"), "");
  WriteConfig(0);
  pid_t pid = testing::StartDomex({"scan", "--config", tmp_.Sub("scan.toml"),
                                   "--db", tmp_.Sub("db"), "--format", "json"},
                                  tmp_.Sub("scan2.log"));
  ASSERT_GT(pid, 0);
  // Scan 1 requested each once; /slow.html is the one left open.
  EXPECT_TRUE(testing::WaitFor(
      [&] {
        for (const char* t : {"/robots.txt", "/", "/sitemap.xml"}) {
          if (nginx_->CountRequests(t) < 2) return false;
        }
        return testing::ConnectionOpenTo(nginx_->port());
      },
      std::chrono::milliseconds(30000)))
      << "/slow.html never started";
  kill(pid, SIGTERM);
  testing::MeasuredRun done =
      testing::WaitChild(pid, std::chrono::seconds(120));
  const std::string out = testing::ReadFile(tmp_.Sub("scan2.log"));
  EXPECT_EQ(done.exit_code, 1) << out;
  EXPECT_TRUE(Has(out, "stopped early")) << out;
  EXPECT_FALSE(Has(out, "\"status\": \"gone\"")) << out;
  EXPECT_TRUE(Has(AddressItem(out, "x@partial-school.in"),
                  "\"seen_on_checked_page\": false"))
      << out;
}

// A page that answered once and now resets the connection (nginx's 444
// closes it without a response) keeps its addresses in `domex report`.
TEST(CrawlRecheckTest, AddressesOfAPageThatFailsNowStay) {
  TempDir tmp;
  WriteFile(tmp.Sub("site/index.html"),
            "<html><body><a href=\"/about.html\">about</a></body></html>");
  WriteFile(tmp.Sub("site/about.html"),
            "<html><body>about@recheck-school.in</body></html>");
  auto nginx = NginxServer::Start(
      tmp.Sub("site"),
      "location = /about.html { if (-f @ROOT@/reset) { return 444; } }");
  ASSERT_NE(nginx, nullptr);
  const std::vector<std::string> crawl = {
      DomexBinary(), "crawl", nginx->Url("/"), "--db", tmp.Sub("db"),
      "--delay",     "0"};
  ASSERT_EQ(RunCommand(crawl).exit_code, 0);
  WriteFile(tmp.Sub("site/reset"), "");
  CommandResult again = RunCommand(crawl);
  EXPECT_EQ(again.exit_code, 1) << again.out << again.err;
  // Without a terminal, exit 1 comes with one line saying why (cron).
  EXPECT_EQ(again.err,
            "domex: crawl: 1 page not checked ('domex report' lists them)\n");

  CommandResult json = RunCommand(
      {DomexBinary(), "report", "--db", tmp.Sub("db"), "--format", "json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const std::string about = AddressItem(json.out, "about@recheck-school.in");
  ASSERT_NE(about, "") << "an earlier finding was dropped:\n" << json.out;
  EXPECT_TRUE(Has(about, "\"pages\": []")) << about;
  EXPECT_TRUE(Has(about, "\"not_checked_pages\": [\n        \"" +
                             nginx->Url("/about.html") + "\""))
      << about;
  EXPECT_TRUE(Has(about, "\"seen_on_checked_page\": false")) << about;
  CommandResult text =
      RunCommand({DomexBinary(), "report", "--db", tmp.Sub("db")});
  EXPECT_TRUE(Has(text.out,
                  "  about@recheck-school.in  [readable by any harvester]  "
                  "not seen this time: its pages were not checked\n"))
      << text.out;
}

}  // namespace
}  // namespace domex
