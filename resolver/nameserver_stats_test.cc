#include "resolver/nameserver_stats.h"

#include <gtest/gtest.h>

namespace domex::resolver {
namespace {

NameserverStats Server() {
  NameserverStats s;
  s.address = "127.0.0.1:5300";
  return s;
}

TEST(DescribeNameserverTest, SaysWhatWentWrong) {
  struct Row {
    const char* what;
    NameserverStats stats;
    const char* line;
  } rows[] = {
      {"not asked", Server(), ""},
      {"good",
       [] {
         auto s = Server();
         s.sent = 10;
         s.rcodes[0] = 4;
         s.rcodes[3] = 5;
         s.rcodes[2] = 1;
         return s;
       }(),
       ""},
      {"refuses all",
       [] {
         auto s = Server();
         s.sent = 64;
         s.rcodes[5] = 64;
         return s;
       }(),
       "127.0.0.1:5300 refused every query (REFUSED): does it serve "
       "recursion to this host?"},
      {"fails all",
       [] {
         auto s = Server();
         s.sent = 9;
         s.rcodes[2] = 9;
         return s;
       }(),
       "127.0.0.1:5300 answered SERVFAIL to every query: it cannot resolve "
       "these names"},
      {"a mix",
       [] {
         auto s = Server();
         s.sent = 9;
         s.rcodes[2] = 4;
         s.rcodes[5] = 3;
         s.rcodes[4] = 2;
         return s;
       }(),
       "127.0.0.1:5300 answered no query usefully (REFUSED 3, SERVFAIL 4, "
       "other RCODEs 2)"},
      {"silent",
       [] {
         auto s = Server();
         s.sent = 24;
         return s;
       }(),
       "127.0.0.1:5300 did not answer 24 queries"},
      {"closed port",
       [] {
         auto s = Server();
         s.sent = 3;
         s.unreachable = 3;
         return s;
       }(),
       "127.0.0.1:5300 did not answer: nothing listens there (ICMP port "
       "unreachable)"},
      {"forged replies beside good ones",
       [] {
         auto s = Server();
         s.sent = 10;
         s.rcodes[3] = 10;
         s.ignored[static_cast<int>(ReplyFault::kNotResponse)] = 10;
         s.ignored[static_cast<int>(ReplyFault::kWrongId)] = 1;
         return s;
       }(),
       "127.0.0.1:5300 sent 11 replies that do not answer our queries (QR "
       "bit clear: 10, ID of no query of ours: 1), ignored"},
      {"big answers and no TCP",
       [] {
         auto s = Server();
         s.sent = 4;
         s.oversized = 2;
         s.tcp_failures = 1;
         return s;
       }(),
       "127.0.0.1:5300 sent 2 UDP answers larger than the EDNS size we "
       "offered; failed over TCP (1 connection refused or closed before an "
       "answer)"},
  };
  for (const Row& row : rows) {
    EXPECT_EQ(DescribeNameserver(row.stats), row.line) << row.what;
  }
}

}  // namespace
}  // namespace domex::resolver
