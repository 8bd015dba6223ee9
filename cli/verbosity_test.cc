#include "cli/verbosity.h"

#include <gtest/gtest.h>

namespace domex::cli {
namespace {

TEST(VerbosityTest, WhatIsShownWhere) {
  using V = Verbosity;
  struct Row {
    V v;
    bool terminal, progress, notes;
  } rows[] = {
      {V::kNormal, true, true, true},  {V::kNormal, false, false, false},
      {V::kQuiet, true, false, false}, {V::kQuiet, false, false, false},
      {V::kVerbose, true, true, true}, {V::kVerbose, false, false, true},
  };
  for (const Row& row : rows) {
    EXPECT_EQ(ShowsProgress(row.v, row.terminal), row.progress);
    EXPECT_EQ(ShowsNotes(row.v, row.terminal), row.notes);
  }
}

TEST(VerbosityTest, FromFlags) {
  const std::vector<FlagSpec> spec = {QuietFlag(), VerboseFlag()};
  EXPECT_EQ(*VerbosityOf(*ParseArgs({}, spec)), Verbosity::kNormal);
  EXPECT_EQ(*VerbosityOf(*ParseArgs({"-q"}, spec)), Verbosity::kQuiet);
  EXPECT_EQ(*VerbosityOf(*ParseArgs({"--verbose"}, spec)), Verbosity::kVerbose);
  EXPECT_EQ(VerbosityOf(*ParseArgs({"-q", "-v"}, spec)).status().message(),
            "choose --quiet or --verbose, not both");
}

}  // namespace
}  // namespace domex::cli
