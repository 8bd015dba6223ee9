#include "cli/progress_text.h"

#include <gtest/gtest.h>

namespace domex::cli {
namespace {

TEST(ProgressTextTest, Clock) {
  struct Row {
    double seconds;
    const char* text;
  } rows[] = {{0, "0:00"},       {-3, "0:00"},         {7.4, "0:07"},
              {59.6, "1:00"},    {754, "12:34"},       {3599, "59:59"},
              {3723, "1:02:03"}, {360000, "100:00:00"}};
  for (const Row& row : rows) EXPECT_EQ(Clock(row.seconds), row.text);
}

TEST(ProgressTextTest, Crawl) {
  crawler::CrawlProgress p;
  struct Row {
    int done, queued, in_flight, failed, addresses;
    double elapsed;
    const char* text;
  } rows[] = {
      // At the start: no rate, no estimate yet.
      {0, 1, 1, 0, 0, 0.1,
       "crawling 2 sites: 0 pages, 1 queued, 0 addresses, 0:00"},
      {120, 470, 10, 2, 14, 4,
       "crawling 2 sites: 120 pages (30/s), 470 queued, 14 addresses, 2 not "
       "checked, 0:04, ~0:16 left"},
      {3, 0, 1, 0, 1, 2,
       "crawling 2 sites: 3 pages (1.5/s), 0 queued, 1 address, 0:02, ~0:01 "
       "left"},
      {5, 0, 0, 0, crawler::CrawlProgress::kMaxCountedAddresses, 10,
       "crawling 2 sites: 5 pages (0.5/s), 0 queued, 100000+ addresses, "
       "0:10"},
  };
  for (const Row& row : rows) {
    p.pages_done = row.done;
    p.pages_queued = row.queued;
    p.in_flight = row.in_flight;
    p.failed = row.failed;
    p.addresses = row.addresses;
    EXPECT_EQ(CrawlProgressText("crawling 2 sites", p, row.elapsed), row.text);
  }
}

TEST(ProgressTextTest, Lookalikes) {
  EXPECT_EQ(LookalikeProgressText("checking lookalikes of army.mil", 0, 13795,
                                  0, 0, 0.2),
            "checking lookalikes of army.mil: 0/13795 (0%), 0 exist, 0:00");
  EXPECT_EQ(LookalikeProgressText("checking lookalikes of army.mil", 4100,
                                  13795, 12, 3, 2),
            "checking lookalikes of army.mil: 4100/13795 (29%), 2050/s, 12 "
            "exist, 3 unknown, 0:02, ~0:05 left");
  EXPECT_EQ(LookalikeProgressText("x", 5, 0, 0, 0, 1),
            "x: 5/0, 5.0/s, 0 exist, 0:01");
}

}  // namespace
}  // namespace domex::cli
