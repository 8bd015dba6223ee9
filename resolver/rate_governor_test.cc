#include "resolver/rate_governor.h"

#include <gtest/gtest.h>

#include <vector>

namespace domex::resolver {
namespace {

using std::chrono::milliseconds;
using Outcome = RateGovernor::Outcome;

enum What { kSent, kOk, kBad };

// `count` queries sent at `sent_ms`; for kOk and kBad, they ended at
// `now_ms` answered or overloaded.
struct Events {
  What what;
  int count;
  int sent_ms;
  int now_ms;
};

RateGovernor::TimePoint At(int ms) {
  return RateGovernor::TimePoint{} + std::chrono::hours(1) + milliseconds(ms);
}

// The events of a table row (a call keeps clang-format from splitting the
// row into one line per field).
std::vector<Events> Script(std::vector<Events> events) { return events; }

void Play(RateGovernor* g, const std::vector<Events>& script) {
  for (const Events& e : script) {
    for (int i = 0; i < e.count; ++i) {
      if (e.what == kSent) {
        g->Sent(At(e.sent_ms));
      } else {
        g->Record(e.what == kOk ? Outcome::kAnswered : Outcome::kOverloaded,
                  At(e.sent_ms), At(e.now_ms));
      }
    }
  }
}

// Defaults: a window of 32 halves with more than a quarter overloaded, raises
// with none by 1/16 of the ceiling; the rate never below 1 qps.
constexpr int kWindow = 32;
constexpr int kBadToHalve = kWindow / 4 + 1;
constexpr int kOkBesides = kWindow - kBadToHalve;

TEST(RateGovernorTest, DefaultsAsTheseTestsAssume) {
  GovernorOptions options;
  EXPECT_EQ(options.window, static_cast<size_t>(kWindow));
  EXPECT_DOUBLE_EQ(options.backoff_share, 0.25);
  EXPECT_DOUBLE_EQ(options.recover_share, 0);
  EXPECT_EQ(options.recover_steps, 16);
  EXPECT_DOUBLE_EQ(options.min_qps, 1);
}

TEST(RateGovernorTest, Scripts) {
  // 40 sent at once, 9 of the 32 outcomes overloaded: 250 in flight, 20 qps.
  const std::vector<Events> halved = {{kSent, 40, 0, 0},
                                      {kOk, kOkBesides, 0, 500},
                                      {kBad, kBadToHalve, 0, 900}};
  auto then = [&halved](std::vector<Events> more) {
    more.insert(more.begin(), halved.begin(), halved.end());
    return more;
  };
  // Ceilings (in flight, qps), then the limits and halvings expected after
  // the script.
  struct {
    const char* name;
    size_t max_in_flight;
    double qps;
    size_t in_flight;
    double want_qps;
    int backoffs;
    std::vector<Events> script;
  } rows[] = {
      {"starts at the ceilings", 500, 0, 500, 0, 0, {}},
      {"clean answers never exceed them", 500, 0, 500, 0, 0,
       Script({{kSent, 1000, 0, 0}, {kOk, 1000, 0, 10}})},
      {"clean answers never exceed a user rate", 64, 50, 64, 50, 0,
       Script({{kSent, 1000, 0, 0}, {kOk, 1000, 0, 10}})},
      {"8 of 32 overloaded is within the share", 500, 0, 500, 0, 0,
       Script({{kSent, 32, 0, 0}, {kOk, 24, 0, 10}, {kBad, 8, 0, 20}})},
      {"a few failures never make a window", 500, 0, 500, 0, 0,
       Script({{kSent, 31, 0, 0}, {kBad, 31, 0, 10}})},
      {"9 of 32 halve the cap and the rate sent", 500, 0, 250, 20, 1, halved},
      {"the rate is the second before the newest failing send", 500, 0, 250, 15,
       1,
       Script({{kSent, 100, 0, 0},
               {kSent, 30, 1500, 0},
               {kOk, kOkBesides, 1500, 1600},
               {kBad, kBadToHalve, 1500, 3000}})},
      {"no rate known: only the cap halves", 500, 0, 250, 0, 1,
       Script({{kOk, kOkBesides, 0, 500}, {kBad, kBadToHalve, 0, 900}})},
      {"the user's lower rate is halved", 500, 30, 250, 15, 1, halved},
      {"old queries ending later do not halve again", 500, 0, 250, 20, 1,
       then({{kBad, 200, 800, 1000}})},
      {"new queries failing halve again", 500, 0, 125, 10, 2,
       then({{kSent, 20, 950, 0},
             {kOk, kOkBesides, 950, 1000},
             {kBad, kBadToHalve, 950, 1000}})},
      {"floors: 1 in flight, min_qps", 4, 8, 1, 1, 4,
       Script({{kBad, kWindow, 0, 10},
               {kBad, kWindow, 20, 30},
               {kBad, kWindow, 40, 50},
               {kBad, kWindow, 60, 70}})},
      // +500/16 = 31 in flight, +40/16 = 2.5 qps.
      {"a clean window raises by one step", 500, 0, 281, 22.5, 1,
       then({{kOk, kWindow, 1000, 2000}})},
      {"a window with one overload holds", 500, 0, 250, 20, 1,
       then({{kOk, kWindow - 1, 1000, 2000}, {kBad, 1, 1000, 2000}})},
      // 8 steps from 20 qps reach the 40 halved from: the limit is lifted.
      {"recovers to unlimited when the user set no rate", 500, 0, 500, 0, 1,
       then({{kOk, kWindow * 16, 1000, 5000}})},
      {"recovers to exactly the user's rate", 100, 30, 100, 30, 1,
       then({{kOk, kWindow * 16, 1000, 5000}})},
  };
  for (const auto& row : rows) {
    GovernorOptions options;
    options.max_in_flight = row.max_in_flight;
    options.qps = row.qps;
    RateGovernor g(options);
    Play(&g, row.script);
    EXPECT_EQ(g.max_in_flight(), row.in_flight) << row.name;
    EXPECT_DOUBLE_EQ(g.qps(), row.want_qps) << row.name;
    EXPECT_EQ(g.backoffs(), row.backoffs) << row.name;
  }
}

TEST(RateGovernorTest, RemembersTheLowestLimits) {
  GovernorOptions options;
  options.max_in_flight = 100;
  RateGovernor g(options);
  Play(&g, {{kSent, 40, 0, 0},
            {kOk, kOkBesides, 0, 500},
            {kBad, kBadToHalve, 0, 900},  // 50 in flight, 20 qps
            {kOk, kOkBesides, 950, 1000},
            {kBad, kBadToHalve, 950, 1000},  // 25 in flight, 10 qps
            {kOk, kWindow * 3, 1100, 5000}});
  EXPECT_EQ(g.lowest_in_flight(), 25u);
  EXPECT_DOUBLE_EQ(g.lowest_qps(), 10);
  EXPECT_EQ(g.max_in_flight(), 25u + 3 * 6);
  EXPECT_DOUBLE_EQ(g.qps(), 10 + 3 * 2.5);
  EXPECT_EQ(g.backoffs(), 2);
}

TEST(RateGovernorTest, NeverLimitedReportsNoLowestRate) {
  RateGovernor g(GovernorOptions{});
  Play(&g, {{kSent, 100, 0, 0}, {kOk, 100, 0, 10}});
  EXPECT_EQ(g.lowest_in_flight(), 500u);
  EXPECT_EQ(g.lowest_qps(), 0);
}

TEST(RetryDelayTest, DoublesWithJitterUpToTheCap) {
  struct {
    int attempt;
    int base_ms;
    int cap_ms;
    double random;
    int want_ms;
  } rows[] = {
      {1, 200, 10000, 0.0, 100},     {1, 200, 10000, 0.999, 199},
      {1, 200, 10000, 0.5, 150},     {2, 200, 10000, 0.0, 200},
      {3, 200, 10000, 1.0, 800},     {10, 200, 10000, 1.0, 10000},
      {1000, 200, 10000, 0.0, 5000}, {0, 200, 10000, 0.0, 100},
      {1, 500, 300, 1.0, 300},       {1, 200, 10000, -1.0, 100},
  };
  for (const auto& row : rows) {
    EXPECT_EQ(RetryDelay(row.attempt, milliseconds(row.base_ms),
                         milliseconds(row.cap_ms), row.random)
                  .count(),
              row.want_ms)
        << "attempt " << row.attempt << " random " << row.random;
  }
}

}  // namespace
}  // namespace domex::resolver
