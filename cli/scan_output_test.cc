// What a scan's report reads back from the store: CrawlStateOf must never
// invent a finished crawl, since a finished crawl's unvisited pages are
// gone from the site and an unfinished one's are merely not reached.
#include "cli/scan_output.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>

#include "store/store.h"

namespace domex::cli {
namespace {

class TempStore {
 public:
  TempStore() {
    char tmpl[] = "/tmp/domex-scan-output-test-XXXXXX";
    dir_ = mkdtemp(tmpl);
    auto db = store::Store::Open(dir_ + "/db");
    EXPECT_TRUE(db.ok()) << db.status().message();
    if (db.ok()) db_ = std::move(db).value();
  }
  ~TempStore() {
    db_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  store::Store& db() { return *db_; }

 private:
  std::string dir_;
  std::unique_ptr<store::Store> db_;
};

struct StateCase {
  const char* name;
  bool stored;           // a crawl state is recorded
  uint64_t stored_gen;   // of this generation
  bool stored_finished;  // and finished
  uint64_t asked_gen;    // CrawlStateOf(db, asked_gen)
  bool expect_finished;
};

TEST(CrawlStateOfTest, FinishedOnlyWhenTheStoreSaysSo) {
  const StateCase cases[] = {
      {"no crawl state recorded", false, 0, false, 3, false},
      {"a later crawl replaced it", true, 4, true, 3, false},
      {"recorded unfinished", true, 3, false, 3, false},
      {"recorded finished", true, 3, true, 3, true},
  };
  for (const StateCase& c : cases) {
    TempStore tmp;
    if (c.stored) {
      store::CrawlState state;
      state.generation = c.stored_gen;
      state.finished = c.stored_finished;
      ASSERT_TRUE(tmp.db().SaveCrawlState(state).ok()) << c.name;
    }
    const store::CrawlState got = CrawlStateOf(tmp.db(), c.asked_gen);
    EXPECT_EQ(got.generation, c.asked_gen) << c.name;
    EXPECT_EQ(got.finished, c.expect_finished) << c.name;
  }
}

TEST(ScanCompleteTest, OnlyWhenNothingWasCutShort) {
  const struct {
    const char* name;
    bool crawl_finished, stopped;
    Status pages_read;
    bool complete;
  } cases[] = {
      {"everything done", true, false, Status::Ok(), true},
      {"crawl cut short", false, false, Status::Ok(), false},
      {"stopped by a signal", true, true, Status::Ok(), false},
      {"page records not all read", true, false,
       Status::Corruption("bad page record"), false},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(ScanComplete(c.crawl_finished, c.stopped, c.pages_read),
              c.complete)
        << c.name;
  }
}

}  // namespace
}  // namespace domex::cli
