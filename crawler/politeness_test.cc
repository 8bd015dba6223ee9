#include "crawler/politeness.h"

#include <gtest/gtest.h>

namespace domex::crawler {
namespace {

TEST(PolitenessTest, LimitsConcurrencyPerHost) {
  HostSchedule s({/*concurrency=*/2, /*delay_ms=*/0});
  EXPECT_TRUE(s.CanStart("a", 0));
  s.OnStart("a", 0);
  s.OnStart("a", 0);
  EXPECT_FALSE(s.CanStart("a", 0));
  EXPECT_TRUE(s.CanStart("b", 0)) << "hosts are independent";
  s.OnFinish("a");
  EXPECT_TRUE(s.CanStart("a", 0));
  EXPECT_EQ(s.InFlight("a"), 1);
}

TEST(PolitenessTest, KeepsMinimumGapBetweenStarts) {
  HostSchedule s({4, 250});
  s.OnStart("a", 1000);
  EXPECT_FALSE(s.CanStart("a", 1249));
  EXPECT_TRUE(s.CanStart("a", 1250));
  EXPECT_EQ(s.EarliestStart("a"), 1250);
}

TEST(PolitenessTest, CrawlDelayWidensGapAndIsCapped) {
  struct Row {
    double crawl_delay;
    int64_t expected_gap_ms;
  } rows[] = {
      {0.1, 250},     // smaller than --delay: --delay wins
      {2, 2000},      // larger: robots.txt wins
      {3600, 30000},  // capped at 30 s
      {-5, 250},      // nonsense ignored
  };
  for (const Row& row : rows) {
    HostSchedule s({2, 250});
    s.SetCrawlDelay("a", row.crawl_delay);
    s.OnStart("a", 0);
    EXPECT_EQ(s.EarliestStart("a"), row.expected_gap_ms) << row.crawl_delay;
  }
}

TEST(PolitenessTest, BackOffPostponesAndNeverShortens) {
  HostSchedule s({2, 0});
  s.BackOff("a", 0, 5000);
  EXPECT_FALSE(s.CanStart("a", 4999));
  s.BackOff("a", 0, 1000);  // a shorter back-off does not cut the first
  EXPECT_FALSE(s.CanStart("a", 4999));
  EXPECT_TRUE(s.CanStart("a", 5000));
  s.BackOff("a", 0, 10'000'000);
  EXPECT_EQ(s.EarliestStart("a"), kMaxBackoffMs);
}

TEST(PolitenessTest, ParsesRetryAfter) {
  const int64_t now = 784111777;  // Sun, 06 Nov 1994 08:49:37 GMT
  struct Row {
    const char* value;
    std::optional<int64_t> ms;
  } rows[] = {
      {"2", 2000},
      {" 120 ", 120000},
      {"0", 0},
      {"999999", kMaxBackoffMs},
      {"Sun, 06 Nov 1994 08:49:47 GMT", 10000},
      {"Sun, 06 Nov 1994 08:00:00 GMT", 0},  // in the past
      {"-1", std::nullopt},
      {"soon", std::nullopt},
      {"", std::nullopt},
      {"1.5", std::nullopt},
  };
  for (const Row& row : rows) {
    EXPECT_EQ(ParseRetryAfter(row.value, now), row.ms) << row.value;
  }
}

TEST(PolitenessTest, BackoffGrowsWithJitterAndCap) {
  const uint64_t mid = uint64_t{1} << 63;  // jitter factor 1.0
  EXPECT_EQ(BackoffDelayMs(0, mid), 1000);
  EXPECT_EQ(BackoffDelayMs(3, mid), 8000);
  EXPECT_EQ(BackoffDelayMs(0, 0), 500);                    // factor 0.5
  EXPECT_LT(BackoffDelayMs(0, ~uint64_t{0}), 1500);        // below 1.5
  EXPECT_EQ(BackoffDelayMs(30, mid), kMaxBackoffMs);
}

}  // namespace
}  // namespace domex::crawler
