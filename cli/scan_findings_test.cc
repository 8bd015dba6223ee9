#include "cli/scan_findings.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace domex::cli {
namespace {

store::PageRecord Page(const std::string& url, const std::string& site,
                       std::vector<store::FoundAddress> addresses,
                       store::PageStatus status = store::PageStatus::kFetched) {
  store::PageRecord p;
  p.url = url;
  p.site = site;
  p.generation = 1;
  p.status = status;
  p.http_status = status == store::PageStatus::kFetched ? 200 : 500;
  p.addresses = std::move(addresses);
  return p;
}

TEST(AttributeFindingsTest, SplitsBySiteAndPicksLookalikeDomains) {
  const std::vector<store::InstitutionRecord> institutions = {
      {"School", {"https://www.school.in/"}, {"school.in", "school.edu"}},
      {"College", {"https://college.ac.in/"}, {}},
      {"Ministry", {}, {"ministry.gov.in"}},
  };
  const std::vector<store::PageRecord> pages = {
      Page("https://www.school.in/", "school.in",
           {{"principal@school.in", {"mailto"}},
            {"head@gmail.com", {"text"}},
            {"admin@school-trust.org", {"entity"}}}),
      Page("https://staff.school.in/", "school.in",
           {{"principal@school.in", {"text"}}}),
      Page("https://www.school.in/broken", "school.in",
           {{"old@school.in", {"text"}}, {"principal@school.in", {"text"}}},
           store::PageStatus::kFailed),
      Page("https://college.ac.in/", "college.ac.in",
           {{"dean@college.ac.in", {"text"}}}),
      Page("https://elsewhere.in/", "elsewhere.in",
           {{"x@elsewhere.in", {"text"}}}),
  };
  store::CrawlState state;
  state.generation = 1;
  state.finished = true;
  const auto found =
      AttributeFindings(institutions, pages, state, {"gmail.com"});
  ASSERT_EQ(found.size(), 3u);

  const InstitutionFindings& school = found[0];
  EXPECT_EQ(school.name, "School");
  std::vector<std::string> addresses;
  for (const store::AddressSighting& a : school.addresses) {
    EXPECT_EQ(a.institution, "School");
    addresses.push_back(a.address);
  }
  EXPECT_EQ(addresses, (std::vector<std::string>{
                           "admin@school-trust.org", "head@gmail.com",
                           "principal@school.in", "old@school.in"}));
  EXPECT_FALSE(school.addresses[2].unchecked);
  EXPECT_TRUE(school.addresses[3].unchecked);  // its only page failed
  EXPECT_EQ(school.addresses[3].pages,
            std::vector<std::string>{"https://www.school.in/broken"});
  EXPECT_EQ(school.addresses[2].forms,
            (std::vector<std::string>{"mailto", "text"}));
  EXPECT_EQ(school.addresses[2].pages.size(), 2u);
  EXPECT_EQ(school.addresses[2].sites, std::vector<std::string>{"school.in"});
  EXPECT_EQ(school.crawl.fetched, 2);
  EXPECT_EQ(school.crawl.failed, 1);
  EXPECT_EQ(school.lookalike_domains,
            (std::vector<std::string>{"school-trust.org", "school.edu",
                                      "school.in"}));

  EXPECT_EQ(found[1].lookalike_domains,
            std::vector<std::string>{"college.ac.in"});
  ASSERT_EQ(found[1].addresses.size(), 1u);
  EXPECT_EQ(found[1].addresses[0].address, "dean@college.ac.in");

  EXPECT_TRUE(found[2].addresses.empty());  // no sites: nothing crawled
  EXPECT_EQ(found[2].crawl.fetched, 0);
  EXPECT_EQ(found[2].lookalike_domains,
            std::vector<std::string>{"ministry.gov.in"});
}

// A crawl stopped before it reached a page the last finished crawl saw an
// address on: the address is unchecked (so never gone), not absent.
TEST(AttributeFindingsTest, PagesAStoppedCrawlDidNotReachAreUnchecked) {
  std::vector<store::PageRecord> pages = {
      Page("https://s.in/", "s.in", {{"home@s.in", {"text"}}}),
      Page("https://s.in/p", "s.in", {{"p@s.in", {"mailto"}}}),
  };
  pages[0].generation = 2;  // reached again by crawl 2; /p not yet
  store::CrawlState state;
  state.generation = 2;
  state.previous_generation = 1;
  for (const bool finished : {false, true}) {
    SCOPED_TRACE(finished ? "finished" : "stopped");
    state.finished = finished;
    const auto found =
        AttributeFindings({{"S", {"https://s.in/"}, {}}}, pages, state, {});
    ASSERT_EQ(found.size(), 1u);
    std::vector<std::string> seen;
    for (const store::AddressSighting& a : found[0].addresses) {
      seen.push_back(a.address + (a.unchecked ? " unchecked" : " seen"));
      if (a.unchecked) {
        EXPECT_EQ(a.pages, std::vector<std::string>{"https://s.in/p"});
        EXPECT_EQ(a.sites, std::vector<std::string>{"s.in"});
      }
    }
    // Finished too: a new crawl re-seeds the pages known to carry
    // addresses, so one it did not record was not reached, never gone.
    const std::vector<std::string> want = {"home@s.in seen",
                                           "p@s.in unchecked"};
    EXPECT_EQ(seen, want);
    EXPECT_EQ(found[0].crawl.fetched, 1);
  }
}

TEST(AttributeFindingsTest, InstitutionsSharingADomainSplitByHost) {
  const std::vector<store::InstitutionRecord> institutions = {
      {"Junior", {"https://junior.school.in/"}, {}},
      {"Senior", {"https://senior.school.in/"}, {}},
  };
  const std::vector<store::PageRecord> pages = {
      Page("https://junior.school.in/", "school.in",
           {{"j@school.in", {"text"}}}),
      Page("https://staff.senior.school.in/", "school.in",
           {{"s@school.in", {"text"}}}),
      // On neither start host (reached by a link): belongs to both.
      Page("https://school.in/trust.html", "school.in",
           {{"trust@school.in", {"text"}}}),
  };
  store::CrawlState state;
  state.generation = 1;
  const auto found = AttributeFindings(institutions, pages, state, {});
  ASSERT_EQ(found.size(), 2u);
  auto names = [](const InstitutionFindings& f) {
    std::vector<std::string> out;
    for (const store::AddressSighting& a : f.addresses)
      out.push_back(a.address);
    return out;
  };
  EXPECT_EQ(names(found[0]),
            (std::vector<std::string>{"j@school.in", "trust@school.in"}));
  EXPECT_EQ(names(found[1]),
            (std::vector<std::string>{"s@school.in", "trust@school.in"}));
}

TEST(AttributeFindingsTest, LocalhostSitesHaveNoLookalikeDomain) {
  const auto found =
      AttributeFindings({{"Demo", {"http://www.school.localhost:8080/"}, {}}},
                        {}, store::CrawlState(), {});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_TRUE(found[0].lookalike_domains.empty());
}

}  // namespace
}  // namespace domex::cli
