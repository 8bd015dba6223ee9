// Kill loops: `domex crawl`, `domex lookalikes` and `domex scan` are killed
// with SIGKILL at random moments and run again, over and over, and then once to
// the end. What they leave must equal what one uninterrupted run leaves: the
// same report, nothing duplicated, and no page fetched again beyond those in
// flight at each kill. The moments are random but seeded; a failure prints
// the seed, and DOMEX_KILL_SEED=<seed> replays it.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tests/daemon.h"
#include "tests/nginx_server.h"
#include "tests/nsd_server.h"
#include "tests/report_json.h"
#include "tests/testing.h"

namespace domex {
namespace {

using testing::CommandResult;
using testing::DomexBinary;
using testing::NginxServer;
using testing::NsdServer;
using testing::RunCommand;
using testing::TempDir;
using testing::WriteFile;
using Clock = std::chrono::steady_clock;

constexpr int kKills = 20;
constexpr int kPages = 2000;
constexpr int kLinksPerPage = 20;
// Transfers one crawl has in flight at most: --concurrency for one host.
constexpr int kConcurrency = 4;

uint64_t Seed() {
  const char* env = std::getenv("DOMEX_KILL_SEED");
  return env != nullptr ? std::strtoull(env, nullptr, 10)
                        : std::random_device{}();
}

// A school site of kPages pages of about 12 KB with kLinksPerPage links
// each; page i always links to page i+1, so every page is reachable. Every
// tenth page exposes an address, in a form that depends on the page.
void WriteSite(const std::string& root) {
  const std::string filler =
      "<p>" + std::string(60, 'x') + " The school notice board. </p>\n";
  std::string padding;
  while (padding.size() < 11000) padding += filler;
  WriteFile(root + "/index.html",
            "<html><body><a href=\"/p/0.html\">start</a></body></html>");
  for (int i = 0; i < kPages; ++i) {
    std::string html = "<!doctype html><html><head><title>Page " +
                       std::to_string(i) + "</title></head><body>\n";
    for (int k = 0; k < kLinksPerPage; ++k) {
      const int target = k == 0 ? (i + 1) % kPages : (i * 7 + k * 131) % kPages;
      html += "<a href=\"/p/" + std::to_string(target) + ".html\">next</a>\n";
    }
    if (i % 10 == 0) {
      const std::string local = "office" + std::to_string(i / 10 % 150);
      switch (i / 10 % 3) {
        case 0:
          html += "<a href=\"mailto:" + local + "@kill.edu.in\">write</a>";
          break;
        case 1:
          html += "<p>" + local + "&#64;kill.edu.in</p>";
          break;
        default:
          html += "<p>" + local + " [at] kill [dot] edu [dot] in</p>";
      }
    }
    WriteFile(root + "/p/" + std::to_string(i) + ".html",
              html + padding + "</body></html>\n");
  }
}

std::chrono::milliseconds Elapsed(Clock::time_point since) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() -
                                                               since);
}

// Starts argv, kills its process group with SIGKILL once `kill_now` says
// so, and reaps it. `killed` when it was still running at the kill;
// `elapsed` until it exited or was killed.
struct RunOutcome {
  bool killed = false;
  std::chrono::milliseconds elapsed{0};
};
RunOutcome RunAndKill(const std::vector<std::string>& argv,
                      const std::function<bool()>& kill_now,
                      const std::string& log) {
  const auto start = Clock::now();
  const pid_t pid = testing::SpawnDaemon(argv, log);
  if (pid <= 0) return {};
  int status = 0;
  while (!kill_now()) {
    if (waitpid(pid, &status, WNOHANG) == pid) return {false, Elapsed(start)};
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  kill(-pid, SIGKILL);
  waitpid(pid, &status, 0);
  return {!WIFEXITED(status), Elapsed(start)};
}

// `domex report` or `domex scans` of `db` as JSON ("" when there is no
// store yet).
std::string Reported(const std::string& db, const std::string& command) {
  return RunCommand({DomexBinary(), command, "--db", db, "--format", "json"})
      .out;
}

// When to kill the next run: a fresh predicate per run.
using KillAt = std::function<std::function<bool()>(std::mt19937_64&)>;

// At a random moment in [0, `latest`] after the start. A run that ends by
// itself before its moment shows how long a whole run takes now (a loaded
// machine made the reference slow): later moments stay below that.
KillAt AtRandomMoment(std::chrono::milliseconds latest,
                      std::shared_ptr<std::chrono::milliseconds> bound) {
  *bound = latest;
  return [bound](std::mt19937_64& rng) -> std::function<bool()> {
    std::uniform_int_distribution<int> moment(0,
                                              static_cast<int>(bound->count()));
    const auto deadline = Clock::now() + std::chrono::milliseconds(moment(rng));
    return [deadline] { return Clock::now() >= deadline; };
  };
}

// After a random number in [1, `most`] of new requests reach `nginx`:
// progress, not time, so a loaded machine moves every kill alike.
KillAt AfterRandomRequests(const NginxServer& nginx, int most) {
  return [&nginx, most](std::mt19937_64& rng) -> std::function<bool()> {
    std::uniform_int_distribution<int> requests(1, most);
    const size_t at = nginx.LoggedSoFar() + requests(rng);
    auto last_look = Clock::now();
    return [&nginx, at, last_look]() mutable {
      // The log is a file: read it every 10 ms, not every 2.
      if (Clock::now() - last_look < std::chrono::milliseconds(10)) {
        return false;
      }
      last_look = Clock::now();
      return nginx.LoggedSoFar() >= at;
    };
  };
}

// Runs `argv` up to kKills times, each killed with SIGKILL when `kill_at`
// says, until `complete` (read from the store after each run) says the
// work is done - a run may finish before its kill, or be killed after it
// recorded the work finished. `bound`, when given, is shrunk to the
// length of a run that ended by itself. Prints and returns the number of
// runs killed.
struct KillLoop {
  int kills = 0;
  bool complete = false;
};
KillLoop KillRepeatedly(
    const char* what, const std::vector<std::string>& argv,
    const KillAt& kill_at, std::mt19937_64& rng,
    const std::function<bool()>& complete, const std::string& log,
    std::shared_ptr<std::chrono::milliseconds> bound = nullptr) {
  KillLoop loop;
  for (int i = 0; i < kKills && !loop.complete; ++i) {
    const RunOutcome run = RunAndKill(argv, kill_at(rng), log);
    loop.kills += run.killed;
    if (!run.killed && bound != nullptr) *bound = std::min(*bound, run.elapsed);
    loop.complete = complete();
  }
  std::printf("%s: %d kills\n", what, loop.kills);
  return loop;
}

// Kill moments for work that resumes: spread so that the kills together
// take about one whole run, most landing mid-run and some before the store
// is even open.
std::chrono::milliseconds ResumeMoments(std::chrono::milliseconds once) {
  return 2 * once / kKills + std::chrono::milliseconds(20);
}

// GET counts per page target ("/p/12.html"), from request `from` of the log
// on; robots.txt and sitemaps are asked for on every run and not counted.
std::map<std::string, int> PageFetches(const NginxServer& nginx, size_t from) {
  std::map<std::string, int> counts;
  const std::vector<testing::LoggedRequest> log = nginx.Log();
  for (size_t i = from; i < log.size(); ++i) {
    const std::string& t = log[i].target;
    if (t.rfind("/p/", 0) == 0 || t == "/" || t == "/index.html") ++counts[t];
  }
  return counts;
}

TEST(KillLoopTest, CrawlKilledAtRandomEqualsOneRun) {
  const uint64_t seed = Seed();
  SCOPED_TRACE("DOMEX_KILL_SEED=" + std::to_string(seed));
  std::mt19937_64 rng(seed);
  TempDir tmp;
  WriteSite(tmp.Sub("site"));
  std::unique_ptr<NginxServer> nginx = NginxServer::Start(tmp.Sub("site"));
  ASSERT_NE(nginx, nullptr);
  const std::string start = nginx->Url("/", "www.kill.localhost");
  // The pages share one path pattern: the trap cap is raised above them
  // (see the scan's test below).
  auto crawl = [&](const std::string& db) {
    return std::vector<std::string>{DomexBinary(),
                                    "crawl",
                                    start,
                                    "--db",
                                    db,
                                    "--delay",
                                    "0",
                                    "--concurrency",
                                    std::to_string(kConcurrency),
                                    "--max-per-pattern",
                                    "5000"};
  };

  const auto began = Clock::now();
  CommandResult reference = RunCommand(crawl(tmp.Sub("reference.db")));
  const std::chrono::milliseconds once = Elapsed(began);
  ASSERT_EQ(reference.exit_code, 0) << reference.err << reference.out;
  const size_t reference_end = nginx->Log().size();

  // Together the kills take about one run's requests: 2,000 pages in 20
  // runs.
  const KillLoop loop = KillRepeatedly(
      "crawl", crawl(tmp.Sub("killed.db")),
      AfterRandomRequests(*nginx, 2 * kPages / kKills), rng,
      [&] {
        return Reported(tmp.Sub("killed.db"), "report")
                   .find("\"finished\": true") != std::string::npos;
      },
      tmp.Sub("run.log"));
  const int kills = loop.kills;
  if (!loop.complete) {
    std::vector<std::string> args = crawl(tmp.Sub("killed.db"));
    args.push_back("--verbose");
    CommandResult last = RunCommand(args);
    EXPECT_EQ(last.exit_code, 0) << last.err << last.out;
    EXPECT_NE(last.err.find("resumed crawl finished"), std::string::npos)
        << last.err;
  }
  EXPECT_GE(kills, kKills / 2) << "most runs should have been killed";

  // The same report, byte for byte.
  const std::string want = Reported(tmp.Sub("reference.db"), "report");
  EXPECT_FALSE(want.empty());
  EXPECT_EQ(Reported(tmp.Sub("killed.db"), "report"), want);

  // Every page fetched, and again only if it was in flight at a kill.
  const std::map<std::string, int> fetched = PageFetches(*nginx, reference_end);
  EXPECT_EQ(fetched.size(), PageFetches(*nginx, 0).size());
  int again = 0;
  for (const auto& [target, count] : fetched) again += count - 1;
  std::printf("crawl: %d pages fetched twice\n", again);
  EXPECT_LE(again, kills * kConcurrency)
      << again << " pages fetched more than once over " << kills << " kills";
}

// A root zone where a few lookalikes of kill.mil exist, one with a mail
// server, so the verdicts differ between candidates.
constexpr char kZone[] = R"($TTL 300
@ IN SOA ns.root.test. admin.root.test. 1 3600 600 86400 300
@ IN NS ns.root.test.
ns.root.test. IN A 127.0.0.1
kill.ml. IN A 192.0.2.1
kill.ml. IN MX 10 mx.kill.ml.
kil.mil. IN A 192.0.2.2
killl.mil. IN AAAA 2001:db8::3
kill-mil.com. IN MX 0 .
)";

// What a report's JSON says of each stored lookalike: "verdict mail" and
// first_seen, by domain; `duplicates` counts domains stored twice.
struct StoredLookalikes {
  std::map<std::string, std::string> state;
  std::map<std::string, std::string> first_seen;
  int duplicates = 0;
};
StoredLookalikes Lookalikes(const std::string& json) {
  StoredLookalikes out;
  // One item runs from its "domain" key to the next item's.
  auto field = [&json](const std::string& key, size_t from, size_t to) {
    const std::string pattern = "\"" + key + "\": ";
    const size_t at = json.find(pattern, from);
    if (at == std::string::npos || at > to) return std::string();
    const size_t begin = at + pattern.size();
    return json.substr(begin, json.find_first_of(",\n", begin) - begin);
  };
  const std::string key = "\"domain\": ";
  for (size_t at = json.find(key); at != std::string::npos;) {
    const size_t next = json.find(key, at + 1);
    const std::string domain = field("domain", at, next);
    out.duplicates += out.state.count(domain);
    out.state[domain] =
        field("verdict", at, next) + " " + field("mail", at, next);
    out.first_seen[domain] = field("first_seen", at, next);
    at = next;
  }
  return out;
}

TEST(KillLoopTest, LookalikesKilledAtRandomEqualOneRun) {
  const uint64_t seed = Seed();
  SCOPED_TRACE("DOMEX_KILL_SEED=" + std::to_string(seed));
  std::mt19937_64 rng(seed);
  TempDir tmp;
  std::unique_ptr<NsdServer> nsd = NsdServer::Start({{".", kZone}});
  ASSERT_NE(nsd, nullptr);
  // A modest rate stretches the run so the kills land inside it.
  auto check = [&](const std::string& db) {
    return std::vector<std::string>{
        DomexBinary(),  "lookalikes", "kill.mil",
        "--db",         db,           "--nameservers",
        nsd->Address(), "--qps",      "3000",
        "--timeout",    "500"};
  };
  const auto began = Clock::now();
  CommandResult reference = RunCommand(check(tmp.Sub("reference.db")));
  const std::chrono::milliseconds once = Elapsed(began);
  ASSERT_EQ(reference.exit_code, 0) << reference.err;

  const StoredLookalikes want =
      Lookalikes(Reported(tmp.Sub("reference.db"), "report"));
  ASSERT_EQ(want.state.count("\"kill.ml\""), 1u);
  EXPECT_EQ(want.state.at("\"kill.ml\""), "\"registered\" \"mx\"");
  EXPECT_EQ(want.state.at("\"kil.mil\""), "\"registered\" \"implicit\"");
  EXPECT_EQ(want.duplicates, 0);

  // A lookalike run does not resume: each run checks every candidate, so
  // the kills spread over one whole run. After every kill, what the store
  // holds is what one uninterrupted run found (a kill loses at most the
  // batch being written), each domain once, and a lookalike's first
  // sighting never moves.
  std::map<std::string, std::string> first_seen;
  int checks = 0;
  auto bound = std::make_shared<std::chrono::milliseconds>();
  const KillLoop loop = KillRepeatedly(
      "lookalikes", check(tmp.Sub("killed.db")), AtRandomMoment(once, bound),
      rng,
      [&] {
        const StoredLookalikes got =
            Lookalikes(Reported(tmp.Sub("killed.db"), "report"));
        EXPECT_EQ(got.duplicates, 0);
        for (const auto& [domain, state] : got.state) {
          ++checks;
          const auto expected = want.state.find(domain);
          EXPECT_TRUE(expected != want.state.end() && expected->second == state)
              << domain << " " << state;
          const std::string& seen = got.first_seen.at(domain);
          if (seen == "null") continue;
          auto [it, added] = first_seen.emplace(domain, seen);
          EXPECT_EQ(seen, it->second) << domain << ": first sighting moved";
        }
        return false;
      },
      tmp.Sub("run.log"), bound);
  EXPECT_GT(loop.kills, kKills / 2) << "most runs should have been killed";
  EXPECT_GT(checks, 0) << "no killed run stored anything";
  CommandResult last = RunCommand(check(tmp.Sub("killed.db")));
  ASSERT_EQ(last.exit_code, 0) << last.err;
  const StoredLookalikes got =
      Lookalikes(Reported(tmp.Sub("killed.db"), "report"));
  EXPECT_EQ(got.state, want.state);
  EXPECT_EQ(got.duplicates, 0);
  for (const auto& [domain, seen] : first_seen) {
    EXPECT_EQ(got.first_seen.at(domain), seen) << domain;
  }
}

// What a scan report says, without the scan ids and times that differ
// between stores: each address's and lookalike's status and findings, and
// each institution's counts.
std::multiset<std::string> ScanEssence(const std::string& json) {
  std::multiset<std::string> out;
  for (auto& a : testing::Items(json, "addresses")) {
    out.insert("address " + a["institution"] + " " + a["address"] + " " +
               a["status"] + " " + a["harvestable_by"]);
  }
  for (auto& l : testing::Items(json, "lookalikes")) {
    out.insert("lookalike " + l["institution"] + " " + l["domain"] + " " +
               l["status"] + " " + l["verdict"] + " " + l["mail"]);
  }
  for (auto& i : testing::Items(json, "institutions")) {
    out.insert("institution " + i["name"] + " " + i["pages_checked"] + " " +
               i["pages_failed"] + " " + i["addresses"] + " " +
               i["lookalikes_registered"] + " " + i["lookalikes_take_mail"]);
  }
  return out;
}

TEST(KillLoopTest, ScanKilledAtRandomEqualsOneScan) {
  const uint64_t seed = Seed();
  SCOPED_TRACE("DOMEX_KILL_SEED=" + std::to_string(seed));
  std::mt19937_64 rng(seed);
  TempDir tmp;
  WriteSite(tmp.Sub("site"));
  std::unique_ptr<NginxServer> nginx = NginxServer::Start(tmp.Sub("site"));
  ASSERT_NE(nginx, nullptr);
  std::unique_ptr<NsdServer> nsd = NsdServer::Start({{".", kZone}});
  ASSERT_NE(nsd, nullptr);
  // The site's 2000 pages share one path pattern: at the trap cap's default
  // (2000) which of them a crawl leaves out depends on the order it meets
  // them, and a page an earlier crawl saw is then "not checked". A killed
  // scan may have finished its crawl, so the rerun crawls again: the cap is
  // raised so that both crawls see every page, as the reference does.
  WriteFile(tmp.Sub("scan.toml"),
            "[crawl]\ndelay = 0\nmax_per_pattern = 5000\nconcurrency = " +
                std::to_string(kConcurrency) + "\n[dns]\nnameservers = [\"" +
                nsd->Address() +
                "\"]\nqps = 3000\ntimeout = 500\n"
                "[[institution]]\nname = \"Kill School\"\nsites = [\"" +
                nginx->Url("/", "www.kill.localhost") +
                "\"]\ndomains = [\"kill.mil\"]\n");
  auto scan = [&](const std::string& db) {
    return std::vector<std::string>{DomexBinary(),        "scan", "--config",
                                    tmp.Sub("scan.toml"), "--db", db,
                                    "--format",           "json"};
  };
  // Both stores scan once to the end first, so the scans that follow have a
  // complete scan to be compared with, as a nightly run does: a kill that
  // made anything "gone" or "new" would show.
  ASSERT_EQ(RunCommand(scan(tmp.Sub("reference.db"))).exit_code, 0);
  ASSERT_EQ(RunCommand(scan(tmp.Sub("killed.db"))).exit_code, 0);
  const auto began = Clock::now();
  CommandResult reference = RunCommand(scan(tmp.Sub("reference.db")));
  const std::chrono::milliseconds once = Elapsed(began);
  ASSERT_EQ(reference.exit_code, 0) << reference.err;
  const std::multiset<std::string> want = ScanEssence(reference.out);
  EXPECT_GT(want.size(), 150u);
  for (const std::string& item : want) {
    EXPECT_EQ(item.find("\"gone\""), std::string::npos) << item;
    EXPECT_EQ(item.find("\"new\""), std::string::npos) << item;
  }

  // Killed scans are never complete, unless the kill came after the scan
  // was recorded complete: then the next one would be a third scan.
  auto complete_scans = [&] {
    const std::string scans = Reported(tmp.Sub("killed.db"), "scans");
    int n = 0;
    for (size_t at = scans.find("\"finished\": true"); at != std::string::npos;
         at = scans.find("\"finished\": true", at + 1)) {
      ++n;
    }
    return n;
  };
  auto bound = std::make_shared<std::chrono::milliseconds>();
  const KillLoop loop = KillRepeatedly(
      "scan", scan(tmp.Sub("killed.db")),
      AtRandomMoment(ResumeMoments(once), bound), rng,
      [&] { return complete_scans() >= 2; }, tmp.Sub("run.log"));
  EXPECT_GE(loop.kills, kKills / 2) << "most runs should have been killed";
  std::string final_report;
  if (!loop.complete) {
    CommandResult last = RunCommand(scan(tmp.Sub("killed.db")));
    ASSERT_EQ(last.exit_code, 0) << last.err;
    final_report = last.out;
  } else {
    final_report = Reported(tmp.Sub("killed.db"), "report");
  }
  EXPECT_EQ(complete_scans(), 2);
  // The partial scans between the two complete ones are no news: the second
  // complete scan reports what the reference's second scan reports.
  EXPECT_EQ(ScanEssence(final_report), want);
}

}  // namespace
}  // namespace domex
