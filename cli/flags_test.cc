#include "cli/flags.h"

#include <gtest/gtest.h>

namespace domex::cli {
namespace {

const std::vector<FlagSpec> kSpec = {
    {"db", true}, {"delay", true}, {"ignore-robots", false}};

TEST(FlagsTest, ParsesValuesSwitchesAndPositionals) {
  Result<Args> a = ParseArgs({"http://a.in/", "--db", "x.db", "--delay=10",
                              "--ignore-robots", "--", "--not-a-flag"},
                             kSpec);
  ASSERT_TRUE(a.ok()) << a.status().message();
  EXPECT_EQ(a->positional,
            (std::vector<std::string>{"http://a.in/", "--not-a-flag"}));
  EXPECT_EQ(a->Value("db", ""), "x.db");
  EXPECT_EQ(a->Value("delay", ""), "10");
  EXPECT_TRUE(a->Has("ignore-robots"));
  EXPECT_FALSE(a->Has("max-pages"));
}

TEST(FlagsTest, RejectsBadInputWithOneLineNamingIt) {
  struct Row {
    std::vector<std::string> argv;
    const char* message_part;
  } rows[] = {
      {{"--bogus"}, "unknown option '--bogus'"},
      {{"-x"}, "unknown option '-x'"},
      {{"--db"}, "'--db' needs a value"},
      {{"--ignore-robots=yes"}, "takes no value"},
      // Which of two values was meant is a guess: neither is taken.
      {{"--db", "x", "--db", "y"}, "option '--db' is given twice"},
      {{"--db=x", "--db", "x"}, "option '--db' is given twice"},
      {{"--ignore-robots", "--ignore-robots"},
       "option '--ignore-robots' is given twice"},
  };
  for (const Row& row : rows) {
    Result<Args> a = ParseArgs(row.argv, kSpec);
    ASSERT_FALSE(a.ok());
    EXPECT_NE(a.status().message().find(row.message_part), std::string::npos)
        << a.status().message();
    EXPECT_EQ(a.status().message().find('\n'), std::string::npos);
  }
}

TEST(FlagsTest, IntFlagChecksRange) {
  struct Row {
    const char* value;
    bool ok;
    long long expected;
  } rows[] = {
      {"250", true, 250},   {"0", true, 0},    {"-1", false, 0},
      {"abc", false, 0},    {"1.5", false, 0}, {"", false, 0},
      {"100001", false, 0},
  };
  for (const Row& row : rows) {
    Result<Args> a = ParseArgs({"--delay", row.value}, kSpec);
    ASSERT_TRUE(a.ok());
    Result<long long> v = IntFlag(*a, "delay", 7, 0, 100000);
    EXPECT_EQ(v.ok(), row.ok) << row.value;
    if (row.ok && v.ok()) {
      EXPECT_EQ(*v, row.expected);
    }
  }
  Result<Args> none = ParseArgs({}, kSpec);
  EXPECT_EQ(*IntFlag(*none, "delay", 7, 0, 10), 7);
}

}  // namespace
}  // namespace domex::cli
