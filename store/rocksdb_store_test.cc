#include <fcntl.h>
#include <grp.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "store/store.h"

namespace domex::store {
namespace {

namespace fs = std::filesystem;

// A fresh directory under /tmp, removed with its contents afterwards.
class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/domex-store-test-XXXXXX";
    path_ = mkdtemp(tmpl);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string Sub(const std::string& name) const { return path_ + "/" + name; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::unique_ptr<Store> MustOpen(const std::string& dir) {
  auto store = Store::Open(dir);
  EXPECT_TRUE(store.ok()) << store.status().message();
  return store.ok() ? std::move(store).value() : nullptr;
}

FrontierEntry Entry(const std::string& url, int depth = 0) {
  FrontierEntry e;
  e.url = url;
  e.site = "school.in";
  e.depth = depth;
  return e;
}

PageRecord Page(const std::string& url, uint64_t generation) {
  PageRecord p;
  p.url = url;
  p.site = "school.in";
  p.generation = generation;
  p.status = PageStatus::kFetched;
  p.http_status = 200;
  p.content_type = "text/html";
  p.fetched_at = 1795424400;
  p.links = {url + "/a", url + "/b"};
  p.external_links = {"https://elsewhere.in/"};
  p.addresses = {{"head@school.in", {"mailto"}}};
  return p;
}

bool SamePage(const PageRecord& a, const PageRecord& b) {
  return a.url == b.url && a.site == b.site && a.generation == b.generation &&
         a.status == b.status && a.http_status == b.http_status &&
         a.content_type == b.content_type && a.fetched_at == b.fetched_at &&
         a.links == b.links && a.external_links == b.external_links &&
         a.addresses == b.addresses;
}

std::vector<std::string> Urls(const std::vector<FrontierEntry>& entries) {
  std::vector<std::string> urls;
  for (const FrontierEntry& e : entries) urls.push_back(e.url);
  return urls;
}

// ---- Child processes -------------------------------------------------------
// Cross-process tests re-execute this binary with only the disabled
// StoreChild test selected, instead of running RocksDB in a forked copy of a
// process whose RocksDB background threads did not survive the fork. It is
// not a test of its own: store/CMakeLists.txt leaves it out of ctest.

// `as_nobody`: the child drops root for nobody (65534) before it execs, for
// tests of permissions root would ignore.
pid_t StartChild(const std::string& mode, const std::string& dir,
                 int report_fd = -1, bool as_nobody = false) {
  pid_t pid = fork();
  if (pid != 0) return pid;
  if (as_nobody && (setgroups(0, nullptr) != 0 || setgid(65534) != 0 ||
                    setuid(65534) != 0)) {
    _exit(126);
  }
  setenv("DOMEX_STORE_CHILD", mode.c_str(), 1);
  setenv("DOMEX_STORE_DIR", dir.c_str(), 1);
  setenv("DOMEX_STORE_FD", std::to_string(report_fd).c_str(), 1);
  int devnull = open("/dev/null", O_WRONLY);
  dup2(devnull, STDOUT_FILENO);  // keep the child's gtest banner quiet
  execl("/proc/self/exe", "store_test",
        "--gtest_filter=StoreChild.DISABLED_Main",
        "--gtest_also_run_disabled_tests", static_cast<char*>(nullptr));
  _exit(127);
}

int WaitExitCode(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string CrashUrl(int i) {
  return "https://school.in/p" + std::to_string(i);
}

// The crash workload's page for URL number i: links to 2i+1 and 2i+2, so the
// parent can tell which discoveries must be in the frontier.
PageRecord CrashPage(int i) {
  PageRecord p = Page(CrashUrl(i), 1);
  p.links = {CrashUrl(2 * i + 1), CrashUrl(2 * i + 2)};
  p.error = std::string(200, 'x');  // makes each batch span several blocks
  return p;
}

int CrashIndex(const std::string& url) {
  return std::stoi(url.substr(CrashUrl(0).size() - 1));
}

// Visits pages breadth-first, reporting each page number on `fd` only after
// its CommitPage returned, until the parent kills it.
int RunCrashWorkload(Store& store, int fd) {
  auto added = store.Enqueue(1, {Entry(CrashUrl(0))});
  if (!added.ok()) return 2;
  std::vector<FrontierEntry> queue = *added;
  for (size_t next = 0; next < queue.size() && next < 100000; ++next) {
    const FrontierEntry visited = queue[next];
    int i = CrashIndex(visited.url);
    PageRecord page = CrashPage(i);
    std::vector<FrontierEntry> discovered;
    for (const std::string& link : page.links)
      discovered.push_back(Entry(link));
    discovered.push_back(Entry(CrashUrl(0)));  // already seen: ignored
    auto more = store.CommitPage(page, visited, discovered);
    if (!more.ok()) return 3;
    queue.insert(queue.end(), more->begin(), more->end());
    std::string line = std::to_string(i) + "\n";
    if (write(fd, line.data(), line.size()) != ssize_t(line.size())) return 4;
  }
  return 0;
}

TEST(StoreChild, DISABLED_Main) {
  const char* mode = std::getenv("DOMEX_STORE_CHILD");
  if (mode == nullptr) GTEST_SKIP() << "only run as a child process";
  std::string dir = std::getenv("DOMEX_STORE_DIR");
  auto store = Store::Open(dir);
  if (std::string(mode) == "open-unwritable") {
    // 0: a clean one-line error naming the directory.
    const std::string message = store.status().message();
    fprintf(stderr, "%s\n", message.c_str());
    _exit(!store.ok() && message.find(dir) != std::string::npos &&
                  message.find('\n') == std::string::npos
              ? 0
              : 1);
  }
  if (std::string(mode) == "open") {
    // 0: refused as busy, as the parent holds the lock.
    fprintf(stderr, "%s\n", store.status().message().c_str());
    _exit(store.ok()                                     ? 1
          : store.status().code() == Status::Code::kBusy ? 0
                                                         : 2);
  }
  if (!store.ok()) _exit(5);
  _exit(RunCrashWorkload(**store, std::atoi(std::getenv("DOMEX_STORE_FD"))));
}

// ---- Tests ------------------------------------------------------------------

TEST(RocksDbStoreTest, NewStoreIsEmpty) {
  TempDir tmp;
  auto store = MustOpen(tmp.Sub("db"));
  ASSERT_TRUE(store);
  auto state = store->LoadCrawlState();
  ASSERT_TRUE(state.ok());
  EXPECT_FALSE(state->has_value());
  auto page = store->GetPage("https://school.in/");
  ASSERT_TRUE(page.ok());
  EXPECT_FALSE(page->has_value());
  auto frontier = store->LoadFrontier();
  ASSERT_TRUE(frontier.ok());
  EXPECT_TRUE(frontier->empty());
  EXPECT_TRUE(store->Sync().ok());
}

TEST(RocksDbStoreTest, RecordsRoundTripThroughReopen) {
  TempDir tmp;
  CrawlState state;
  state.generation = 4;
  state.start_urls = {"https://school.in/"};
  state.ignore_robots = true;
  state.started_at = 100;
  FrontierEntry sitemap = Entry("https://school.in/sitemap.xml", 1);
  sitemap.kind = FrontierEntry::Kind::kSitemap;
  sitemap.redirects = 2;
  PageRecord page = Page("https://school.in/", 4);
  {
    auto store = MustOpen(tmp.Sub("db"));
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->SaveCrawlState(state).ok());
    ASSERT_TRUE(store->Enqueue(4, {sitemap}).ok());
    ASSERT_TRUE(store->CommitPage(page, FrontierEntry(), {}).ok());
  }
  auto store = MustOpen(tmp.Sub("db"));
  ASSERT_TRUE(store);
  auto loaded_state = store->LoadCrawlState();
  ASSERT_TRUE(loaded_state.ok() && loaded_state->has_value());
  EXPECT_EQ((*loaded_state)->generation, 4u);
  EXPECT_EQ((*loaded_state)->start_urls, state.start_urls);
  EXPECT_TRUE((*loaded_state)->ignore_robots);
  EXPECT_EQ((*loaded_state)->started_at, 100);

  auto frontier = store->LoadFrontier();
  ASSERT_TRUE(frontier.ok());
  ASSERT_EQ(frontier->size(), 1u);
  const FrontierEntry& e = (*frontier)[0];
  EXPECT_EQ(e.url, sitemap.url);
  EXPECT_EQ(e.kind, FrontierEntry::Kind::kSitemap);
  EXPECT_EQ(e.depth, 1);
  EXPECT_EQ(e.redirects, 2);

  auto loaded_page = store->GetPage(page.url);
  ASSERT_TRUE(loaded_page.ok() && loaded_page->has_value());
  EXPECT_TRUE(SamePage(**loaded_page, page));
}

TEST(RocksDbStoreTest, FrontierIsInSeqOrderAcrossReopen) {
  TempDir tmp;
  std::vector<std::string> expected;
  {
    auto store = MustOpen(tmp.Sub("db"));
    ASSERT_TRUE(store);
    // More than 256 entries, so seqs cross a byte boundary of the key.
    for (int batch = 0; batch < 30; ++batch) {
      std::vector<FrontierEntry> entries;
      for (int i = 0; i < 10; ++i) {
        // Names sort differently from discovery order on purpose.
        std::string url = "https://school.in/" + std::to_string(999 - i) + "-" +
                          std::to_string(batch);
        entries.push_back(Entry(url));
        expected.push_back(url);
      }
      ASSERT_TRUE(store->Enqueue(1, entries).ok());
    }
  }
  auto store = MustOpen(tmp.Sub("db"));
  ASSERT_TRUE(store);
  auto frontier = store->LoadFrontier();
  ASSERT_TRUE(frontier.ok());
  EXPECT_EQ(Urls(*frontier), expected);
  for (size_t i = 1; i < frontier->size(); ++i) {
    EXPECT_LT((*frontier)[i - 1].seq, (*frontier)[i].seq);
  }
  // The persisted counter continues after a reopen.
  auto added = store->Enqueue(1, {Entry("https://school.in/new")});
  ASSERT_TRUE(added.ok());
  ASSERT_EQ(added->size(), 1u);
  EXPECT_GT((*added)[0].seq, frontier->back().seq);
}

TEST(RocksDbStoreTest, EnqueueDedupesPerGeneration) {
  struct Row {
    const char* name;
    uint64_t generation;
    std::vector<std::string> urls;
    std::vector<std::string> want_added;
  };
  const std::vector<Row> rows = {
      {"first sight, duplicate within the batch",
       1,
       {"a", "b", "a"},
       {"a", "b"}},
      {"same generation again", 1, {"b", "a"}, {}},
      {"mixed old and new", 1, {"a", "c"}, {"c"}},
      {"new generation re-enqueues", 2, {"a", "b"}, {"a", "b"}},
      {"then deduped in that generation", 2, {"a", "d", "d"}, {"d"}},
  };
  TempDir tmp;
  auto store = MustOpen(tmp.Sub("db"));
  ASSERT_TRUE(store);
  uint64_t last_seq = 0;
  for (const Row& row : rows) {
    std::vector<FrontierEntry> entries;
    for (const std::string& u : row.urls) entries.push_back(Entry(u));
    auto added = store->Enqueue(row.generation, entries);
    ASSERT_TRUE(added.ok()) << row.name;
    EXPECT_EQ(Urls(*added), row.want_added) << row.name;
    for (const FrontierEntry& e : *added) {
      EXPECT_GT(e.seq, last_seq) << row.name;
      last_seq = e.seq;
    }
  }
  auto frontier = store->LoadFrontier();
  ASSERT_TRUE(frontier.ok());
  EXPECT_EQ(Urls(*frontier),
            (std::vector<std::string>{"a", "b", "c", "a", "b", "d"}));
}

TEST(RocksDbStoreTest, CommitPageIsOneBatchVisibleAfterReopen) {
  TempDir tmp;
  FrontierEntry visited;
  PageRecord page = Page("https://school.in/", 1);
  {
    auto store = MustOpen(tmp.Sub("db"));
    ASSERT_TRUE(store);
    auto added = store->Enqueue(1, {Entry(page.url), Entry(page.url + "x")});
    ASSERT_TRUE(added.ok());
    visited = (*added)[0];
    // The page links to itself (seen: ignored) and to two new pages.
    auto discovered = store->CommitPage(
        page, visited,
        {Entry(page.url), Entry(page.url + "a", 1), Entry(page.url + "b", 1)});
    ASSERT_TRUE(discovered.ok());
    EXPECT_EQ(Urls(*discovered),
              (std::vector<std::string>{page.url + "a", page.url + "b"}));
  }
  auto store = MustOpen(tmp.Sub("db"));
  ASSERT_TRUE(store);
  auto loaded = store->GetPage(page.url);
  ASSERT_TRUE(loaded.ok() && loaded->has_value());
  EXPECT_TRUE(SamePage(**loaded, page));
  auto frontier = store->LoadFrontier();
  ASSERT_TRUE(frontier.ok());
  EXPECT_EQ(Urls(*frontier),
            (std::vector<std::string>{page.url + "x", page.url + "a",
                                      page.url + "b"}));
}

TEST(RocksDbStoreTest, StartCrawlReplacesFrontierAndStateInOneBatch) {
  TempDir tmp;
  {
    auto store = MustOpen(tmp.Sub("db"));
    ASSERT_TRUE(store
                    ->Enqueue(1, {Entry("http://school.in/old1"),
                                  Entry("http://school.in/old2")})
                    .ok());
    CrawlState state;
    state.generation = 2;
    state.start_urls = {"http://school.in/"};
    state.previous_generation = 1;
    auto added = store->StartCrawl(
        state, {Entry("http://school.in/"), Entry("http://school.in/")});
    ASSERT_TRUE(added.ok()) << added.status().message();
    EXPECT_EQ(added->size(), 1u) << "duplicates in one batch are dropped";
  }
  auto store = MustOpen(tmp.Sub("db"));
  auto frontier = store->LoadFrontier();
  ASSERT_TRUE(frontier.ok());
  ASSERT_EQ(frontier->size(), 1u);
  EXPECT_EQ((*frontier)[0].url, "http://school.in/");
  auto state = store->LoadCrawlState();
  ASSERT_TRUE(state.ok() && state->has_value());
  EXPECT_EQ((*state)->generation, 2u);
  EXPECT_EQ((*state)->previous_generation, 1u);
}

TEST(RocksDbStoreTest, CommitVisitRemovesEntryWithoutPage) {
  TempDir tmp;
  auto store = MustOpen(tmp.Sub("db"));
  ASSERT_TRUE(store);
  auto added = store->Enqueue(3, {Entry("https://school.in/sitemap.xml")});
  ASSERT_TRUE(added.ok());
  auto discovered = store->CommitVisit(
      (*added)[0], 3, store::SitemapUsage{"school.in", 3, 1, 100, 1},
      {Entry("https://school.in/sitemap.xml"), Entry("https://school.in/a")});
  ASSERT_TRUE(discovered.ok());
  EXPECT_EQ(Urls(*discovered),
            (std::vector<std::string>{"https://school.in/a"}));
  EXPECT_EQ(Urls(*store->LoadFrontier()),
            (std::vector<std::string>{"https://school.in/a"}));
  auto page = store->GetPage("https://school.in/sitemap.xml");
  ASSERT_TRUE(page.ok());
  EXPECT_FALSE(page->has_value());
}

// What a site's sitemaps used is kept with each visit, per crawl: a new
// crawl starts with none.
TEST(RocksDbStoreTest, SitemapUsageLastsUntilANewCrawl) {
  TempDir tmp;
  {
    auto store = MustOpen(tmp.Sub("db"));
    ASSERT_TRUE(store);
    auto added = store->Enqueue(
        3, {Entry("https://a.in/s1.xml"), Entry("https://a.in/s2.xml")});
    ASSERT_TRUE(added.ok());
    ASSERT_TRUE(
        store->CommitVisit((*added)[0], 3, {"a.in", 3, 1, 500, 10}, {}).ok());
    ASSERT_TRUE(
        store->CommitVisit((*added)[1], 3, {"a.in", 3, 2, 900, 20}, {}).ok());
    ASSERT_TRUE(store->Enqueue(3, {Entry("https://b.in/s.xml")}).ok());
  }
  auto store = MustOpen(tmp.Sub("db"));
  auto usage = store->LoadSitemapUsage(3);
  ASSERT_TRUE(usage.ok());
  EXPECT_EQ(*usage,
            (std::vector<store::SitemapUsage>{{"a.in", 3, 2, 900, 20}}));
  EXPECT_TRUE(store->LoadSitemapUsage(4)->empty()) << "another crawl's";
  CrawlState next;
  next.generation = 4;
  ASSERT_TRUE(store->StartCrawl(next, {}).ok());
  EXPECT_TRUE(store->LoadSitemapUsage(3)->empty());
}

TEST(RocksDbStoreTest, ForEachPageInUrlOrderAndStopsEarly) {
  TempDir tmp;
  auto store = MustOpen(tmp.Sub("db"));
  ASSERT_TRUE(store);
  for (const char* url : {"https://b.in/", "https://a.in/", "https://c.in/"}) {
    ASSERT_TRUE(store->CommitPage(Page(url, 1), FrontierEntry(), {}).ok());
  }
  ASSERT_TRUE(store->Enqueue(1, {Entry("https://z.in/")}).ok());  // not a page
  std::vector<std::string> all;
  ASSERT_TRUE(store
                  ->ForEachPage([&](const PageRecord& p) {
                    all.push_back(p.url);
                    return true;
                  })
                  .ok());
  EXPECT_EQ(all, (std::vector<std::string>{"https://a.in/", "https://b.in/",
                                           "https://c.in/"}));
  std::vector<std::string> first;
  ASSERT_TRUE(store
                  ->ForEachPage([&](const PageRecord& p) {
                    first.push_back(p.url);
                    return false;
                  })
                  .ok());
  EXPECT_EQ(first, (std::vector<std::string>{"https://a.in/"}));
}

TEST(RocksDbStoreTest, SecondOpenInProcessIsBusy) {
  TempDir tmp;
  std::string dir = tmp.Sub("domex.db");
  auto first = MustOpen(dir);
  ASSERT_TRUE(first);
  auto second = Store::Open(dir);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), Status::Code::kBusy);
  EXPECT_EQ(second.status().message(),
            "database " + dir + " is in use by another domex run");
}

TEST(RocksDbStoreTest, SecondOpenFromAnotherProcessIsBusy) {
  TempDir tmp;
  std::string dir = tmp.Sub("db");
  auto store = MustOpen(dir);
  ASSERT_TRUE(store);
  EXPECT_EQ(WaitExitCode(StartChild("open", dir)), 0);
  store.reset();
  // Once released, another process can open it (exit 1: opened).
  EXPECT_EQ(WaitExitCode(StartChild("open", dir)), 1);
}

TEST(RocksDbStoreTest, ReadOnlyWhileWriterHoldsTheLock) {
  TempDir tmp;
  std::string dir = tmp.Sub("db");
  auto writer = MustOpen(dir);
  ASSERT_TRUE(writer);
  PageRecord page = Page("https://school.in/", 1);
  ASSERT_TRUE(writer->CommitPage(page, FrontierEntry(), {}).ok());
  ASSERT_TRUE(writer->Enqueue(1, {Entry("https://school.in/next")}).ok());

  auto reader = Store::OpenReadOnly(dir);
  ASSERT_TRUE(reader.ok()) << reader.status().message();
  auto loaded = (*reader)->GetPage(page.url);
  ASSERT_TRUE(loaded.ok() && loaded->has_value());
  EXPECT_TRUE(SamePage(**loaded, page));
  EXPECT_EQ(Urls(*(*reader)->LoadFrontier()),
            (std::vector<std::string>{"https://school.in/next"}));
  EXPECT_FALSE((*reader)->SaveCrawlState(CrawlState()).ok());
  EXPECT_FALSE((*reader)->Enqueue(1, {Entry("https://school.in/z")}).ok());
  EXPECT_TRUE((*reader)->Sync().ok());
}

TEST(RocksDbStoreTest, ReadOnlyOnMissingOrEmptyDirIsNotFound) {
  TempDir tmp;
  auto missing = Store::OpenReadOnly(tmp.Sub("nope"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), Status::Code::kNotFound);
  EXPECT_NE(missing.status().message().find(tmp.Sub("nope")),
            std::string::npos);
  EXPECT_FALSE(fs::exists(tmp.Sub("nope")));  // not created

  fs::create_directory(tmp.Sub("empty"));
  auto empty = Store::OpenReadOnly(tmp.Sub("empty"));
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().code(), Status::Code::kNotFound);
  EXPECT_TRUE(fs::is_empty(tmp.Sub("empty")));
}

void ExpectCleanError(const Status& s, const std::string& dir) {
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find(dir), std::string::npos) << s.message();
  EXPECT_EQ(s.message().find('\n'), std::string::npos) << s.message();
}

TEST(RocksDbStoreTest, FilePathIsACleanError) {
  TempDir tmp;
  std::string file = tmp.Sub("file");
  std::ofstream(file) << "not a database";
  auto rw = Store::Open(file);
  ExpectCleanError(rw.status(), file);
  EXPECT_EQ(rw.status().code(), Status::Code::kIoError);
  EXPECT_NE(rw.status().message().find("not a directory"), std::string::npos);
  auto ro = Store::OpenReadOnly(file);
  ExpectCleanError(ro.status(), file);
  // Under a file: the parent is not a directory.
  ExpectCleanError(Store::Open(file + "/db").status(), file + "/db");
}

TEST(RocksDbStoreTest, MissingParentIsACleanError) {
  TempDir tmp;
  const std::string dir = tmp.Sub("no/such/db");
  auto rw = Store::Open(dir);
  ExpectCleanError(rw.status(), dir);
  EXPECT_EQ(rw.status().message(), "cannot create database " + dir + ": " +
                                       tmp.Sub("no/such") + " does not exist");
  // A trailing slash names the same directory.
  EXPECT_TRUE(Store::Open(tmp.Sub("db/")).ok());
}

TEST(RocksDbStoreTest, UnwritableDirIsACleanError) {
  // /proc refuses mkdir even to root.
  ExpectCleanError(Store::Open("/proc/domex-test.db").status(),
                   "/proc/domex-test.db");
  TempDir tmp;
  std::string dir = tmp.Sub("ro");
  fs::create_directory(dir);
  chmod(dir.c_str(), 0500);
  if (geteuid() == 0) {
    // Root ignores directory permissions (CI runs as root): open it from a
    // child that dropped to nobody, who may reach it but not write in it.
    chmod(tmp.path().c_str(), 0755);
    EXPECT_EQ(WaitExitCode(StartChild("open-unwritable", dir, -1, true)), 0);
  } else {
    ExpectCleanError(Store::Open(dir).status(), dir);
  }
  chmod(dir.c_str(), 0700);
}

TEST(RocksDbStoreTest, DamagedStoreIsACleanError) {
  TempDir tmp;
  std::string dir = tmp.Sub("db");
  ASSERT_TRUE(MustOpen(dir));
  std::ofstream(dir + "/CURRENT", std::ios::trunc) << "garbage";
  auto store = Store::Open(dir);
  ExpectCleanError(store.status(), dir);
  EXPECT_TRUE(store.status().code() == Status::Code::kCorruption ||
              store.status().code() == Status::Code::kIoError)
      << store.status().message();
}

// A child commits pages until SIGKILLed mid-stream. Every page it reported
// committed must be complete after reopening, and the frontier must agree
// with the pages: nothing both visited and pending, nothing discovered lost.
TEST(RocksDbStoreTest, KillNineLosesNoCommittedPage) {
  TempDir tmp;
  std::string dir = tmp.Sub("db");
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  pid_t pid = StartChild("crash", dir, fds[1]);
  close(fds[1]);
  std::set<int> reported;
  FILE* in = fdopen(fds[0], "r");
  int i;
  while (reported.size() < 400 && fscanf(in, "%d", &i) == 1) {
    reported.insert(i);
  }
  kill(pid, SIGKILL);
  while (fscanf(in, "%d", &i) == 1) reported.insert(i);  // written before kill
  fclose(in);
  EXPECT_EQ(WaitExitCode(pid), -1);  // killed, not finished or failed
  ASSERT_GE(reported.size(), 400u);

  auto store = MustOpen(dir);
  ASSERT_TRUE(store);
  std::set<std::string> stored;
  ASSERT_TRUE(store
                  ->ForEachPage([&](const PageRecord& p) {
                    EXPECT_TRUE(SamePage(p, CrashPage(CrashIndex(p.url))));
                    EXPECT_EQ(p.error, CrashPage(CrashIndex(p.url)).error);
                    stored.insert(p.url);
                    return true;
                  })
                  .ok());
  for (int r : reported) EXPECT_EQ(stored.count(CrashUrl(r)), 1u) << r;

  auto frontier = store->LoadFrontier();
  ASSERT_TRUE(frontier.ok());
  std::set<std::string> pending;
  for (const FrontierEntry& e : *frontier) {
    EXPECT_EQ(stored.count(e.url), 0u) << e.url << " both pending and stored";
    EXPECT_TRUE(pending.insert(e.url).second) << e.url << " pending twice";
  }
  for (const std::string& url : stored) {
    for (const std::string& link : CrashPage(CrashIndex(url)).links) {
      EXPECT_TRUE(stored.count(link) || pending.count(link)) << link << " lost";
    }
  }
  // The persisted seq counter is past every pending entry.
  auto added = store->Enqueue(1, {Entry("https://school.in/after")});
  ASSERT_TRUE(added.ok() && added->size() == 1);
  for (const FrontierEntry& e : *frontier) EXPECT_LT(e.seq, (*added)[0].seq);
}

LookalikeRecord Lookalike(const std::string& origin, const std::string& domain,
                          const std::string& verdict, int64_t at) {
  LookalikeRecord r;
  r.origin = origin;
  r.domain = domain;
  r.verdict = verdict;
  r.checked_at = at;
  return r;
}

std::vector<std::string> StoredLookalikes(Store& store,
                                          const std::string& origin) {
  std::vector<std::string> out;
  Status s = store.ForEachLookalike(origin, [&](const LookalikeRecord& r) {
    out.push_back(r.origin + " " + r.domain + " " + r.verdict + " " +
                  std::to_string(r.first_seen) + "-" +
                  std::to_string(r.last_seen));
    return true;
  });
  EXPECT_TRUE(s.ok()) << s.message();
  return out;
}

TEST(RocksDbStoreTest, LookalikeChecksUpdateNeverDuplicate) {
  TempDir tmp;
  {
    auto store = MustOpen(tmp.Sub("db"));
    ASSERT_TRUE(store);
    auto first = store->RecordLookalikeChecks(
        {Lookalike("army.mil", "army.ml", "registered", 100),
         Lookalike("army.mil", "armv.mil", "unregistered", 100),
         Lookalike("navy.mil", "navy.ml", "unknown", 100)});
    ASSERT_TRUE(first.ok()) << first.status().message();
    EXPECT_EQ((*first)[0].first_seen, 100);
  }
  auto store = MustOpen(tmp.Sub("db"));  // survives a reopen
  ASSERT_TRUE(store);
  auto again = store->RecordLookalikeChecks(
      {Lookalike("army.mil", "army.ml", "registered", 200),
       Lookalike("navy.mil", "navy.ml", "registered", 200),
       // The same key twice in one batch: the later check wins, history kept.
       Lookalike("army.mil", "armv.mil", "registered", 200),
       Lookalike("army.mil", "armv.mil", "unknown", 201)});
  ASSERT_TRUE(again.ok()) << again.status().message();
  ASSERT_EQ(again->size(), 4u);
  EXPECT_EQ((*again)[0].first_seen, 100);
  EXPECT_EQ((*again)[0].last_seen, 200);

  EXPECT_EQ(StoredLookalikes(*store, ""),
            (std::vector<std::string>{"army.mil armv.mil unknown 200-200",
                                      "army.mil army.ml registered 100-200",
                                      "navy.mil navy.ml registered 200-200"}));
  EXPECT_EQ(StoredLookalikes(*store, "navy.mil"),
            (std::vector<std::string>{"navy.mil navy.ml registered 200-200"}));
  EXPECT_TRUE(StoredLookalikes(*store, "navy.mi").empty());
}

TEST(RocksDbStoreTest, ReadOnlyStoreRefusesLookalikeChecks) {
  TempDir tmp;
  { ASSERT_TRUE(MustOpen(tmp.Sub("db"))); }
  auto ro = Store::OpenReadOnly(tmp.Sub("db"));
  ASSERT_TRUE(ro.ok());
  EXPECT_FALSE(
      (*ro)
          ->RecordLookalikeChecks({Lookalike("a.in", "b.in", "registered", 1)})
          .ok());
}

TEST(RocksDbStoreTest, ScansGetIncreasingIdsAndAreListedInOrder) {
  TempDir tmp;
  {
    auto store = MustOpen(tmp.Sub("db"));
    ASSERT_TRUE(store);
    ScanRecord first;
    first.started_at = 100;
    first.config_digest = "a";
    auto begun = store->BeginScan(first);
    ASSERT_TRUE(begun.ok()) << begun.status().message();
    EXPECT_EQ(begun->id, 1u);
    ScanRecord done = *begun;
    done.finished = true;
    done.finished_at = 160;
    done.errors = {"one failure"};
    ASSERT_TRUE(store->SaveScan(done).ok());
  }
  auto store = MustOpen(tmp.Sub("db"));  // ids continue after a reopen
  ASSERT_TRUE(store);
  for (uint64_t want = 2; want <= 300; ++want) {  // past one key byte
    auto begun = store->BeginScan(ScanRecord());
    ASSERT_TRUE(begun.ok());
    ASSERT_EQ(begun->id, want);
  }
  // Pages and frontier keys do not disturb the scan ids.
  ASSERT_TRUE(store
                  ->CommitPage(Page("https://school.in/", 1), FrontierEntry(),
                               {Entry("https://school.in/a", 1)})
                  .ok());
  EXPECT_EQ(store->BeginScan(ScanRecord())->id, 301u);
  std::vector<uint64_t> ids;
  ScanRecord first;
  ASSERT_TRUE(store
                  ->ForEachScan([&](const ScanRecord& s) {
                    if (s.id == 1) first = s;
                    ids.push_back(s.id);
                    return true;
                  })
                  .ok());
  ASSERT_EQ(ids.size(), 301u);
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  EXPECT_TRUE(first.finished);
  EXPECT_EQ(first.finished_at, 160);
  EXPECT_EQ(first.config_digest, "a");
  EXPECT_EQ(first.errors, std::vector<std::string>{"one failure"});
}

TEST(RocksDbStoreTest, ReadOnlyStoreListsButRefusesScans) {
  TempDir tmp;
  {
    auto store = MustOpen(tmp.Sub("db"));
    ASSERT_TRUE(store && store->BeginScan(ScanRecord()).ok());
  }
  auto ro = Store::OpenReadOnly(tmp.Sub("db"));
  ASSERT_TRUE(ro.ok());
  EXPECT_FALSE((*ro)->BeginScan(ScanRecord()).ok());
  int n = 0;
  ASSERT_TRUE(
      (*ro)->ForEachScan([&](const ScanRecord&) { return ++n, true; }).ok());
  EXPECT_EQ(n, 1);
}

TEST(RocksDbStoreTest, SightingsPerScanReplaceAndStayApart) {
  TempDir tmp;
  auto store = MustOpen(tmp.Sub("db"));
  ASSERT_TRUE(store);
  const AddressSighting a1{
      "School", "a@s.in", {"text"}, {"https://s.in/"}, {"s.in"}};
  const AddressSighting a2{
      "School", "b@s.in", {"mailto"}, {"https://s.in/"}, {"s.in"}};
  LookalikeRecord l;
  l.origin = "s.in";
  l.domain = "s.ml";
  l.verdict = "registered";
  const LookalikeSighting l1{"School", l};
  ASSERT_TRUE(store->SaveSightings(1, {a1, a2}, {l1}).ok());
  ASSERT_TRUE(store->SaveSightings(2, {a2}, {}).ok());
  ASSERT_TRUE(store->SaveSightings(2, {a1}, {}).ok());  // replaces scan 2's
  // Scan 256 shares its last key byte with scan 0 and must not mix with 1.
  ASSERT_TRUE(store->SaveSightings(256, {a2}, {l1}).ok());

  auto addresses = [&](uint64_t scan) {
    std::vector<std::string> out;
    EXPECT_TRUE(store
                    ->ForEachAddressSighting(scan,
                                             [&](const AddressSighting& a) {
                                               out.push_back(a.address);
                                               return true;
                                             })
                    .ok());
    return out;
  };
  EXPECT_EQ(addresses(1), (std::vector<std::string>{"a@s.in", "b@s.in"}));
  EXPECT_EQ(addresses(2), (std::vector<std::string>{"a@s.in"}));
  EXPECT_EQ(addresses(256), (std::vector<std::string>{"b@s.in"}));
  EXPECT_TRUE(addresses(3).empty());
  std::vector<LookalikeSighting> lookalikes;
  ASSERT_TRUE(store
                  ->ForEachLookalikeSighting(1,
                                             [&](const LookalikeSighting& s) {
                                               lookalikes.push_back(s);
                                               return true;
                                             })
                  .ok());
  ASSERT_EQ(lookalikes.size(), 1u);
  EXPECT_EQ(lookalikes[0], l1);
  EXPECT_TRUE(store
                  ->ForEachLookalikeSighting(2,
                                             [&](const LookalikeSighting&) {
                                               ADD_FAILURE();
                                               return true;
                                             })
                  .ok());
}

}  // namespace
}  // namespace domex::store
