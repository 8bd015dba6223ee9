// DOMEX_SKIP(): a skip, except under DOMEX_REQUIRE_ALL=1 (CI), where a test
// that cannot run here is a failure.
#include "tests/require_all.h"

#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>
#include <stdlib.h>

namespace domex::testing {
namespace {

void CannotRunHere() { DOMEX_SKIP() << "no private network namespace"; }

TEST(RequireAllTest, SkipFailsOnlyWhenEverythingIsRequired) {
  struct Row {
    const char* env;  // DOMEX_REQUIRE_ALL, or nullptr for unset
    ::testing::TestPartResult::Type expected;
  } rows[] = {
      {nullptr, ::testing::TestPartResult::kSkip},
      {"0", ::testing::TestPartResult::kSkip},
      {"", ::testing::TestPartResult::kSkip},
      {"1", ::testing::TestPartResult::kFatalFailure},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.env ? row.env : "(unset)");
    if (row.env != nullptr) {
      setenv("DOMEX_REQUIRE_ALL", row.env, 1);
    } else {
      unsetenv("DOMEX_REQUIRE_ALL");
    }
    ::testing::TestPartResultArray results;
    {
      ::testing::ScopedFakeTestPartResultReporter reporter(
          ::testing::ScopedFakeTestPartResultReporter::
              INTERCEPT_ONLY_CURRENT_THREAD,
          &results);
      CannotRunHere();
    }
    unsetenv("DOMEX_REQUIRE_ALL");
    ASSERT_EQ(results.size(), 1);
    const ::testing::TestPartResult& r = results.GetTestPartResult(0);
    EXPECT_EQ(r.type(), row.expected);
    // The reason is kept either way.
    EXPECT_NE(std::string(r.message()).find("no private network namespace"),
              std::string::npos)
        << r.message();
  }
}

}  // namespace
}  // namespace domex::testing
