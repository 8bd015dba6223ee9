// The c-ares DnsChecker against a real NSD on a loopback port, and against a
// real unbound in front of it. No query leaves 127.0.0.1.
#include "resolver/dns_checker.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "resolver/verdict.h"
#include "tests/nsd_server.h"
#include "tests/testing.h"
#include "tests/unbound_server.h"

namespace domex::resolver {
namespace {

using testing::NsdServer;
using testing::UnboundServer;
using R = DnsAnswer::Rcode;
using Clock = std::chrono::steady_clock;

constexpr int kGenerated = 500;
constexpr int kBigRecords = 100;  // 100 A records: ~1.6 KB, over 1232

std::string FixtureZone() {
  std::string z =
      "$ORIGIN lookalike.test.\n"
      "$TTL 300\n"
      "@ SOA ns1 hostmaster 1 3600 600 86400 300\n"
      "@ NS ns1\n"
      "@ NS ns2\n"
      "ns1 A 127.0.0.1\n"
      "ns2 A 127.0.0.2\n"
      "mx A 192.0.2.1\n"
      "mx AAAA 2001:db8::1\n"
      "mx MX 10 mail.mx\n"
      "mx MX 20 backup.example.\n"
      "nodata TXT \"exists, nothing else\"\n"
      "nullmx MX 0 .\n"
      "nullmx A 192.0.2.2\n"
      "implicit A 192.0.2.3\n"
      "dangling CNAME nowhere\n";
  for (int i = 1; i <= kBigRecords; ++i) {
    z += "big A 10.0." + std::to_string(i / 256) + "." +
         std::to_string(i % 256) + "\n";
  }
  // Every other generated name exists.
  for (int i = 0; i < kGenerated; i += 2) {
    z += "gen" + std::to_string(i) + " A 192.0.2.9\n";
  }
  return z;
}

double MsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start)
      .count();
}

void PrintStats(const char* what, const DnsChecker::Stats& s, double ms) {
  std::printf(
      "[ stats  ] %s: %.0f ms, %llu sent, %llu retries, NOERROR %llu "
      "NXDOMAIN %llu SERVFAIL %llu REFUSED %llu TIMEOUT %llu, %llu try "
      "timeouts, %d backoffs, lowest %zu in flight, %.1f qps\n",
      what, ms, static_cast<unsigned long long>(s.queries_sent),
      static_cast<unsigned long long>(s.retries),
      static_cast<unsigned long long>(s.Answers(R::kNoError)),
      static_cast<unsigned long long>(s.Answers(R::kNxDomain)),
      static_cast<unsigned long long>(s.Answers(R::kServFail)),
      static_cast<unsigned long long>(s.Answers(R::kRefused)),
      static_cast<unsigned long long>(s.Answers(R::kTimeout)),
      static_cast<unsigned long long>(s.try_timeouts), s.backoffs,
      s.lowest_in_flight, s.lowest_qps);
}

uint64_t AnswerSum(const DnsChecker::Stats& s) {
  uint64_t sum = 0;
  for (uint64_t n : s.answers) sum += n;
  return sum;
}

class DnsCheckerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // broken.test. fails to load (no SOA), so NSD answers SERVFAIL for it.
    server_ = NsdServer::Start({{"lookalike.test.", FixtureZone()},
                                {"broken.test.", "www.broken.test. A\n"}})
                  .release();
    ASSERT_NE(server_, nullptr);
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  std::unique_ptr<DnsChecker> Checker(size_t max_in_flight = 500) {
    DnsOptions options;
    options.nameservers = {server_->Address()};
    options.max_in_flight = max_in_flight;
    options.retry_delay_ms = 20;  // SERVFAIL and REFUSED cases stay quick
    auto checker = NewAresChecker(options);
    EXPECT_TRUE(checker.ok()) << checker.status().message();
    return checker.ok() ? std::move(checker).value() : nullptr;
  }

  // Checks each name and returns the records by name.
  std::map<std::string, DomainRecords> CheckAll(
      const std::vector<std::string>& names) {
    std::map<std::string, DomainRecords> out;
    auto checker = Checker();
    if (checker == nullptr) return out;
    for (const std::string& name : names) {
      checker->Check(name, [&out](DomainRecords r) {
        std::string key = r.domain;
        out.emplace(key, std::move(r));
      });
    }
    checker->Run();
    return out;
  }

  static NsdServer* server_;
};

NsdServer* DnsCheckerTest::server_ = nullptr;

TEST_F(DnsCheckerTest, VerdictsAndMailFromRealAnswers) {
  struct Row {
    const char* name;
    const char* verdict;
    const char* mail;
  } rows[] = {
      {"mx.lookalike.test", "registered", "mx"},
      {"nodata.lookalike.test", "registered", "none"},
      {"absent.lookalike.test", "unregistered", "none"},
      {"nullmx.lookalike.test", "registered", "null-mx"},
      {"implicit.lookalike.test", "registered", "implicit"},
      {"lookalike.test", "registered", "none"},
      {"dangling.lookalike.test", "registered", "none"},  // CNAME, NXDOMAIN
      {"www.broken.test", "unknown", "unknown"},          // SERVFAIL
      {"outside.example", "unknown", "unknown"},  // REFUSED: not our zone
  };
  std::vector<std::string> names;
  for (const Row& row : rows) names.push_back(row.name);
  auto got = CheckAll(names);
  ASSERT_EQ(got.size(), names.size());
  for (const Row& row : rows) {
    const DomainRecords& r = got[row.name];
    EXPECT_STREQ(VerdictName(Classify(r)), row.verdict) << row.name;
    EXPECT_STREQ(MailName(ClassifyMail(r)), row.mail) << row.name;
  }
}

TEST_F(DnsCheckerTest, RecordsAsText) {
  auto got =
      CheckAll({"mx.lookalike.test", "nullmx.lookalike.test", "lookalike.test",
                "nodata.lookalike.test", "absent.lookalike.test"});
  const DomainRecords& mx = got["mx.lookalike.test"];
  EXPECT_EQ(mx.a.records, std::vector<std::string>{"192.0.2.1"});
  EXPECT_EQ(mx.aaaa.records, std::vector<std::string>{"2001:db8::1"});
  EXPECT_EQ(mx.mx.records.size(), 2u);
  EXPECT_NE(std::find(mx.mx.records.begin(), mx.mx.records.end(),
                      "10 mail.mx.lookalike.test"),
            mx.mx.records.end());
  EXPECT_EQ(mx.ns.rcode, R::kNoError);  // NODATA below the apex
  EXPECT_TRUE(mx.ns.records.empty());
  EXPECT_EQ(got["nullmx.lookalike.test"].mx.records,
            std::vector<std::string>{"0 ."});
  std::vector<std::string> ns = got["lookalike.test"].ns.records;
  std::sort(ns.begin(), ns.end());
  EXPECT_EQ(ns, (std::vector<std::string>{"ns1.lookalike.test",
                                          "ns2.lookalike.test"}));
  const DomainRecords& nodata = got["nodata.lookalike.test"];
  for (const DnsAnswer* a : {&nodata.a, &nodata.aaaa, &nodata.mx, &nodata.ns}) {
    EXPECT_EQ(a->rcode, R::kNoError);
    EXPECT_TRUE(a->records.empty());
  }
  const DomainRecords& absent = got["absent.lookalike.test"];
  for (const DnsAnswer* a : {&absent.a, &absent.aaaa, &absent.mx, &absent.ns}) {
    EXPECT_EQ(a->rcode, R::kNxDomain);
  }
}

TEST_F(DnsCheckerTest, ServerFailuresKeepTheirRcode) {
  auto got = CheckAll({"www.broken.test", "outside.example"});
  for (const DnsAnswer* a :
       {&got["www.broken.test"].a, &got["www.broken.test"].mx}) {
    EXPECT_EQ(a->rcode, R::kServFail) << RcodeName(a->rcode);
  }
  for (const DnsAnswer* a :
       {&got["outside.example"].a, &got["outside.example"].ns}) {
    EXPECT_EQ(a->rcode, R::kRefused) << RcodeName(a->rcode);
  }
}

// NSD answers REFUSED for a name outside its zones and SERVFAIL for a zone
// it could not load, every time: each of the 4 queries of both names is
// sent 1 + 2 times, and only then reported.
TEST_F(DnsCheckerTest, RefusedAndServFailAreRetriedThenReported) {
  auto checker = Checker();
  ASSERT_NE(checker, nullptr);
  std::map<std::string, DomainRecords> got;
  for (const char* name : {"outside.example", "www.broken.test"}) {
    checker->Check(name, [&got](DomainRecords r) {
      std::string key = r.domain;
      got.emplace(key, std::move(r));
    });
  }
  const auto start = Clock::now();
  checker->Run();
  const DnsChecker::Stats stats = checker->stats();
  PrintStats("REFUSED and SERVFAIL", stats, MsSince(start));
  ASSERT_EQ(got.size(), 2u);
  for (const auto& [name, r] : got) {
    const R want = name == "outside.example" ? R::kRefused : R::kServFail;
    for (const DnsAnswer* a : {&r.a, &r.aaaa, &r.mx, &r.ns}) {
      EXPECT_EQ(a->rcode, want) << name << " " << RcodeName(a->rcode);
    }
    EXPECT_EQ(Classify(r), Verdict::kUnknown) << name;
  }
  EXPECT_EQ(stats.queries_sent, 2u * 4 * 3);
  EXPECT_EQ(stats.retries, 2u * 4 * 2);
  EXPECT_EQ(stats.Answers(R::kRefused), 4u * 3);
  EXPECT_EQ(stats.Answers(R::kServFail), 4u * 3);
  // 24 outcomes, fewer than a window: a few failing names slow nothing.
  EXPECT_EQ(stats.backoffs, 0);
  EXPECT_EQ(stats.lowest_in_flight, 500u);
}

// NSD truncates the 1.6 KB answer over UDP; c-ares must retry over TCP.
TEST_F(DnsCheckerTest, TruncatedAnswerRetriedOverTcp) {
  auto got = CheckAll({"big.lookalike.test"});
  const DnsAnswer& a = got["big.lookalike.test"].a;
  EXPECT_EQ(a.rcode, R::kNoError);
  EXPECT_EQ(a.records.size(), static_cast<size_t>(kBigRecords));
  EXPECT_TRUE(a.truncated_retried);
  EXPECT_FALSE(got["big.lookalike.test"].mx.truncated_retried);
}

TEST_F(DnsCheckerTest, FiveHundredNamesEachCompleteOnce) {
  for (size_t cap : {size_t{500}, size_t{16}}) {
    auto checker = Checker(cap);
    ASSERT_NE(checker, nullptr);
    std::map<std::string, int> calls;
    std::map<std::string, Verdict> verdicts;
    for (int i = 0; i < kGenerated; ++i) {
      checker->Check("gen" + std::to_string(i) + ".lookalike.test",
                     [&](DomainRecords r) {
                       ++calls[r.domain];
                       verdicts[r.domain] = Classify(r);
                     });
    }
    const auto start = std::chrono::steady_clock::now();
    checker->Run();
    const double ms = std::chrono::duration<double, std::milli>(
                          std::chrono::steady_clock::now() - start)
                          .count();
    std::printf("[ timing ] %d names, max_in_flight %zu: %.0f ms\n", kGenerated,
                cap, ms);
    ASSERT_EQ(calls.size(), static_cast<size_t>(kGenerated));
    // NOERROR and NXDOMAIN are final: 250 x A, 250 x 4.
    const DnsChecker::Stats stats = checker->stats();
    EXPECT_EQ(stats.queries_sent, 1250u);
    EXPECT_EQ(stats.retries, 0u);
    EXPECT_EQ(stats.Answers(R::kNxDomain), 250u);
    EXPECT_EQ(stats.Answers(R::kNoError), 1000u);
    EXPECT_EQ(stats.backoffs, 0);
    for (int i = 0; i < kGenerated; ++i) {
      const std::string name = "gen" + std::to_string(i) + ".lookalike.test";
      EXPECT_EQ(calls[name], 1) << name;
      EXPECT_EQ(verdicts[name],
                i % 2 == 0 ? Verdict::kRegistered : Verdict::kUnregistered)
          << name;
    }
  }
}

TEST_F(DnsCheckerTest, CallbackMayQueueMore) {
  auto checker = Checker();
  ASSERT_NE(checker, nullptr);
  std::vector<std::string> done;
  checker->Check("mx.lookalike.test", [&](DomainRecords r) {
    done.push_back(r.domain);
    checker->Check("absent.lookalike.test",
                   [&](DomainRecords r2) { done.push_back(r2.domain); });
  });
  checker->Run();
  EXPECT_EQ(done, (std::vector<std::string>{"mx.lookalike.test",
                                            "absent.lookalike.test"}));
}

// One query at a time, so the 5th callback comes before the 6th name is
// asked; Cancel there ends Run and drops the other 45 without a word.
TEST_F(DnsCheckerTest, CancelFromCallbackEndsRun) {
  auto checker = Checker(1);
  ASSERT_NE(checker, nullptr);
  int done = 0;
  for (int i = 0; i < 50; ++i) {
    checker->Check("none" + std::to_string(i) + ".lookalike.test",
                   [&](DomainRecords) {
                     if (++done == 5) checker->Cancel();
                   });
  }
  checker->Run();
  EXPECT_EQ(done, 5);
  EXPECT_EQ(checker->stats().queries_sent, 5u);
  // Still usable: the next Run checks what is queued then.
  checker->Check("mx.lookalike.test", [&](DomainRecords) { ++done; });
  checker->Run();
  EXPECT_EQ(done, 6);
}

// A REFUSED query waiting 2.5-5 s for its retry does not hold Run up once
// another check's callback cancels (as a CLI does once it sees its SIGINT
// flag).
TEST_F(DnsCheckerTest, CancelDropsQueriesWaitingToRetry) {
  DnsOptions options;
  options.nameservers = {server_->Address()};
  options.retry_delay_ms = 5000;
  auto checker = NewAresChecker(options);
  ASSERT_TRUE(checker.ok()) << checker.status().message();
  std::vector<std::string> done;
  (*checker)->Check("outside.example",
                    [&](DomainRecords r) { done.push_back(r.domain); });
  (*checker)->Check("mx.lookalike.test", [&](DomainRecords r) {
    done.push_back(r.domain);
    (*checker)->Cancel();
  });
  const auto start = Clock::now();
  (*checker)->Run();
  const double ms = MsSince(start);
  EXPECT_EQ(done, std::vector<std::string>{"mx.lookalike.test"});
  EXPECT_LT(ms, 1000);
  EXPECT_EQ((*checker)->stats().retries, 0u);
}

TEST_F(DnsCheckerTest, CancelBeforeRunDropsQueuedChecks) {
  auto checker = Checker();
  ASSERT_NE(checker, nullptr);
  int done = 0;
  for (const char* name : {"mx.lookalike.test", "absent.lookalike.test"}) {
    checker->Check(name, [&done](DomainRecords) { ++done; });
  }
  checker->Cancel();
  checker->Run();
  EXPECT_EQ(done, 0);
  EXPECT_EQ(checker->stats().queries_sent, 0u);
}

TEST_F(DnsCheckerTest, QpsLimitSpacesQueries) {
  DnsOptions options;
  options.nameservers = {server_->Address()};
  options.qps = 100;
  auto checker = NewAresChecker(options);
  ASSERT_TRUE(checker.ok()) << checker.status().message();
  constexpr int kNames = 21;  // NXDOMAIN: one query each
  int done = 0;
  for (int i = 0; i < kNames; ++i) {
    (*checker)->Check("none" + std::to_string(i) + ".lookalike.test",
                      [&done](DomainRecords) { ++done; });
  }
  const auto start = std::chrono::steady_clock::now();
  (*checker)->Run();
  const double ms = std::chrono::duration<double, std::milli>(
                        std::chrono::steady_clock::now() - start)
                        .count();
  std::printf("[ timing ] %d queries at 100 qps: %.0f ms\n", kNames, ms);
  EXPECT_EQ(done, kNames);
  EXPECT_GE(ms, 190);  // 20 gaps of 10 ms
  EXPECT_LT(ms, 2000);
}

// Nothing listens: every answer is a timeout, and the verdict is unknown,
// never unregistered.
TEST(DnsCheckerNoServerTest, SilenceIsUnknown) {
  DnsOptions options;
  options.nameservers = {testing::DeadLoopbackEndpoint()};
  options.timeout_ms = 300;
  options.tries = 1;
  options.retry_delay_ms = 20;
  auto checker = NewAresChecker(options);
  ASSERT_TRUE(checker.ok()) << checker.status().message();
  std::vector<DomainRecords> got;
  for (const char* name : {"mx.lookalike.test", "absent.lookalike.test"}) {
    (*checker)->Check(name, [&](DomainRecords r) { got.push_back(r); });
  }
  (*checker)->Run();
  ASSERT_EQ(got.size(), 2u);
  for (const DomainRecords& r : got) {
    for (const DnsAnswer* a : {&r.a, &r.aaaa, &r.mx, &r.ns}) {
      EXPECT_EQ(a->rcode, R::kTimeout)
          << r.domain << " " << RcodeName(a->rcode);
    }
    EXPECT_EQ(Classify(r), Verdict::kUnknown) << r.domain;
    EXPECT_EQ(ClassifyMail(r), Mail::kUnknown) << r.domain;
  }
  // ICMP port unreachable counts as a timeout, and is retried as one.
  const DnsChecker::Stats stats = (*checker)->stats();
  EXPECT_EQ(stats.queries_sent, 2u * 4 * 3);
  EXPECT_EQ(stats.retries, 2u * 4 * 2);
  EXPECT_EQ(stats.Answers(R::kTimeout), 2u * 4 * 3);
}

}  // namespace
}  // namespace domex::resolver

namespace domex::resolver {
namespace {

// A UDP socket that is bound but never read: queries vanish, so c-ares
// times out (rather than getting ICMP port unreachable as above).
TEST(DnsCheckerNoServerTest, BlackHoleTimesOut) {
  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  DnsOptions options;
  options.nameservers = {"127.0.0.1:" + std::to_string(ntohs(addr.sin_port))};
  options.timeout_ms = 300;
  options.tries = 1;
  options.retries = 0;  // c-ares's own timing alone
  auto checker = NewAresChecker(options);
  ASSERT_TRUE(checker.ok()) << checker.status().message();
  std::vector<DomainRecords> got;
  (*checker)->Check("mx.lookalike.test",
                    [&](DomainRecords r) { got.push_back(std::move(r)); });
  const auto start = std::chrono::steady_clock::now();
  (*checker)->Run();
  const double ms = std::chrono::duration<double, std::milli>(
                        std::chrono::steady_clock::now() - start)
                        .count();
  close(fd);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].a.rcode, R::kTimeout) << RcodeName(got[0].a.rcode);
  EXPECT_EQ(Classify(got[0]), Verdict::kUnknown);
  EXPECT_GE(ms, 250);  // A, then AAAA/MX/NS together: about 2 x 300 ms
  EXPECT_LT(ms, 3000);
  EXPECT_EQ((*checker)->stats().try_timeouts, 4u);
}

double RunMs(DnsChecker& checker) {
  const auto start = std::chrono::steady_clock::now();
  checker.Run();
  return std::chrono::duration<double, std::milli>(
             std::chrono::steady_clock::now() - start)
      .count();
}

TEST(DnsCheckerNoServerTest, SilentServerIsGivenUpOn) {
  testing::BlackHole hole;
  DnsOptions options;
  options.nameservers = {hole.Address()};
  options.timeout_ms = 100;
  options.tries = 1;
  options.silence_limit_ms = 700;
  auto checker = NewAresChecker(options);
  ASSERT_TRUE(checker.ok()) << checker.status().message();
  int called = 0;
  for (int i = 0; i < 2000; ++i) {
    (*checker)->Check("n" + std::to_string(i) + ".lookalike.test",
                      [&](DomainRecords) { ++called; });
  }
  // Without the limit: 2000 names, retried and backed off towards one in
  // flight, would take minutes.
  const double ms = RunMs(**checker);
  EXPECT_GE(ms, 650);
  EXPECT_LT(ms, 3000);
  EXPECT_TRUE((*checker)->stats().gave_up);
  EXPECT_FALSE((*checker)->stats().stopped);
  EXPECT_EQ(called, 0);  // nothing was answered; nothing is made up
}

TEST(DnsCheckerNoServerTest, StopFlagEndsRunPromptly) {
  testing::BlackHole hole;
  DnsOptions options;
  options.nameservers = {hole.Address()};
  options.timeout_ms = 5000;
  auto checker = NewAresChecker(options);
  ASSERT_TRUE(checker.ok()) << checker.status().message();
  std::atomic<bool> stop{false};
  (*checker)->set_stop_flag(&stop);
  int called = 0;
  (*checker)->Check("a.lookalike.test", [&](DomainRecords) { ++called; });
  std::thread setter([&stop] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    stop.store(true);
  });
  const double ms = RunMs(**checker);
  setter.join();
  EXPECT_GE(ms, 150);
  EXPECT_LT(ms, 600);  // waits are short while a stop flag is set
  EXPECT_TRUE((*checker)->stats().stopped);
  EXPECT_EQ(called, 0);
}

}  // namespace
}  // namespace domex::resolver

namespace domex::resolver {
namespace {

constexpr int kLimitNames = 300;
constexpr int kLimitExistEvery = 10;  // n0, n10, ... exist: 390 queries
constexpr int kIpRateLimit = 50;      // unbound's ip-ratelimit, qps

std::string LimitZone() {
  std::string z =
      "$ORIGIN limit.test.\n"
      "$TTL 300\n"
      "@ SOA ns1 hostmaster 1 3600 600 86400 300\n"
      "@ NS ns1\n"
      "ns1 A 127.0.0.1\n";
  for (int i = 0; i < kLimitNames; i += kLimitExistEvery) {
    z += "n" + std::to_string(i) + " A 192.0.2.7\n";
  }
  return z;
}

std::string LimitName(int i) { return "n" + std::to_string(i) + ".limit.test"; }

// unbound in front of NSD, as users run domex against a recursive resolver.
// dead.test is delegated to a loopback port where nothing answers.
class UnboundCheckerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    nsd_ = NsdServer::Start({{"limit.test.", LimitZone()}}).release();
    ASSERT_NE(nsd_, nullptr);
  }
  static void TearDownTestSuite() {
    delete nsd_;
    nsd_ = nullptr;
  }

  static std::unique_ptr<UnboundServer> Unbound(int ip_ratelimit) {
    testing::UnboundConfig config;
    config.stubs = {{"limit.test.", nsd_->Address()},
                    {"dead.test.", testing::DeadLoopbackEndpoint()}};
    config.ip_ratelimit = ip_ratelimit;
    // A strict limiter: all above the rate is dropped. With unbound's
    // default (1 in 10 let through) the checker's retries alone save
    // every name here, backoff or not.
    config.ip_ratelimit_factor = 0;
    return UnboundServer::Start(config);
  }

  struct RunResult {
    int unknowns = 0;
    int wrong = 0;  // registered/unregistered, but not as the zone says
    double ms = 0;
    DnsChecker::Stats stats;
  };

  // Checks the 300 limit.test names at a requested 2000 qps through an
  // unbound that accepts 50 qps from us and drops the rest.
  RunResult CheckThroughRateLimit(bool adaptive_backoff) {
    RunResult result;
    auto unbound = Unbound(kIpRateLimit);
    if (unbound == nullptr) return result;
    DnsOptions options;
    options.nameservers = {unbound->Address()};
    options.qps = 2000;
    options.timeout_ms = 300;  // c-ares gives a dropped query 0.3 + 0.6 s
    options.adaptive_backoff = adaptive_backoff;
    auto checker = NewAresChecker(options);
    EXPECT_TRUE(checker.ok()) << checker.status().message();
    if (!checker.ok()) return result;
    for (int i = 0; i < kLimitNames; ++i) {
      const bool exists = i % kLimitExistEvery == 0;
      (*checker)->Check(LimitName(i), [&result, exists](DomainRecords r) {
        const Verdict v = Classify(r);
        if (v == Verdict::kUnknown) {
          ++result.unknowns;
        } else if ((v == Verdict::kRegistered) != exists) {
          ++result.wrong;
        }
      });
    }
    const auto start = Clock::now();
    (*checker)->Run();
    result.ms = MsSince(start);
    result.stats = (*checker)->stats();
    return result;
  }

  static NsdServer* nsd_;
};

NsdServer* UnboundCheckerTest::nsd_ = nullptr;

// unbound tries the dead server for about 2 s (our first tries time out
// meanwhile), then gives it up and answers SERVFAIL at once: every query is
// retried twice and ends SERVFAIL, and the verdict is unknown.
TEST_F(UnboundCheckerTest, DeadDelegationIsServFailAfterRetries) {
  auto unbound = Unbound(0);
  ASSERT_NE(unbound, nullptr);
  DnsOptions options;
  options.nameservers = {unbound->Address()};
  auto checker = NewAresChecker(options);
  ASSERT_TRUE(checker.ok()) << checker.status().message();
  std::vector<DomainRecords> got;
  for (const char* name :
       {"www.dead.test", "mail.dead.test", "n0.limit.test"}) {
    (*checker)->Check(name, [&got](DomainRecords r) { got.push_back(r); });
  }
  const auto start = Clock::now();
  (*checker)->Run();
  const DnsChecker::Stats stats = (*checker)->stats();
  PrintStats("dead delegation", stats, MsSince(start));
  ASSERT_EQ(got.size(), 3u);
  for (const DomainRecords& r : got) {
    if (r.domain == "n0.limit.test") {
      EXPECT_EQ(Classify(r), Verdict::kRegistered);
      continue;
    }
    for (const DnsAnswer* a : {&r.a, &r.aaaa, &r.mx, &r.ns}) {
      EXPECT_EQ(a->rcode, R::kServFail)
          << r.domain << " " << RcodeName(a->rcode);
    }
    EXPECT_EQ(Classify(r), Verdict::kUnknown) << r.domain;
  }
  EXPECT_EQ(stats.retries, 2u * 4 * 2);
  EXPECT_EQ(stats.queries_sent, 2u * 4 * 3 + 4);
  EXPECT_GE(stats.Answers(R::kServFail), 2u * 4);
  EXPECT_EQ(AnswerSum(stats), stats.queries_sent);
}

// Retries alone keep hitting the limit: measured 26-56 of the 300 names
// unknown, with about 1900 queries sent for 390 answers.
TEST_F(UnboundCheckerTest, RateLimitWithoutBackoffLosesAnswers) {
  RunResult r = CheckThroughRateLimit(false);
  PrintStats("ip-ratelimit 50, backoff off", r.stats, r.ms);
  std::printf("[ result ] %d of %d unknown, %d wrong\n", r.unknowns,
              kLimitNames, r.wrong);
  EXPECT_GT(r.unknowns, 0);
  EXPECT_EQ(r.wrong, 0);  // unknown, never a wrong verdict
  EXPECT_EQ(r.stats.backoffs, 0);
  EXPECT_GT(r.stats.Answers(R::kTimeout), static_cast<uint64_t>(kLimitNames));
}

// Measured: no name unknown, 620-1150 queries sent, 1-4 halvings, 6.5-11 s.
TEST_F(UnboundCheckerTest, RateLimitWithBackoffAnswersEveryName) {
  RunResult r = CheckThroughRateLimit(true);
  PrintStats("ip-ratelimit 50, backoff on", r.stats, r.ms);
  std::printf("[ result ] %d of %d unknown, %d wrong\n", r.unknowns,
              kLimitNames, r.wrong);
  EXPECT_EQ(r.unknowns, 0);
  EXPECT_EQ(r.wrong, 0);
  EXPECT_GT(r.stats.backoffs, 0);
  EXPECT_GT(r.stats.lowest_qps, 0);  // limited, from 2000 to 17-53 measured
  EXPECT_EQ(AnswerSum(r.stats), r.stats.queries_sent);
  EXPECT_LT(r.ms, 20000);
}

}  // namespace
}  // namespace domex::resolver
