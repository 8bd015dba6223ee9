#include "crawler/robots.h"

#include <gtest/gtest.h>

#include <string>

namespace domex::crawler {
namespace {

constexpr char kAgent[] = "domex/0.1 (+https://example.org/domex)";

struct AllowRow {
  const char* robots;
  const char* path;
  bool allowed;
};

TEST(RobotsAllows, Table) {
  const AllowRow rows[] = {
      // Nothing said: everything allowed.
      {"", "/x", true},
      {"User-agent: *\nDisallow:\n", "/x", true},
      {"User-agent: *\nDisallow: /\n", "/x", false},
      {"User-agent: *\nDisallow: /\n", "/", false},
      // /robots.txt itself is always allowed.
      {"User-agent: *\nDisallow: /\n", "/robots.txt", true},
      // Prefix matching.
      {"User-agent: *\nDisallow: /private\n", "/private/a", false},
      {"User-agent: *\nDisallow: /private\n", "/privateer", false},
      {"User-agent: *\nDisallow: /private/\n", "/private", true},
      {"User-agent: *\nDisallow: /private\n", "/public", true},
      // Longer Allow overrides a shorter Disallow...
      {"User-agent: *\nDisallow: /staff/\nAllow: /staff/contact\n",
       "/staff/contact.html", true},
      {"User-agent: *\nDisallow: /staff/\nAllow: /staff/contact\n",
       "/staff/salaries", false},
      // ...and a longer Disallow overrides a shorter Allow.
      {"User-agent: *\nAllow: /docs/\nDisallow: /docs/internal\n",
       "/docs/internal/x", false},
      {"User-agent: *\nAllow: /docs/\nDisallow: /docs/internal\n",
       "/docs/public", true},
      // Equal length: Allow wins, in either order.
      {"User-agent: *\nDisallow: /page\nAllow: /page\n", "/page", true},
      {"User-agent: *\nAllow: /page\nDisallow: /page\n", "/page", true},
      {"User-agent: *\nDisallow: /a*c\nAllow: /ab*\n", "/abc", true},
      // "$" anchors the end; elsewhere it is literal.
      {"User-agent: *\nDisallow: /*.pdf$\n", "/files/a.pdf", false},
      {"User-agent: *\nDisallow: /*.pdf$\n", "/files/a.pdf?x=1", true},
      {"User-agent: *\nDisallow: /*.pdf$\n", "/files/a.pdfx", true},
      {"User-agent: *\nDisallow: /$\n", "/", false},
      {"User-agent: *\nDisallow: /$\n", "/a", true},
      {"User-agent: *\nDisallow: /a$b\n", "/a$b/c", false},
      // "*" wildcard.
      {"User-agent: *\nDisallow: /*/print\n", "/news/print", false},
      {"User-agent: *\nDisallow: /*/print\n", "/news/view", true},
      {"User-agent: *\nDisallow: /*?sessionid=\n", "/a?sessionid=1", false},
      {"User-agent: *\nDisallow: /*?sessionid=\n", "/a?x=1", true},
      {"User-agent: *\nDisallow: *private\n", "/a/private", false},
      {"User-agent: *\nDisallow: /a**b\n", "/axxb", false},
      // Query strings take part in matching.
      {"User-agent: *\nDisallow: /search?\n", "/search?q=1", false},
      {"User-agent: *\nDisallow: /search?\n", "/search", true},
      // Specific agent group beats "*"; token match is case-insensitive and
      // ignores the version.
      {"User-agent: *\nDisallow: /\n\nUser-agent: Domex/1.0\nDisallow: /x\n",
       "/page", true},
      {"User-agent: *\nDisallow: /\n\nUser-agent: DOMEX\nDisallow: /x\n", "/x",
       false},
      {"User-agent: *\nDisallow: /\n\nUser-agent: domexbot\nAllow: /\n", "/page",
       false},
      {"User-agent: otherbot\nDisallow: /\n", "/page", true},
      // Consecutive user-agent lines share a group.
      {"User-agent: a\nUser-agent: domex\nUser-agent: b\nDisallow: /s\n", "/s",
       false},
      // Groups for the same agent are merged.
      {"User-agent: domex\nDisallow: /a\n\nUser-agent: x\nDisallow: /b\n\n"
       "User-agent: domex\nDisallow: /c\n",
       "/c", false},
      {"User-agent: domex\nDisallow: /a\n\nUser-agent: x\nDisallow: /b\n\n"
       "User-agent: domex\nDisallow: /c\n",
       "/b", true},
      // Rules before any user-agent are ignored.
      {"Disallow: /\nUser-agent: *\nDisallow: /x\n", "/y", true},
      // Comments, CR and CRLF line ends, BOM, odd spacing and key case.
      {"User-agent: * # all\r\nDisallow: /a # not /b\r\n", "/a", false},
      {"User-agent: * # all\r\nDisallow: /a # not /b\r\n", "/b", true},
      {"User-agent: *\rDisallow: /a\r", "/a/x", false},
      {"\xEF\xBB\xBFUser-agent: *\nDisallow: /a\n", "/a", false},
      {"  USER-AGENT :*\n  disallow   :   /a  \n", "/a", false},
      {"# only a comment\n", "/a", true},
      {"User-agent: *\nDisallow /no-colon\n", "/no-colon", true},
      // Percent-encoding is normalised on both sides; %2F stays distinct.
      {"User-agent: *\nDisallow: /%7ejoe/\n", "/~joe/x", false},
      {"User-agent: *\nDisallow: /~joe/\n", "/%7Ejoe/x", false},
      {"User-agent: *\nDisallow: /a%3cb\n", "/a%3Cb", false},
      {"User-agent: *\nDisallow: /a%2Fb\n", "/a/b", true},
      {"User-agent: *\nDisallow: /caf\xc3\xa9\n", "/caf%C3%A9", false},
      // A typo real sites make.
      {"User-agent: *\nDissallow: /a\n", "/a", false},
  };
  for (const AllowRow& row : rows) {
    RobotsRules rules = ParseRobots(row.robots, kAgent);
    EXPECT_EQ(rules.Allows(row.path), row.allowed)
        << "robots:\n" << row.robots << "path: " << row.path;
  }
}

TEST(RobotsCrawlDelay, FromSelectedGroup) {
  struct Row {
    const char* robots;
    double want;  // < 0: none
  };
  const Row rows[] = {
      {"User-agent: *\nCrawl-delay: 5\n", 5},
      {"User-agent: *\nCrawl-delay: 0.5\n", 0.5},
      {"User-agent: *\nCrawl-delay: 2\n\nUser-agent: domex\nCrawl-delay: 7\n", 7},
      {"User-agent: *\nCrawl-delay: 2\n\nUser-agent: other\nCrawl-delay: 7\n", 2},
      {"User-agent: *\nCrawl-delay: soon\n", -1},
      {"User-agent: *\nCrawl-delay: -3\n", -1},
      {"User-agent: *\nCrawl-delay: nan\n", -1},
      {"User-agent: *\nDisallow: /\n", -1},
      {"Crawl-delay: 9\nUser-agent: *\nDisallow: /x\n", -1},
  };
  for (const Row& row : rows) {
    RobotsRules rules = ParseRobots(row.robots, kAgent);
    if (row.want < 0) {
      EXPECT_FALSE(rules.crawl_delay_seconds.has_value()) << row.robots;
    } else {
      ASSERT_TRUE(rules.crawl_delay_seconds.has_value()) << row.robots;
      EXPECT_DOUBLE_EQ(*rules.crawl_delay_seconds, row.want) << row.robots;
    }
  }
}

TEST(RobotsSitemaps, AnywhereInTheFile) {
  RobotsRules rules = ParseRobots(
      "Sitemap: https://www.school.in/sitemap.xml\n"
      "User-agent: other\nDisallow: /\n"
      "SITEMAP:   https://www.school.in/news.xml.gz  # comment\n"
      "Sitemap:\n",
      kAgent);
  ASSERT_EQ(rules.sitemaps.size(), 2u);
  EXPECT_EQ(rules.sitemaps[0], "https://www.school.in/sitemap.xml");
  EXPECT_EQ(rules.sitemaps[1], "https://www.school.in/news.xml.gz");
  EXPECT_TRUE(rules.Allows("/x"));
}

TEST(RobotsForResponse, StatusCodes) {
  struct Row {
    int status;
    bool allows_page;
  };
  const char body[] = "User-agent: *\nDisallow: /page\n";
  const Row rows[] = {
      {200, false}, {204, false}, {301, true}, {404, true}, {403, true},
      {410, true},  {429, false}, {500, false}, {503, false}, {0, false},
      {-1, false},  {999, false},
  };
  for (const Row& row : rows) {
    RobotsRules rules = RobotsForResponse(row.status, body, kAgent);
    EXPECT_EQ(rules.Allows("/page"), row.allows_page) << row.status;
    EXPECT_TRUE(rules.Allows("/robots.txt")) << row.status;
  }
  EXPECT_TRUE(RobotsForResponse(200, body, kAgent).Allows("/other"));
  EXPECT_FALSE(RobotsForResponse(503, body, kAgent).Allows("/other"));
}

TEST(RobotsLimits, OnlyTheFirst512KiBCount) {
  std::string body = "User-agent: *\nDisallow: /early\n";
  while (body.size() < kMaxRobotsBytes + 1000) body += "# padding padding padding\n";
  body += "Disallow: /late\n";
  RobotsRules rules = ParseRobots(body, kAgent);
  EXPECT_FALSE(rules.Allows("/early"));
  EXPECT_TRUE(rules.Allows("/late"));
}

TEST(RobotsLimits, LineCutAtTheLimitIsDropped) {
  std::string body = "User-agent: *\n";
  const std::string line = "Disallow: /abcdefgh\n";
  // Place the line so the limit falls right after "Disallow: /a".
  body += std::string(kMaxRobotsBytes - 12 - body.size() - 1, '#') + "\n";
  ASSERT_EQ(body.size(), kMaxRobotsBytes - 12);
  body += line;
  RobotsRules rules = ParseRobots(body, kAgent);
  EXPECT_TRUE(rules.Allows("/a"));
}

TEST(RobotsLimits, RuleCountIsCapped) {
  std::string body = "User-agent: *\n";
  for (int i = 0; i < 20000; ++i) body += "Disallow: /p" + std::to_string(i) + "\n";
  RobotsRules rules = ParseRobots(body, kAgent);
  EXPECT_LE(rules.rules.size(), 10000u);
  EXPECT_FALSE(rules.Allows("/p1"));
}

// Hostile wildcards are matched in linear time per rule, checked by the
// characters compared rather than by the clock (issue 8): at most twice
// the pattern and twice the path for each rule.
TEST(RobotsLimits, HostileWildcardIsLinear) {
  const std::string as = "/" + std::string(4000, 'a');
  std::string abs = "/";
  for (int i = 0; i < 2000; ++i) abs += "ab";
  struct Row {
    const char* name;
    std::string rule;  // Disallow: <rule>, `count` times
    int count;
    std::string path;  // allowed; path + "b" or "c" is not
    const char* last;
  } rows[] = {
      {"many stars", "/*a*a*a*a*a*a*a*b", 200, as, "b"},
      // Naive search compares piece x path per rule: 41 ms per URL for a
      // 512 KiB robots.txt of these.
      {"long piece", "/*" + std::string(2040, 'a') + "b", 250, as, "b"},
      {"long anchored", "/*" + std::string(2040, 'a') + "b$", 250, as, "b"},
      {"periodic", abs.substr(0, 1) + "*" + abs.substr(1, 2000) + "c", 250, abs,
       "c"},
  };
  for (const Row& row : rows) {
    std::string body = "User-agent: *\n";
    for (int i = 0; i < row.count; ++i) body += "Disallow: " + row.rule + "\n";
    RobotsRules rules = ParseRobots(body, kAgent);
    ASSERT_EQ(rules.rules.size(), static_cast<size_t>(row.count)) << row.name;
    const size_t bound =
        row.count * 2 * (row.rule.size() + row.path.size() + 1);
    size_t steps = 0;
    EXPECT_TRUE(rules.Allows(row.path, &steps)) << row.name;
    EXPECT_LE(steps, bound) << row.name;
    EXPECT_GT(steps, static_cast<size_t>(row.count)) << row.name;
    steps = 0;
    EXPECT_FALSE(rules.Allows(row.path + row.last, &steps)) << row.name;
    EXPECT_LE(steps, bound) << row.name;
  }
}

// The linear search finds what a naive one finds.
TEST(RobotsLimits, WildcardPiecesMatchLikeANaiveSearch) {
  struct Row {
    const char* pattern;
    const char* path;
    bool match;
  } rows[] = {
      {"/*aab", "/aaab", true},     {"/*abab", "/ababab", true},
      {"/*abac", "/ababac", true},  {"/*aab", "/abab", false},
      {"/*a*b*c", "/xaybzc", true}, {"/*a*b*c", "/xaybz", false},
      {"/*ab$", "/abab", true},     {"/*ab$", "/aba", false},
      {"/x*", "/x", true},          {"/*", "/", true},
      {"/*aaaa", "/aaa", false},    {"/*aabaa", "/aabaabaa", true},
  };
  for (const Row& row : rows) {
    RobotsRules rules = ParseRobots(
        std::string("User-agent: *\nDisallow: ") + row.pattern, kAgent);
    EXPECT_EQ(rules.Allows(row.path), !row.match)
        << row.pattern << " " << row.path;
  }
}

TEST(RobotsLimits, BinaryGarbageDoesNotCrash) {
  std::string body;
  for (int i = 0; i < 100000; ++i) body.push_back(static_cast<char>(i * 7919));
  RobotsRules rules = ParseRobots(body, kAgent);
  (void)rules.Allows("/x");
  SUCCEED();
}

}  // namespace
}  // namespace domex::crawler
