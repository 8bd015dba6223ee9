#include "cli/scan_config.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "common/file.h"

namespace domex::cli {
namespace {

using Strings = std::vector<std::string>;

// Every key, none at its default.
constexpr char kFull[] = R"toml(# every key
[crawl]
concurrency = 4
delay = 0
max_pages = 500
max_depth = 7
max_body = 2048
timeout = 900
max_time = 0
max_per_pattern = 30
ignore_robots = true
user_agent = "schoolaudit/2.0 (+https://it.example.in/)"
ca_file = "certs/ca.pem"

[dns]
nameservers = ["127.0.0.1:5353", "[::1]:53", "192.0.2.53"]
qps = 40
timeout = 800
max_in_flight = 64
retries = 0
dictionary = "/usr/share/domex/words.txt"
max_candidates = 1000

[[institution]]
name = "Springfield School"
sites = ["https://www.springfield.edu.in/", "http://staff.springfield.edu.in:8080/x"]
domains = ["springfield.edu.in", "WWW.Army.MIL."]

[[institution]]
name = "Army"
domains = ["army.mil"]

[[institution]]
name = "Crawl only"
sites = ["https://www.school.in/"]
domains = []
)toml";

TEST(ScanConfigTest, ReadsEveryKey) {
  Result<ScanConfig> c = ParseScanConfig(kFull, "/etc/domex/scan.toml");
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->crawl.concurrency, 4);
  EXPECT_EQ(c->crawl.delay_ms, 0);
  EXPECT_EQ(c->crawl.max_pages, 500);
  EXPECT_EQ(c->crawl.max_depth, 7);
  EXPECT_EQ(c->crawl.max_body_bytes, 2048u);
  EXPECT_EQ(c->crawl.timeout_ms, 900);
  EXPECT_EQ(c->crawl.max_time_s, 0);
  EXPECT_EQ(c->crawl.max_per_pattern, 30);
  EXPECT_TRUE(c->crawl.ignore_robots);
  EXPECT_EQ(c->crawl.user_agent, "schoolaudit/2.0 (+https://it.example.in/)");
  EXPECT_EQ(c->crawl.ca_file, "/etc/domex/certs/ca.pem");  // beside the config
  EXPECT_EQ(c->dns.nameservers,
            (Strings{"127.0.0.1:5353", "[::1]:53", "192.0.2.53"}));
  EXPECT_EQ(c->dns.qps, 40.0);
  EXPECT_EQ(c->dns.timeout_ms, 800);
  EXPECT_EQ(c->dns.max_in_flight, 64u);
  EXPECT_EQ(c->dns.retries, 0);
  EXPECT_EQ(c->dictionary, "/usr/share/domex/words.txt");
  EXPECT_EQ(c->max_candidates, 1000u);
  ASSERT_EQ(c->institutions.size(), 3u);
  EXPECT_EQ(c->institutions[0].name, "Springfield School");
  EXPECT_EQ(c->institutions[0].sites,
            (Strings{"https://www.springfield.edu.in/",
                     "http://staff.springfield.edu.in:8080/x"}));
  EXPECT_EQ(c->institutions[0].domains,
            (Strings{"springfield.edu.in", "www.army.mil"}));
  EXPECT_EQ(c->institutions[1].name, "Army");
  EXPECT_EQ(c->institutions[1].sites, Strings{});
  EXPECT_EQ(c->institutions[1].domains, Strings{"army.mil"});
  EXPECT_EQ(c->institutions[2].sites, Strings{"https://www.school.in/"});
  EXPECT_EQ(c->institutions[2].domains, Strings{});
  EXPECT_EQ(c->digest, ConfigDigest(kFull));
}

TEST(ScanConfigTest, AbsentTablesAndKeysKeepTheFlagDefaults) {
  Result<ScanConfig> c = ParseScanConfig(
      "[crawl]\n[[institution]]\nname = \"A\"\ndomains = [\"a.edu.in\"]\n",
      "scan.toml");
  ASSERT_TRUE(c.ok()) << c.status().message();
  const crawler::CrawlOptions crawl;
  const resolver::DnsOptions dns;
  EXPECT_EQ(c->crawl.concurrency, crawl.concurrency);
  EXPECT_EQ(c->crawl.delay_ms, crawl.delay_ms);
  EXPECT_EQ(c->crawl.max_pages, crawl.max_pages);
  EXPECT_EQ(c->crawl.max_time_s, crawl.max_time_s);
  EXPECT_EQ(c->crawl.ignore_robots, false);
  EXPECT_EQ(c->crawl.user_agent, crawler::kDefaultUserAgent);
  EXPECT_EQ(c->crawl.ca_file, "");
  EXPECT_EQ(c->dns.nameservers, Strings{});  // the system's resolvers
  EXPECT_EQ(c->dns.qps, dns.qps);
  EXPECT_EQ(c->dns.timeout_ms, dns.timeout_ms);
  EXPECT_EQ(c->dns.max_in_flight, dns.max_in_flight);
  EXPECT_EQ(c->dns.retries, dns.retries);
  EXPECT_EQ(c->dictionary, "");
  EXPECT_EQ(c->max_candidates, 500000u);
}

TEST(ScanConfigTest, RelativeFilesAreBesideTheConfig) {
  struct Row {
    const char* path;
    const char* ca_file;
    const char* expected;
  } rows[] = {
      {"/etc/domex/scan.toml", "ca.pem", "/etc/domex/ca.pem"},
      {"conf/scan.toml", "../ca.pem", "conf/../ca.pem"},
      {"scan.toml", "ca.pem", "ca.pem"},
      {"conf/scan.toml", "/abs/ca.pem", "/abs/ca.pem"},
  };
  for (const Row& row : rows) {
    const std::string toml = std::string("[crawl]\nca_file = \"") +
                             row.ca_file +
                             "\"\n[[institution]]\nname = \"A\"\n"
                             "domains = [\"a.edu.in\"]\n";
    Result<ScanConfig> c = ParseScanConfig(toml, row.path);
    ASSERT_TRUE(c.ok()) << c.status().message();
    EXPECT_EQ(c->crawl.ca_file, row.expected) << row.path;
  }
}

// A valid institution, for rows that test something else.
const std::string kInstitution =
    "[[institution]]\nname = \"A\"\ndomains = [\"a.edu.in\"]\n";

TEST(ScanConfigTest, ErrorsNameTheKeyAndLine) {
  struct Row {
    std::string toml;
    const char* message;
  } rows[] = {
      // TOML syntax, as toml++ words it.
      {"[crawl\n",
       "scan.toml:1: Error while parsing table header: expected ']', saw "
       "'\\n'"},
      {"[crawl]\ndelay = 1\ndelay = 2\n",
       "scan.toml:3: Error while parsing key-value pair: cannot redefine "
       "existing integer 'delay'"},
      {"name = \"\xff\"\n", "scan.toml:1: Encountered invalid utf-8 sequence"},
      // Unknown tables and keys.
      {"[crawler]\n",
       "scan.toml:1: unknown table or key crawler (a config has [crawl], "
       "[dns], [[institution]] and [[acknowledged]])"},
      {"[crawl]\nbogus = 1\n", "scan.toml:2: unknown key crawl.bogus"},
      {"[crawl]\nmax-pages = 1\n",
       "scan.toml:2: unknown key crawl.max-pages (keys are spelled with '_': "
       "max_pages)"},
      {"[crawl]\nqps = 1\n",
       "scan.toml:2: unknown key crawl.qps (it belongs in [dns])"},
      {"[dns.extra]\n", "scan.toml:1: unknown key dns.extra"},
      {"[[institution]]\nname = \"A\"\nsite = [\"http://a.in/\"]\n",
       "scan.toml:3: unknown key institution[1].site (an institution has "
       "name, sites and domains)"},
      // Wrong types.
      {"crawl = 1\n",
       "scan.toml:1: crawl wants a table ([crawl]), not an integer"},
      {"[crawl]\nmax_pages = \"500\"\n",
       "scan.toml:2: crawl.max_pages wants a whole number from 1 to "
       "10000000, not a string"},
      {"[dns]\nqps = 2.5\n",
       "scan.toml:2: dns.qps wants a whole number from 0 to 1000000, not a "
       "floating-point number"},
      {"[crawl]\nignore_robots = \"yes\"\n",
       "scan.toml:2: crawl.ignore_robots wants true or false, not a string"},
      {"[crawl]\nuser_agent = 1\n",
       "scan.toml:2: crawl.user_agent wants a string, not an integer"},
      {"[dns]\nnameservers = \"127.0.0.1\"\n",
       "scan.toml:2: dns.nameservers wants an array of strings, not a string"},
      {"[dns]\nnameservers = [\n  \"127.0.0.1\",\n  53,\n]\n",
       "scan.toml:4: dns.nameservers[2] wants a string, not an integer"},
      {"[institution]\nname = \"A\"\n",
       "scan.toml:1: institution wants an array of tables ([[institution]]), "
       "not a table"},
      {"institution = [1]\n",
       "scan.toml:1: institution[1] wants a table, not an integer"},
      {kInstitution + "[[institution]]\nname = 5\n",
       "scan.toml:5: institution[2].name wants a string, not an integer"},
      {"[[institution]]\nname = \"A\"\nsites = \"http://a.in/\"\n",
       "scan.toml:3: institution[1].sites wants an array of strings, not a "
       "string"},
      // Out of range.
      {"[crawl]\nconcurrency = 0\n",
       "scan.toml:2: crawl.concurrency wants a whole number from 1 to 64, not "
       "0"},
      {"[crawl]\ndelay = -1\n",
       "scan.toml:2: crawl.delay wants a whole number from 0 to 600000, not "
       "-1"},
      {"[dns]\nretries = 11\n",
       "scan.toml:2: dns.retries wants a whole number from 0 to 10, not 11"},
      // Bad values.
      {"[crawl]\nuser_agent = \"/1.0\"\n",
       "scan.toml:2: crawl.user_agent needs a product token, e.g. "
       "'myaudit/1.0 (+https://example.org/contact)'"},
      {"[crawl]\nuser_agent = \"a/1\\r\\nX-Evil: 1\"\n",
       "scan.toml:2: crawl.user_agent must not contain control characters"},
      {"[dns]\nnameservers = []\n",
       "scan.toml:2: dns.nameservers is empty; leave it out for the default"},
      {"[dns]\nnameservers = [\"127.0.0.1:53\",\n  \"127.0.0.1:99999\"]\n",
       "scan.toml:3: dns.nameservers[2]: nameserver \"127.0.0.1:99999\": bad "
       "port \"99999\""},
      {"[[institution]]\nname = \"A\"\nsites = [\"ftp://a.in/\"]\n",
       "scan.toml:3: institution[1].sites[1]: unsupported scheme: "
       "ftp://a.in/"},
      {"[[institution]]\nname = \"A\"\ndomains = [\"intranet\"]\n",
       "scan.toml:3: institution[1].domains[1]: no known public suffix in "
       "\"intranet\""},
      {"[[institution]]\nname = \"A\"\ndomains = [\"edu.in\"]\n",
       "scan.toml:3: institution[1].domains[1]: \"edu.in\" is a public "
       "suffix, not a domain"},
      {"[[institution]]\nname = \"  \"\ndomains = [\"a.edu.in\"]\n",
       "scan.toml:2: institution[1].name is empty"},
      {"[[institution]]\nname = \"A\\nB\"\ndomains = [\"a.edu.in\"]\n",
       "scan.toml:2: institution[1].name must not contain control characters"},
      {"[[institution]]\ndomains = [\"a.edu.in\"]\n",
       "scan.toml:1: institution[1] needs a name"},
      {kInstitution + "\n[[institution]]\nname = \"B\"\nsites = []\n",
       "scan.toml:5: institution[2] (\"B\") needs at least one site or "
       "domain"},
      {"", "scan.toml: no [[institution]]: a scan needs at least one"},
      {"institution = []\n[crawl]\ndelay = 0\n",
       "scan.toml: no [[institution]]: a scan needs at least one"},
      // Duplicates.
      {kInstitution +
           "[[institution]]\nname = \"A\"\ndomains = [\"b.edu.in\"]\n",
       "scan.toml:5: institution[2].name \"A\" is already the name of "
       "institution[1]"},
      {"[[institution]]\nname = \"A\"\nsites = [\"http://a.in/\",\n"
       "  \"HTTP://A.IN:80/\"]\n",
       "scan.toml:4: institution[1].sites[2] repeats institution[1].sites[1]"},
      {"[[institution]]\nname = \"A\"\n"
       "domains = [\"a.edu.in\", \"A.EDU.IN.\"]\n",
       "scan.toml:3: institution[1].domains[2] repeats "
       "institution[1].domains[1]"},
      // Acknowledgements.
      {"[[acknowledged]]\nreason = \"ours\"\n",
       "scan.toml:1: acknowledged[1] needs a lookalike, an address or a page"},
      {"[[acknowledged]]\nlookalike = \"a1.in\"\n",
       "scan.toml:1: acknowledged[1] needs a reason"},
      {"[[acknowledged]]\nlookalike = \"a1.in\"\nreason = \" \"\n",
       "scan.toml:3: acknowledged[1].reason is empty"},
      {"[[acknowledged]]\nlookalike = \"a1.in\"\naddress = \"x@a.in\"\n"
       "reason = \"r\"\n",
       "scan.toml:3: acknowledged[1] names a lookalike already: one of "
       "lookalike, address or page each"},
      {"[[acknowledged]]\nlookalike = \"a..in\"\nreason = \"r\"\n",
       "scan.toml:2: acknowledged[1].lookalike: empty label"},
      {"[[acknowledged]]\naddress = \"front desk\"\nreason = \"r\"\n",
       "scan.toml:2: acknowledged[1].address \"front desk\" is not an address"},
      {"[[acknowledged]]\npage = \"ftp://a.in/x\"\nreason = \"r\"\n",
       "scan.toml:2: acknowledged[1].page: "},
      {"[[acknowledged]]\npage = \"http://a.in/x\"\nreason = \"r\"\n"
       "expires = \"2027-02-29\"\n",
       "scan.toml:4: acknowledged[1].expires wants a date such as 2027-06-30"},
      {"[[acknowledged]]\npage = \"http://a.in/x\"\nreason = \"r\"\n"
       "expires = \"next year\"\n",
       "scan.toml:4: acknowledged[1].expires wants a date such as 2027-06-30"},
      {"[[acknowledged]]\npage = \"http://a.in/x\"\nwhy = \"r\"\n",
       "scan.toml:3: unknown key acknowledged[1].why (an acknowledgement has "
       "one of lookalike, address or page, a reason and may expire)"},
      {"acknowledged = 1\n",
       "scan.toml:1: acknowledged wants an array of tables ([[acknowledged]]), "
       "not an integer"},
  };
  for (const Row& row : rows) {
    // Rows that test [crawl] or [dns] get an institution after them.
    std::string toml = row.toml;
    if (toml.rfind("[crawl]", 0) == 0 || toml.rfind("[dns]", 0) == 0 ||
        toml.rfind("crawl", 0) == 0) {
      if (toml.find("institution") == std::string::npos) toml += kInstitution;
    }
    if (toml.rfind("[[acknowledged]]", 0) == 0 ||
        toml.rfind("acknowledged", 0) == 0) {
      toml += kInstitution;
    }
    Result<ScanConfig> c = ParseScanConfig(toml, "scan.toml");
    ASSERT_FALSE(c.ok()) << row.toml;
    EXPECT_EQ(c.status().code(), Status::Code::kInvalidArgument);
    // A message ending in ": " is a prefix (the rest is another module's).
    const std::string want = row.message;
    if (want.size() > 2 && want.compare(want.size() - 2, 2, ": ") == 0) {
      EXPECT_EQ(c.status().message().rfind(want, 0), 0u)
          << c.status().message();
    } else {
      EXPECT_EQ(c.status().message(), row.message) << row.toml;
    }
  }
}

TEST(ScanConfigTest, AcknowledgementsAreNormalised) {
  Result<ScanConfig> c = ParseScanConfig(
      std::string("[[acknowledged]]\nlookalike = \"Schoo1.EDU.in.\"\n"
                  "reason = \"registered by us\"\nexpires = 2027-06-30\n"
                  "[[acknowledged]]\naddress = \"Office@School.in\"\n"
                  "reason = \"front desk\"\n"
                  "[[acknowledged]]\npage = \"HTTP://WWW.School.in:80/old\"\n"
                  "reason = \"gone for good\"\nexpires = \"2026-12-31\"\n") +
          kInstitution,
      "scan.toml");
  ASSERT_TRUE(c.ok()) << c.status().message();
  const std::vector<store::Acknowledgement> want = {
      {"lookalike", "schoo1.edu.in", "registered by us", "2027-06-30"},
      {"address", "office@school.in", "front desk", ""},
      {"page", "http://www.school.in/old", "gone for good", "2026-12-31"},
  };
  EXPECT_EQ(c->acknowledgements, want);
}

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/scan_config_test.XXXXXX";
    path_ = mkdtemp(tmpl);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::string& path() const { return path_; }
  std::string Write(const std::string& name, const std::string& text) const {
    std::string file = path_ + "/" + name;
    std::ofstream(file) << text;
    return file;
  }

 private:
  std::string path_;
};

TEST(ScanConfigTest, LoadChecksThatNamedFilesCanBeRead) {
  TempDir tmp;
  const std::string body =
      "[crawl]\nca_file = \"ca.pem\"\n"
      "[[institution]]\nname = \"A\"\ndomains = [\"a.edu.in\"]\n";
  const std::string path = tmp.Write("scan.toml", body);

  Result<ScanConfig> missing = LoadScanConfig(path);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message(),
            path + ":2: cannot read crawl.ca_file '" + tmp.path() + "/ca.pem'");
  // Parsing alone does not touch the disk.
  EXPECT_TRUE(ParseScanConfig(body, path).ok());

  // Not a certificate: refused with the line, as curl would refuse it
  // later for every page.
  tmp.Write("ca.pem", "-----BEGIN CERTIFICATE-----\n");
  Result<ScanConfig> not_pem = LoadScanConfig(path);
  ASSERT_FALSE(not_pem.ok());
  EXPECT_EQ(not_pem.status().message(), path + ":2: crawl.ca_file '" +
                                            tmp.path() +
                                            "/ca.pem' holds no PEM certificate "
                                            "(-----BEGIN CERTIFICATE-----)");

  tmp.Write(
      "ca.pem",
      "-----BEGIN CERTIFICATE-----\nMAMCAQA=\n-----END CERTIFICATE-----\n");
  Result<ScanConfig> found = LoadScanConfig(path);
  ASSERT_TRUE(found.ok()) << found.status().message();
  EXPECT_EQ(found->crawl.ca_file, tmp.path() + "/ca.pem");
  EXPECT_EQ(found->digest, ConfigDigest(body));

  Result<ScanConfig> absent = LoadScanConfig(tmp.path() + "/nope.toml");
  ASSERT_FALSE(absent.ok());
  EXPECT_EQ(absent.status().code(), Status::Code::kNotFound);
  EXPECT_NE(absent.status().message().find("nope.toml"), std::string::npos);
}

// Before, an unreadable dictionary was found only when the lookalikes
// were generated, and the error named no line of the config.
TEST(ScanConfigTest, LoadNamesTheLineOfAnUnreadableDictionary) {
  TempDir tmp;
  const std::string body =
      "[[institution]]\nname = \"A\"\ndomains = [\"a.edu.in\"]\n"
      "[dns]\ndictionary = \"words.txt\"\n";
  const std::string path = tmp.Write("scan.toml", body);
  Result<ScanConfig> missing = LoadScanConfig(path);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(
      missing.status().message(),
      path + ":5: cannot read dns.dictionary '" + tmp.path() + "/words.txt'");
  std::filesystem::create_directory(tmp.path() + "/words.txt");
  Result<ScanConfig> directory = LoadScanConfig(path);
  ASSERT_FALSE(directory.ok());
  EXPECT_EQ(directory.status().message(), missing.status().message());

  std::filesystem::remove(tmp.path() + "/words.txt");
  tmp.Write("words.txt", "school\n");
  Result<ScanConfig> found = LoadScanConfig(path);
  ASSERT_TRUE(found.ok()) << found.status().message();
  EXPECT_EQ(found->dictionary, tmp.path() + "/words.txt");
}

TEST(ScanConfigTest, DigestIsFnv1a64InHex) {
  struct Row {
    const char* bytes;
    const char* digest;
  } rows[] = {
      {"", "cbf29ce484222325"},  // the FNV-1a offset basis
      {"a", "af63dc4c8601ec8c"},
      {"foobar", "85944171f73967e8"},
  };
  for (const Row& row : rows) EXPECT_EQ(ConfigDigest(row.bytes), row.digest);
  EXPECT_NE(ConfigDigest("delay = 1\n"), ConfigDigest("delay = 1 \n"));
}

TEST(ScanConfigTest, TheExampleConfigParses) {
  Result<ScanConfig> c =
      LoadScanConfig(DOMEX_SOURCE_DIR "/seeds/examples/scan.toml");
  ASSERT_TRUE(c.ok()) << c.status().message();
  // Left out: the system's resolvers. 127.0.0.1:53 here once sent every
  // lookalike of a machine without a local resolver to "unknown".
  EXPECT_EQ(c->dns.nameservers, Strings{});
  ASSERT_EQ(c->institutions.size(), 3u);
  EXPECT_EQ(c->institutions[0].name, "Springfield Public School");
  EXPECT_EQ(c->institutions[1].sites.size(), 2u);
  EXPECT_EQ(c->institutions[2].sites, Strings{});
  EXPECT_EQ(c->institutions[2].domains, Strings{"delhi.gov.in"});
}

TEST(ScanConfigTest, TheDemoConfigParsesOnceFilledIn) {
  Result<std::string> text =
      ReadSmallFile(DOMEX_SOURCE_DIR "/seeds/demo/scan.toml.in");
  ASSERT_TRUE(text.ok()) << text.status().message();
  std::string toml = *text;
  for (auto [from, to] :
       {std::pair<std::string, std::string>{"@DNS_PORT@", "5353"},
        {"@PORT@", "8080"}}) {
    for (size_t at; (at = toml.find(from)) != std::string::npos;) {
      toml.replace(at, from.size(), to);
    }
  }
  Result<ScanConfig> c = ParseScanConfig(toml, "scan.toml");
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->dns.nameservers, Strings{"127.0.0.1:5353"});
  ASSERT_EQ(c->institutions.size(), 2u);
  EXPECT_EQ(c->institutions[0].name, "Springfield School");
  EXPECT_EQ(c->institutions[0].sites,
            Strings{"http://www.school.localhost:8080/"});
  EXPECT_EQ(c->institutions[0].domains, Strings{"springfield.edu.in"});
  EXPECT_EQ(c->institutions[1].name, "Army (demo)");
  EXPECT_EQ(c->institutions[1].sites, Strings{});
  EXPECT_EQ(c->institutions[1].domains, Strings{"army.mil"});
}

}  // namespace
}  // namespace domex::cli
