// The c-ares DnsChecker against hostile nameservers (tests/fault_dns_server.h):
// nothing but a well-formed response to our exact question is believed, a
// forged datagram does not hide the real answer behind it, every run ends
// within a bound however the server misbehaves, and the server's faults are
// named. No query leaves 127.0.0.1.
#include <ares.h>
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "resolver/ares_sockets.h"
#include "resolver/dns_checker.h"
#include "resolver/verdict.h"
#include "tests/fault_dns_server.h"
#include "tests/testing.h"

namespace domex::resolver {
namespace {

using testing::ARdata;
using testing::DnsMessageSpec;
using testing::DnsQuery;
using testing::DnsRecordSpec;
using testing::DnsScript;
using testing::DnsSend;
using testing::FaultDnsServer;
using testing::Pointer;
using testing::QuestionBytes;
using testing::ReplyTo;
using testing::TcpMode;
using testing::WireName;
using Clock = std::chrono::steady_clock;

constexpr int kServFail = 2, kNxDomain = 3, kRefused = 5;  // RFC 1035 RCODEs

std::vector<DnsSend> Send(const DnsMessageSpec& m, int delay_ms = 0) {
  return {DnsSend{m.Encode(), delay_ms}};
}

// Replies to every query with `edit` applied to the plain NXDOMAIN reply.
DnsScript NxDomainWith(std::function<void(DnsMessageSpec&)> edit) {
  return [edit](const DnsQuery& q) {
    DnsMessageSpec m = ReplyTo(q, kNxDomain);
    edit(m);
    return Send(m);
  };
}

// NOERROR with one A record for the question's name, then `edit`.
DnsScript AnswerWith(std::function<void(DnsMessageSpec&)> edit) {
  return [edit](const DnsQuery& q) {
    DnsMessageSpec m = ReplyTo(q);
    m.answers.push_back({Pointer(12), 1, 1, 300, ARdata("192.0.2.1")});
    edit(m);
    return Send(m);
  };
}

DnsScript Rcode(int rcode) {
  return [rcode](const DnsQuery& q) { return Send(ReplyTo(q, rcode)); };
}

// An answer of 300 A records (~4.8 KB) with TC clear, over either transport.
DnsScript Huge() {
  return [](const DnsQuery& q) {
    DnsMessageSpec m = ReplyTo(q);
    for (int i = 0; i < 300; ++i) {
      m.answers.push_back({Pointer(12), 1, 1, 300,
                           ARdata("10.0.1." + std::to_string(i % 250))});
    }
    return Send(m);
  };
}

// Truncated over UDP; over TCP, `tcp` decides.
DnsScript TruncatedThen(DnsScript tcp) {
  return [tcp](const DnsQuery& q) {
    if (q.tcp) return tcp(q);
    DnsMessageSpec m = ReplyTo(q);
    m.tc = true;
    return Send(m);
  };
}

// `first` at once, then the real NXDOMAIN or A answer `later_ms` after.
DnsScript ForgedThenReal(std::function<DnsSend(const DnsQuery&)> first,
                         bool real_exists, int later_ms = 50) {
  return [=](const DnsQuery& q) {
    DnsMessageSpec real = ReplyTo(q, real_exists ? 0 : kNxDomain);
    if (real_exists && q.type == 1) {
      real.answers.push_back({Pointer(12), 1, 1, 300, ARdata("192.0.2.7")});
    }
    return std::vector<DnsSend>{first(q), DnsSend{real.Encode(), later_ms}};
  };
}

struct Outcome {
  int called = 0;
  std::map<Verdict, int> verdicts;
  std::vector<std::string> records;  // every record text of every answer
  double ms = 0;
  DnsChecker::Stats stats;
  std::string described;  // DescribeNameserver of the first server
  std::map<std::string, std::string> described_by_address;  // of each server
};

Outcome CheckNamesWith(const std::vector<std::string>& servers, int names,
                       const DnsOptions& base) {
  DnsOptions options = base;
  options.nameservers = servers;
  auto checker = NewAresChecker(options);
  EXPECT_TRUE(checker.ok()) << checker.status().message();
  Outcome out;
  if (!checker.ok()) return out;
  for (int i = 0; i < names; ++i) {
    (*checker)->Check(
        "n" + std::to_string(i) + ".fault.test", [&out](DomainRecords r) {
          ++out.called;
          ++out.verdicts[Classify(r)];
          for (const DnsAnswer* a : {&r.a, &r.aaaa, &r.mx, &r.ns}) {
            out.records.insert(out.records.end(), a->records.begin(),
                               a->records.end());
          }
        });
  }
  const auto start = Clock::now();
  (*checker)->Run();
  out.ms =
      std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  out.stats = (*checker)->stats();
  if (!out.stats.nameservers.empty()) {
    out.described = DescribeNameserver(out.stats.nameservers[0]);
  }
  for (const NameserverStats& ns : out.stats.nameservers) {
    out.described_by_address[ns.address] = DescribeNameserver(ns);
  }
  return out;
}

Outcome CheckNames(const std::string& server, int names,
                   const DnsOptions& base) {
  return CheckNamesWith({server}, names, base);
}

int Count(const Outcome& o, Verdict v) {
  auto it = o.verdicts.find(v);
  return it == o.verdicts.end() ? 0 : it->second;
}

void Print(const std::string& what, const Outcome& o) {
  std::printf(
      "[ fault  ] %-44s %6.0f ms  called %d: registered %d unregistered %d "
      "unknown %d; sent %llu, try timeouts %llu, backoffs %d%s\n"
      "            %s\n",
      what.c_str(), o.ms, o.called, Count(o, Verdict::kRegistered),
      Count(o, Verdict::kUnregistered), Count(o, Verdict::kUnknown),
      static_cast<unsigned long long>(o.stats.queries_sent),
      static_cast<unsigned long long>(o.stats.try_timeouts), o.stats.backoffs,
      o.stats.gave_up ? ", gave up" : "", o.described.c_str());
}

// Times are printed for the record, never asserted tightly: on a loaded
// 2-core CI machine a run may take several times its usual wall time. What
// makes a run fast is asserted as counts (queries sent, tries that waited
// out their timeout, back-offs, giving up); a time bound is only a guard
// against hangs, kWallHeadroom times what a run takes on an idle machine.
constexpr double kWallHeadroom = 5;

// Short timeouts keep each row under a second; the silence limit is long so
// that every name is called back and its verdict can be checked.
DnsOptions FastOptions() {
  DnsOptions o;
  o.timeout_ms = 200;
  o.tries = 1;
  o.retries = 1;
  o.retry_delay_ms = 10;
  o.silence_limit_ms = 10000;
  return o;
}

struct Row {
  const char* what;
  DnsScript script;
  TcpMode tcp;
  Verdict verdict;    // of every name
  const char* named;  // in the server's description; "" for none
};

// Six names each. Only a real NXDOMAIN to our exact question makes a name
// unregistered; a reply that is no answer is ignored (and named), and the
// real answer after it, if any, is the one taken.
TEST(DnsFaultsTest, OnlyAResponseToOurQuestionIsBelieved) {
  const Row rows[] = {
      {"control: a real NXDOMAIN", Rcode(kNxDomain), TcpMode::kServe,
       Verdict::kUnregistered, ""},
      {"control: a real A answer", AnswerWith([](DnsMessageSpec&) {}),
       TcpMode::kServe, Verdict::kRegistered, ""},
      {"QR=0 NXDOMAIN", NxDomainWith([](DnsMessageSpec& m) { m.qr = false; }),
       TcpMode::kServe, Verdict::kUnknown, "QR bit clear"},
      {"OPCODE STATUS NXDOMAIN",
       NxDomainWith([](DnsMessageSpec& m) { m.opcode = 2; }), TcpMode::kServe,
       Verdict::kUnknown, "OPCODE not QUERY"},
      {"OPCODE UPDATE NXDOMAIN",
       NxDomainWith([](DnsMessageSpec& m) { m.opcode = 5; }), TcpMode::kServe,
       Verdict::kUnknown, "OPCODE not QUERY"},
      {"wrong ID NXDOMAIN",
       NxDomainWith([](DnsMessageSpec& m) { m.id ^= 0x5555; }), TcpMode::kServe,
       Verdict::kUnknown, "ID of no query of ours"},
      {"another name NXDOMAIN", NxDomainWith([](DnsMessageSpec& m) {
         m.questions = {QuestionBytes(WireName("other.fault.test"), 1)};
       }),
       TcpMode::kServe, Verdict::kUnknown, "not our question"},
      {"another type NXDOMAIN", NxDomainWith([](DnsMessageSpec& m) {
         m.questions[0][m.questions[0].size() - 3] ^= 0x10;
       }),
       TcpMode::kServe, Verdict::kUnknown, "not our question"},
      {"no question NXDOMAIN",
       NxDomainWith([](DnsMessageSpec& m) { m.questions.clear(); }),
       TcpMode::kServe, Verdict::kUnknown, "QDCOUNT not 1"},
      {"two questions NXDOMAIN", NxDomainWith([](DnsMessageSpec& m) {
         m.questions.push_back(m.questions[0]);
       }),
       TcpMode::kServe, Verdict::kUnknown, "QDCOUNT not 1"},
      {"a dot inside a question label", NxDomainWith([](DnsMessageSpec& m) {
         m.questions = {QuestionBytes(
             std::string(1, '\x08') + "n0.fault" + WireName("test"), 1)};
       }),
       TcpMode::kServe, Verdict::kUnknown, "not our question"},
      {"NUL and 0xff inside a question label",
       NxDomainWith([](DnsMessageSpec& m) {
         m.questions = {QuestionBytes(
             std::string("\x03n\0\xff", 4) + WireName("fault.test"), 1)};
       }),
       TcpMode::kServe, Verdict::kUnknown, "not our question"},
      {"a 64-octet label", NxDomainWith([](DnsMessageSpec& m) {
         m.questions = {QuestionBytes(
             "\x40" + std::string(64, 'a') + WireName("test"), 1)};
       }),
       TcpMode::kServe, Verdict::kUnknown, "malformed"},
      {"compression pointer loop in the question",
       NxDomainWith([](DnsMessageSpec& m) {
         m.questions = {Pointer(12) + std::string("\0\1\0\1", 4)};
       }),
       TcpMode::kServe, Verdict::kUnknown, "malformed"},
      {"compression pointer loop in an owner",
       AnswerWith([](DnsMessageSpec& m) {
         // Two owners pointing at each other, after the question.
         const int at = 12 + static_cast<int>(m.questions[0].size());
         m.answers[0].owner = "\1a" + Pointer(at + 14 + 4);
         m.answers.push_back(
             {"\1b" + Pointer(at), 1, 1, 300, ARdata("192.0.2.2")});
       }),
       TcpMode::kServe, Verdict::kUnknown, "malformed"},
      {"compression pointer past the end", AnswerWith([](DnsMessageSpec& m) {
         m.answers[0].owner = Pointer(0x3fff);
       }),
       TcpMode::kServe, Verdict::kUnknown, "malformed"},
      {"RDLENGTH beyond the message",
       AnswerWith([](DnsMessageSpec& m) { m.answers[0].rdlength = 4000; }),
       TcpMode::kServe, Verdict::kUnknown, "malformed"},
      {"ANCOUNT beyond the records",
       AnswerWith([](DnsMessageSpec& m) { m.ancount = 9; }), TcpMode::kServe,
       Verdict::kUnknown, "malformed"},
      {"odd octets in an MX host: taken, escaped",
       AnswerWith([](DnsMessageSpec& m) {
         m.answers[0].type = 15;
         m.answers[0].rdata = std::string(
                                  "\0\x0a\x05"
                                  "a.b\0\xff",
                                  8) +
                              WireName("x");
       }),
       TcpMode::kServe, Verdict::kRegistered, ""},
      {"silence", [](const DnsQuery&) { return std::vector<DnsSend>{}; },
       TcpMode::kServe, Verdict::kUnknown, "did not answer"},
      {"NXDOMAIN after the timeout",
       [](const DnsQuery& q) { return Send(ReplyTo(q, kNxDomain), 1500); },
       TcpMode::kServe, Verdict::kUnknown, nullptr},
      {"QR=0 NXDOMAIN, then the real A",
       ForgedThenReal(
           [](const DnsQuery& q) {
             DnsMessageSpec m = ReplyTo(q, kNxDomain);
             m.qr = false;
             return DnsSend{m.Encode()};
           },
           true),
       TcpMode::kServe, Verdict::kRegistered, "QR bit clear"},
      {"wrong-ID NXDOMAIN, then the real NXDOMAIN",
       ForgedThenReal(
           [](const DnsQuery& q) {
             DnsMessageSpec m = ReplyTo(q, kNxDomain);
             m.id ^= 1;
             return DnsSend{m.Encode()};
           },
           false),
       TcpMode::kServe, Verdict::kUnregistered, "ID of no query of ours"},
      {"NXDOMAIN from another port, then the real A",
       ForgedThenReal(
           [](const DnsQuery& q) {
             return DnsSend{ReplyTo(q, kNxDomain).Encode(), 0,
                            testing::DnsFrom::kOtherPort};
           },
           true),
       TcpMode::kServe, Verdict::kRegistered, ""},
      {"NXDOMAIN from 127.0.0.2, then the real A",
       ForgedThenReal(
           [](const DnsQuery& q) {
             return DnsSend{ReplyTo(q, kNxDomain).Encode(), 0,
                            testing::DnsFrom::kOtherAddress};
           },
           true),
       TcpMode::kServe, Verdict::kRegistered, ""},
      {"TC=1, TCP refused", TruncatedThen(Rcode(0)), TcpMode::kRefuse,
       Verdict::kUnknown, "failed over TCP ("},
      {"TC=1, TCP closed at once", TruncatedThen(Rcode(0)),
       TcpMode::kCloseAtOnce, Verdict::kUnknown, "failed over TCP ("},
      {"TC=1, TCP silent", TruncatedThen(Rcode(0)), TcpMode::kSilent,
       Verdict::kUnknown, nullptr},
      {"TC=1, QR=0 NXDOMAIN over TCP",
       TruncatedThen(NxDomainWith([](DnsMessageSpec& m) { m.qr = false; })),
       TcpMode::kServe, Verdict::kUnknown, "QR bit clear"},
      {"TC=1, the real A over TCP",
       TruncatedThen(AnswerWith([](DnsMessageSpec&) {})), TcpMode::kServe,
       Verdict::kRegistered, ""},
      {"4.8 KB over UDP, TCP refused", Huge(), TcpMode::kRefuse,
       Verdict::kUnknown, "larger than the EDNS size"},
      {"4.8 KB over UDP and TCP", Huge(), TcpMode::kServe, Verdict::kRegistered,
       "larger than the EDNS size"},
      {"REFUSED", Rcode(kRefused), TcpMode::kServe, Verdict::kUnknown,
       "refused every query (REFUSED)"},
      {"SERVFAIL", Rcode(kServFail), TcpMode::kServe, Verdict::kUnknown,
       "SERVFAIL to every query"},
  };
  constexpr int kNames = 6;
  for (const Row& row : rows) {
    SCOPED_TRACE(row.what);
    auto server = FaultDnsServer::Start(row.script, row.tcp);
    ASSERT_NE(server, nullptr);
    const Outcome o = CheckNames(server->Address(), kNames, FastOptions());
    Print(row.what, o);
    EXPECT_EQ(o.called, kNames);
    EXPECT_EQ(Count(o, row.verdict), kNames);
    // At most four types per name, each sent at most retries + 1 times.
    EXPECT_LE(o.stats.queries_sent,
              static_cast<uint64_t>(kNames * 4 * (FastOptions().retries + 1)));
    EXPECT_LT(o.ms, kWallHeadroom * 1000);
    if (row.named != nullptr && *row.named == '\0') {
      EXPECT_EQ(o.described, "");
    } else if (row.named != nullptr) {
      EXPECT_NE(o.described.find(row.named), std::string::npos);
      EXPECT_EQ(o.described.rfind(server->Address() + " ", 0), 0u);
    }
    for (const std::string& r : o.records) {
      for (unsigned char c : r) {
        EXPECT_TRUE(c >= 0x20 && c < 0x7f) << "raw octet in a record: " << r;
      }
    }
  }
}

// 300 names with the default options, as `domex lookalikes` runs them: a
// server that answers nothing usefully is given up on within seconds (before:
// REFUSED for everything was taken for a rate limit, slowed to 1 query/s and
// ran for half an hour; 4.8 KB UDP answers without TCP for 20 minutes), with
// no back-off, and no name gets a verdict it did not earn.
TEST(DnsFaultsTest, UselessServersAreGivenUpOnFast) {
  struct FastRow {
    const char* what;
    DnsScript script;
    TcpMode tcp;
    const char* named;
    double usual_ms;  // on an idle machine; the measured time is printed
    // Replies dropped leave timeouts behind, which look like a rate limit.
    int max_backoffs = 0;
    bool tries_time_out = false;  // replies are dropped: tries wait them out
  } rows[] = {
      {"REFUSED", Rcode(kRefused), TcpMode::kServe,
       "refused every query (REFUSED): does it serve recursion", 1000},
      {"SERVFAIL", Rcode(kServFail), TcpMode::kServe, "SERVFAIL to every query",
       1000},
      {"REFUSED and SERVFAIL",
       [](const DnsQuery& q) {
         return Send(ReplyTo(q, q.index % 2 == 0 ? kRefused : kServFail));
       },
       TcpMode::kServe, "answered no query usefully (REFUSED", 1000},
      {"QR=0 NXDOMAIN", NxDomainWith([](DnsMessageSpec& m) { m.qr = false; }),
       TcpMode::kServe, "QR bit clear", 14000, 2, true},
      // c-ares closes a server's UDP socket too when its TCP fails: the
      // answers in flight there are lost, and a slow run waits them out.
      {"4.8 KB over UDP, TCP refused", Huge(), TcpMode::kRefuse,
       "larger than the EDNS size", 1000, 0, true},
      {"TC=1, TCP refused", TruncatedThen(Rcode(0)), TcpMode::kRefuse,
       "failed over TCP (", 1000, 0, true},
      {"TC=1, TCP closed at once", TruncatedThen(Rcode(0)),
       TcpMode::kCloseAtOnce, "failed over TCP (", 1000, 0, true},
  };
  constexpr int kNames = 300;
  for (const FastRow& row : rows) {
    SCOPED_TRACE(row.what);
    auto server = FaultDnsServer::Start(row.script, row.tcp);
    ASSERT_NE(server, nullptr);
    const Outcome o = CheckNames(server->Address(), kNames, DnsOptions{});
    Print(std::string(row.what) + " x300", o);
    EXPECT_TRUE(o.stats.gave_up);
    EXPECT_LT(o.called, kNames);
    EXPECT_EQ(Count(o, Verdict::kUnregistered), 0);
    EXPECT_EQ(Count(o, Verdict::kRegistered), 0);
    EXPECT_LE(o.stats.backoffs, row.max_backoffs);
    // Given up within the first round: no name's A query was sent more than
    // retries + 1 times, and no other type was asked (4 types x 3 tries
    // would be 3,600). Where c-ares tears down a UDP socket (TCP refused),
    // it sends every query in flight there again without counting a try,
    // and a slow (sanitized) run has more in flight: 746-1,104 sent of a
    // nominal 900 over five sanitized runs. Such rows get twice the count,
    // still half of what a run that did not give up sends.
    const uint64_t resent =
        row.tries_time_out ? kNames * (DnsOptions{}.retries + 1) : 0;
    EXPECT_LE(
        o.stats.queries_sent,
        static_cast<uint64_t>(kNames * (DnsOptions{}.retries + 1)) + resent);
    // Unless replies are dropped, no try waits out its timeout: the run
    // takes a few retry delays, whatever the machine's load.
    if (!row.tries_time_out) {
      EXPECT_EQ(o.stats.try_timeouts, 0u);
    }
    EXPECT_LT(o.ms, kWallHeadroom * row.usual_ms);
    EXPECT_NE(o.described.find(row.named), std::string::npos);
  }
}

// Nothing listens on the port: ICMP port unreachable ends each try at once.
TEST(DnsFaultsTest, ClosedPortIsGivenUpOnFast) {
  const std::string dead = testing::DeadLoopbackEndpoint();
  const Outcome o = CheckNames(dead, 300, DnsOptions{});
  Print("closed port x300", o);
  EXPECT_TRUE(o.stats.gave_up);
  EXPECT_EQ(Count(o, Verdict::kUnregistered), 0);
  EXPECT_EQ(o.stats.backoffs, 0);
  // ICMP port unreachable ends every try at once: none waits out its
  // timeout, and no A query is sent more than retries + 1 times.
  EXPECT_EQ(o.stats.try_timeouts, 0u);
  EXPECT_LE(o.stats.queries_sent, 300u * (DnsOptions{}.retries + 1));
  EXPECT_LT(o.ms, kWallHeadroom * 1000);
  EXPECT_EQ(o.described, dead +
                             " did not answer: nothing listens there (ICMP "
                             "port unreachable)");
}

// A parallel test may bind any port of 127.0.0.1 (the last CI run: a fault
// server took the "dead" port and answered 829 queries). A dead endpoint
// stays dead when its port is taken there.
TEST(DnsFaultsTest, DeadEndpointStaysDeadWhenItsPortIsTakenOn127001) {
  const std::string dead = testing::DeadLoopbackEndpoint();
  const int port = std::stoi(dead.substr(dead.rfind(':') + 1));
  const int taken = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(taken, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  // Bound and never read, as a server that never answers: queries that
  // reached it would time out instead of being refused.
  ASSERT_EQ(bind(taken, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  DnsOptions options;
  options.timeout_ms = 200;
  const Outcome o = CheckNames(dead, 20, options);
  close(taken);
  EXPECT_TRUE(o.stats.gave_up);
  ASSERT_EQ(o.stats.nameservers.size(), 1u);
  EXPECT_GT(o.stats.nameservers[0].unreachable, 0u);
  EXPECT_EQ(o.described, dead +
                             " did not answer: nothing listens there (ICMP "
                             "port unreachable)");
}

// The forged replies of FloodThenAnswer, each dropped by AresSockets.
constexpr int kFlood = 150;  // their buffers fit a socket's default 208 KiB

// kFlood QR-clear copies of the query at once, then the real NXDOMAIN.
std::vector<DnsSend> FloodThenAnswer(const DnsQuery& q) {
  DnsMessageSpec forged = ReplyTo(q, kNxDomain);
  forged.qr = false;
  std::vector<DnsSend> out(kFlood, DnsSend{forged.Encode()});
  out.push_back(DnsSend{ReplyTo(q, kNxDomain).Encode()});
  return out;
}

// A flood of datagrams that answer nothing must not keep one wake reading:
// the event loop has deadlines, a stop flag and other sockets to serve
// between reads. c-ares reads a socket until it says EAGAIN, so the bound
// is AresSockets': here each ares_process_fd call is one wake, with the
// whole flood already queued.
TEST(DnsFaultsTest, FloodIsReadInBoundedSlicesPerWake) {
  auto server = FaultDnsServer::Start(FloodThenAnswer);
  ASSERT_NE(server, nullptr);
  ASSERT_EQ(ares_library_init(ARES_LIB_INIT_ALL), ARES_SUCCESS);
  AresSockets sockets(256 * 1024, std::chrono::seconds(60), 1232);
  ares_socket_t fd = ARES_SOCKET_BAD;
  ares_options opts{};
  opts.sock_state_cb = [](void* data, ares_socket_t s, int readable, int) {
    if (readable) *static_cast<ares_socket_t*>(data) = s;
  };
  opts.sock_state_cb_data = &fd;
  opts.timeout = 60000;  // no resend while the test reads
  opts.tries = 1;
  ares_channel channel = nullptr;
  ASSERT_EQ(ares_init_options(
                &channel, &opts,
                ARES_OPT_SOCK_STATE_CB | ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES),
            ARES_SUCCESS);
  sockets.Install(channel);
  ASSERT_EQ(ares_set_servers_ports_csv(channel, server->Address().c_str()),
            ARES_SUCCESS);
  int status = -1;
  ares_query(
      channel, "flood.fault.test", 1 /* IN */, 1 /* A */,
      [](void* arg, int s, int, unsigned char*, int) {
        *static_cast<int*>(arg) = s;
      },
      &status);
  ASSERT_NE(fd, ARES_SOCKET_BAD);
  for (int i = 0; i < 2000 && server->udp_sent() < kFlood + 1; ++i) {
    usleep(5000);
  }
  ASSERT_EQ(server->udp_sent(), kFlood + 1);
  std::vector<uint64_t> dropped_per_wake;
  uint64_t dropped = 0;
  while (status == -1 && dropped_per_wake.size() < 50) {
    ares_process_fd(channel, fd, ARES_SOCKET_BAD);
    const uint64_t now = sockets.servers().at(0).Ignored();
    dropped_per_wake.push_back(now - dropped);
    dropped = now;
  }
  ares_destroy(channel);
  std::string wakes;
  for (uint64_t n : dropped_per_wake) wakes += " " + std::to_string(n);
  std::printf("[ fault  ] flood of %d: dropped per wake%s\n", kFlood,
              wakes.c_str());
  EXPECT_EQ(status, ARES_ENOTFOUND) << "the real answer behind the flood";
  EXPECT_EQ(dropped, static_cast<uint64_t>(kFlood));
  for (uint64_t n : dropped_per_wake) EXPECT_LE(n, 64u) << wakes;
  EXPECT_GE(dropped_per_wake.size(), 3u) << wakes;
}

// Two nameservers, one that answers and one that refuses everything (no
// recursion for this host), in either order: every name is answered through
// the good one, the refusing one is named, and its REFUSED is no rate limit
// (it never answered usefully; the good one did, which must not count for
// it).
TEST(DnsFaultsTest, RefusingServerBesideAGoodOneIsNamedPerServer) {
  auto good = FaultDnsServer::Start(Rcode(kNxDomain));
  auto refusing = FaultDnsServer::Start(Rcode(kRefused));
  ASSERT_NE(good, nullptr);
  ASSERT_NE(refusing, nullptr);
  const struct {
    const char* what;
    std::vector<std::string> servers;
  } rows[] = {
      {"[good, refusing]", {good->Address(), refusing->Address()}},
      {"[refusing, good]", {refusing->Address(), good->Address()}},
  };
  constexpr int kNames = 200;
  for (const auto& row : rows) {
    SCOPED_TRACE(row.what);
    const int good_before = good->udp_queries();
    const int refusing_before = refusing->udp_queries();
    DnsOptions options;
    options.retry_delay_ms = 20;
    const Outcome o = CheckNamesWith(row.servers, kNames, options);
    Print(std::string(row.what) + " x200", o);
    std::printf("            good asked %d, refusing asked %d\n",
                good->udp_queries() - good_before,
                refusing->udp_queries() - refusing_before);
    EXPECT_FALSE(o.stats.gave_up);
    EXPECT_EQ(o.called, kNames);
    EXPECT_EQ(Count(o, Verdict::kUnregistered), kNames);
    EXPECT_EQ(o.stats.backoffs, 0);
    EXPECT_GT(refusing->udp_queries() - refusing_before, 0)
        << "the refusing server was never asked: nothing to name";
    std::map<std::string, std::string> described = o.described_by_address;
    EXPECT_EQ(described[good->Address()], "");
    EXPECT_EQ(described[refusing->Address()],
              refusing->Address() +
                  " refused every query (REFUSED): does it serve recursion "
                  "to this host?");
  }
}

// REFUSED beside good answers is a rate limiter turning us away: the
// checker backs off and every name gets its real answer in the end.
TEST(DnsFaultsTest, RefusedBesideAnswersIsARateLimit) {
  auto server = FaultDnsServer::Start([](const DnsQuery& q) {
    return Send(ReplyTo(q, q.index % 2 == 1 ? kRefused : kNxDomain));
  });
  ASSERT_NE(server, nullptr);
  DnsOptions options;
  options.retry_delay_ms = 20;
  options.retries = 6;
  const Outcome o = CheckNames(server->Address(), 300, options);
  Print("every other query REFUSED x300", o);
  EXPECT_FALSE(o.stats.gave_up);
  EXPECT_EQ(o.called, 300);
  EXPECT_EQ(Count(o, Verdict::kUnregistered) + Count(o, Verdict::kUnknown),
            300);
  EXPECT_GT(Count(o, Verdict::kUnregistered), 250);
  EXPECT_GT(o.stats.backoffs, 0);
  EXPECT_EQ(o.described, "");
}

}  // namespace
}  // namespace domex::resolver
