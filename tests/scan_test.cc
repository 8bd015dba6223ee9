// End-to-end tests of `domex scan`: real nginx and NSD on loopback, the
// world changed between scans, and the report's statuses checked.
#include <gtest/gtest.h>
#include <rocksdb/db.h>
#include <signal.h>
#include <sys/wait.h>

#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "common/file.h"
#include "store/store.h"
#include "store/store_format.h"
#include "tests/daemon.h"
#include "tests/nginx_server.h"
#include "tests/nsd_server.h"
#include "tests/report_json.h"
#include "tests/testing.h"

namespace domex {
namespace {

using testing::CommandResult;
using testing::DomexBinary;
using testing::Item;
using testing::Items;
using testing::NginxServer;
using testing::NsdServer;
using testing::RunCommand;
using testing::TempDir;
using testing::WriteFile;

constexpr char kZoneHead[] = R"($TTL 300
@ IN SOA ns.root.test. admin.root.test. 1 3600 600 86400 300
@ IN NS ns.root.test.
ns.root.test. IN A 127.0.0.1
)";

std::string Page(const std::vector<std::string>& addresses) {
  std::string html = "<!doctype html><html><body><h1>Springfield</h1>";
  for (const std::string& a : addresses) {
    html += "<p><a href=\"mailto:" + a + "\">" + a + "</a></p>";
  }
  return html + "</body></html>";
}

// The parts of a report that do not depend on how the work was split.
std::multiset<std::string> Essence(const std::string& json) {
  std::multiset<std::string> out;
  for (auto& a : Items(json, "addresses")) {
    out.insert("address " + a["institution"] + " " + a["address"] + " " +
               a["status"] + " " + a["first_seen_scan"] + "-" +
               a["last_seen_scan"]);
  }
  for (auto& l : Items(json, "lookalikes")) {
    out.insert("lookalike " + l["institution"] + " " + l["domain"] + " " +
               l["status"] + " " + l["verdict"] + " " + l["mail"] + " " +
               l["first_seen_scan"] + "-" + l["last_seen_scan"]);
  }
  for (auto& i : Items(json, "institutions")) {
    out.insert("institution " + i["name"] + " " + i["pages_checked"] + " " +
               i["pages_failed"] + " " + i["addresses"] + " " +
               i["lookalikes_registered"] + " " + i["lookalikes_take_mail"]);
  }
  return out;
}

class ScanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteFile(tmp_.Sub("site/index.html"),
              Page({"a@springfield.edu.in", "b@springfield.edu.in"}));
    // /broken.html answers 500: a page that cannot be checked.
    nginx_ = NginxServer::Start(tmp_.Sub("site"),
                                "location = /broken.html { return 500; }");
    ASSERT_NE(nginx_, nullptr);
    ServeZone("");
  }

  // (Re)starts NSD serving a root zone with `records`.
  void ServeZone(const std::string& records) {
    nsd_.reset();
    nsd_ = NsdServer::Start({{".", std::string(kZoneHead) + records}});
    ASSERT_NE(nsd_, nullptr);
    WriteFile(tmp_.Sub("scan.toml"),
              "[crawl]\ndelay = " + std::to_string(delay_ms_) +
                  "\n"
                  "[dns]\nnameservers = [\"" +
                  nsd_->Address() +
                  "\"]\n"
                  "timeout = 500\n"
                  "[[institution]]\nname = \"Springfield School\"\n"
                  "sites = [\"" +
                  nginx_->Url("/") +
                  "\"]\n"
                  "domains = [\"springfield.edu.in\"]\n");
  }

  CommandResult Scan(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {DomexBinary(), "scan",
                                     "--config",    tmp_.Sub("scan.toml"),
                                     "--db",        tmp_.Sub("db")};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunCommand(args);
  }

  int delay_ms_ = 0;
  TempDir tmp_;
  std::unique_ptr<NginxServer> nginx_;
  std::unique_ptr<NsdServer> nsd_;
};

TEST_F(ScanTest, WhatChangedBetweenScans) {
  CommandResult first = Scan({"--format", "json"});
  ASSERT_EQ(first.exit_code, 0) << first.err << first.out;
  EXPECT_NE(Item(first.out, "address", "a@springfield.edu.in")
                .find("\"status\": \"new\""),
            std::string::npos)
      << first.out;

  // The world changes: b leaves the page, c arrives, a lookalike is
  // registered with a mail server.
  // (A different size too: nginx's ETag is mtime and size, and the mtime
  // may fall in the same second as the first crawl.)
  WriteFile(tmp_.Sub("site/index.html"),
            Page({"a@springfield.edu.in", "c@springfield.edu.in"}) +
                "<p>Updated.</p>");
  ServeZone(
      "springfeild.edu.in. IN A 192.0.2.11\n"
      "springfeild.edu.in. IN MX 10 mx.springfeild.edu.in.\n");
  CommandResult second = Scan({"--format", "json"});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  const std::string& json = second.out;
  EXPECT_NE(json.find("\"latest_scan\": 2"), std::string::npos) << json;
  EXPECT_NE(json.find("\"since_scan\": 1"), std::string::npos);
  EXPECT_EQ(testing::SchemaErrors(json, "scan-report"), "");
  struct Row {
    const char* key;
    const char* value;
    const char* status;
  } rows[] = {
      {"address", "a@springfield.edu.in", "present"},
      {"address", "b@springfield.edu.in", "gone"},
      {"address", "c@springfield.edu.in", "new"},
      {"domain", "springfeild.edu.in", "new"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.value);
    const std::string item = Item(json, row.key, row.value);
    ASSERT_NE(item, "") << json;
    EXPECT_NE(item.find("\"status\": \"" + std::string(row.status) + "\""),
              std::string::npos)
        << item;
    EXPECT_NE(item.find("\"institution\": \"Springfield School\""),
              std::string::npos);
  }
  EXPECT_NE(Item(json, "domain", "springfeild.edu.in").find("\"mail\": \"mx\""),
            std::string::npos);
  // Its history: unregistered in scan 1, registered with MX from scan 2.
  const std::string lookalike = Item(json, "domain", "springfeild.edu.in");
  const size_t history = lookalike.find("\"history\": [");
  ASSERT_NE(history, std::string::npos) << lookalike;
  EXPECT_LT(lookalike.find("\"since_scan\": 1", history),
            lookalike.find("\"verdict\": \"unregistered\"", history));
  EXPECT_NE(lookalike.find("\"since_scan\": 2", history), std::string::npos);
  const std::string a = Item(json, "address", "a@springfield.edu.in");
  const size_t seen_in = a.find("\"seen_in\": [");
  ASSERT_NE(seen_in, std::string::npos) << a;
  EXPECT_LT(a.find("\"from_scan\": 1,", seen_in),
            a.find("\"to_scan\": 2", seen_in))
      << Item(json, "address", "a@springfield.edu.in");

  // Nothing changes: a cron run with --changes-only prints nothing.
  CommandResult third = Scan({"--changes-only"});
  EXPECT_EQ(third.exit_code, 0) << third.err;
  EXPECT_EQ(third.out, "");
  EXPECT_EQ(third.err, "");

  CommandResult scans = RunCommand(
      {DomexBinary(), "scans", "--db", tmp_.Sub("db"), "--format", "json"});
  ASSERT_EQ(scans.exit_code, 0) << scans.err;
  EXPECT_NE(scans.out.find("\"id\": 3"), std::string::npos) << scans.out;
  EXPECT_EQ(testing::SchemaErrors(scans.out, "scans"), "");
  // The report of the latest scan against the first one.
  CommandResult since =
      RunCommand({DomexBinary(), "report", "--db", tmp_.Sub("db"), "--format",
                  "json", "--since", "1"});
  ASSERT_EQ(since.exit_code, 0) << since.err;
  EXPECT_NE(Item(since.out, "address", "c@springfield.edu.in")
                .find("\"status\": \"new\""),
            std::string::npos);
}

// -o FILE: the report goes to the file, whole (written beside it and
// renamed), and a file that cannot be written is refused before any work.
TEST_F(ScanTest, OutputFileIsWrittenWholeOrNotAtAll) {
  const std::string report = tmp_.Sub("out/report.json");
  CommandResult refused = Scan({"-o", report});  // out/ does not exist
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_EQ(refused.err, "domex: error: cannot write " + report + ": " +
                             tmp_.Sub("out") + ": No such file or directory\n");
  EXPECT_TRUE(nginx_->Log().empty()) << "crawled before checking -o";

  std::filesystem::create_directories(tmp_.Sub("out"));
  WriteFile(report, "last night's report");
  CommandResult scan = Scan({"--format", "json", "--output", report});
  ASSERT_EQ(scan.exit_code, 0) << scan.err;
  EXPECT_EQ(scan.out, "");
  Result<std::string> written = ReadSmallFile(report);
  ASSERT_TRUE(written.ok());
  EXPECT_NE(Item(*written, "address", "a@springfield.edu.in"), "") << *written;
  EXPECT_EQ(
      std::filesystem::status(report).permissions() &
          std::filesystem::perms::all,
      std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);

  // report and scans write the same bytes to -o as to stdout.
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{"report", "--format", "json"},
                                             {"scans"}}) {
    std::vector<std::string> argv = {DomexBinary()};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.insert(argv.end(), {"--db", tmp_.Sub("db")});
    CommandResult to_stdout = RunCommand(argv);
    argv.insert(argv.end(), {"-o", tmp_.Sub("out/" + args[0])});
    CommandResult to_file = RunCommand(argv);
    EXPECT_EQ(to_file.exit_code, 0) << to_file.err;
    EXPECT_EQ(to_file.out, "");
    EXPECT_EQ(*ReadSmallFile(tmp_.Sub("out/" + args[0])), to_stdout.out);
  }
  // Nothing but the reports is left in out/ (no temporary files).
  int files = 0;
  for (const auto& e : std::filesystem::directory_iterator(tmp_.Sub("out"))) {
    (void)e;
    ++files;
  }
  EXPECT_EQ(files, 3);
}

TEST_F(ScanTest, PersistentProblemIsNoNewsForCron) {
  WriteFile(
      tmp_.Sub("site/index.html"),
      Page({"a@springfield.edu.in"}) + "<a href=\"/broken.html\">down</a>");
  CommandResult first = Scan();
  EXPECT_EQ(first.exit_code, 1);  // a page could not be checked
  EXPECT_EQ(first.err, "domex: Springfield School: 1 page not checked\n");
  EXPECT_NE(first.out.find("broken.html"), std::string::npos);
  // The same problem again is not news: cron gets no output at all, and
  // exit 0 (the problem is in the report and the scan record).
  CommandResult again = Scan({"--changes-only"});
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_EQ(again.out, "");
  EXPECT_EQ(again.err, "");
  // Without --changes-only the problem still fails the run.
  EXPECT_EQ(Scan().exit_code, 1);
}

// [[acknowledged]] in the config: an address published on purpose and a
// page known to be broken are listed apart, are no news and do not fail
// the scan; once the acknowledgement expires they are news again.
TEST_F(ScanTest, AcknowledgedItemsAreNoNewsUntilTheyExpire) {
  WriteFile(
      tmp_.Sub("site/index.html"),
      Page({"a@springfield.edu.in"}) + "<a href=\"/broken.html\">down</a>");
  const std::string config = testing::ReadFile(tmp_.Sub("scan.toml"));
  const auto acknowledge = [&](const std::string& expires) {
    WriteFile(tmp_.Sub("scan.toml"),
              config +
                  "[[acknowledged]]\naddress = \"A@springfield.edu.in\"\n"
                  "reason = \"the front desk, on purpose\"\n" +
                  expires + "[[acknowledged]]\npage = \"" +
                  nginx_->Url("/broken.html") +
                  "\"\nreason = \"removed from the site\"\n" + expires);
  };
  acknowledge("");
  CommandResult first = Scan({"--format", "json"});
  EXPECT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(first.err, "");
  EXPECT_EQ(testing::SchemaErrors(first.out, "scan-report"), "");
  const std::string a = Item(first.out, "address", "a@springfield.edu.in");
  EXPECT_NE(a.find("\"reason\": \"the front desk, on purpose\""),
            std::string::npos)
      << a;
  EXPECT_NE(a.find("\"needs_action\": false"), std::string::npos) << a;
  EXPECT_NE(first.out.find("\"acknowledged_pages\": [\n    {"),
            std::string::npos)
      << first.out;
  EXPECT_NE(first.out.find("\"failed_pages\": []"), std::string::npos);
  CommandResult text = Scan();
  EXPECT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("Nothing needs action."), std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("removed from the site"), std::string::npos);
  CommandResult cron = Scan({"--changes-only"});
  EXPECT_EQ(cron.exit_code, 0) << cron.err;
  EXPECT_EQ(cron.out, "");

  // Expired: news again, and the broken page fails the run again.
  acknowledge("expires = 2026-01-31\n");
  CommandResult lapsed = Scan({"--changes-only"});
  EXPECT_EQ(lapsed.exit_code, 1);
  EXPECT_NE(lapsed.out.find("1 acknowledgement expired"), std::string::npos)
      << lapsed.out;
  EXPECT_NE(lapsed.out.find("a@springfield.edu.in"), std::string::npos);
  EXPECT_EQ(lapsed.err, "domex: Springfield School: 1 page not checked\n");
}

TEST_F(ScanTest, AnInterruptedScanMakesNothingGoneOrNew) {
  // Six pages, so a slow crawl can be stopped half-way.
  std::string index = Page({"a@springfield.edu.in"});
  for (int i = 1; i <= 5; ++i) {
    const std::string n = std::to_string(i);
    index += "<a href=\"/p" + n + ".html\">" + n + "</a>";
    WriteFile(tmp_.Sub("site/p" + n + ".html"),
              Page({"p" + n + "@springfield.edu.in"}));
  }
  WriteFile(tmp_.Sub("site/index.html"), index);
  ASSERT_EQ(Scan().exit_code, 0);

  delay_ms_ = 800;
  ServeZone("");  // rewrites the config with the delay
  const std::string log = tmp_.Sub("scan2.log");
  pid_t pid = testing::SpawnDaemon(
      {DomexBinary(), "scan", "--config", tmp_.Sub("scan.toml"), "--db",
       tmp_.Sub("db"), "--format", "json"},
      log);
  ASSERT_GT(pid, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  kill(pid, SIGINT);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 1);
  const std::string partial = testing::ReadFile(log);
  EXPECT_EQ(partial.find("\"status\": \"gone\""), std::string::npos) << partial;

  // The next scan compares with scan 1, the last complete one: no news.
  delay_ms_ = 0;
  ServeZone("");
  CommandResult third = Scan({"--changes-only"});
  EXPECT_EQ(third.exit_code, 0) << third.err;
  EXPECT_EQ(third.out, "");
  CommandResult report = RunCommand(
      {DomexBinary(), "report", "--db", tmp_.Sub("db"), "--format", "json"});
  EXPECT_NE(report.out.find("\"since_scan\": 1"), std::string::npos)
      << report.out.substr(0, 400);
}

TEST_F(ScanTest, ShardsSplitTheInstitutions) {
  std::string config = testing::ReadFile(tmp_.Sub("scan.toml"));
  for (int i = 1; i <= 6; ++i) {
    config += "[[institution]]\nname = \"Ministry " + std::to_string(i) +
              "\"\ndomains = [\"ministry" + std::to_string(i) + ".gov.in\"]\n";
  }
  WriteFile(tmp_.Sub("scan.toml"), config);
  std::map<std::string, int> seen;
  for (const char* shard : {"1/2", "2/2"}) {
    const std::string db = tmp_.Sub(std::string("db") + shard[0]);
    CommandResult r =
        RunCommand({DomexBinary(), "scan", "--config", tmp_.Sub("scan.toml"),
                    "--db", db, "--shard", shard, "--format", "json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    CommandResult scans =
        RunCommand({DomexBinary(), "scans", "--db", db, "--format", "json"});
    const std::string& j = scans.out;
    const size_t from = j.find("\"institutions\": [");
    const size_t to = j.find("]", from);
    ASSERT_NE(from, std::string::npos) << j;
    std::string list = j.substr(from, to - from);
    int in_shard = 0;
    for (size_t at = list.find('"', 17); at != std::string::npos;
         at = list.find('"', list.find('"', at + 1) + 1)) {
      const size_t end = list.find('"', at + 1);
      ++seen[list.substr(at + 1, end - at - 1)];
      ++in_shard;
    }
    EXPECT_GT(in_shard, 0) << shard;
    EXPECT_LT(in_shard, 7) << shard;
  }
  EXPECT_EQ(seen.size(), 7u);  // the school and six ministries, once each
  for (const auto& [name, times] : seen) EXPECT_EQ(times, 1) << name;
}

TEST_F(ScanTest, MergedShardsReportAsOneProcess) {
  auto add_ministries = [this] {
    std::string config = testing::ReadFile(tmp_.Sub("scan.toml"));
    for (int i = 1; i <= 4; ++i) {
      config += "[[institution]]\nname = \"Ministry " + std::to_string(i) +
                "\"\ndomains = [\"ministry" + std::to_string(i) +
                ".gov.in\"]\n";
    }
    WriteFile(tmp_.Sub("scan.toml"), config);
  };
  auto scan_all_ways = [this] {
    for (const auto& [db, shard] :
         std::vector<std::pair<std::string, std::string>>{
             {"all", ""}, {"s1", "1/2"}, {"s2", "2/2"}}) {
      std::vector<std::string> args = {DomexBinary(), "scan",
                                       "--config",    tmp_.Sub("scan.toml"),
                                       "--db",        tmp_.Sub(db)};
      if (!shard.empty()) args.insert(args.end(), {"--shard", shard});
      CommandResult r = RunCommand(args);
      ASSERT_EQ(r.exit_code, 0) << db << ": " << r.err;
    }
  };
  add_ministries();
  scan_all_ways();
  // The world changes: an address goes, lookalikes of a school and a
  // ministry are registered.
  WriteFile(tmp_.Sub("site/index.html"),
            Page({"a@springfield.edu.in", "c@springfield.edu.in"}) +
                "<p>Updated.</p>");
  ServeZone(
      "springfeild.edu.in. IN A 192.0.2.11\n"
      "ministry1.gov.co. IN MX 10 mx.evil.test.\n");
  add_ministries();
  scan_all_ways();

  CommandResult merge =
      RunCommand({DomexBinary(), "merge", "--db", tmp_.Sub("merged"),
                  tmp_.Sub("s1"), tmp_.Sub("s2")});
  ASSERT_EQ(merge.exit_code, 0) << merge.err;
  {
    // The merged store is a new domex store: it carries the format marker.
    rocksdb::DB* raw = nullptr;
    ASSERT_TRUE(rocksdb::DB::OpenForReadOnly(rocksdb::Options(),
                                             tmp_.Sub("merged"), &raw)
                    .ok());
    std::unique_ptr<rocksdb::DB> db(raw);
    std::string marker;
    EXPECT_TRUE(db->Get({}, std::string(store::kFormatKey), &marker).ok());
    EXPECT_EQ(marker, store::FormatMarker(store::kFormatVersion));
  }
  auto report = [this](const std::string& db) {
    return RunCommand({DomexBinary(), "report", "--db", tmp_.Sub(db),
                       "--format", "json"})
        .out;
  };
  const std::string one = report("all");
  const std::string merged = report("merged");
  ASSERT_NE(Essence(one).size(), 0u) << one;
  EXPECT_EQ(Essence(merged), Essence(one)) << merged;
  // The statuses are real ones, not all "new".
  EXPECT_EQ(Essence(one).count(
                "lookalike \"Ministry 1\" \"ministry1.gov.co\" \"new\" "
                "\"registered\" \"mx\" 2-2"),
            1u)
      << one;
  // A merge never overwrites.
  EXPECT_EQ(RunCommand({DomexBinary(), "merge", "--db", tmp_.Sub("merged"),
                        tmp_.Sub("s1")})
                .exit_code,
            2);
}

TEST_F(ScanTest, SecondRunOnTheSameStoreExitsAtOnce) {
  auto db = store::Store::Open(tmp_.Sub("db"));  // held like a running scan
  ASSERT_TRUE(db.ok()) << db.status().message();
  CommandResult r = Scan();
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("in use by another domex run"), std::string::npos)
      << r.err;
}

TEST(ScanInputTest, BadInputIsOneLineAndExitTwo) {
  TempDir tmp;
  WriteFile(tmp.Sub("bad.toml"), "[crawl]\nmax_pages = \"many\"\n");
  WriteFile(tmp.Sub("good.toml"),
            "[dns]\nnameservers = [\"127.0.0.1:9\"]\n[[institution]]\n"
            "name = \"A\"\ndomains = [\"a.gov.in\"]\n");
  struct Row {
    std::vector<std::string> args;
    const char* names;
  } rows[] = {
      {{"scan"}, "--config"},
      {{"scan", "--config", tmp.Sub("missing.toml")}, "missing.toml"},
      {{"scan", "--config", tmp.Sub("bad.toml")},
       "bad.toml:2: crawl.max_pages"},
      {{"scan", "--config", tmp.Sub("bad.toml"), "--format", "pdf"}, "pdf"},
      {{"scan", "extra"}, "extra"},
      {{"scan", "--config", tmp.Sub("bad.toml"), "--shard", "3/2"}, "bad.toml"},
      {{"scan", "--config", tmp.Sub("good.toml"), "--shard", "3/2"}, "--shard"},
      {{"report", "--since", "x", "--db", tmp.Sub("db")}, "--since"},
  };
  for (const Row& row : rows) {
    std::vector<std::string> args = {DomexBinary()};
    args.insert(args.end(), row.args.begin(), row.args.end());
    if (row.args[0] == "scan") args.insert(args.end(), {"--db", tmp.Sub("db")});
    CommandResult r = RunCommand(args);
    SCOPED_TRACE(row.names);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_NE(r.err.find(row.names), std::string::npos) << r.err;
  }
}

}  // namespace
}  // namespace domex
