#include "cli/settings.h"

#include <gtest/gtest.h>

#include <set>

namespace domex::cli {
namespace {

Result<Settings> FromFlags(Section section,
                           const std::vector<std::string>& argv) {
  Result<Args> args = ParseArgs(argv, SettingFlags(section));
  if (!args.ok()) return args.status();
  Settings settings;
  Status s = ApplyFlags(*args, section, &settings);
  if (!s.ok()) return s;
  return settings;
}

TEST(SettingsTest, EveryRowIsOneFlagAndOneConfigKey) {
  std::set<std::string> seen;
  for (const Setting& s : AllSettings()) {
    const std::string key = ConfigKey(s);
    EXPECT_EQ(key.find('-'), std::string::npos) << s.name;
    EXPECT_TRUE(
        seen.insert(std::string(SectionName(s.section)) + "." + key).second)
        << key;
    EXPECT_NE(s.apply, nullptr) << s.name;
    if (s.kind == SettingKind::kInt) {
      EXPECT_LE(s.min, s.max) << s.name;
    }
  }
  EXPECT_EQ(ConfigKey(AllSettings()[2]), "max_pages");
}

TEST(SettingsTest, FlagsSetEveryCrawlSetting) {
  Result<Settings> s = FromFlags(Section::kCrawl, {"--concurrency",
                                                   "3",
                                                   "--delay",
                                                   "0",
                                                   "--max-pages",
                                                   "50",
                                                   "--max-depth",
                                                   "4",
                                                   "--max-body",
                                                   "2048",
                                                   "--timeout",
                                                   "900",
                                                   "--max-time",
                                                   "60",
                                                   "--max-per-pattern",
                                                   "7",
                                                   "--ignore-robots",
                                                   "--user-agent",
                                                   "audit/2 (+https://a.in/)",
                                                   "--ca-file",
                                                   "/dev/null"});
  ASSERT_TRUE(s.ok()) << s.status().message();
  const crawler::CrawlOptions& c = s->crawl;
  EXPECT_EQ(c.concurrency, 3);
  EXPECT_EQ(c.delay_ms, 0);
  EXPECT_EQ(c.max_pages, 50);
  EXPECT_EQ(c.max_depth, 4);
  EXPECT_EQ(c.max_body_bytes, 2048u);
  EXPECT_EQ(c.timeout_ms, 900);
  EXPECT_EQ(c.max_time_s, 60);
  EXPECT_EQ(c.max_per_pattern, 7);
  EXPECT_TRUE(c.ignore_robots);
  EXPECT_EQ(c.user_agent, "audit/2 (+https://a.in/)");
  EXPECT_EQ(c.ca_file, "/dev/null");
}

TEST(SettingsTest, FlagsSetEveryDnsSetting) {
  Result<Settings> s =
      FromFlags(Section::kDns,
                {"--nameservers", "127.0.0.1:5353, [::1]:53", "--qps", "40",
                 "--timeout", "800", "--max-in-flight", "9", "--retries", "0",
                 "--dictionary", "words.txt", "--max-candidates", "1000"});
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->dns.nameservers,
            (std::vector<std::string>{"127.0.0.1:5353", "[::1]:53"}));
  EXPECT_EQ(s->dns.qps, 40.0);
  EXPECT_EQ(s->dns.timeout_ms, 800);
  EXPECT_EQ(s->dns.max_in_flight, 9u);
  EXPECT_EQ(s->dns.retries, 0);
  EXPECT_EQ(s->dictionary, "words.txt");
  EXPECT_EQ(s->max_candidates, 1000u);
}

TEST(SettingsTest, AbsentFlagsKeepTheDefaults) {
  Result<Settings> crawl = FromFlags(Section::kCrawl, {});
  Result<Settings> dns = FromFlags(Section::kDns, {});
  ASSERT_TRUE(crawl.ok() && dns.ok());
  const Settings defaults;
  EXPECT_EQ(crawl->crawl.max_pages, defaults.crawl.max_pages);
  EXPECT_EQ(crawl->crawl.user_agent, crawler::kDefaultUserAgent);
  EXPECT_FALSE(crawl->crawl.ignore_robots);
  EXPECT_TRUE(dns->dns.nameservers.empty());
  EXPECT_EQ(dns->dns.retries, defaults.dns.retries);
  EXPECT_EQ(dns->max_candidates, 500000u);
}

TEST(SettingsTest, BadFlagsAreOneLineNamingTheFlag) {
  struct Row {
    Section section;
    std::vector<std::string> argv;
    const char* message;
  } rows[] = {
      {Section::kCrawl,
       {"--concurrency", "0"},
       "option '--concurrency' wants a whole number from 1 to 64, not '0'"},
      {Section::kCrawl,
       {"--max-body", "1k"},
       "option '--max-body' wants a whole number from 1024 to 1073741824, "
       "not '1k'"},
      {Section::kCrawl,
       {"--user-agent", "/1.0"},
       "option '--user-agent' needs a product token, e.g. "
       "'myaudit/1.0 (+https://example.org/contact)'"},
      {Section::kCrawl,
       {"--user-agent", "a/1\r\nX-Evil: 1"},
       "option '--user-agent' must not contain control characters"},
      {Section::kCrawl,
       {"--ca-file", "/nonexistent/ca.pem"},
       "cannot read --ca-file '/nonexistent/ca.pem'"},
      {Section::kDns,
       {"--nameservers", "127.0.0.1:53,1.2.3"},
       "option '--nameservers': nameserver \"1.2.3\": \"1.2.3\" is not an IP "
       "address"},
      {Section::kDns,
       {"--retries", "11"},
       "option '--retries' wants a whole number from 0 to 10, not '11'"},
      {Section::kDns,
       {"--qps", "1.5"},
       "option '--qps' wants a whole number from 0 to 1000000, not '1.5'"},
  };
  for (const Row& row : rows) {
    Result<Settings> s = FromFlags(row.section, row.argv);
    ASSERT_FALSE(s.ok()) << row.argv[0];
    EXPECT_EQ(s.status().message(), row.message);
  }
}

}  // namespace
}  // namespace domex::cli
