#include "cli/shard.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace domex::cli {
namespace {

TEST(ParseShardTest, AcceptsAndRefuses) {
  Result<Shard> ok = ParseShard("2/5");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->index, 2);
  EXPECT_EQ(ok->count, 5);
  EXPECT_TRUE(ParseShard("1/1").ok());
  for (const char* bad : {"", "1", "0/3", "4/3", "1/0", "a/2", "1/2/3", "-1/2",
                          "1/10001", " 1/2", "1/2 "}) {
    Result<Shard> r = ParseShard(bad);
    EXPECT_FALSE(r.ok()) << bad;
    EXPECT_NE(r.status().message().find("--shard"), std::string::npos);
  }
}

std::vector<InstitutionConfig> Institutions(int n) {
  std::vector<InstitutionConfig> out;
  for (int i = 0; i < n; ++i) {
    out.push_back({"School " + std::to_string(i), {}, {}});
  }
  return out;
}

TEST(ShardOfTest, ShardsCoverEveryInstitutionOnce) {
  const auto all = Institutions(200);
  for (int n : {1, 2, 3, 7}) {
    std::map<std::string, int> seen;
    for (int k = 1; k <= n; ++k) {
      const auto part = ShardOf(all, {k, n});
      if (n > 1) {
        EXPECT_LT(part.size(), all.size()) << k << "/" << n;
      }
      for (const InstitutionConfig& i : part) ++seen[i.name];
    }
    EXPECT_EQ(seen.size(), all.size()) << n;
    for (const auto& [name, times] : seen) EXPECT_EQ(times, 1) << name;
  }
}

TEST(ShardOfTest, StableWhateverTheOrderOrTheOthers) {
  auto all = Institutions(50);
  const auto before = ShardOf(all, {2, 3});
  std::vector<InstitutionConfig> reversed(all.rbegin(), all.rend());
  reversed.push_back({"A newcomer", {}, {}});
  std::map<std::string, bool> in_shard;
  for (const InstitutionConfig& i : ShardOf(reversed, {2, 3})) {
    in_shard[i.name] = true;
  }
  for (const InstitutionConfig& i : before) EXPECT_TRUE(in_shard[i.name]);
  // Exact values pin the hash (FNV-1a 64): changing it would move every
  // institution to another shard, and its history with it.
  const auto second = ShardOf(Institutions(4), {2, 2});
  ASSERT_EQ(second.size(), 2u);
  EXPECT_EQ(second[0].name, "School 0");
  EXPECT_EQ(second[1].name, "School 2");
  ASSERT_EQ(ShardOf(Institutions(1), {7, 7}).size(), 1u);
}

}  // namespace
}  // namespace domex::cli
