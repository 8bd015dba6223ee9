#include "reports/unscanned_report.h"

#include <gtest/gtest.h>

#include "reports/scan_render.h"

namespace domex::reports {
namespace {

CrawlReport TwoSites() {
  CrawlReport c;
  c.sites = {"a.in", "b.in"};
  AddressExposure shared;
  shared.address = "office@a.in";
  shared.forms = {"javascript", "text"};
  shared.pages = {"https://a.in/", "https://b.in/js"};
  shared.by_site = {{"a.in", {"text"}, {"https://a.in/"}, {}},
                    {"b.in", {"javascript"}, {"https://b.in/js"}, {}}};
  AddressExposure old;
  old.address = "old@a.in";
  old.forms = {"mailto"};
  old.not_checked_pages = {"https://a.in/down"};
  old.by_site = {{"a.in", {"mailto"}, {}, {"https://a.in/down"}}};
  c.addresses = {shared, old};
  c.failed_pages = {{"https://a.in/down", "HTTP 500"}};
  c.missing_pages = {{"https://a.in/gone", "HTTP 404"}};
  c.sites_not_checked = {{"c.in", "connection refused"}};
  return c;
}

store::LookalikeRecord Lookalike(const std::string& domain,
                                 const std::string& verdict,
                                 const std::string& mail) {
  store::LookalikeRecord r;
  r.domain = domain;
  r.origin = "a.in";
  r.verdict = verdict;
  r.mail = mail;
  r.fuzzers = {"omission"};
  return r;
}

TEST(ReportWithoutScansTest, GroupsByCrawledSiteAndImitatedDomain) {
  const CrawlReport crawl = TwoSites();
  const ScanReport r =
      ReportWithoutScans(&crawl, {Lookalike("aa.in", "registered", "mx"),
                                  Lookalike("b.in", "unregistered", "none")});
  EXPECT_EQ(r.latest, 0u);
  EXPECT_TRUE(r.scans.empty());
  const struct {
    const char* institution;
    const char* address;
    const char* harvestable_by;
    size_t pages, not_checked;
  } rows[] = {
      {"a.in", "office@a.in", "any-crawler", 1, 0},
      {"a.in", "old@a.in", "any-crawler", 0, 1},
      {"b.in", "office@a.in", "js-capable", 1, 0},
  };
  ASSERT_EQ(r.addresses.size(), std::size(rows));
  for (size_t i = 0; i < std::size(rows); ++i) {
    SCOPED_TRACE(i);
    const AddressItem& a = r.addresses[i];
    EXPECT_EQ(a.institution, rows[i].institution);
    EXPECT_EQ(a.address, rows[i].address);
    EXPECT_EQ(a.harvestable_by, rows[i].harvestable_by);
    EXPECT_EQ(a.pages.size(), rows[i].pages);
    EXPECT_EQ(a.not_checked_pages.size(), rows[i].not_checked);
    EXPECT_EQ(a.status, ItemStatus::kNew);
  }
  ASSERT_EQ(r.failed_pages.size(), 2u);
  EXPECT_EQ(r.failed_pages[1].url, "c.in");
  EXPECT_EQ(r.failed_pages[1].reason, "site not checked: connection refused");
  EXPECT_EQ(r.missing_pages.size(), 1u);
  ASSERT_EQ(r.lookalikes.size(), 2u);
  EXPECT_EQ(r.lookalikes[0].institution, "a.in");
}

TEST(ReportWithoutScansTest, LookalikesAloneAndNothingAtAll) {
  EXPECT_TRUE(ReportWithoutScans(nullptr, {}).addresses.empty());
  const ScanReport r =
      ReportWithoutScans(nullptr, {Lookalike("aa.in", "registered", "mx")});
  EXPECT_TRUE(r.addresses.empty());
  EXPECT_EQ(r.lookalikes.size(), 1u);
}

// Every scan report format renders it: titled by the crawl, never "scan 0",
// with what it found leading as what needs action.
TEST(ReportWithoutScansTest, EveryFormatRendersIt) {
  const CrawlReport crawl = TwoSites();
  const ScanReport r =
      ReportWithoutScans(&crawl, {Lookalike("aa.in", "registered", "mx")});
  const struct {
    const char* format;
    std::string out;
    const char* expected;
  } rows[] = {
      {"text", RenderScanText(r, {}), "the latest crawl and lookalike checks"},
      {"md", RenderScanMarkdown(r, {}), "# domex report: the latest crawl\n"},
      {"html", RenderScanHtml(r, {}),
       "<title>domex report: the latest crawl</title>"},
      {"csv", RenderScanCsv(r, {}),
       "address,a.in,new,yes,office@a.in,,,text,any-crawler,a.in,"
       "https://a.in/,"},
      {"json", RenderScanJson(r, {}), "\"latest_scan\": null"},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.format);
    EXPECT_NE(row.out.find(row.expected), std::string::npos) << row.out;
    EXPECT_EQ(row.out.find("scan 0"), std::string::npos) << row.out;
    EXPECT_NE(row.out.find("aa.in"), std::string::npos);
    EXPECT_NE(row.out.find("old@a.in"), std::string::npos);
  }
}

// What the crawl's limits left out is in every scan report format.
TEST(ReportWithoutScansTest, LeftOutByLimitsIsInEveryFormat) {
  CrawlReport crawl = TwoSites();
  crawl.left_out = {{"a.in", "trap", 10, "a.in/news/0/notice-0.html",
                     "https://a.in/news/7/notice-7.html", 40}};
  const ScanReport r = ReportWithoutScans(&crawl, {});
  const struct {
    const char* format;
    std::string out;
    const char* expected;
  } rows[] = {
      {"text", RenderScanText(r, {}),
       "40 URLs like a.in/news/0/notice-0.html (e.g. "
       "https://a.in/news/7/notice-7.html) left out by the crawler-trap cap"},
      {"md", RenderScanMarkdown(r, {}), "## Left out by limits\n\n"},
      {"csv", RenderScanCsv(r, {}), "left_out,,,,a.in/news/0/notice-0.html,"},
      {"json", RenderScanJson(r, {}),
       "\"pattern\": \"a.in/news/0/notice-0.html\""},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.format);
    EXPECT_NE(row.out.find(row.expected), std::string::npos) << row.out;
  }
}

}  // namespace
}  // namespace domex::reports
