#include "reports/crawl_report.h"

#include <gtest/gtest.h>

#include <map>

namespace domex::reports {
namespace {

using store::CrawlState;
using store::FoundAddress;
using store::PageRecord;
using store::PageStatus;

PageRecord Fetched(const std::string& url, const std::string& site,
                   std::vector<FoundAddress> addresses, uint64_t gen = 2) {
  PageRecord p;
  p.url = url;
  p.site = site;
  p.generation = gen;
  p.status = PageStatus::kFetched;
  p.http_status = 200;
  p.addresses = std::move(addresses);
  return p;
}

PageRecord Failed(const std::string& url, const std::string& error,
                  int http_status, uint64_t gen = 2) {
  PageRecord p;
  p.url = url;
  p.site = "a.in";
  p.generation = gen;
  p.status = PageStatus::kFailed;
  p.error = error;
  p.http_status = http_status;
  return p;
}

PageRecord WithStatus(const std::string& url, PageStatus status) {
  PageRecord p;
  p.url = url;
  p.site = "a.in";
  p.generation = 2;
  p.status = status;
  return p;
}

CrawlState State(uint64_t gen = 2) {
  CrawlState s;
  s.generation = gen;
  s.finished = true;
  return s;
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// ---- HarvestableBy ----------------------------------------------------------

TEST(HarvestableByTest, Table) {
  struct Row {
    std::vector<std::string> forms;
    std::string want;
  };
  const std::vector<Row> rows = {
      {{"javascript"}, "js-capable"},
      {{"javascript", "javascript"}, "js-capable"},
      {{"mailto"}, "any-crawler"},
      {{"javascript", "text"}, "any-crawler"},
      {{"mailto", "javascript"}, "any-crawler"},
      {{"obfuscated"}, "any-crawler"},
      {{}, "any-crawler"},
  };
  for (const Row& row : rows) {
    EXPECT_EQ(HarvestableBy(row.forms), row.want)
        << ::testing::PrintToString(row.forms);
  }
}

// ---- BuildCrawlReport -------------------------------------------------------

TEST(BuildCrawlReportTest, AggregatesAddressesAcrossPagesAndSites) {
  std::vector<PageRecord> pages = {
      Fetched("https://b.in/contact", "b.in",
              {{"office@district.in", {"text"}}}),
      Fetched(
          "https://a.in/", "a.in",
          {{"office@district.in", {"mailto"}}, {"head@a.in", {"javascript"}}}),
      Fetched("https://a.in/staff", "a.in",
              {{"office@district.in", {"mailto", "text"}},
               {"head@a.in", {"javascript"}}}),
  };
  pages[0].external_links = {"https://x.in/", "https://w.in/"};
  pages[1].external_links = {"https://x.in/"};
  CrawlReport r = BuildCrawlReport(pages, State());

  EXPECT_EQ(r.fetched, 3);
  EXPECT_EQ(r.sites, (std::vector<std::string>{"a.in", "b.in"}));
  EXPECT_EQ(r.external_links,
            (std::vector<std::string>{"https://w.in/", "https://x.in/"}));
  ASSERT_EQ(r.addresses.size(), 2u);

  const AddressExposure& head = r.addresses[0];
  EXPECT_EQ(head.address, "head@a.in");
  EXPECT_EQ(head.forms, (std::vector<std::string>{"javascript"}));
  EXPECT_EQ(head.harvestable_by, "js-capable");
  EXPECT_EQ(head.pages,
            (std::vector<std::string>{"https://a.in/", "https://a.in/staff"}));

  const AddressExposure& office = r.addresses[1];
  EXPECT_EQ(office.address, "office@district.in");
  EXPECT_EQ(office.forms, (std::vector<std::string>{"mailto", "text"}));
  EXPECT_EQ(office.harvestable_by, "any-crawler");
  EXPECT_EQ(office.pages,
            (std::vector<std::string>{"https://a.in/", "https://a.in/staff",
                                      "https://b.in/contact"}));
  ASSERT_EQ(office.by_site.size(), 2u);
  EXPECT_EQ(office.by_site[0].site, "a.in");
  EXPECT_EQ(office.by_site[0].forms,
            (std::vector<std::string>{"mailto", "text"}));
  EXPECT_EQ(office.by_site[0].pages,
            (std::vector<std::string>{"https://a.in/", "https://a.in/staff"}));
  EXPECT_EQ(office.by_site[1].site, "b.in");
  EXPECT_EQ(office.by_site[1].forms, (std::vector<std::string>{"text"}));
  EXPECT_EQ(office.by_site[1].pages,
            (std::vector<std::string>{"https://b.in/contact"}));
}

// Of older crawls, only a page of this crawl's sites that holds addresses
// counts: a new crawl re-seeds those, so one it did not record was not
// reached (its addresses kept, not checked), never gone. Other older pages,
// and pages of sites this crawl did not visit, are left out.
TEST(BuildCrawlReportTest, OnlyTheCurrentGenerationAndKnownAddressPagesCount) {
  std::vector<PageRecord> pages = {
      Fetched("https://a.in/old", "a.in", {{"kept@a.in", {"text"}}}, 1),
      Failed("https://a.in/old-broken", "timeout", 0, 1),
      Fetched("https://a.in/", "a.in", {{"here@a.in", {"text"}}}, 2),
      Fetched("https://b.in/", "b.in", {{"other@b.in", {"text"}}}, 1),
      Fetched("https://c.in/", "c.in", {}, 3),
  };
  CrawlReport r = BuildCrawlReport(pages, State(2));
  EXPECT_EQ(r.fetched, 1);
  EXPECT_EQ(r.failed, 0);
  EXPECT_EQ(r.not_reached, 1);
  EXPECT_EQ(r.sites, (std::vector<std::string>{"a.in"}));
  ASSERT_EQ(r.addresses.size(), 2u);
  EXPECT_EQ(r.addresses[0].address, "here@a.in");
  EXPECT_EQ(r.addresses[1].address, "kept@a.in");
  EXPECT_FALSE(r.addresses[1].seen());
  EXPECT_EQ(r.addresses[1].not_checked_pages,
            std::vector<std::string>{"https://a.in/old"});
}

TEST(BuildCrawlReportTest, StatusesAndFailureReasons) {
  struct Row {
    PageRecord page;
    std::string want_reason;  // empty: not a failed page
  };
  const std::vector<Row> rows = {
      {Failed("https://a.in/1", "timeout", 0), "timeout"},
      {Failed("https://a.in/2", "", 503), "HTTP 503"},
      {Failed("https://a.in/3", "too large", 200), "too large"},
      {Failed("https://a.in/4", "", 0), "unknown error"},
      {WithStatus("https://a.in/r1", PageStatus::kSkippedRobots), ""},
      {WithStatus("https://a.in/r0", PageStatus::kSkippedRobots), ""},
      {WithStatus("https://a.in/moved", PageStatus::kRedirect), ""},
      {Fetched("https://a.in/new", "a.in", {}), ""},
  };
  std::vector<PageRecord> pages;
  for (auto it = rows.rbegin(); it != rows.rend(); ++it) {
    pages.push_back(it->page);  // reversed: the report sorts
  }
  pages[1].redirect_to = "https://a.in/new";
  CrawlState state = State();
  state.ignore_robots = true;
  state.finished = false;
  CrawlReport r = BuildCrawlReport(pages, state);

  EXPECT_EQ(r.fetched, 1);  // a redirect to a checked page counts as nothing
  EXPECT_EQ(r.failed, 4);
  EXPECT_EQ(r.skipped_robots, 2);
  EXPECT_TRUE(r.ignored_robots);
  EXPECT_FALSE(r.finished);
  EXPECT_EQ(r.robots_skipped,
            (std::vector<std::string>{"https://a.in/r0", "https://a.in/r1"}));
  ASSERT_EQ(r.failed_pages.size(), 4u);
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(r.failed_pages[i].url, rows[i].page.url);
    EXPECT_EQ(r.failed_pages[i].reason, rows[i].want_reason);
  }
}

// A page that answered before and fails now keeps its earlier findings:
// its addresses stay in the report, as on a page not checked this time.
TEST(BuildCrawlReportTest, FailedPagesKeepTheirAddressesAsNotChecked) {
  std::vector<PageRecord> pages = {
      Fetched("https://a.in/", "a.in", {{"both@a.in", {"text"}}}),
      Failed("https://a.in/reset", "connection reset", 0),
      Failed("https://a.in/empty", "timeout", 0),
  };
  pages[1].addresses = {{"both@a.in", {"mailto"}}, {"only@a.in", {"text"}}};
  CrawlReport r = BuildCrawlReport(pages, State());
  EXPECT_EQ(r.fetched, 1);
  EXPECT_EQ(r.failed, 2);
  ASSERT_EQ(r.addresses.size(), 2u);
  const AddressExposure& both = r.addresses[0];
  EXPECT_EQ(both.address, "both@a.in");
  EXPECT_TRUE(both.seen());
  EXPECT_EQ(both.pages, std::vector<std::string>{"https://a.in/"});
  EXPECT_EQ(both.not_checked_pages,
            std::vector<std::string>{"https://a.in/reset"});
  EXPECT_EQ(both.forms, (std::vector<std::string>{"mailto", "text"}));
  const AddressExposure& only = r.addresses[1];
  EXPECT_EQ(only.address, "only@a.in");
  EXPECT_FALSE(only.seen());
  EXPECT_TRUE(only.pages.empty());
  EXPECT_EQ(only.not_checked_pages,
            std::vector<std::string>{"https://a.in/reset"});
  ASSERT_EQ(only.by_site.size(), 1u);
  EXPECT_EQ(only.by_site[0].not_checked_pages,
            std::vector<std::string>{"https://a.in/reset"});
}

// While a crawl is interrupted, the pages of the last finished crawl it has
// not revisited yet were not checked this time: counted as not reached,
// their addresses kept as on pages not checked. Once it finishes, pages it
// did not revisit are no longer on the site, except those that hold
// addresses (re-seeded by every new crawl): not reached, whatever their
// generation.
TEST(BuildCrawlReportTest, PagesNotReachedByAnInterruptedCrawl) {
  std::vector<PageRecord> pages = {
      Fetched("https://a.in/", "a.in", {{"home@a.in", {"text"}}}, 2),
      Fetched("https://a.in/p", "a.in", {{"p@a.in", {"text"}}}, 1),
      Failed("https://a.in/f", "timeout", 0, 1),
      WithStatus("https://a.in/private", PageStatus::kSkippedRobots),
      Fetched("https://a.in/older", "a.in", {{"older@a.in", {"text"}}}, 0),
  };
  pages[2].addresses = {{"f@a.in", {"text"}}};
  pages[3].generation = 1;
  CrawlState state = State(2);
  state.finished = false;
  state.previous_generation = 1;
  CrawlReport r = BuildCrawlReport(pages, state);
  EXPECT_EQ(r.fetched, 1);
  EXPECT_EQ(r.failed, 0);
  EXPECT_EQ(r.not_reached, 3);
  std::map<std::string, std::vector<std::string>> not_checked;
  for (const AddressExposure& a : r.addresses) {
    EXPECT_EQ(a.seen(), a.address == "home@a.in") << a.address;
    not_checked[a.address] = a.not_checked_pages;
  }
  EXPECT_EQ(not_checked, (std::map<std::string, std::vector<std::string>>{
                             {"f@a.in", {"https://a.in/f"}},
                             {"home@a.in", {}},
                             {"older@a.in", {"https://a.in/older"}},
                             {"p@a.in", {"https://a.in/p"}}}));

  // Finished, but limits left URLs out: one of them may be such a page.
  state.finished = true;
  state.limit_reached = true;
  r = BuildCrawlReport(pages, state);
  EXPECT_EQ(r.not_reached, 3);
  EXPECT_EQ(r.addresses.size(), 4u);
  std::string text = RenderCrawlText(r);
  EXPECT_EQ(text.substr(0, text.find('\n')),
            "4 addresses exposed on 1 site (3 known only from pages not "
            "checked this time); 1 page checked, 0 not checked, 3 of the last "
            "crawl not revisited (limits)");

  // Finished within the limits: the robots-skipped page without addresses
  // is gone; those with addresses were not reached.
  state.limit_reached = false;
  r = BuildCrawlReport(pages, state);
  EXPECT_EQ(r.not_reached, 3);
  EXPECT_EQ(r.addresses.size(), 4u);
  text = RenderCrawlText(r);
  EXPECT_EQ(text.substr(0, text.find('\n')),
            "4 addresses exposed on 1 site (3 known only from pages not "
            "checked this time); 1 page checked, 0 not checked, 3 of earlier "
            "crawls not revisited");
}

// An address an earlier crawl saw on a page is gone from the report only
// when the page was checked this time (or answered 404/410): each kind of
// record holding it (as the engine keeps earlier findings), and what the
// report then says of the address and of the page.
TEST(BuildCrawlReportTest, AnAddressIsGoneOnlyFromAPageCheckedNow) {
  enum class Seen { kNotChecked, kGone };
  enum class Listed { kFailed, kMissing, kRobots, kNowhere };
  const std::string url = "https://a.in/p";
  auto with_x = [&url](PageStatus status) {
    PageRecord p = WithStatus(url, status);
    p.addresses = {{"x@a.in", {"text"}}};
    return p;
  };
  auto redirect = [&](const std::string& to) {
    PageRecord p = with_x(PageStatus::kRedirect);
    p.redirect_to = to;
    return p;
  };
  PageRecord out_of_scope = redirect("https://elsewhere.example/p");
  out_of_scope.external_links = {out_of_scope.redirect_to};
  PageRecord missing = WithStatus(url, PageStatus::kMissing);
  missing.http_status = 410;
  PageRecord target_missing =
      WithStatus("https://a.in/t404", PageStatus::kMissing);
  target_missing.http_status = 404;
  // The other pages of the crawl, which redirects may lead to.
  const std::vector<PageRecord> crawl = {
      Fetched("https://a.in/t", "a.in", {}),
      Failed("https://a.in/t500", "", 500),
      WithStatus("https://a.in/trobots", PageStatus::kSkippedRobots),
      Fetched("https://a.in/told", "a.in", {}, 1),
      target_missing,
  };
  struct Row {
    const char* name;
    PageRecord page;
    Seen want;
    Listed listed;
    std::string reason;
  } rows[] = {
      {"failed",
       [&] {
         PageRecord p = with_x(PageStatus::kFailed);
         p.error = "Timeout";
         return p;
       }(),
       Seen::kNotChecked, Listed::kFailed, "Timeout"},
      {"disallowed by robots.txt", with_x(PageStatus::kSkippedRobots),
       Seen::kNotChecked, Listed::kFailed, "disallowed by robots.txt"},
      {"missing (410)", missing, Seen::kGone, Listed::kMissing, "HTTP 410"},
      {"redirect to a checked page", redirect("https://a.in/t"), Seen::kGone,
       Listed::kNowhere, ""},
      {"redirect to a missing page", redirect("https://a.in/t404"), Seen::kGone,
       Listed::kNowhere, ""},
      {"redirect out of scope", out_of_scope, Seen::kGone, Listed::kNowhere,
       ""},
      {"redirect to a failed page", redirect("https://a.in/t500"),
       Seen::kNotChecked, Listed::kFailed,
       "redirect to https://a.in/t500: HTTP 500"},
      {"redirect to a disallowed page", redirect("https://a.in/trobots"),
       Seen::kNotChecked, Listed::kFailed,
       "redirect to https://a.in/trobots: disallowed by robots.txt"},
      {"redirect to a page not reached", redirect("https://a.in/told"),
       Seen::kNotChecked, Listed::kFailed,
       "redirect to https://a.in/told: not reached"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    std::vector<PageRecord> pages = crawl;
    pages.push_back(row.page);
    CrawlReport r = BuildCrawlReport(pages, State());
    if (row.want == Seen::kGone) {
      EXPECT_TRUE(r.addresses.empty());
    } else {
      ASSERT_EQ(r.addresses.size(), 1u);
      EXPECT_FALSE(r.addresses[0].seen());
      EXPECT_EQ(r.addresses[0].not_checked_pages,
                std::vector<std::string>{url});
    }
    std::vector<PageProblem> want_failed = {{"https://a.in/t500", "HTTP 500"}};
    std::vector<PageProblem> want_missing = {{"https://a.in/t404", "HTTP 404"}};
    std::vector<std::string> want_robots = {"https://a.in/trobots"};
    // Sorted by URL: https://a.in/p comes first.
    if (row.listed == Listed::kFailed) {
      want_failed.insert(want_failed.begin(), {url, row.reason});
    }
    if (row.listed == Listed::kMissing) {
      want_missing.insert(want_missing.begin(), {url, row.reason});
    }
    auto urls = [](const std::vector<PageProblem>& v) {
      std::vector<std::string> out;
      for (const PageProblem& p : v)
        out.push_back(p.url + " (" + p.reason + ")");
      return out;
    };
    EXPECT_EQ(urls(r.failed_pages), urls(want_failed));
    EXPECT_EQ(r.failed, static_cast<int>(want_failed.size()));
    EXPECT_EQ(urls(r.missing_pages), urls(want_missing));
    EXPECT_EQ(r.missing, static_cast<int>(want_missing.size()));
    EXPECT_EQ(r.robots_skipped, want_robots);
    EXPECT_EQ(r.fetched, 1);  // https://a.in/t only
  }
}

// ---- JSON -------------------------------------------------------------------

TEST(RenderCrawlJsonTest, ExactOutputForSmallReport) {
  std::vector<PageRecord> pages = {
      Fetched("https://a.in/", "a.in",
              {{"head@a.in", {"mailto", "text"}}, {"js@a.in", {"javascript"}}}),
      Fetched("https://b.in/", "b.in", {{"head@a.in", {"text"}}}),
      Failed("https://a.in/x", "", 500),
      WithStatus("https://a.in/private", PageStatus::kSkippedRobots),
      WithStatus("https://a.in/deleted", PageStatus::kMissing),
  };
  pages[4].http_status = 404;
  pages[0].external_links = {"https://gov.in/"};
  pages[2].addresses = {{"old@a.in", {"text"}}};  // kept from an earlier crawl
  const std::string want = R"({
  "addresses": [
    {
      "address": "head@a.in",
      "forms": [
        "mailto",
        "text"
      ],
      "pages": [
        "https://a.in/",
        "https://b.in/"
      ],
      "harvestable_by": "any-crawler",
      "sites": [
        "a.in",
        "b.in"
      ],
      "not_checked_pages": [],
      "seen_on_checked_page": true
    },
    {
      "address": "js@a.in",
      "forms": [
        "javascript"
      ],
      "pages": [
        "https://a.in/"
      ],
      "harvestable_by": "js-capable",
      "sites": [
        "a.in"
      ],
      "not_checked_pages": [],
      "seen_on_checked_page": true
    },
    {
      "address": "old@a.in",
      "forms": [
        "text"
      ],
      "pages": [],
      "harvestable_by": "any-crawler",
      "sites": [
        "a.in"
      ],
      "not_checked_pages": [
        "https://a.in/x"
      ],
      "seen_on_checked_page": false
    }
  ],
  "pages": {
    "fetched": 2,
    "failed": 1,
    "missing": 1,
    "skipped_robots": 1,
    "not_reached": 0
  },
  "failed_pages": [
    {
      "url": "https://a.in/x",
      "reason": "HTTP 500"
    }
  ],
  "missing_pages": [
    {
      "url": "https://a.in/deleted",
      "reason": "HTTP 404"
    }
  ],
  "sites_not_checked": [],
  "robots_skipped": [
    "https://a.in/private"
  ],
  "external_links": [
    "https://gov.in/"
  ],
  "ignored_robots": false,
  "finished": true,
  "limit_reached": false,
  "left_out": []
}
)";
  EXPECT_EQ(RenderCrawlJson(BuildCrawlReport(pages, State())), want);
}

TEST(RenderCrawlJsonTest, EmptyReport) {
  const std::string want = R"({
  "addresses": [],
  "pages": {
    "fetched": 0,
    "failed": 0,
    "missing": 0,
    "skipped_robots": 0,
    "not_reached": 0
  },
  "failed_pages": [],
  "missing_pages": [],
  "sites_not_checked": [],
  "robots_skipped": [],
  "external_links": [],
  "ignored_robots": true,
  "finished": false,
  "limit_reached": false,
  "left_out": []
}
)";
  CrawlReport r;
  r.ignored_robots = true;
  r.finished = false;
  EXPECT_EQ(RenderCrawlJson(r), want);
}

// ---- Text -------------------------------------------------------------------

TEST(RenderCrawlTextTest, SummarySitesAndTruncation) {
  std::vector<PageRecord> pages;
  for (int i = 0; i < 5; ++i) {
    pages.push_back(Fetched("https://a.in/" + std::to_string(i), "a.in",
                            {{"head@a.in", {"mailto"}}}));
  }
  pages.push_back(
      Fetched("https://b.in/", "b.in",
              {{"head@a.in", {"javascript"}}, {"js@b.in", {"javascript"}}}));
  pages.push_back(Failed("https://a.in/broken", "timeout", 0));
  pages.push_back(WithStatus("https://a.in/p", PageStatus::kSkippedRobots));
  pages[0].external_links = {"https://x.in/", "https://y.in/"};
  std::string text = RenderCrawlText(BuildCrawlReport(pages, State()));

  EXPECT_EQ(text.substr(0, text.find('\n')),
            "2 addresses exposed on 2 sites; 6 pages checked, 1 not checked, "
            "1 skipped by robots.txt");
  const std::vector<std::string> want_lines = {
      "\na.in\n----\n",
      "  head@a.in  [readable by any harvester]\n    forms: mailto\n"
      "    on 5 pages:\n      https://a.in/0\n      https://a.in/1\n"
      "      https://a.in/2\n      (+2 more)\n",
      "\nb.in\n----\n",
      "  head@a.in  [needs a JavaScript-capable harvester]\n"
      "    forms: javascript\n    on 1 page:\n      https://b.in/\n",
      "  js@b.in  [needs a JavaScript-capable harvester]\n",
      "Not checked (failed) - addresses on these pages are unknown:\n"
      "  https://a.in/broken  (timeout)\n",
      "Skipped because robots.txt disallows them (not requested):\n"
      "  https://a.in/p\n",
      "Links out of scope (recorded, not followed): 2\n"
      "  https://x.in/\n  https://y.in/\n",
  };
  for (const std::string& line : want_lines) {
    EXPECT_TRUE(Contains(text, line)) << "missing:\n"
                                      << line << "\nin:\n"
                                      << text;
  }
  EXPECT_FALSE(Contains(text, "incomplete"));
  EXPECT_FALSE(Contains(text, "ignored"));
  // Plain ASCII framing.
  for (char c : text) EXPECT_LT(static_cast<unsigned char>(c), 0x80);
}

TEST(RenderCrawlTextTest, AddressesOnPagesNotCheckedAreMarked) {
  std::vector<PageRecord> pages = {
      Fetched("https://a.in/", "a.in", {{"both@a.in", {"text"}}}),
      Failed("https://a.in/reset", "connection reset", 0),
      Fetched("https://a.in/old", "a.in", {{"p@a.in", {"text"}}}, 1),
  };
  pages[1].addresses = {{"both@a.in", {"text"}}, {"only@a.in", {"mailto"}}};
  CrawlState state = State();
  state.finished = false;
  state.previous_generation = 1;
  std::string text = RenderCrawlText(BuildCrawlReport(pages, state));
  EXPECT_EQ(text.substr(0, text.find('\n')),
            "3 addresses exposed on 1 site (2 known only from pages not "
            "checked this time); 1 page checked, 1 not checked, 1 not reached "
            "yet");
  const std::vector<std::string> want = {
      "  both@a.in  [readable by any harvester]\n    forms: text\n"
      "    on 1 page:\n      https://a.in/\n"
      "    on 1 page not checked this time (seen there before):\n"
      "      https://a.in/reset\n",
      "  only@a.in  [readable by any harvester]  not seen this time: its "
      "pages were not checked\n    forms: mailto\n"
      "    on 1 page not checked this time (seen there before):\n"
      "      https://a.in/reset\n",
      "  p@a.in  [readable by any harvester]  not seen this time: its pages "
      "were not checked\n",
  };
  for (const std::string& block : want) {
    EXPECT_TRUE(Contains(text, block)) << "missing:\n"
                                       << block << "\nin:\n"
                                       << text;
  }

  text = RenderCrawlText(
      BuildCrawlReport({Fetched("https://a.in/", "a.in", {}),
                        Fetched("https://a.in/old", "a.in", {}, 1)},
                       state));
  EXPECT_EQ(text.substr(0, text.find('\n')),
            "no addresses found on the 1 page checked; 1 page not reached yet");
}

TEST(RenderCrawlTextTest, StateNotes) {
  CrawlState state = State();
  state.ignore_robots = true;
  state.finished = false;
  std::string text = RenderCrawlText(
      BuildCrawlReport({Fetched("https://a.in/", "a.in", {})}, state));
  EXPECT_TRUE(Contains(text, "\nrobots.txt was ignored (--ignore-robots)\n"));
  EXPECT_TRUE(
      Contains(text, "\ncrawl incomplete: rerun the same command to resume\n"));
}

TEST(RenderCrawlTextTest, NoAddressesButFailuresIsNotAClaimOfNone) {
  struct Row {
    std::vector<PageRecord> pages;
    std::string want_first_line;
  };
  const std::vector<Row> rows = {
      {{Fetched("https://a.in/", "a.in", {}),
        Fetched("https://a.in/b", "a.in", {}),
        Failed("https://a.in/c", "timeout", 0),
        Failed("https://a.in/d", "", 404)},
       "no addresses found on the 2 pages checked; 2 pages could not be "
       "checked"},
      {{Fetched("https://a.in/", "a.in", {})},
       "no addresses found on the 1 page checked"},
      {{Failed("https://a.in/c", "timeout", 0)},
       "no addresses found on the 0 pages checked; 1 page could not be "
       "checked"},
  };
  for (const Row& row : rows) {
    std::string text = RenderCrawlText(BuildCrawlReport(row.pages, State()));
    EXPECT_EQ(text.substr(0, text.find('\n')), row.want_first_line);
  }
}

// A page that answered 404 or 410 is a broken link, listed as such: never
// among the pages whose addresses are unknown.
TEST(RenderCrawlTextTest, MissingPagesAreBrokenLinksNotUnchecked) {
  PageRecord missing = WithStatus("https://a.in/old", PageStatus::kMissing);
  missing.http_status = 404;
  const std::vector<PageRecord> pages = {
      Fetched("https://a.in/", "a.in", {{"office@a.in", {"text"}}}),
      missing,
      Failed("https://a.in/down", "", 503),
  };
  const std::string text = RenderCrawlText(BuildCrawlReport(pages, State()));
  EXPECT_EQ(text.substr(0, text.find('\n')),
            "1 address exposed on 1 site; 1 page checked, 1 not checked, "
            "1 missing (HTTP 404/410)");
  EXPECT_TRUE(Contains(text,
                       "\nNot checked (failed) - addresses on these pages are "
                       "unknown:\n  https://a.in/down  (HTTP 503)\n\n"))
      << text;
  EXPECT_TRUE(Contains(text,
                       "\nLinked but missing (HTTP 404/410) - what was on them "
                       "is gone:\n  https://a.in/old  (HTTP 404)\n"))
      << text;
}

TEST(RenderCrawlTextTest, LongProblemListsAreCapped) {
  std::vector<PageRecord> pages;
  for (int i = 0; i < 25; ++i) {
    char url[32];
    snprintf(url, sizeof url, "https://a.in/f%02d", i);
    pages.push_back(Failed(url, "timeout", 0));
    snprintf(url, sizeof url, "https://a.in/r%02d", i);
    pages.push_back(WithStatus(url, PageStatus::kSkippedRobots));
  }
  std::string text = RenderCrawlText(BuildCrawlReport(pages, State()));
  EXPECT_TRUE(Contains(text, "  https://a.in/f19  (timeout)\n  (+5 more)\n"));
  EXPECT_FALSE(Contains(text, "f20"));
  EXPECT_TRUE(Contains(text, "  https://a.in/r19\n  (+5 more)\n"));
  EXPECT_FALSE(Contains(text, "r20"));
}

TEST(RenderCrawlTextTest, HostileStringsCannotDriveTheTerminal) {
  std::vector<PageRecord> pages = {
      Fetched("https://a.in/\x1b]0;pwned\x07", "a.in\x1b[2J",
              {{"x@a.in\x1b[31m\r\n", {"text\x9b"}}}),
      Failed("https://a.in/\x1b[1A", "bad\x7f\x1b", 0),
      WithStatus("https://a.in/\xc2\x9b"
                 "31m",
                 PageStatus::kSkippedRobots),
  };
  std::string text = RenderCrawlText(BuildCrawlReport(pages, State()));
  // Nothing but printable ASCII and newlines survives from these inputs.
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    EXPECT_TRUE(c == '\n' || (c >= 0x20 && c < 0x7f)) << "byte at " << i;
  }
  EXPECT_TRUE(Contains(text, "x@a.in?[31m??"));
  EXPECT_TRUE(Contains(text, "https://a.in/?]0;pwned?"));
  EXPECT_TRUE(Contains(text,
                       "https://a.in/?[1A  (bad?"
                       "?)"));
  EXPECT_TRUE(Contains(text, "https://a.in/?31m\n"));
  EXPECT_TRUE(Contains(text, "forms: text?\n"));
}

TEST(RenderCrawlTextTest, ValidUnicodeIsKept) {
  std::string text = RenderCrawlText(
      BuildCrawlReport({Fetched("https://école.fr/", "école.fr",
                                {{"délégué@école.fr", {"text"}}})},
                       State()));
  EXPECT_TRUE(Contains(text, "  délégué@école.fr  ["));
  EXPECT_TRUE(Contains(text, "      https://école.fr/\n"));
}

// What limits left out reads as a sentence that says how many, like what,
// by which limit and what to raise; every format uses it.
TEST(LeftOutSentenceTest, SaysHowManyLikeWhatAndWhatToRaise) {
  const struct {
    store::LeftOutTally tally;
    const char* want;
  } rows[] = {
      {{"school.in", "trap", 2000, "school.in/news/0/notice-0.html",
        "https://school.in/news/7/notice-3.html", 1000},
       "1000 URLs like school.in/news/0/notice-0.html (e.g. "
       "https://school.in/news/7/notice-3.html) left out by the crawler-trap "
       "cap (max_per_pattern 2000): raise max_per_pattern to check them"},
      {{"school.in", "max-depth", 3, "school.in/a/b/c/d.html",
        "https://school.in/a/b/c/d.html", 1},
       "1 URL like school.in/a/b/c/d.html (e.g. https://school.in/a/b/c/d.html)"
       " left out by the depth limit (max_depth 3): raise max_depth to check "
       "them"},
      {{"school.in", "max-pages", 500, "school.in/p/0.html", "", 12},
       "12 URLs like school.in/p/0.html left out by the page limit per site "
       "(max_pages 500): raise max_pages to check them"},
      {{"school.in", "queue", 1000, "school.in/q", "", 2},
       "2 URLs like school.in/q left out by the queue limit per site (twice "
       "the page limit) (max_pages 1000): raise max_pages to check them"},
  };
  for (const auto& row : rows) {
    EXPECT_EQ(LeftOutSentence(row.tally), row.want);
  }
}

TEST(LeftOutSentenceTest, InTheCrawlReportTextAndJson) {
  CrawlReport r;
  r.limit_reached = true;
  r.left_out = {{"school.in", "trap", 10, "school.in/news/0/notice-0.html",
                 "https://school.in/news/7/notice-7.html", 40}};
  EXPECT_NE(RenderCrawlText(r).find(
                "Left out by limits (not requested, not checked):\n  40 URLs "
                "like school.in/news/0/notice-0.html"),
            std::string::npos)
      << RenderCrawlText(r);
  EXPECT_NE(RenderCrawlJson(r).find("\"limit\": \"trap\",\n      "
                                    "\"limit_value\": 10,"),
            std::string::npos)
      << RenderCrawlJson(r);
}

}  // namespace
}  // namespace domex::reports
