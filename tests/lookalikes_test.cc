// End-to-end tests of `domex lookalikes` against a real NSD on loopback
// that serves a root zone: every candidate it does not list is NXDOMAIN,
// just as on the internet, and the listed ones cover each verdict and mail
// class. Nothing here may reach /etc/resolv.conf: every run names its
// nameserver.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "store/store.h"
#include "tests/daemon.h"
#include "tests/nsd_server.h"
#include "tests/report_json.h"
#include "tests/testing.h"

namespace domex {
namespace {

using testing::CommandResult;
using testing::DomexBinary;
using testing::NsdServer;
using testing::RunCommand;
using testing::TempDir;

// Candidates of army.mil that the generator makes (see the dnstwist
// fixture and the tld-typo fuzzer), with one case each.
constexpr char kRootZone[] = R"($TTL 300
@ IN SOA ns.root.test. admin.root.test. 1 3600 600 86400 300
@ IN NS ns.root.test.
ns.root.test. IN A 127.0.0.1
; every other name under .ml answers (army.ml, its own zone below, has
; answers of its own and stays registered)
*.ml. IN A 192.0.2.99
; registered, refuses mail (RFC 7505 null MX)
arrny.mil. IN A 192.0.2.5
arrny.mil. IN MX 0 .
; registered, mail goes to its address (RFC 5321 §5.1 implicit MX)
amry.mil. IN A 192.0.2.7
amry.mil. IN AAAA 2001:db8::7
; registered by NODATA: the name exists with no address or MX
armyy.mil. IN TXT "parked"
; an IDN: the whole label in Cyrillic (агму.mil), takes mail
xn--80ag1a2a.mil. IN MX 10 mx.example.test.
; a wildcard parent: ar.my.mil answers only through it
*.my.mil. IN A 192.0.2.99
)";

// Registered, takes mail through MX hosts. A zone of its own (as a real
// registration is), so its apex NS records are answers, not a referral.
constexpr char kArmyMlZone[] = R"($TTL 300
@ IN SOA ns1.army.ml. admin.army.ml. 1 3600 600 86400 300
@ IN NS ns1.army.ml.
@ IN A 192.0.2.66
@ IN MX 10 mx.army.ml.
ns1 IN A 192.0.2.53
)";

class LookalikesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = NsdServer::Start({{".", kRootZone}, {"army.ml.", kArmyMlZone}})
                  .release();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override { ASSERT_NE(server_, nullptr) << "NSD did not start"; }

  CommandResult Lookalikes(std::vector<std::string> args) {
    args.insert(args.begin(), {DomexBinary(), "lookalikes"});
    args.insert(args.end(), {"--db", tmp_.Sub("db")});
    return RunCommand(args);
  }
  std::string Ns() const { return server_->Address(); }

  std::map<std::string, store::LookalikeRecord> Stored() {
    std::map<std::string, store::LookalikeRecord> out;
    auto db = store::Store::OpenReadOnly(tmp_.Sub("db"));
    EXPECT_TRUE(db.ok()) << db.status().message();
    if (!db.ok()) return out;
    Status s =
        (*db)->ForEachLookalike("", [&](const store::LookalikeRecord& r) {
          EXPECT_EQ(out.count(r.domain), 0u) << "stored twice: " << r.domain;
          out[r.domain] = r;
          return true;
        });
    EXPECT_TRUE(s.ok()) << s.message();
    return out;
  }

  static NsdServer* server_;
  TempDir tmp_;
};

NsdServer* LookalikesTest::server_ = nullptr;

TEST_F(LookalikesTest, EveryVerdictAndMailClassFromRealAnswers) {
  CommandResult r =
      Lookalikes({"www.army.mil", "--nameservers", Ns(), "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  struct Row {
    const char* domain;
    const char* verdict;
    const char* mail;
  } rows[] = {
      {"army.ml", "registered", "mx"},
      {"arrny.mil", "registered", "null-mx"},
      {"amry.mil", "registered", "implicit"},
      {"armyy.mil", "registered", "none"},
      {"ar.my.mil", "wildcard", "implicit"},
      {"xn--80ag1a2a.mil", "registered", "mx"},
      {"armya.mil", "unregistered", "none"},
  };
  const auto stored = Stored();
  for (const Row& row : rows) {
    SCOPED_TRACE(row.domain);
    ASSERT_EQ(stored.count(row.domain), 1u);
    const store::LookalikeRecord& rec = stored.at(row.domain);
    EXPECT_EQ(rec.origin, "army.mil");
    EXPECT_EQ(rec.verdict, row.verdict);
    EXPECT_EQ(rec.mail, row.mail);
    const std::string json_entry =
        "\"domain\": \"" + std::string(row.domain) + "\",\n";
    EXPECT_NE(r.out.find(json_entry), std::string::npos);
  }
  EXPECT_EQ(stored.at("army.ml").fuzzers,
            (std::vector<std::string>{"suffix-swap", "tld-typo"}));
  EXPECT_EQ(stored.at("army.ml").mx, std::vector<std::string>{"10 mx.army.ml"});
  EXPECT_EQ(stored.at("army.ml").ns, std::vector<std::string>{"ns1.army.ml"});
  EXPECT_EQ(stored.at("amry.mil").aaaa,
            std::vector<std::string>{"2001:db8::7"});
  // Only the zone's names exist; everything else is NXDOMAIN.
  size_t existing = 0;
  for (const auto& [domain, rec] : stored) {
    if (rec.verdict != "unregistered") ++existing;
  }
  EXPECT_EQ(existing, 6u);
  EXPECT_EQ(stored.at("xn--80ag1a2a.mil").unicode,
            "\xd0\xb0\xd0\xb3\xd0\xbc\xd1\x83.mil");  // агму.mil
  EXPECT_NE(r.out.find("\"domain\": \"xn--80ag1a2a.mil\",\n      \"unicode\": "
                       "\"\xd0\xb0\xd0\xb3\xd0\xbc\xd1\x83.mil\","),
            std::string::npos);
  EXPECT_GT(stored.size(), 200u);
  EXPECT_NE(r.out.find("\"registered\": 5,"), std::string::npos) << r.out;
  EXPECT_EQ(testing::SchemaErrors(r.out, "lookalikes"), "");
}

// Domains from standard input and a file, as URLs or addresses; only the
// chosen fuzzers; only existing lookalikes printed, every one stored.
TEST_F(LookalikesTest, InputsFuzzersAndRegisteredOnly) {
  testing::WriteFile(tmp_.Sub("domains.txt"),
                     "# ours\nprincipal@Army.MIL\n\nnavy.mil  # too\n");
  const std::string command =
      "printf 'https://www.army.mil/about\\n' | '" + DomexBinary() +
      "' lookalikes - --domains-file '" + tmp_.Sub("domains.txt") +
      "' --nameservers " + Ns() + " --db '" + tmp_.Sub("db") +
      "' --fuzzers tld-typo,suffix-swap --registered-only --format json";
  // The note on the reduced subdomain is for whoever watches: without a
  // terminal only with --verbose.
  CommandResult plain = RunCommand({"/bin/sh", "-c", command});
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_EQ(plain.err, "");
  CommandResult r = RunCommand({"/bin/sh", "-c", command + " --verbose"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err,
            "domex: www.army.mil: checking army.mil, its registrable "
            "domain\n");
  // Printed: only what is registered (army.ml). navy.ml answers only
  // through the *.ml wildcard, which proves nothing: stored, not printed.
  const std::string registered = "\"verdict\": \"registered\"";
  size_t printed = 0;
  for (size_t at = 0;
       (at = r.out.find("\"verdict\": ", at)) != std::string::npos; ++at) {
    EXPECT_EQ(r.out.compare(at, registered.size(), registered), 0)
        << r.out.substr(at, 40);
    ++printed;
  }
  EXPECT_NE(r.out.find("\"domain\": \"army.ml\""), std::string::npos) << r.out;
  // Stored: every candidate of the two fuzzers, unregistered ones too, for
  // both origins.
  const auto stored = Stored();
  std::set<std::string> origins;
  size_t registered_stored = 0;
  for (const auto& [domain, rec] : stored) {
    origins.insert(rec.origin);
    bool chosen = false;
    for (const std::string& f : rec.fuzzers) {
      chosen = chosen || f == "tld-typo" || f == "suffix-swap";
    }
    EXPECT_TRUE(chosen) << domain;
    if (rec.verdict == "registered") ++registered_stored;
  }
  EXPECT_EQ(origins, (std::set<std::string>{"army.mil", "navy.mil"}));
  ASSERT_EQ(stored.count("navy.ml"), 1u);
  EXPECT_EQ(stored.at("navy.ml").verdict, "wildcard");
  EXPECT_EQ(printed, registered_stored);
  EXPECT_GT(stored.size(), printed + 10);
  EXPECT_LT(stored.size(), 200u);  // not every fuzzer's candidates
}

// On a terminal, a live line says what is being done, how far and how fast
// (from before the tables load); --quiet or no terminal: not a byte of it.
TEST_F(LookalikesTest, ProgressOnlyOnATerminal) {
  // ~2,000 candidates at 800/s: a few seconds of progress lines.
  const std::string command = "'" + DomexBinary() +
                              "' lookalikes army.mil --nameservers " + Ns() +
                              " --qps 800 --db '" + tmp_.Sub("db") + "'";
  auto on_terminal = [](const std::string& cmd) {
    // script(1) runs the command on a pseudo-terminal, 200 columns wide
    // (the line is cut to the terminal's width).
    return RunCommand(
        {"/usr/bin/script", "-qfec", "stty cols 200; " + cmd, "/dev/null"});
  };
  CommandResult shown = on_terminal(command);
  ASSERT_EQ(shown.exit_code, 0) << shown.out;
  EXPECT_NE(shown.out.find("\r\033[Kgenerating lookalikes of army.mil"),
            std::string::npos)
      << shown.out.substr(0, 300);
  // Some line once the rate and the estimate are known (not necessarily
  // the last: at 100% nothing is left to estimate).
  const std::string head = "\r\033[Kchecking lookalikes of army.mil: ";
  std::vector<std::string> lines;
  for (size_t at = shown.out.find(head); at != std::string::npos;
       at = shown.out.find(head, at + 1)) {
    lines.push_back(shown.out.substr(at, shown.out.find('\r', at + 1) - at));
  }
  ASSERT_FALSE(lines.empty()) << shown.out.substr(0, 300);
  const auto complete = [](const std::string& text) {
    for (const char* part : {"/1960 (", "%), ", "/s, ", " exist, ", " left"}) {
      if (text.find(part) == std::string::npos) return false;
    }
    return true;
  };
  EXPECT_TRUE(std::any_of(lines.begin(), lines.end(), complete))
      << "no line with count, percentage, rate, found and estimate; the last: "
      << lines.back();

  CommandResult quiet = on_terminal(command + " --quiet");
  ASSERT_EQ(quiet.exit_code, 0) << quiet.out;
  EXPECT_EQ(quiet.out.find("\033[K"), std::string::npos);
  EXPECT_NE(quiet.out.find("1960 lookalikes checked"), std::string::npos);

  CommandResult piped =
      Lookalikes({"army.mil", "--nameservers", Ns(), "--qps", "800"});
  ASSERT_EQ(piped.exit_code, 0) << piped.err;
  EXPECT_EQ(piped.err, "");
}

TEST_F(LookalikesTest, TextPutsMailCapableFirstAndCountsUnregistered) {
  CommandResult r = Lookalikes({"army.mil", "--nameservers", Ns()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");  // not a terminal: no progress
  const size_t mx = r.out.find("! army.ml");
  const size_t implicit = r.out.find("! amry.mil");
  const size_t null_mx = r.out.find("  arrny.mil");
  ASSERT_NE(mx, std::string::npos) << r.out;
  ASSERT_NE(implicit, std::string::npos) << r.out;
  ASSERT_NE(null_mx, std::string::npos) << r.out;
  EXPECT_LT(std::max(mx, implicit), null_mx);
  EXPECT_NE(r.out.find("5 registered, 1 wildcard, 0 unknown"),
            std::string::npos)
      << r.out;
  // Unregistered ones are a count, not a list.
  EXPECT_EQ(r.out.find("armya.mil"), std::string::npos);
}

TEST_F(LookalikesTest, CheckingAgainUpdatesAndKeepsFirstSeen) {
  ASSERT_EQ(Lookalikes({"army.mil", "--nameservers", Ns()}).exit_code, 0);
  const auto first = Stored();
  // Times are whole seconds: the second check must fall in a later one.
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  CommandResult again =
      Lookalikes({"army.mil", "--nameservers", Ns(), "--format", "csv"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  const auto second = Stored();
  EXPECT_EQ(second.size(), first.size());
  const store::LookalikeRecord& before = first.at("army.ml");
  const store::LookalikeRecord& after = second.at("army.ml");
  EXPECT_EQ(after.first_seen, before.first_seen);
  EXPECT_GT(after.last_seen, before.last_seen);
  EXPECT_GT(after.checked_at, before.checked_at);
  EXPECT_EQ(again.out.rfind("origin,domain,unicode,fuzzers,verdict,mail,", 0),
            0u);
  EXPECT_NE(
      again.out.find("army.mil,army.ml,,suffix-swap;tld-typo,registered,mx,"
                     "192.0.2.66,,10 mx.army.ml,ns1.army.ml,"),
      std::string::npos);
}

TEST_F(LookalikesTest, SilentServerMakesUnknownNeverUnregistered) {
  // Nothing listens on this port: every query fails, none is NXDOMAIN.
  const std::string dead = testing::DeadLoopbackEndpoint();
  CommandResult r = Lookalikes({"army.mil", "--nameservers", dead, "--timeout",
                                "200", "--format", "json"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  const auto stored = Stored();
  ASSERT_GT(stored.size(), 200u);
  for (const auto& [domain, rec] : stored) {
    ASSERT_EQ(rec.verdict, "unknown") << domain;
    ASSERT_EQ(rec.mail, "unknown") << domain;
  }
  EXPECT_EQ(r.out.find("\"verdict\": \"unregistered\""), std::string::npos);
}

TEST_F(LookalikesTest, UnknownLaterKeepsFirstSeen) {
  ASSERT_EQ(Lookalikes({"army.mil", "--nameservers", Ns()}).exit_code, 0);
  const int64_t seen = Stored().at("army.ml").first_seen;
  ASSERT_GT(seen, 0);
  const std::string dead = testing::DeadLoopbackEndpoint();
  EXPECT_EQ(Lookalikes({"army.mil", "--nameservers", dead, "--timeout", "200"})
                .exit_code,
            1);
  const store::LookalikeRecord rec = Stored().at("army.ml");
  EXPECT_EQ(rec.verdict, "unknown");
  EXPECT_EQ(rec.first_seen, seen);
  EXPECT_EQ(rec.last_seen, seen);
}

TEST_F(LookalikesTest, ReportShowsTheStoredLookalikes) {
  ASSERT_EQ(Lookalikes({"army.mil", "--nameservers", Ns()}).exit_code, 0);
  CommandResult text =
      RunCommand({DomexBinary(), "report", "--db", tmp_.Sub("db")});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_EQ(text.out.rfind("Lookalike domains (latest check of each):\n"
                           "army.mil: ",
                           0),
            0u)
      << text.out;
  EXPECT_NE(text.out.find("! army.ml "), std::string::npos);
  CommandResult json = RunCommand(
      {DomexBinary(), "report", "--db", tmp_.Sub("db"), "--format", "json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(json.out.rfind("{\n  \"schema\": \"domex-report/1\",\n"
                           "  \"lookalikes\": [",
                           0),
            0u)
      << json.out;
  EXPECT_EQ(testing::SchemaErrors(json.out, "report"), "");
  EXPECT_EQ(json.out.find("\"addresses\""), std::string::npos);  // no crawl
  EXPECT_NE(json.out.find("\"domain\": \"army.ml\""), std::string::npos);
}

TEST_F(LookalikesTest, OwnDomainsAreNotEachOthersLookalikes) {
  ASSERT_EQ(
      Lookalikes({"army.mil", "army.ml", "--nameservers", Ns()}).exit_code, 0);
  auto db = store::Store::OpenReadOnly(tmp_.Sub("db"));
  ASSERT_TRUE(db.ok()) << db.status().message();
  std::set<std::string> origins;
  ASSERT_TRUE((*db)
                  ->ForEachLookalike("",
                                     [&](const store::LookalikeRecord& r) {
                                       origins.insert(r.origin);
                                       EXPECT_NE(r.domain, "army.ml")
                                           << r.origin;
                                       EXPECT_NE(r.domain, "army.mil")
                                           << r.origin;
                                       return true;
                                     })
                  .ok());
  EXPECT_EQ(origins, (std::set<std::string>{"army.mil", "army.ml"}));
}

// Ctrl-C: stops within 1 s; the candidates not asked are reported "not
// checked (stopped)", never "unknown", and the store keeps what an earlier
// run found for them.
TEST_F(LookalikesTest, InterruptStopsAtOnceAndReportsTheRestNotChecked) {
  ASSERT_EQ(Lookalikes({"army.mil", "--nameservers", Ns(), "--format", "json"})
                .exit_code,
            0);
  const auto before = Stored();
  size_t registered = 0;
  for (const auto& [domain, rec] : before) {
    registered += rec.verdict == "registered" ? 1 : 0;
  }
  ASSERT_GT(registered, 0u);

  testing::BlackHole hole;
  const std::string log = tmp_.Sub("run.log");
  pid_t pid = testing::SpawnDaemon(
      {DomexBinary(), "lookalikes", "army.mil", "--nameservers", hole.Address(),
       "--timeout", "5000", "--db", tmp_.Sub("db")},
      log);
  ASSERT_GT(pid, 0);
  // Queries flow once the stop handlers are in place; a fixed sleep was too
  // short for a loaded machine (killed by the SIGINT before its handler).
  const bool started = hole.WaitForQuery(60000);
  const auto sent = std::chrono::steady_clock::now();
  ASSERT_EQ(kill(pid, SIGINT), 0);
  ASSERT_TRUE(started) << "no query within 60 s";
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  const double ms = std::chrono::duration<double, std::milli>(
                        std::chrono::steady_clock::now() - sent)
                        .count();
  ASSERT_TRUE(WIFEXITED(status)) << "killed by the signal instead of stopping";
  EXPECT_EQ(WEXITSTATUS(status), 1);
  EXPECT_LT(ms, 2000);
  std::stringstream text;
  text << std::ifstream(log).rdbuf();
  for (const char* expected :
       {"domex: interrupted after 0 lookalikes; the other ",
        " were not checked (stopped)\n", " 0 unknown, ",
        "not checked (stopped): not asked before the run stopped"}) {
    EXPECT_NE(text.str().find(expected), std::string::npos) << expected << "\n"
                                                            << text.str();
  }
  EXPECT_EQ(text.str().find("unknown: no answer"), std::string::npos)
      << text.str();
  // Nothing of the earlier run was overwritten by a check that never was.
  EXPECT_EQ(Stored(), before);
}

TEST(LookalikesInputTest, BadInputIsOneLineAndExitTwo) {
  TempDir tmp;
  const std::string db = tmp.Sub("db");
  struct Row {
    std::vector<std::string> args;
    const char* names;  // what the one line must mention
  } rows[] = {
      {{}, "at least one domain"},
      {{"edu.in"}, "edu.in"},
      {{"a..mil"}, "empty label"},
      {{"a_b.mil"}, "a_b"},
      {{std::string(64, 'a') + ".mil"}, "63"},
      {{"intranet"}, "intranet"},
      {{"xn--zz.mil"}, "xn--zz"},
      {{"army.mil", "--nameservers", "1.2.3"}, "1.2.3"},
      {{"army.mil", "--nameservers", "127.0.0.1:99999"}, "99999"},
      {{"army.mil", "--nameservers", "127.0.0.1:53,"}, "missing host"},
      {{"army.mil", "--format", "xml"}, "xml"},
      {{"army.mil", "--qps", "-1"}, "--qps"},
      {{"army.mil", "--dictionary", "/nonexistent/words"}, "/nonexistent"},
      {{"army.mil", "--seeds", "/nonexistent"}, "/nonexistent"},
      {{"army.mil", "--max-candidates", "10"}, "--max-candidates 10"},
  };
  // Should a row be accepted by mistake, it must still not ask the system
  // resolver: a dead loopback port, unless the row names nameservers (a
  // flag may be given once).
  const std::string dead = testing::DeadLoopbackEndpoint();
  for (const Row& row : rows) {
    std::vector<std::string> args = {DomexBinary(), "lookalikes", "--timeout",
                                     "50"};
    if (std::find(row.args.begin(), row.args.end(), "--nameservers") ==
        row.args.end()) {
      args.insert(args.end(), {"--nameservers", dead});
    }
    args.insert(args.end(), row.args.begin(), row.args.end());
    args.insert(args.end(), {"--db", db});
    CommandResult r = RunCommand(args);
    SCOPED_TRACE(row.args.empty() ? "" : row.args[0]);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_NE(r.err.find(row.names), std::string::npos) << r.err;
  }
}

}  // namespace
}  // namespace domex
