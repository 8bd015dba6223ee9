#include "store/lookalike_history.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace domex::store {
namespace {

LookalikeRecord Check(const std::string& verdict, int64_t at) {
  LookalikeRecord r;
  r.origin = "army.mil";
  r.domain = "army.ml";
  r.verdict = verdict;
  r.checked_at = at;
  r.first_seen = 999;  // ignored: the store decides
  r.last_seen = 999;
  return r;
}

TEST(MergeLookalikeCheckTest, FirstAndLastSeenAcrossChecks) {
  struct Row {
    const char* name;
    std::optional<std::pair<int64_t, int64_t>> before;  // first, last seen
    std::string verdict;
    int64_t first, last;
  };
  const std::vector<Row> rows = {
      {"new and registered", std::nullopt, "registered", 100, 100},
      {"new wildcard counts as existing", std::nullopt, "wildcard", 100, 100},
      {"new and unregistered", std::nullopt, "unregistered", 0, 0},
      {"new and unknown", std::nullopt, "unknown", 0, 0},
      {"seen again", std::pair<int64_t, int64_t>{10, 50}, "registered", 10,
       100},
      {"first seen now", std::pair<int64_t, int64_t>{0, 0}, "registered", 100,
       100},
      {"gone keeps history", std::pair<int64_t, int64_t>{10, 50},
       "unregistered", 10, 50},
      {"unknown keeps history", std::pair<int64_t, int64_t>{10, 50}, "unknown",
       10, 50},
  };
  for (const Row& row : rows) {
    std::optional<LookalikeRecord> before;
    if (row.before) {
      before = Check("registered", 50);
      before->first_seen = row.before->first;
      before->last_seen = row.before->second;
    }
    LookalikeRecord merged =
        MergeLookalikeCheck(before, Check(row.verdict, 100));
    EXPECT_EQ(merged.first_seen, row.first) << row.name;
    EXPECT_EQ(merged.last_seen, row.last) << row.name;
    EXPECT_EQ(merged.verdict, row.verdict) << row.name;
    EXPECT_EQ(merged.checked_at, 100) << row.name;
  }
}

TEST(MergeLookalikeCheckTest, AnswersAreTheNewCheckOnly) {
  LookalikeRecord before = Check("registered", 50);
  before.a = {"192.0.2.1"};
  before.first_seen = before.last_seen = 50;
  LookalikeRecord merged = MergeLookalikeCheck(before, Check("unknown", 100));
  EXPECT_TRUE(merged.a.empty());
  EXPECT_EQ(merged.last_seen, 50);
}

}  // namespace
}  // namespace domex::store
