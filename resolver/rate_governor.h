// RateGovernor: how many DNS queries may be in flight and how fast they may
// be sent, adapted to how recent queries ended. Additive increase,
// multiplicative decrease (AIMD), as in TCP congestion control (RFC 5681
// §3.1): when too many answers turn into timeouts or REFUSED (a resolver's
// rate limit dropping or turning away our queries), both limits are halved;
// while answers are clean they grow back by a fixed step, never above the
// user's ceilings.
//
// Pure and deterministic: the caller passes the time of every event, so tests
// drive it with made-up times. Not thread-safe.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>

namespace domex::resolver {

struct GovernorOptions {
  // The user's ceilings, never exceeded. qps 0: unlimited.
  size_t max_in_flight = 500;
  double qps = 0;
  // Outcomes judged together: a decision needs this many outcomes of
  // queries sent under the current limits, so a handful of names that fail
  // for their own reasons never slows a run down.
  size_t window = 32;
  // A window with more than this share overloaded halves the limits (a
  // limiter we exceed by half again drops a third)...
  double backoff_share = 0.25;
  // ... and one with no more than this share raises them by one step.
  double recover_share = 0.0;
  // The additive step is the ceiling divided by this (at least 1 query in
  // flight).
  int recover_steps = 16;
  double min_qps = 1;  // the rate is never halved below this
};

class RateGovernor {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  enum class Outcome {
    kAnswered,    // any answer from the server but REFUSED
    kOverloaded,  // a timeout or REFUSED, or an answer after a lost try
  };

  // Starts at the ceilings. `options` must have max_in_flight >= 1,
  // qps >= 0, window >= 1, recover_steps >= 1 and min_qps > 0.
  explicit RateGovernor(const GovernorOptions& options);

  // A query was sent at `now`: the send rate is measured from these.
  void Sent(TimePoint now);
  // A query sent at `sent` ended at `now` with `outcome`. Outcomes of queries
  // sent before the latest halving are not judged: they tell of the old
  // limits, and a burst of them would halve again and again.
  void Record(Outcome outcome, TimePoint sent, TimePoint now);

  size_t max_in_flight() const { return in_flight_; }  // >= 1
  double qps() const { return qps_; }                  // 0: unlimited

  int backoffs() const { return backoffs_; }  // times the limits were halved
  size_t lowest_in_flight() const { return lowest_in_flight_; }
  double lowest_qps() const { return lowest_qps_; }  // 0: never limited

 private:
  // Sends are counted in buckets of kBucket; kBuckets of them reach back
  // further than any query lasts.
  static constexpr std::chrono::milliseconds kBucket{100};
  static constexpr size_t kBuckets = 600;
  struct Bucket {
    int64_t index = -1;  // time since the clock's epoch / kBucket
    uint32_t sends = 0;
  };

  void Halve(TimePoint now);
  void Raise();
  // Queries sent in the second up to `until`; 0 when not known.
  double SendRate(TimePoint until) const;

  const GovernorOptions options_;
  size_t in_flight_;
  double qps_;
  // The rate to recover to when the user set none: the highest rate
  // halved from. 0 until then.
  double reference_qps_ = 0;
  TimePoint last_halving_{};
  size_t judged_ = 0;                 // outcomes in the current window
  size_t overloaded_ = 0;             // of those, overloaded
  TimePoint last_overloaded_sent_{};  // in the current window
  std::array<Bucket, kBuckets> sends_{};
  int backoffs_ = 0;
  size_t lowest_in_flight_;
  double lowest_qps_;
};

// How long to wait before sending a failed query again: attempt 1 waits
// between base/2 and base, each further attempt twice as long ("equal
// jitter"), capped at `cap`. `unit_random` is uniform in [0, 1): the jitter
// keeps retries of a burst from arriving together again.
std::chrono::milliseconds RetryDelay(int attempt,
                                     std::chrono::milliseconds base,
                                     std::chrono::milliseconds cap,
                                     double unit_random);

}  // namespace domex::resolver
