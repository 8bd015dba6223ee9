#include "cli/settings.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <set>

namespace domex::cli {
namespace {

// A file under /tmp holding `contents`, removed with the object.
class TempFile {
 public:
  explicit TempFile(const std::string& contents) {
    char tmpl[] = "/tmp/settings_test.XXXXXX";
    const int fd = mkstemp(tmpl);
    path_ = tmpl;
    if (fd >= 0) {
      EXPECT_EQ(write(fd, contents.data(), contents.size()),
                static_cast<ssize_t>(contents.size()));
      close(fd);
    }
  }
  ~TempFile() { unlink(path_.c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// The smallest DER SEQUENCE, as a PEM certificate block: the form
// CheckPemCertificates looks for.
constexpr char kPem[] =
    "-----BEGIN CERTIFICATE-----\nMAMCAQA=\n-----END CERTIFICATE-----\n";

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
  const TempFile ca(kPem);
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
                                                   ca.path()});
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
  EXPECT_EQ(c.ca_file, ca.path());
}

TEST(SettingsTest, FlagsSetEveryDnsSetting) {
  const TempFile words("school\n");
  Result<Settings> s =
      FromFlags(Section::kDns,
                {"--nameservers", "127.0.0.1:5353, [::1]:53", "--qps", "40",
                 "--timeout", "800", "--max-in-flight", "9", "--retries", "0",
                 "--dictionary", words.path(), "--max-candidates", "1000"});
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->dns.nameservers,
            (std::vector<std::string>{"127.0.0.1:5353", "[::1]:53"}));
  EXPECT_EQ(s->dns.qps, 40.0);
  EXPECT_EQ(s->dns.timeout_ms, 800);
  EXPECT_EQ(s->dns.max_in_flight, 9u);
  EXPECT_EQ(s->dns.retries, 0);
  EXPECT_EQ(s->dictionary, words.path());
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
  const TempFile not_pem("ca certificates go here\n");
  struct Row {
    Section section;
    std::vector<std::string> argv;
    std::string message;
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
      {Section::kCrawl, {"--ca-file", "/tmp"}, "cannot read --ca-file '/tmp'"},
      {Section::kCrawl,
       {"--ca-file", not_pem.path()},
       "--ca-file '" + not_pem.path() +
           "' holds no PEM certificate (-----BEGIN CERTIFICATE-----)"},
      {Section::kDns,
       {"--dictionary", "/nonexistent/words"},
       "cannot read --dictionary '/nonexistent/words'"},
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

TEST(SettingsTest, CaFileMustHoldAPemCertificate) {
  const std::string block = kPem;
  const std::string good[] = {
      block, "Debian's bundle has comments\n" + block + block,
      "-----BEGIN CERTIFICATE-----\r\nMAMC\r\nAQA=\r\n-----END "
      "CERTIFICATE-----\r\n",
      "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n" +
          block,  // one good certificate is enough
  };
  for (const std::string& contents : good) {
    EXPECT_TRUE(CheckPemCertificates(contents).ok()) << contents;
  }
  const std::string bad[] = {
      "",
      "just text",
      "-----BEGIN CERTIFICATE-----\n",  // no end
      "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n",
      "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n",
      // Base64 of "hello": not a DER SEQUENCE.
      "-----BEGIN CERTIFICATE-----\naGVsbG8=\n-----END CERTIFICATE-----\n",
      // A key is not a certificate.
      "-----BEGIN PRIVATE KEY-----\nMAMCAQA=\n-----END PRIVATE KEY-----\n",
      // DER as is (a .crt in binary form) is not PEM.
      std::string("\x30\x03\x02\x01\x00", 5),
  };
  for (const std::string& contents : bad) {
    Status s = CheckPemCertificates(contents);
    ASSERT_FALSE(s.ok()) << contents;
    EXPECT_EQ(s.message(),
              "holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
  }
}

}  // namespace
}  // namespace domex::cli
