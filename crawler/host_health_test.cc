#include "crawler/host_health.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace domex::crawler {
namespace {

TEST(HostFailureTest, OnlyTheHostsOwnFailuresCount) {
  struct Row {
    int status;
    bool too_large;
    const char* error;
    std::string want;
  } rows[] = {
      {503, false, "", "HTTP 503"},
      {500, false, "", "HTTP 500"},
      {504, false, "", "HTTP 504"},
      {429, false, "", "HTTP 429"},
      {0, false, "Connection reset by peer", "Connection reset by peer"},
      {0, false, "", "transfer failed"},
      // The page's own fault, or an answer.
      {0, true, "larger than 10485760 bytes", ""},
      {200, true, "", ""},
      {200, false, "", ""},
      {301, false, "", ""},
      {304, false, "", ""},
      {403, false, "", ""},
      {404, false, "", ""},
      {410, false, "", ""},
  };
  for (const Row& row : rows) {
    EXPECT_EQ(HostFailure(row.status, row.too_large, row.error), row.want)
        << row.status << " " << row.error;
  }
}

// Each row: the pages' failures in order ("" for a page that got an
// answer), and after which page (1-based) the host is given up (0: never).
TEST(HostHealthTest, GivesUpAfterFailuresInARowOnly) {
  const std::string f = "HTTP 503";
  struct Row {
    const char* name;
    int limit;
    std::vector<std::string> pages;
    int gives_up_at;
    std::string reason;
  } rows[] = {
      {"three in a row", 3, {f, f, f}, 3,
       "host failing (3 pages in a row: HTTP 503)"},
      {"an answer in between", 3, {f, f, "", f, f}, 0, ""},
      {"an answer resets the count", 3, {f, f, "", f, f, f}, 6,
       "host failing (3 pages in a row: HTTP 503)"},
      {"the latest failure is the reason", 3, {f, "HTTP 500", "Timeout"}, 3,
       "host failing (3 pages in a row: Timeout)"},
      {"healthy", 3, {"", "", "", ""}, 0, ""},
      {"the default", kHostFailuresInARow,
       std::vector<std::string>(kHostFailuresInARow, f), kHostFailuresInARow,
       "host failing (10 pages in a row: HTTP 503)"},
      {"one short of the default", kHostFailuresInARow,
       std::vector<std::string>(kHostFailuresInARow - 1, f), 0, ""},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    HostHealth health(row.limit);
    int gave_up = 0;
    for (size_t i = 0; i < row.pages.size(); ++i) {
      if (health.Record(row.pages[i])) {
        EXPECT_EQ(gave_up, 0) << "given up twice";
        gave_up = static_cast<int>(i) + 1;
      }
    }
    EXPECT_EQ(gave_up, row.gives_up_at);
    EXPECT_EQ(health.failing(), row.gives_up_at != 0);
    EXPECT_EQ(health.Reason(), row.reason);
  }
}

// Once given up, a host stays given up: a page in flight that then gets an
// answer does not bring the others back (they are already recorded).
TEST(HostHealthTest, StaysGivenUp) {
  HostHealth health(2);
  EXPECT_FALSE(health.Record("HTTP 500"));
  EXPECT_TRUE(health.Record("HTTP 500"));
  EXPECT_FALSE(health.Record(""));
  EXPECT_FALSE(health.Record("HTTP 500"));
  EXPECT_TRUE(health.failing());
  EXPECT_EQ(health.Reason(), "host failing (2 pages in a row: HTTP 500)");
}

}  // namespace
}  // namespace domex::crawler
