// End-to-end tests of the domex binary: bad input, a locked database, the
// JSON contract, and a crawl killed with SIGKILL that resumes without losing
// or refetching anything.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <set>
#include <thread>

#include "store/store.h"
#include "tests/nginx_server.h"
#include "tests/report_json.h"
#include "tests/school_site.h"
#include "tests/testing.h"

namespace domex {
namespace {

using testing::CommandResult;
using testing::DomexBinary;
using testing::RunCommand;
using testing::TempDir;

CommandResult Domex(std::vector<std::string> args) {
  args.insert(args.begin(), DomexBinary());
  return RunCommand(args);
}

// The JSON report is pretty-printed; its strings here hold no spaces.
std::string WithoutWhitespace(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c != ' ' && c != '\n') out += c;
  }
  return out;
}

int Lines(const std::string& s) {
  return static_cast<int>(std::count(s.begin(), s.end(), '\n'));
}

// Without --db the store is the user's state directory, never ./domex.db
// in whatever directory cron starts in; under the shipped systemd unit it
// is the unit's StateDirectory=.
TEST(CliTest, StoreDefaultsToTheStateDirectory) {
  TempDir tmp;
  const std::string home = tmp.Sub("home");
  std::filesystem::create_directories(home);
  const std::string dead = "http://" + testing::DeadLoopbackEndpoint() + "/";
  CommandResult crawl = RunCommand({"/usr/bin/env", "-i", "HOME=" + home,
                                    DomexBinary(), "crawl", dead, "-v"});
  EXPECT_EQ(crawl.exit_code, 1) << crawl.err;  // the one page failed
  const std::string state = home + "/.local/state/domex";
  EXPECT_NE(crawl.err.find("domex report --db " + state), std::string::npos)
      << crawl.err;
  EXPECT_TRUE(std::filesystem::exists(state + "/CURRENT"));
  for (const std::string& dir : {home + "/.local", home + "/.local/state"}) {
    EXPECT_EQ(std::filesystem::status(dir).permissions() &
                  std::filesystem::perms::all,
              std::filesystem::perms::owner_all)
        << dir;
  }
  EXPECT_FALSE(std::filesystem::exists("domex.db"));

  struct Row {
    std::vector<std::string> env;
    int exit_code;
    std::string said;  // on stdout (exit 0) or stderr
  } rows[] = {
      {{"HOME=" + home}, 0, dead},
      {{"XDG_STATE_HOME=" + home + "/.local/state"}, 0, dead},
      {{"HOME=/nonexistent", "STATE_DIRECTORY=" + state}, 0, dead},
      {{"XDG_STATE_HOME=" + tmp.Sub("empty")}, 2, "no domex database at "},
      {{}, 2, "pass --db DIR"},
  };
  for (const Row& row : rows) {
    std::vector<std::string> argv = {"/usr/bin/env", "-i"};
    argv.insert(argv.end(), row.env.begin(), row.env.end());
    argv.insert(argv.end(), {DomexBinary(), "report"});
    CommandResult report = RunCommand(argv);
    SCOPED_TRACE(argv[2]);
    EXPECT_EQ(report.exit_code, row.exit_code) << report.err;
    const std::string& said = row.exit_code == 0 ? report.out : report.err;
    EXPECT_NE(said.find(row.said), std::string::npos) << said;
  }
}

// Help as every Unix tool gives it, and a typo answered with what was
// probably meant (exit 2, one line).
TEST(CliTest, HelpAndSuggestions) {
  struct Row {
    std::vector<std::string> args;
    int exit_code;
    std::string says;  // on stdout (exit 0) or the one stderr line
  } rows[] = {
      {{"help"}, 0, "  lookalikes  "},
      {{"--help"}, 0, "'domex help COMMAND'"},
      {{"-h"}, 0, "'domex help COMMAND'"},
      {{"help", "crawl"},
       0,
       "  --max-pages N           pages per site (default 20000)"},
      {{"crawl", "--help"}, 0, "usage: domex crawl URL... [options]"},
      {{"crawl", "http://a.in/", "-h"}, 0, "  --delay MS "},
      {{"lookalikes", "--help"}, 0, "  --nameservers H:P,...  "},
      {{"scan", "-h"}, 0, "  --config FILE "},
      {{"report", "--help"}, 0, "  --since SCAN "},
      {{"scans", "--help"}, 0, "  --format F "},
      {{"merge", "--help"}, 0, "  --db OUT "},
      {{"-V"}, 0, "domex 0.1.0\n"},
      {{"--version"}, 0, "domex 0.1.0\n"},
      {{"lookalike", "army.mil"},
       2,
       "unknown command 'lookalike' (did you mean lookalikes?)"},
      {{"help", "scna"}, 2, "unknown command 'scna' (did you mean scan?)"},
      {{"frobnicate"}, 2, "unknown command 'frobnicate' (try 'domex help')"},
      {{"lookalikes", "army.mil", "--nameserver", "127.0.0.1"},
       2,
       "unknown option '--nameserver' (did you mean --nameservers?)"},
      {{"crawl", "http://a.in/", "--max-page", "3"},
       2,
       "unknown option '--max-page' (did you mean --max-pages?)"},
      {{"scan", "--config", "x.toml", "--change-only"},
       2,
       "(did you mean --changes-only?)"},
      {{"crawl", "--", "-h"}, 2, "bad URL '-h'"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.args[0] + (row.args.size() > 1 ? " " + row.args[1] : ""));
    CommandResult r = Domex(row.args);
    EXPECT_EQ(r.exit_code, row.exit_code) << r.err;
    if (row.exit_code == 0) {
      EXPECT_NE(r.out.find(row.says), std::string::npos) << r.out;
      EXPECT_EQ(r.err, "");
    } else {
      EXPECT_EQ(r.out, "");
      EXPECT_EQ(Lines(r.err), 1) << r.err;
      EXPECT_NE(r.err.find(row.says), std::string::npos) << r.err;
    }
  }
}

TEST(CliTest, BadInputIsOneLineAndExitTwo) {
  TempDir tmp;
  const std::string db = tmp.Sub("db");
  struct Row {
    std::vector<std::string> args;
    const char* names;  // what the one line must mention
  } rows[] = {
      {{"frobnicate"}, "frobnicate"},
      {{"crawl"}, "start URL"},
      {{"crawl", "ftp://school.in/", "--db", db}, "ftp://school.in/"},
      {{"crawl", "http://", "--db", db}, "http://"},
      {{"crawl", "not a url", "--db", db}, "not a url"},
      {{"crawl", "http://a.in/", "--delay", "-1", "--db", db}, "--delay"},
      {{"crawl", "http://a.in/", "--max-pages", "abc", "--db", db},
       "--max-pages"},
      {{"crawl", "http://a.in/", "--concurrency", "0", "--db", db},
       "--concurrency"},
      {{"crawl", "http://a.in/", "--bogus", "--db", db}, "--bogus"},
      {{"crawl", "http://a.in/", "--db"}, "--db"},
      {{"report", "--db", tmp.Sub("missing")}, "missing"},
      {{"report", "--db", db, "--format", "xml"}, "xml"},
      {{"report", "extra", "--db", db}, "extra"},
  };
  for (const Row& row : rows) {
    CommandResult r = Domex(row.args);
    std::string shown =
        row.args[0] + (row.args.size() > 1 ? " " + row.args[1] : "");
    EXPECT_EQ(r.exit_code, 2) << shown << ": " << r.err;
    EXPECT_EQ(Lines(r.err), 1) << shown << ": " << r.err;
    EXPECT_NE(r.err.find(row.names), std::string::npos) << r.err;
  }
  // None of the bad crawls created a database.
  EXPECT_FALSE(std::filesystem::exists(db));
}

TEST(CliTest, SecondRunOnALockedDatabaseExitsAtOnceAndLosesNothing) {
  TempDir tmp;
  const std::string db = tmp.Sub("db");
  {
    Result<std::unique_ptr<store::Store>> s = store::Store::Open(db);
    ASSERT_TRUE(s.ok());
    store::PageRecord page;
    page.url = "http://a.in/";
    page.status = store::PageStatus::kFetched;
    page.addresses = {{"x@a.in", {"text"}}};
    ASSERT_TRUE((*s)->CommitPage(page, store::FrontierEntry(), {}).ok());

    auto start = std::chrono::steady_clock::now();
    CommandResult r = Domex({"crawl", "http://127.0.0.1:1/", "--db", db});
    auto took = std::chrono::steady_clock::now() - start;
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_EQ(Lines(r.err), 1) << r.err;
    EXPECT_NE(r.err.find("in use"), std::string::npos) << r.err;
    EXPECT_LT(took, std::chrono::seconds(5));
  }
  Result<std::unique_ptr<store::Store>> s = store::Store::Open(db);
  ASSERT_TRUE(s.ok());
  auto page = (*s)->GetPage("http://a.in/");
  ASSERT_TRUE(page.ok() && page->has_value());
  EXPECT_EQ((*page)->addresses.size(), 1u);
}

TEST(CliTest, CrawlThenReportJsonContract) {
  TempDir tmp;
  auto site = testing::SchoolSite::Start();
  ASSERT_NE(site, nullptr);
  const std::string db = tmp.Sub("db");
  CommandResult crawl = Domex({"crawl", site->WwwUrl("/"), "--db", db,
                               "--delay", "0", "--timeout", "5000"});
  // The fixture links a missing page on purpose: a broken link (404) is
  // checked, so every page was. Without a terminal: not a byte (cron).
  EXPECT_EQ(crawl.exit_code, 0) << crawl.err;
  EXPECT_EQ(crawl.out, "");
  EXPECT_EQ(crawl.err, "") << "no summary or progress when stderr is no tty";
  // With --verbose, the summary on stderr.
  CommandResult again =
      Domex({"crawl", site->WwwUrl("/"), "--db", db, "--delay", "0",
             "--timeout", "5000", "--verbose"});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(again.out, "");
  EXPECT_NE(again.err.find("crawl finished"), std::string::npos) << again.err;
  EXPECT_NE(again.err.find("1 missing (HTTP 404/410)"), std::string::npos)
      << again.err;

  CommandResult json = Domex({"report", "--db", db, "--format", "json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(testing::SchemaErrors(json.out, "report"), "");
  const std::string compact = WithoutWhitespace(json.out);
  for (const char* needle :
       {"{\"schema\":\"domex-report/1\",\"addresses\":[{",
        "\"address\":\"office@fixture-school.in\"",
        "\"forms\":[\"mailto\",\"text\"]", "\"harvestable_by\":\"any-crawler\"",
        "\"pages\":{\"fetched\":", "\"failed\":0,", "\"missing\":1,",
        "\"skipped_robots\":1",
        "\"missing_pages\":[{\"url\":\"http://www.school.localhost:"}) {
    EXPECT_NE(compact.find(needle), std::string::npos) << needle << "\n"
                                                       << json.out;
  }
  CommandResult text = Domex({"report", "--db", db});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("office@fixture-school.in"), std::string::npos);
  EXPECT_NE(text.out.find("/missing.html"), std::string::npos);

  // Every format works on a store with a crawl and no scan: Markdown, CSV
  // and HTML in the scan report's shape, what the crawl found leading.
  const struct {
    const char* format;
    const char* expected;
  } rows[] = {
      {"md", "# domex report: the latest crawl\n"},
      {"csv", "address,school.localhost,new,yes,office@fixture-school.in,"},
      {"html", "<h1>domex report: the latest crawl</h1>"},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.format);
    CommandResult r = Domex({"report", "--db", db, "--format", row.format});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find(row.expected), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("office@fixture-school.in"), std::string::npos);
    EXPECT_NE(r.out.find("/missing.html"), std::string::npos);
  }
}

// URLs a limit left out are counted with their pattern and what to raise,
// in the crawl's own report and in every format.
TEST(CliTest, UrlsLeftOutByLimitsAreReported) {
  TempDir tmp;
  auto site = testing::SchoolSite::Start();
  ASSERT_NE(site, nullptr);
  const std::string db = tmp.Sub("db");
  CommandResult crawl =
      Domex({"crawl", site->WwwUrl("/"), "--db", db, "--delay", "0",
             "--timeout", "5000", "--max-depth", "0"});
  EXPECT_EQ(crawl.exit_code, 0) << crawl.err;
  CommandResult text = Domex({"report", "--db", db});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("Left out by limits (not requested, not checked):"),
            std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find(" left out by the depth limit (max_depth 0): raise "
                          "max_depth to check them"),
            std::string::npos)
      << text.out;
  CommandResult json = Domex({"report", "--db", db, "--format", "json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(testing::SchemaErrors(json.out, "report"), "");
  EXPECT_NE(json.out.find("\"limit\": \"max-depth\""), std::string::npos);
  CommandResult md = Domex({"report", "--db", db, "--format", "md"});
  EXPECT_NE(md.out.find("## Left out by limits"), std::string::npos) << md.out;
}

// A site big enough that a crawl can be killed in the middle: a root page
// linking to `n` pages, each exposing its own address.
std::string MakeBigSite(const std::string& dir, int n) {
  std::string index = "<html><body>";
  for (int i = 0; i < n; ++i) {
    index += "<a href=\"/p" + std::to_string(i) + ".html\">p</a>\n";
    testing::WriteFile(dir + "/p" + std::to_string(i) + ".html",
                       "<html><body>page" + std::to_string(i) +
                           "@resume-school.in</body></html>");
  }
  testing::WriteFile(dir + "/index.html", index + "</body></html>");
  return dir;
}

TEST(CliTest, KilledCrawlResumesWithoutLosingOrRefetching) {
  TempDir tmp;
  const int kPages = 200;
  auto nginx =
      testing::NginxServer::Start(MakeBigSite(tmp.Sub("site"), kPages));
  ASSERT_NE(nginx, nullptr);
  const std::string db = tmp.Sub("db");
  const std::vector<std::string> args = {
      DomexBinary(), "crawl", nginx->Url("/"), "--db", db,
      "--delay",     "20",    "--concurrency", "1"};

  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    std::vector<char*> argv;
    for (const std::string& a : args)
      argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    freopen("/dev/null", "w", stdout);
    execv(argv[0], argv.data());
    _exit(127);
  }
  // Kill it once a good part, but not all, of the site was requested (a
  // count, not a time: a loaded machine may take long to get there).
  for (int i = 0; i < 1500 && nginx->Log().size() < 60; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status));
  const size_t log_at_kill = nginx->Log().size();

  std::set<std::string> recorded;  // targets committed before the kill
  {
    auto store = store::Store::OpenReadOnly(db);
    ASSERT_TRUE(store.ok()) << store.status().message();
    ASSERT_TRUE((*store)
                    ->ForEachPage([&](const store::PageRecord& p) {
                      recorded.insert(p.url.substr(p.url.find('/', 8)));
                      return true;
                    })
                    .ok());
  }
  ASSERT_GT(recorded.size(), 10u);
  ASSERT_LT(recorded.size(), static_cast<size_t>(kPages));

  std::vector<std::string> verbose = args;
  verbose.push_back("--verbose");
  CommandResult rerun = RunCommand(verbose);
  EXPECT_EQ(rerun.exit_code, 0) << rerun.err;
  EXPECT_NE(rerun.err.find("resumed crawl finished"), std::string::npos)
      << rerun.err;

  std::vector<testing::LoggedRequest> log = nginx->Log();
  std::map<std::string, int> after;
  for (size_t i = log_at_kill; i < log.size(); ++i) ++after[log[i].target];
  for (const std::string& target : recorded) {
    EXPECT_EQ(after.count(target), 0u) << target << " fetched again";
  }
  for (const auto& [target, count] : after) {
    if (target != "/robots.txt") {
      EXPECT_EQ(count, 1) << target;
    }
  }
  CommandResult json = Domex({"report", "--db", db, "--format", "json"});
  ASSERT_EQ(json.exit_code, 0);
  for (int i = 0; i < kPages; ++i) {
    std::string address = "page" + std::to_string(i) + "@resume-school.in";
    EXPECT_NE(json.out.find("\"" + address + "\""), std::string::npos)
        << address << " lost";
  }
}

}  // namespace
}  // namespace domex
