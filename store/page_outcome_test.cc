#include "store/page_outcome.h"

#include <gtest/gtest.h>

#include <map>
#include <vector>

namespace domex::store {
namespace {

constexpr uint64_t kGen = 7;

PageRecord Page(const std::string& path, PageStatus status,
                const std::string& error = "", uint64_t generation = kGen) {
  PageRecord p;
  p.url = "http://a.in" + path;
  p.status = status;
  p.error = error;
  p.generation = generation;
  return p;
}

PageRecord Redirect(const std::string& path, const std::string& to,
                    uint64_t generation = kGen) {
  PageRecord p = Page(path, PageStatus::kRedirect, "", generation);
  p.redirect_to = to.rfind("http", 0) == 0 ? to : "http://a.in" + to;
  return p;
}

PageRecord WithAddress(PageRecord p) {
  p.addresses = {{"x@a.in", {"text"}}};
  return p;
}

TEST(PageOutcomeTest, PagesAreWhatTheirRecordSays) {
  PageRecord missing = Page("/m", PageStatus::kMissing);
  missing.http_status = 410;
  PageRecord failed = Page("/f", PageStatus::kFailed);
  failed.http_status = 503;
  struct Row {
    const char* name;
    PageRecord page;
    Outcome want;
    std::string reason;
  } rows[] = {
      {"fetched", Page("/", PageStatus::kFetched), Outcome::kChecked, ""},
      {"missing", missing, Outcome::kMissing, "HTTP 410"},
      {"failed, status only", failed, Outcome::kNotChecked, "HTTP 503"},
      {"failed, with error", Page("/t", PageStatus::kFailed, "Timeout"),
       Outcome::kNotChecked, "Timeout"},
      {"robots, nothing known", Page("/r", PageStatus::kSkippedRobots),
       Outcome::kSkippedRobots, ""},
      // A harvester ignores robots.txt: what was seen there may still be.
      {"robots, earlier findings",
       WithAddress(Page("/r", PageStatus::kSkippedRobots)),
       Outcome::kNotChecked, "disallowed by robots.txt"},
  };
  for (const Row& row : rows) {
    PageOutcome got =
        OutcomeOf(row.page, [](const std::string&) { return nullptr; });
    EXPECT_EQ(got.outcome, row.want) << row.name;
    EXPECT_EQ(got.reason, row.reason) << row.name;
  }
}

// A redirect is checked only when its chain ends, in the same crawl, at a
// page checked or missing, or out of scope.
TEST(PageOutcomeTest, RedirectIsWhereItsChainEnds) {
  PageRecord out = Redirect("/o", "http://elsewhere.example/o");
  out.external_links = {out.redirect_to};
  PageRecord missing = Page("/gone", PageStatus::kMissing);
  missing.http_status = 404;
  const std::vector<PageRecord> crawl = {
      Page("/page", PageStatus::kFetched),
      missing,
      Page("/broken", PageStatus::kFailed, "HTTP 500"),
      Page("/private", PageStatus::kSkippedRobots),
      Redirect("/hop", "/page"),
      Redirect("/loop-a", "/loop-b"),
      Page("/loop-b", PageStatus::kFailed, "redirect loop"),
      Page("/old", PageStatus::kFetched, "", kGen - 1),
      Redirect("/cycle-a", "/cycle-b"),
      Redirect("/cycle-b", "/cycle-a"),
  };
  std::map<std::string, const PageRecord*> index;
  for (const PageRecord& p : crawl) index[p.url] = &p;
  const PageLookup lookup = [&](const std::string& url) -> const PageRecord* {
    auto it = index.find(url);
    return it == index.end() ? nullptr : it->second;
  };
  struct Row {
    const char* name;
    PageRecord redirect;
    Outcome want;
    std::string reason;
  } rows[] = {
      {"to a checked page", Redirect("/r", "/page"), Outcome::kChecked, ""},
      {"through a hop", Redirect("/r", "/hop"), Outcome::kChecked, ""},
      {"to a missing page", Redirect("/r", "/gone"), Outcome::kChecked, ""},
      {"out of scope", out, Outcome::kChecked, ""},
      {"to a failed page", WithAddress(Redirect("/r", "/broken")),
       Outcome::kNotChecked, "redirect to http://a.in/broken: HTTP 500"},
      {"into a loop", Redirect("/r", "/loop-a"), Outcome::kNotChecked,
       "redirect to http://a.in/loop-b: redirect loop"},
      {"to a page not recorded yet", Redirect("/r", "/later"),
       Outcome::kNotChecked, "redirect to http://a.in/later: not reached"},
      {"to a page of an older crawl", Redirect("/r", "/old"),
       Outcome::kNotChecked, "redirect to http://a.in/old: not reached"},
      {"to a disallowed page", Redirect("/r", "/private"),
       Outcome::kSkippedRobots, ""},
      {"to a disallowed page, earlier findings",
       WithAddress(Redirect("/r", "/private")), Outcome::kNotChecked,
       "redirect to http://a.in/private: disallowed by robots.txt"},
      {"a cycle of stored redirects", Redirect("/r", "/cycle-a"),
       Outcome::kNotChecked, "too many redirects"},
  };
  for (const Row& row : rows) {
    PageOutcome got = OutcomeOf(row.redirect, lookup);
    EXPECT_EQ(got.outcome, row.want) << row.name;
    EXPECT_EQ(got.reason, row.reason) << row.name;
  }
}

// A site is not checked when its start URL did not answer 2xx/3xx (or
// its redirect chain ends somewhere not checked); then a 404 on it is not
// the site's word, and the page is not checked rather than missing.
TEST(SitesNotCheckedTest, StartPagesThatDidNotAnswer) {
  PageRecord start404 = Page("/", PageStatus::kMissing);
  start404.http_status = 404;
  PageRecord start500 = Page("/", PageStatus::kFailed);
  start500.http_status = 500;
  PageRecord checked = Page("/ok", PageStatus::kFetched);
  struct Row {
    const char* name;
    std::vector<PageRecord> records;  // of this crawl, start URL first
    std::string want;                 // the reason for site "a.in"; "": none
  } rows[] = {
      {"start fetched", {Page("/", PageStatus::kFetched)}, ""},
      {"start redirects to a checked page",
       {Redirect("/", "/ok"), checked},
       ""},
      {"start not recorded yet (interrupted)", {}, ""},
      {"start 404",
       {start404},
       "site not checked: start page http://a.in/: HTTP 404"},
      {"start 500",
       {start500},
       "site not checked: start page http://a.in/: HTTP 500"},
      {"start reset",
       {Page("/", PageStatus::kFailed, "Connection reset by peer")},
       "site not checked: start page http://a.in/: Connection reset by peer"},
      {"start redirects to a failing page",
       {Redirect("/", "/f"), Page("/f", PageStatus::kFailed, "HTTP 500")},
       "site not checked: start page http://a.in/: redirect to "
       "http://a.in/f: HTTP 500"},
      {"start disallowed by robots.txt",
       {Page("/", PageStatus::kSkippedRobots)},
       "site not checked: start page http://a.in/: disallowed by robots.txt"},
  };
  for (Row& row : rows) {
    std::map<std::string, PageRecord> by_url;
    for (PageRecord& p : row.records) {
      p.site = "a.in";
      by_url[p.url] = p;
    }
    const PageLookup lookup = [&](const std::string& url) -> const PageRecord* {
      auto it = by_url.find(url);
      return it == by_url.end() ? nullptr : &it->second;
    };
    const auto sites = SitesNotChecked({"http://a.in/"}, lookup);
    const std::string got = sites.count("a.in") ? sites.at("a.in") : "";
    EXPECT_EQ(got, row.want) << row.name;

    PageRecord gone = WithAddress(Page("/gone", PageStatus::kMissing));
    gone.site = "a.in";
    gone.http_status = 404;
    const PageOutcome outcome = OutcomeInSite(gone, lookup, sites);
    if (row.want.empty()) {
      EXPECT_EQ(outcome.outcome, Outcome::kMissing) << row.name;
    } else {
      EXPECT_EQ(outcome.outcome, Outcome::kNotChecked) << row.name;
      EXPECT_EQ(outcome.reason, "HTTP 404 (" + row.want + ")") << row.name;
    }
  }
}

}  // namespace
}  // namespace domex::store
