#include "crawler/isolate.h"

#include <gtest/gtest.h>

#include <cstdlib>

namespace domex::crawler {
namespace {

TEST(IsolateTest, ReturnsTheChildsResult) {
  Result<std::string> r = RunIsolated([] { return Result<std::string>("text"); });
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(*r, "text");

  Result<std::string> empty =
      RunIsolated([] { return Result<std::string>(std::string()); });
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(*empty, "");

  Result<std::string> big = RunIsolated(
      [] { return Result<std::string>(std::string(3 << 20, 'x')); });
  ASSERT_TRUE(big.ok());
  EXPECT_EQ(big->size(), 3u << 20);
}

TEST(IsolateTest, PassesErrorsThrough) {
  Result<std::string> r = RunIsolated(
      [] { return Result<std::string>(Status::InvalidArgument("not a PDF")); });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "not a PDF");
}

TEST(IsolateTest, SurvivesCrashesHangsAndFloods) {
  struct Row {
    const char* name;
    std::function<Result<std::string>()> work;
    const char* error_part;
  } rows[] = {
      {"crash", [] { std::abort(); return Result<std::string>(""); },
       "crashed"},
      {"hang",
       [] {
         volatile bool forever = true;
         while (forever) {
         }
         return Result<std::string>("");
       },
       "too long"},
      {"flood", [] { return Result<std::string>(std::string(5 << 20, 'x')); },
       "too large"},
  };
  IsolationLimits limits;
  limits.wall_ms = 500;
  limits.max_output_bytes = 1 << 20;
  for (const Row& row : rows) {
    Result<std::string> r = RunIsolated(row.work, limits);
    ASSERT_FALSE(r.ok()) << row.name;
    EXPECT_NE(r.status().message().find(row.error_part), std::string::npos)
        << row.name << ": " << r.status().message();
  }
}

TEST(IsolateTest, CpuLimitKillsABusyChild) {
  IsolationLimits limits;
  limits.cpu_seconds = 1;
  limits.wall_ms = 10000;
  Result<std::string> r = RunIsolated(
      [] {
        volatile bool forever = true;
        while (forever) {
        }
        return Result<std::string>("");
      },
      limits);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("CPU"), std::string::npos)
      << r.status().message();
}

}  // namespace
}  // namespace domex::crawler
