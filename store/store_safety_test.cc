// The store's safety on disk (issue 8): it is its owner's alone whatever the
// umask, and another program's RocksDB database, or a store of a newer
// format, is refused in one line and left exactly as it was. Stores made by
// domex 0.1 (no format marker) keep working and get marked.
#include <dirent.h>
#include <gtest/gtest.h>
#include <rocksdb/db.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "store/encoding.h"
#include "store/store.h"
#include "store/store_format.h"

namespace domex::store {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/domex-safety-test-XXXXXX";
    path_ = mkdtemp(tmpl);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string Sub(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// Sets the umask for the life of the object.
class Umask {
 public:
  explicit Umask(mode_t mask) : old_(umask(mask)) {}
  ~Umask() { umask(old_); }

 private:
  mode_t old_;
};

mode_t ModeOf(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 ? (st.st_mode & 07777) : 01000;
}

// Every file in `dir` with its mode, for one failure message that lists
// them all.
std::map<std::string, mode_t> Modes(const std::string& dir) {
  std::map<std::string, mode_t> modes;
  for (const auto& entry : fs::directory_iterator(dir)) {
    modes[entry.path().filename().string()] = ModeOf(entry.path().string());
  }
  return modes;
}

std::string Show(const std::map<std::string, mode_t>& modes) {
  std::ostringstream out;
  for (const auto& [name, mode] : modes) {
    out << name << " " << std::oct << mode << "; ";
  }
  return out.str();
}

// Names, sizes, contents and modification times of everything in `dir`.
std::map<std::string, std::string> Snapshot(const std::string& dir) {
  std::map<std::string, std::string> snap;
  for (const auto& entry : fs::directory_iterator(dir)) {
    struct stat st;
    stat(entry.path().c_str(), &st);
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    snap[entry.path().filename().string()] =
        std::to_string(st.st_mode) + " " + std::to_string(st.st_mtim.tv_sec) +
        "." + std::to_string(st.st_mtim.tv_nsec) + " " + bytes.str();
  }
  return snap;
}

PageRecord Page(const std::string& url) {
  PageRecord p;
  p.url = url;
  p.site = "school.in";
  p.generation = 1;
  p.status = PageStatus::kFetched;
  p.http_status = 200;
  p.addresses = {{"head@school.in", {"mailto"}}};
  return p;
}

// Writes `records` into a new RocksDB database at `dir` as another program
// (or domex 0.1, with domex's keys) would.
void WriteRawDatabase(const std::string& dir,
                      const std::map<std::string, std::string>& records,
                      const std::string& column_family = "") {
  rocksdb::Options options;
  options.create_if_missing = true;
  rocksdb::DB* raw = nullptr;
  ASSERT_TRUE(rocksdb::DB::Open(options, dir, &raw).ok());
  std::unique_ptr<rocksdb::DB> db(raw);
  for (const auto& [key, value] : records) {
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), key, value).ok());
  }
  if (!column_family.empty()) {
    rocksdb::ColumnFamilyHandle* handle = nullptr;
    ASSERT_TRUE(db->CreateColumnFamily(rocksdb::ColumnFamilyOptions(),
                                       column_family, &handle)
                    .ok());
    ASSERT_TRUE(db->DestroyColumnFamilyHandle(handle).ok());
  }
}

std::optional<std::string> RawMarker(const std::string& dir) {
  rocksdb::DB* raw = nullptr;
  EXPECT_TRUE(rocksdb::DB::OpenForReadOnly(rocksdb::Options(), dir, &raw).ok());
  std::unique_ptr<rocksdb::DB> db(raw);
  std::string value;
  if (!db ||
      !db->Get(rocksdb::ReadOptions(), std::string(kFormatKey), &value).ok()) {
    return std::nullopt;
  }
  return value;
}

TEST(StoreSafetyTest, NewStoreIsPrivateWhateverTheUmask) {
  Umask open_to_all(0);
  TempDir tmp;
  const std::string dir = tmp.Sub("db");
  {
    auto store = Store::Open(dir);
    ASSERT_TRUE(store.ok()) << store.status().message();
    for (int i = 0; i < 50; ++i) {
      ASSERT_TRUE((*store)
                      ->CommitPage(Page("http://a.in/" + std::to_string(i)),
                                   FrontierEntry(), {})
                      .ok());
    }
  }
  // Reopening flushes the log into a table file and starts a new log,
  // manifest and options file: the files RocksDB creates later.
  ASSERT_TRUE(Store::Open(dir).ok());
  ASSERT_TRUE(Store::OpenReadOnly(dir).ok());
  EXPECT_EQ(ModeOf(dir), 0700u);
  const std::map<std::string, mode_t> modes = Modes(dir);
  bool has_table = false, has_log = false;
  for (const auto& [name, mode] : modes) {
    EXPECT_EQ(mode, 0600u) << name << " in " << Show(modes);
    has_table = has_table || name.find(".sst") != std::string::npos;
    has_log = has_log || name.find(".log") != std::string::npos;
  }
  for (const char* name : {"CURRENT", "LOCK", "LOG", "IDENTITY"}) {
    EXPECT_EQ(modes.count(name), 1u) << name << " in " << Show(modes);
  }
  EXPECT_TRUE(has_table && has_log) << Show(modes);
}

TEST(StoreSafetyTest, LooseStoreFromBeforeIsMadePrivate) {
  TempDir tmp;
  const std::string dir = tmp.Sub("db");
  {
    auto store = Store::Open(dir);
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE(
        (*store)->CommitPage(Page("http://a.in/"), FrontierEntry(), {}).ok());
  }
  // What domex 0.1 left: 0755 and 0644.
  chmod(dir.c_str(), 0755);
  for (const auto& [name, mode] : Modes(dir)) {
    chmod((dir + "/" + name).c_str(), 0644);
  }
  auto store = Store::Open(dir);
  ASSERT_TRUE(store.ok()) << store.status().message();
  EXPECT_EQ(ModeOf(dir), 0700u);
  for (const auto& [name, mode] : Modes(dir)) {
    EXPECT_EQ(mode, 0600u) << name;
  }
  auto page = (*store)->GetPage("http://a.in/");
  ASSERT_TRUE(page.ok() && page->has_value());
}

TEST(StoreSafetyTest, NewStoreIsMarked) {
  TempDir tmp;
  ASSERT_TRUE(Store::Open(tmp.Sub("db")).ok());
  EXPECT_EQ(RawMarker(tmp.Sub("db")), FormatMarker(kFormatVersion));
}

TEST(StoreSafetyTest, StoreOfDomexBeforeTheMarkerIsUsedAndMarked) {
  TempDir tmp;
  const std::string dir = tmp.Sub("db");
  CrawlState state;
  state.generation = 1;
  const std::map<std::string, std::string> old_layout = {
      {PageKey("http://a.in/"), EncodePage(Page("http://a.in/"))},
      {std::string(kCrawlStateKey), EncodeCrawlState(state)},
      {ScanKey(1), EncodeScan(ScanRecord{})},
      {SeenKey("http://a.in/"), std::string(8, '\0')},
      {LookalikeKey("a.in", "b.in"), EncodeLookalike(LookalikeRecord{})},
  };
  WriteRawDatabase(dir, old_layout);
  {
    // Reading does not write: still unmarked.
    auto reader = Store::OpenReadOnly(dir);
    ASSERT_TRUE(reader.ok()) << reader.status().message();
    auto page = (*reader)->GetPage("http://a.in/");
    ASSERT_TRUE(page.ok() && page->has_value());
  }
  EXPECT_EQ(RawMarker(dir), std::nullopt);
  {
    auto store = Store::Open(dir);
    ASSERT_TRUE(store.ok()) << store.status().message();
    auto page = (*store)->GetPage("http://a.in/");
    ASSERT_TRUE(page.ok() && page->has_value());
    EXPECT_EQ((*page)->addresses.size(), 1u);
  }
  EXPECT_EQ(RawMarker(dir), FormatMarker(kFormatVersion));
}

// A store of format 1 (before 404/410 pages were recorded as missing) is
// read as it is, and re-marked before this domex writes to it, so a domex
// that reads only format 1 refuses it instead of misreading a missing page.
TEST(StoreSafetyTest, StoreOfAnOlderFormatIsUsedAndRemarked) {
  TempDir tmp;
  const std::string dir = tmp.Sub("db");
  WriteRawDatabase(
      dir, {{std::string(kFormatKey), FormatMarker(1)},
            {PageKey("http://a.in/"), EncodePage(Page("http://a.in/"))}});
  {
    auto reader = Store::OpenReadOnly(dir);
    ASSERT_TRUE(reader.ok()) << reader.status().message();
  }
  EXPECT_EQ(RawMarker(dir), FormatMarker(1)) << "reading wrote";
  {
    auto store = Store::Open(dir);
    ASSERT_TRUE(store.ok()) << store.status().message();
    auto page = (*store)->GetPage("http://a.in/");
    ASSERT_TRUE(page.ok() && page->has_value());
  }
  EXPECT_EQ(RawMarker(dir), FormatMarker(kFormatVersion));
}

// Another program's database, or a newer domex's store: refused by both
// opens in one line naming the directory, and not a byte of it changed.
TEST(StoreSafetyTest, ForeignOrNewerDatabaseIsRefusedAndUntouched) {
  struct Row {
    const char* name;
    std::map<std::string, std::string> records;
    std::string column_family;
    const char* says;
  } rows[] = {
      {"foreign key", {{"user:42", "alice"}}, "", "the key 'user:42'"},
      {"foreign key among domex's",
       {{PageKey("http://a.in/"), EncodePage(Page("http://a.in/"))},
        {"q/1", "x"}},
       "",
       "the key 'q/1'"},
      {"foreign key after domex's",
       {{ScanKey(1), EncodeScan(ScanRecord{})}, {"zzz", "x"}},
       "",
       "the key 'zzz'"},
      {"unknown meta key", {{"m/owner", "x"}}, "", "the key 'm/owner'"},
      {"column family", {}, "accounts", "the column family 'accounts'"},
      {"newer format",
       {{std::string(kFormatKey), FormatMarker(kFormatVersion + 1)}},
       "",
       "newer than this domex reads"},
      {"unreadable marker",
       {{std::string(kFormatKey), "sqlite 3"}},
       "",
       "format marker does not decode"},
  };
  for (const Row& row : rows) {
    TempDir tmp;
    const std::string dir = tmp.Sub("db");
    WriteRawDatabase(dir, row.records, row.column_family);
    const auto before = Snapshot(dir);
    for (bool read_only : {false, true}) {
      auto store = read_only ? Store::OpenReadOnly(dir) : Store::Open(dir);
      ASSERT_FALSE(store.ok()) << row.name;
      const std::string& message = store.status().message();
      EXPECT_EQ(store.status().code(), Status::Code::kInvalidArgument)
          << row.name << ": " << message;
      EXPECT_NE(message.find(row.says), std::string::npos)
          << row.name << ": " << message;
      EXPECT_NE(message.find(dir), std::string::npos) << message;
      EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    }
    EXPECT_EQ(Snapshot(dir), before) << row.name;
  }
}

TEST(StoreSafetyTest, DirectoryOfOtherFilesIsRefusedAndUntouched) {
  TempDir tmp;
  const std::string dir = tmp.Sub("home");
  fs::create_directory(dir);
  std::ofstream(dir + "/notes.txt") << "mine";
  const auto before = Snapshot(dir);
  auto store = Store::Open(dir);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), Status::Code::kInvalidArgument);
  EXPECT_NE(store.status().message().find("not a domex database"),
            std::string::npos)
      << store.status().message();
  EXPECT_NE(store.status().message().find("notes.txt"), std::string::npos);
  EXPECT_EQ(Snapshot(dir), before);
  // An empty directory is a fine place for a new store.
  fs::create_directory(tmp.Sub("empty"));
  EXPECT_TRUE(Store::Open(tmp.Sub("empty")).ok());
}

TEST(StoreSafetyTest, EmptyPathIsBadInput) {
  for (bool read_only : {false, true}) {
    auto store = read_only ? Store::OpenReadOnly("") : Store::Open("");
    ASSERT_FALSE(store.ok());
    EXPECT_EQ(store.status().code(), Status::Code::kInvalidArgument);
    EXPECT_NE(store.status().message().find("empty"), std::string::npos)
        << store.status().message();
  }
}

}  // namespace
}  // namespace domex::store
