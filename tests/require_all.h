// DOMEX_SKIP(): GTEST_SKIP() for a test that cannot run here (not root, no
// private namespace, a tool missing) — unless DOMEX_REQUIRE_ALL=1, as .ci/run
// and .ci/sanitize set it, where the skip is a failure: in CI a skipped test
// is coverage lost without anyone noticing. Header-only, so unit tests that
// link nothing from tests/ can use it. Use as `DOMEX_SKIP() << "why";`.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>

namespace domex::testing {

inline bool RequireAll() {
  const char* v = std::getenv("DOMEX_REQUIRE_ALL");
  return v != nullptr && std::strcmp(v, "1") == 0;
}

}  // namespace domex::testing

// GTEST_SKIP() and GTEST_FAIL() with the result type chosen at run time.
#define DOMEX_SKIP()                                                      \
  return GTEST_MESSAGE_AT_(__FILE__, __LINE__,                            \
                           ::domex::testing::RequireAll()                 \
                               ? "DOMEX_REQUIRE_ALL=1: may not skip"      \
                               : "Skipped",                               \
                           ::domex::testing::RequireAll()                 \
                               ? ::testing::TestPartResult::kFatalFailure \
                               : ::testing::TestPartResult::kSkip)
