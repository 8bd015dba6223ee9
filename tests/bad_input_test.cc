// Bad input to every subcommand of the real binary (issue 8, item 9): each
// row is refused with exit status 2, exactly one line on stderr naming the
// problem and nothing on stdout; no record of a domex store passed with it
// changes, and not a byte of another program's database.
//
// The binary runs in a network namespace of its own with no route out
// (unshare -n), so a row accepted by mistake can never reach a real
// network: not a start URL's host, not the system resolver.
#include <gtest/gtest.h>
#include <rocksdb/db.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>

#include "store/store.h"
#include "tests/require_all.h"
#include "tests/testing.h"

namespace domex {
namespace {

namespace fs = std::filesystem;
using testing::CommandResult;
using testing::DomexBinary;
using testing::RunCommand;
using testing::TempDir;
using testing::WriteFile;

// Names, modes, sizes, modification times and bytes of every file under
// `dir` (or of `dir` itself, a file): any write shows.
std::map<std::string, std::string> Files(const std::string& dir) {
  std::map<std::string, std::string> snap;
  if (!fs::exists(dir)) return snap;
  std::vector<fs::path> paths = {dir};
  if (fs::is_directory(dir)) {
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
      paths.push_back(e.path());
    }
  }
  for (const fs::path& p : paths) {
    struct stat st;
    if (lstat(p.c_str(), &st) != 0) continue;
    std::string entry = std::to_string(st.st_mode) + " " +
                        std::to_string(st.st_size) + " " +
                        std::to_string(st.st_mtim.tv_sec) + "." +
                        std::to_string(st.st_mtim.tv_nsec);
    if (S_ISREG(st.st_mode)) entry += " " + testing::ReadFile(p.string());
    snap[p.string()] = entry;
  }
  return snap;
}

// Every key and value of the domex store in `dir`: what it has stored. A
// row may open a store for writing before it finds the input bad
// (lookalikes opens it while generating candidates, and only then knows
// that there are too many), which leaves RocksDB's own files renewed but
// must not change a record.
std::map<std::string, std::string> Records(const std::string& dir) {
  std::map<std::string, std::string> records;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s =
      rocksdb::DB::OpenForReadOnly(rocksdb::Options(), dir, &raw);
  EXPECT_TRUE(s.ok()) << dir << ": " << s.ToString();
  std::unique_ptr<rocksdb::DB> db(raw);
  if (!db) return records;
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator({}));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    records[it->key().ToString()] = it->value().ToString();
  }
  return records;
}

// A store as a night's scan leaves it: a scan, a page with an address, a
// lookalike, and what the scan saw.
void MakeStore(const std::string& dir) {
  auto db = store::Store::Open(dir);
  ASSERT_TRUE(db.ok()) << db.status().message();
  store::ScanRecord scan;
  scan.started_at = 1795424400;
  scan.finished = true;
  auto begun = (*db)->BeginScan(scan);
  ASSERT_TRUE(begun.ok());
  store::PageRecord page;
  page.url = "http://www.school.in/";
  page.site = "school.in";
  page.generation = 1;
  page.status = store::PageStatus::kFetched;
  page.addresses = {{"head@school.in", {"mailto"}}};
  ASSERT_TRUE((*db)->CommitPage(page, store::FrontierEntry(), {}).ok());
  store::LookalikeRecord look;
  look.origin = "school.in";
  look.domain = "schoo1.in";
  look.verdict = "registered";
  look.mail = "mx";
  ASSERT_TRUE((*db)->RecordLookalikeChecks({look}).ok());
  store::AddressSighting seen{
      "School", "head@school.in", {"mailto"}, {page.url}, {"school.in"}};
  ASSERT_TRUE((*db)->SaveSightings(begun->id, {seen}, {}).ok());
  ASSERT_TRUE((*db)->Sync().ok());
}

// Another program's RocksDB database, or (with a marker) a newer domex's.
void MakeRawDatabase(const std::string& dir, const std::string& key,
                     const std::string& value) {
  rocksdb::Options options;
  options.create_if_missing = true;
  rocksdb::DB* raw = nullptr;
  ASSERT_TRUE(rocksdb::DB::Open(options, dir, &raw).ok());
  std::unique_ptr<rocksdb::DB> db(raw);
  ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), key, value).ok());
}

class BadInputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    netns_ = testing::PrivateNetworkPrefix();
    if (netns_.empty()) {
      DOMEX_SKIP() << "cannot make a network namespace (unshare -n): bad "
                      "input is not run where a mistake could reach a network";
    }
    MakeStore(Store());
    MakeStore(tmp_.Sub("other"));
    MakeRawDatabase(Foreign(), "user:42", "alice");
    MakeRawDatabase(Newer(), "m/format", "domex-store 99");
    WriteFile(tmp_.Sub("home/notes.txt"), "mine\n");
    WriteFile(tmp_.Sub("not.pem"), "ca certificates go here\n");
    WriteFile(Config("good.toml"), Institution("https://www.school.in/"));
    WriteFile(Config("syntax.toml"), "[crawl\n");
    WriteFile(Config("range.toml"),
              "[crawl]\nmax_pages = 0\n" + Institution("https://a.in/"));
    WriteFile(Config("site.toml"), Institution("http://999.1.1.1/"));
    WriteFile(Config("idn.toml"), Institution("http://xn--zz.com/"));
    WriteFile(Config("dictionary.toml"),
              Institution("https://a.in/") +
                  "[dns]\ndictionary = \"/nonexistent/words.txt\"\n");
    WriteFile(Config("ca.toml"), "[crawl]\nca_file = \"" + tmp_.Sub("not.pem") +
                                     "\"\n" + Institution("https://a.in/"));
    for (const std::string& dir : Untouchable()) before_[dir] = Files(dir);
    for (const std::string& dir : Stores()) records_[dir] = Records(dir);
  }

  std::string Store() const { return tmp_.Sub("store"); }
  std::string Foreign() const { return tmp_.Sub("foreign"); }
  std::string Newer() const { return tmp_.Sub("newer"); }
  std::string Config(const std::string& name) const {
    return tmp_.Sub("config/" + name);
  }
  static std::string Institution(const std::string& site) {
    return "[[institution]]\nname = \"School\"\nsites = [\"" + site +
           "\"]\ndomains = [\"school.in\"]\n";
  }
  // What is not domex's: not a byte of it may change.
  std::vector<std::string> Untouchable() const {
    return {Foreign(), Newer(), tmp_.Sub("home")};
  }
  // domex's stores: not a record of them may change.
  std::vector<std::string> Stores() const {
    return {Store(), tmp_.Sub("other")};
  }

  struct Row {
    std::vector<std::string> args;
    std::string says;  // in the one line on stderr
  };

  void Check(const std::vector<Row>& rows) {
    for (const Row& row : rows) {
      std::vector<std::string> argv = netns_;
      argv.push_back(DomexBinary());
      argv.insert(argv.end(), row.args.begin(), row.args.end());
      std::string shown;
      for (const std::string& a : row.args) shown += " " + a.substr(0, 40);
      SCOPED_TRACE("domex" + shown);
      CommandResult r = RunCommand(argv);
      EXPECT_EQ(r.exit_code, 2) << r.err;
      EXPECT_EQ(r.out, "");
      EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
      EXPECT_EQ(r.err.rfind("domex: error: ", 0), 0u) << r.err;
      EXPECT_NE(r.err.find(row.says), std::string::npos) << r.err;
      for (const std::string& dir : Untouchable()) {
        EXPECT_TRUE(Files(dir) == before_[dir]) << dir << " changed";
      }
      for (const std::string& dir : Stores()) {
        EXPECT_TRUE(Records(dir) == records_[dir]) << dir << " changed";
      }
      // Nothing was created where a row named a new store.
      EXPECT_FALSE(fs::exists(tmp_.Sub("new")));
    }
  }

  TempDir tmp_;
  std::vector<std::string> netns_;
  std::map<std::string, std::map<std::string, std::string>> before_;
  std::map<std::string, std::map<std::string, std::string>> records_;
};

TEST_F(BadInputTest, TopLevel) {
  Check({
      {{}, "no command"},
      {{"frobnicate"}, "unknown command 'frobnicate'"},
      {{"--db", Store()}, "unknown command '--db'"},
      {{""}, "unknown command ''"},
  });
}

TEST_F(BadInputTest, Crawl) {
  const std::string url = "http://www.school.in/";
  const std::string db = Store();
  Check({
      {{"crawl", "--db", db}, "at least one start URL"},
      {{"crawl", "ftp://a.in/", "--db", db}, "unsupported scheme"},
      {{"crawl", "http://999.1.1.1/", "--db", db}, "not an IPv4 address"},
      {{"crawl", "http://1.2.3.4.5/", "--db", db}, "not an IPv4 address"},
      {{"crawl", "http://xn--zz.com/", "--db", db}, "\"xn--zz\""},
      {{"crawl", "http://-x-.com/", "--db", db}, "hyphen"},
      {{"crawl", "http://" + std::string(300, 'a') + ".com/", "--db", db},
       "longer than 63 octets"},
      {{"crawl", "http://[::1/", "--db", db}, "http://[::1/"},
      {{"crawl", url, "--ca-file", tmp_.Sub("not.pem"), "--db", db},
       "holds no PEM certificate"},
      {{"crawl", url, "--ca-file", tmp_.Sub("missing.pem"), "--db", db},
       "cannot read --ca-file"},
      {{"crawl", url, "--db", ""}, "database path is empty"},
      {{"crawl", url, "--db", db, "--db", tmp_.Sub("new")},
       "'--db' is given twice"},
      {{"crawl", url, "--max-pages", "5", "--max-pages", "6", "--db", db},
       "'--max-pages' is given twice"},
      {{"crawl", url, "--max-pages", "0", "--db", db}, "--max-pages"},
      {{"crawl", url, "--user-agent", "a/1\nX: y", "--db", db},
       "control characters"},
      {{"crawl", url, "--bogus", "--db", db}, "unknown option '--bogus'"},
      {{"crawl", url, "--db", Foreign()}, "is not a domex database"},
      {{"crawl", url, "--db", Newer()}, "newer than this domex reads"},
      {{"crawl", url, "--db", tmp_.Sub("home")}, "'notes.txt'"},
      {{"crawl", url, "--db", tmp_.Sub("home/notes.txt")}, "not a directory"},
  });
}

TEST_F(BadInputTest, Lookalikes) {
  const std::string db = Store();
  Check({
      {{"lookalikes", "--db", db}, "at least one domain"},
      {{"lookalikes", "intranet", "--db", db}, "no known public suffix"},
      {{"lookalikes", "xn--zz.in", "--db", db}, "xn--zz"},
      {{"lookalikes", "x-.in", "--db", db}, "hyphen"},
      {{"lookalikes", "school.in", "--nameservers", "1.2.3", "--db", db},
       "--nameservers"},
      {{"lookalikes", "school.in", "--dictionary", "/nonexistent/w", "--db",
        db},
       "cannot read --dictionary '/nonexistent/w'"},
      {{"lookalikes", "school.in", "--format", "xml", "--db", db},
       "unknown format 'xml'"},
      {{"lookalikes", "school.in", "--qps", "1", "--qps", "2", "--db", db},
       "'--qps' is given twice"},
      {{"lookalikes", "school.in", "--max-candidates", "10", "--db", db},
       "exceed --max-candidates 10"},
      {{"lookalikes", "school.in", "--db", ""}, "database path is empty"},
      {{"lookalikes", "school.in", "--db", Foreign()},
       "is not a domex database"},
      {{"lookalikes", "school.in", "--db", Newer()}, "newer than"},
  });
}

TEST_F(BadInputTest, Scan) {
  const std::string db = Store();
  auto scan = [&](const std::string& config) {
    return std::vector<std::string>{"scan", "--config", Config(config), "--db",
                                    db};
  };
  auto with = [](std::vector<std::string> args,
                 const std::vector<std::string>& more) {
    args.insert(args.end(), more.begin(), more.end());
    return args;
  };
  Check({
      {{"scan", "--db", db}, "scan needs --config FILE"},
      {{"scan", "extra", "--db", db}, "takes no arguments"},
      {scan("missing.toml"), "missing.toml"},
      {scan("syntax.toml"), "syntax.toml:1:"},
      {scan("range.toml"), "range.toml:2: crawl.max_pages"},
      {scan("site.toml"), "site.toml:3: institution[1].sites[1]"},
      {scan("idn.toml"), "idn.toml:3: institution[1].sites[1]"},
      {scan("dictionary.toml"),
       "dictionary.toml:6: cannot read dns.dictionary"},
      {scan("ca.toml"), "ca.toml:2: crawl.ca_file"},
      {with(scan("good.toml"), {"--shard", "3/2"}), "--shard"},
      {with(scan("good.toml"), {"--format", "xml"}), "xml"},
      {with(scan("good.toml"), {"--config", Config("good.toml")}),
       "'--config' is given twice"},
      {{"scan", "--config", Config("good.toml"), "--db", ""},
       "database path is empty"},
      {{"scan", "--config", Config("good.toml"), "--db", Foreign()},
       "is not a domex database"},
  });
}

TEST_F(BadInputTest, Report) {
  const std::string db = Store();
  Check({
      {{"report", "extra", "--db", db}, "takes no arguments"},
      {{"report", "--format", "xml", "--db", db}, "xml"},
      {{"report", "--since", "abc", "--db", db}, "--since"},
      {{"report", "--since", "7", "--db", db}, "7"},
      {{"report", "--db", db, "--db", db}, "'--db' is given twice"},
      {{"report", "--db", ""}, "database path is empty"},
      {{"report", "--db", tmp_.Sub("new")}, "no domex database"},
      {{"report", "--db", Foreign()}, "is not a domex database"},
      {{"report", "--db", Newer()}, "newer than"},
  });
}

TEST_F(BadInputTest, Scans) {
  Check({
      {{"scans", "extra", "--db", Store()}, "takes no arguments"},
      {{"scans", "--format", "xml", "--db", Store()}, "xml"},
      {{"scans", "--db", ""}, "database path is empty"},
      {{"scans", "--db", tmp_.Sub("new")}, "no domex database"},
      {{"scans", "--db", Foreign()}, "is not a domex database"},
      {{"scans", "--db", Newer()}, "newer than"},
  });
}

TEST_F(BadInputTest, Merge) {
  const std::string out = tmp_.Sub("new");
  Check({
      {{"merge"}, "merge needs --db OUT"},
      {{"merge", "--db", out}, "merge needs --db OUT"},
      {{"merge", "--db", Store(), tmp_.Sub("other")}, "already exists"},
      {{"merge", "--db", "", Store()}, "database path is empty"},
      {{"merge", "--db", out, "--db", out, Store()}, "given twice"},
      {{"merge", "--db", out, Store(), Foreign()}, "is not a domex database"},
      {{"merge", "--db", out, Store(), Newer()}, "newer than"},
      {{"merge", "--db", out, Store(), tmp_.Sub("missing")},
       "no domex database"},
  });
}

}  // namespace
}  // namespace domex
