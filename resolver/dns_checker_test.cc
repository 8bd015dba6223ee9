// Pure parts of the DNS checker. The checker itself is tested against a real
// NSD in tests/dns_checker_test.cc.
#include "resolver/dns_checker.h"

#include <gtest/gtest.h>

namespace domex::resolver {
namespace {

TEST(ParseNameserverTest, Accepts) {
  struct {
    const char* in;
    const char* host;
    int port;
    bool ipv6;
  } rows[] = {
      {"127.0.0.1:5353", "127.0.0.1", 5353, false},
      {"127.0.0.1", "127.0.0.1", 53, false},
      {"[::1]:53", "::1", 53, true},
      {"[::1]", "::1", 53, true},
      {"::1", "::1", 53, true},
      {"[2001:db8::53]:65535", "2001:db8::53", 65535, true},
  };
  for (const auto& row : rows) {
    Result<Nameserver> ns = ParseNameserver(row.in);
    ASSERT_TRUE(ns.ok()) << row.in << ": " << ns.status().message();
    EXPECT_EQ(ns->host, row.host) << row.in;
    EXPECT_EQ(ns->port, row.port) << row.in;
    EXPECT_EQ(ns->ipv6, row.ipv6) << row.in;
  }
}

TEST(ParseNameserverTest, Errors) {
  struct {
    const char* in;
    const char* error;
  } errors[] = {
      {"", "nameserver \"\": missing host"},
      {":53", "nameserver \":53\": missing host"},
      {"[]:53", "nameserver \"[]:53\": missing host"},
      {"127.0.0.1:", "nameserver \"127.0.0.1:\": bad port \"\""},
      {"127.0.0.1:0", "nameserver \"127.0.0.1:0\": bad port \"0\""},
      {"127.0.0.1:65536", "nameserver \"127.0.0.1:65536\": bad port \"65536\""},
      {"127.0.0.1:53x", "nameserver \"127.0.0.1:53x\": bad port \"53x\""},
      {"127.0.0.1:-1", "nameserver \"127.0.0.1:-1\": bad port \"-1\""},
      {"[::1]:x", "nameserver \"[::1]:x\": bad port \"x\""},
      {"[::1", "nameserver \"[::1\": missing ]"},
      {"[::1]53", "nameserver \"[::1]53\": junk after ]"},
      {"ns1.example.test:53",
       "nameserver \"ns1.example.test:53\": \"ns1.example.test\" is not an IP "
       "address"},
      {"junk", "nameserver \"junk\": \"junk\" is not an IP address"},
      {"1.2.3:53", "nameserver \"1.2.3:53\": \"1.2.3\" is not an IP address"},
      {"[127.0.0.1]:53",
       "nameserver \"[127.0.0.1]:53\": \"127.0.0.1\" is not an IPv6 address"},
  };
  for (const auto& row : errors) {
    Result<Nameserver> ns = ParseNameserver(row.in);
    ASSERT_FALSE(ns.ok()) << row.in;
    EXPECT_EQ(ns.status().message(), row.error) << row.in;
    EXPECT_EQ(ns.status().message().find('\n'), std::string::npos);
  }
}

TEST(NewAresCheckerTest, RefusesBadNameserverAndOptions) {
  DnsOptions options;
  options.nameservers = {"127.0.0.1:99999"};
  EXPECT_FALSE(NewAresChecker(options).ok());
  options.nameservers = {"127.0.0.1:53"};
  options.timeout_ms = 0;
  EXPECT_FALSE(NewAresChecker(options).ok());
}

}  // namespace
}  // namespace domex::resolver
