#include "cli/merge.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace domex::cli {
namespace {

store::ScanRecord Part(int64_t start, int64_t end, bool finished,
                       const std::string& institution,
                       std::vector<std::string> origins) {
  store::ScanRecord s;
  s.id = 7;
  s.started_at = start;
  s.finished_at = end;
  s.finished = finished;
  s.config_digest = "d";
  s.institution_list = {{institution, {}, {}}};
  s.checked_origins = std::move(origins);
  s.sites = 1;
  s.pages_checked = 10;
  s.pages_failed = 1;
  s.addresses = 3;
  s.lookalikes = 100;
  s.lookalikes_registered = 2;
  s.lookalikes_unknown = 1;
  s.errors = {institution + ": 1 page not checked"};
  return s;
}

TEST(MergeScansTest, CombinesShardsOfOneNight) {
  const store::ScanRecord m =
      MergeScans({Part(100, 160, true, "A", {"a.in"}),
                  Part(90, 150, true, "B", {"b.in", "a.in"})},
                 2);
  EXPECT_EQ(m.id, 7u);
  EXPECT_EQ(m.started_at, 90);
  EXPECT_EQ(m.finished_at, 160);
  EXPECT_TRUE(m.finished);
  EXPECT_EQ(m.institutions, 2);
  EXPECT_EQ(m.institution_list[1].name, "B");
  EXPECT_EQ(m.checked_origins, (std::vector<std::string>{"a.in", "b.in"}));
  EXPECT_EQ(m.pages_checked, 20);
  EXPECT_EQ(m.pages_failed, 2);
  EXPECT_EQ(m.addresses, 6);
  EXPECT_EQ(m.lookalikes_registered, 4);
  EXPECT_EQ(m.errors.size(), 2u);
  EXPECT_EQ(m.crawl_generation, 0u);
}

TEST(MergeScansTest, UnfinishedIfAnyShardIsOrMissing) {
  EXPECT_FALSE(
      MergeScans({Part(1, 2, true, "A", {}), Part(1, 0, false, "B", {})}, 2)
          .finished);
  const store::ScanRecord missing = MergeScans({Part(1, 2, true, "A", {})}, 2);
  EXPECT_FALSE(missing.finished);
  EXPECT_EQ(missing.finished_at, 0);
}

}  // namespace
}  // namespace domex::cli
