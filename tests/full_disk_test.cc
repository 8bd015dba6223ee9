// A full disk (issue 8): the store on a small tmpfs fills part-way through
// a crawl and through a lookalike run. Each run ends with one line saying
// the disk is full and naming the store, exit 1; the store, copied off the
// full disk, opens and reports everything committed before the disk filled,
// and a rerun resumes from there without fetching a committed page again.
//
// The tmpfs is mounted in a private mount namespace (unshare -m), so it is
// never seen outside the test and goes away with it; the test is skipped,
// saying why, where that is not permitted (it needs root).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <regex>
#include <set>

#include "store/store.h"
#include "tests/nginx_server.h"
#include "tests/nsd_server.h"
#include "tests/require_all.h"
#include "tests/testing.h"

namespace domex {
namespace {

namespace fs = std::filesystem;
using testing::CommandResult;
using testing::DomexBinary;
using testing::ReadFile;
using testing::RunCommand;
using testing::TempDir;
using testing::WriteFile;

constexpr int kPages = 300;
// Page records of ~4 KB each (their external links), so the whole crawl
// needs ~1.5 MB and a 640 KiB disk fills part-way.
constexpr int kExternalLinks = 40;
constexpr char kDiskSize[] = "640k";

std::string PagePath(int i) { return "/p" + std::to_string(i) + ".html"; }
std::string Address(int i) {
  return "staff" + std::to_string(i) + "@school.in";
}

// Page i links to pages 2i+1 and 2i+2 (a breadth-first tree over all of
// them), shows one address of its own, and many links to other sites.
void WriteSite(const std::string& root) {
  for (int i = 0; i < kPages; ++i) {
    std::string html = "<!doctype html><title>p" + std::to_string(i) +
                       "</title><p>Mail <a href=\"mailto:" + Address(i) +
                       "\">us</a>\n";
    for (int child : {2 * i + 1, 2 * i + 2}) {
      if (child < kPages) {
        html += "<a href=\"" + PagePath(child) + "\">next</a>\n";
      }
    }
    for (int j = 0; j < kExternalLinks; ++j) {
      html += "<a href=\"https://partner" + std::to_string(j) +
              ".example.org/a/rather/long/path/that/fills/the/record/" +
              std::to_string(i) + "/" + std::to_string(j) + "\">x</a>\n";
    }
    WriteFile(root + PagePath(i), html);
  }
  WriteFile(root + "/index.html", "<a href=\"" + PagePath(0) + "\">start</a>");
}

// Runs `script` under sh in a private mount namespace. Exit 97 from the
// script means the tmpfs could not be mounted.
CommandResult InMountNamespace(const std::string& script) {
  const std::string unshare = testing::FindProgram("unshare");
  const std::string sh = testing::FindProgram("sh");
  if (unshare.empty() || sh.empty()) return CommandResult{97, "", ""};
  return RunCommand(
      {unshare, "--mount", "--propagation", "private", "--", sh, "-c", script});
}

// Runs domex with `args` on a store at DISK/db, on a fresh tmpfs of
// kDiskSize mounted at DISK, then copies the store off the disk to `copy`.
// The run's exit status, stdout and stderr are returned.
CommandResult RunOnSmallDisk(const TempDir& tmp, const std::string& copy,
                             const std::vector<std::string>& args) {
  const std::string disk = tmp.Sub("disk");
  fs::create_directories(disk);
  std::string command = "'" + DomexBinary() + "'";
  for (const std::string& a : args) command += " '" + a + "'";
  command += " --db '" + disk + "/db'";
  const std::string script =
      "mount -t tmpfs -o size=" + std::string(kDiskSize) + " domex-full '" +
      disk + "' || exit 97\n" + command + " >'" + tmp.Sub("out") + "' 2>'" +
      tmp.Sub("err") + "'\necho $? >'" + tmp.Sub("status") + "'\ncp -a '" +
      disk + "/db' '" + copy + "' || exit 98\n";
  CommandResult shell = InMountNamespace(script);
  if (shell.exit_code != 0) return shell;
  CommandResult r;
  r.exit_code = std::stoi(ReadFile(tmp.Sub("status")));
  r.out = ReadFile(tmp.Sub("out"));
  r.err = ReadFile(tmp.Sub("err"));
  return r;
}

int Lines(const std::string& s) {
  return static_cast<int>(std::count(s.begin(), s.end(), '\n'));
}

// The one line a full disk must give: exit 1, the disk named full, the
// store named, nothing of RocksDB's internals.
void ExpectDiskFullLine(const CommandResult& r, const std::string& db) {
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(Lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("domex: error: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("disk is full"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(db), std::string::npos) << r.err;
}

class FullDiskTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(tmp_.Sub("probe"));
    CommandResult probe =
        InMountNamespace("mount -t tmpfs -o size=64k domex-probe '" +
                         tmp_.Sub("probe") + "' || exit 97");
    if (probe.exit_code != 0) {
      DOMEX_SKIP() << "cannot mount a tmpfs in a private mount namespace "
                      "(needs root and unshare -m): "
                   << probe.err;
    }
  }

  TempDir tmp_;
};

// The addresses `domex report --format json` lists.
std::set<std::string> ReportedAddresses(const std::string& db) {
  CommandResult r =
      RunCommand({DomexBinary(), "report", "--db", db, "--format", "json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::set<std::string> out;
  const std::regex address("\"(staff[0-9]+@school\\.in)\"");
  for (std::sregex_iterator it(r.out.begin(), r.out.end(), address), end;
       it != end; ++it) {
    out.insert((*it)[1]);
  }
  return out;
}

TEST_F(FullDiskTest, CrawlStopsWithOneLineAndKeepsWhatItStored) {
  const std::string root = tmp_.Sub("site");
  WriteSite(root);
  auto nginx = testing::NginxServer::Start(root);
  ASSERT_NE(nginx, nullptr);
  const std::string start = nginx->Url("/index.html", "www.school.localhost");
  const std::vector<std::string> crawl = {"crawl", start,           "--delay",
                                          "0",     "--concurrency", "4"};
  const std::string copy = tmp_.Sub("copy");
  CommandResult full = RunOnSmallDisk(tmp_, copy, crawl);
  ASSERT_NE(full.exit_code, 97) << "mount failed: " << full.err;
  ExpectDiskFullLine(full, tmp_.Sub("disk/db"));
  EXPECT_EQ(full.out, "");

  // Off the full disk, the store opens and reports what was committed:
  // some of the pages, each with its own address.
  const std::set<std::string> before = ReportedAddresses(copy);
  std::cout << "full disk: " << before.size() << " of " << kPages
            << " pages stored before it filled\n";
  EXPECT_GT(before.size(), 0u);
  EXPECT_LT(before.size(), static_cast<size_t>(kPages));
  std::map<std::string, int> fetched_before;
  for (const testing::LoggedRequest& r : nginx->Log()) {
    ++fetched_before[r.target];
  }

  // A rerun with room resumes: it finishes, every address is there, and no
  // page the store had committed is fetched again.
  CommandResult rerun =
      RunCommand({DomexBinary(), crawl[0], crawl[1], crawl[2], crawl[3],
                  crawl[4], crawl[5], "--db", copy, "--verbose"});
  EXPECT_EQ(rerun.exit_code, 0) << rerun.err;
  EXPECT_NE(rerun.err.find("resumed crawl finished"), std::string::npos)
      << rerun.err;
  const std::set<std::string> after = ReportedAddresses(copy);
  EXPECT_EQ(after.size(), static_cast<size_t>(kPages));
  std::map<std::string, int> fetched_after;
  for (const testing::LoggedRequest& r : nginx->Log()) {
    ++fetched_after[r.target];
  }
  for (int i = 0; i < kPages; ++i) {
    if (before.count(Address(i)) == 0) continue;
    EXPECT_EQ(fetched_after[PagePath(i)], fetched_before[PagePath(i)])
        << PagePath(i) << " was committed, yet fetched again";
  }
}

// Every name under the root is NXDOMAIN, at once: the run is bound by the
// store, not by DNS.
constexpr char kRootZone[] = R"($TTL 300
@ IN SOA ns.root.test. admin.root.test. 1 3600 600 86400 300
@ IN NS ns.root.test.
ns.root.test. IN A 127.0.0.1
)";

TEST_F(FullDiskTest, LookalikeRunStopsWithOneLineAndKeepsWhatItStored) {
  auto nsd = testing::NsdServer::Start({{".", kRootZone}});
  ASSERT_NE(nsd, nullptr);
  // Several domains: more lookalike records than the disk holds.
  const std::vector<std::string> run = {
      "lookalikes",   "army.mil",      "navy.mil",    "school.in",
      "delhi.gov.in", "--nameservers", nsd->Address()};
  const std::string copy = tmp_.Sub("copy");
  CommandResult full = RunOnSmallDisk(tmp_, copy, run);
  ASSERT_NE(full.exit_code, 97) << "mount failed: " << full.err;
  ExpectDiskFullLine(full, tmp_.Sub("disk/db"));
  EXPECT_EQ(full.out, "");

  auto stored = [&] {
    size_t n = 0;
    auto db = store::Store::OpenReadOnly(copy);
    EXPECT_TRUE(db.ok()) << db.status().message();
    if (!db.ok()) return n;
    EXPECT_TRUE(
        (*db)
            ->ForEachLookalike(
                "", [&](const store::LookalikeRecord&) { return ++n, true; })
            .ok());
    return n;
  };
  const size_t before = stored();
  std::cout << "full disk: " << before
            << " lookalikes stored before it filled\n";
  EXPECT_GT(before, 0u);
  CommandResult report = RunCommand({DomexBinary(), "report", "--db", copy});
  EXPECT_EQ(report.exit_code, 0) << report.err;
  EXPECT_NE(report.out.find("Lookalike domains"), std::string::npos);

  // With room, the same run completes on the copied store.
  std::vector<std::string> again = {DomexBinary()};
  again.insert(again.end(), run.begin(), run.end());
  again.insert(again.end(), {"--db", copy});
  CommandResult rerun = RunCommand(again);
  EXPECT_EQ(rerun.exit_code, 0) << rerun.err;
  EXPECT_GT(stored(), before);
}

}  // namespace
}  // namespace domex
