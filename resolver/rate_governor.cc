#include "resolver/rate_governor.h"

#include <algorithm>
#include <cassert>

namespace domex::resolver {
namespace {

int64_t BucketIndex(RateGovernor::TimePoint t,
                    std::chrono::milliseconds bucket) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             t.time_since_epoch())
             .count() /
         bucket.count();
}

}  // namespace

RateGovernor::RateGovernor(const GovernorOptions& options)
    : options_(options),
      in_flight_(options.max_in_flight),
      qps_(options.qps),
      lowest_in_flight_(options.max_in_flight),
      lowest_qps_(options.qps) {
  assert(options.max_in_flight >= 1 && options.qps >= 0 &&
         options.window >= 1 && options.recover_steps >= 1 &&
         options.min_qps > 0);
}

void RateGovernor::Sent(TimePoint now) {
  const int64_t index = BucketIndex(now, kBucket);
  Bucket& b = sends_[static_cast<size_t>(index) % kBuckets];
  if (b.index != index) b = Bucket{index, 0};
  ++b.sends;
}

double RateGovernor::SendRate(TimePoint until) const {
  constexpr int64_t kPerSecond = 1000 / kBucket.count();
  const int64_t last = BucketIndex(until, kBucket);
  uint64_t sends = 0;
  for (int64_t i = last - kPerSecond + 1; i <= last; ++i) {
    const Bucket& b = sends_[static_cast<size_t>(i) % kBuckets];
    if (b.index == i) sends += b.sends;
  }
  return static_cast<double>(sends);
}

void RateGovernor::Record(Outcome outcome, TimePoint sent, TimePoint now) {
  if (backoffs_ > 0 && sent < last_halving_) return;
  ++judged_;
  if (outcome == Outcome::kOverloaded) {
    ++overloaded_;
    last_overloaded_sent_ = std::max(last_overloaded_sent_, sent);
  }
  if (judged_ < options_.window) return;
  const double window = static_cast<double>(options_.window);
  if (overloaded_ > options_.backoff_share * window) {
    Halve(now);
  } else if (overloaded_ <= options_.recover_share * window) {
    Raise();
  }
  judged_ = overloaded_ = 0;
  last_overloaded_sent_ = TimePoint{};
}

// The rate halved is the one that got us into trouble: what we sent in the
// second before the newest overloaded query went out (the outcome arrives
// a timeout later, when we may be sending nothing). With no rate known and
// none set, the halved in-flight cap alone slows us down.
void RateGovernor::Halve(TimePoint now) {
  in_flight_ = std::max<size_t>(1, in_flight_ / 2);
  double base = SendRate(last_overloaded_sent_);
  if (qps_ > 0) base = base > 0 ? std::min(base, qps_) : qps_;
  if (base > 0) {
    reference_qps_ = std::max(reference_qps_, base);
    qps_ = std::max(options_.min_qps, base / 2);
    if (options_.qps > 0) qps_ = std::min(qps_, options_.qps);
    lowest_qps_ = lowest_qps_ > 0 ? std::min(lowest_qps_, qps_) : qps_;
  }
  last_halving_ = now;
  ++backoffs_;
  lowest_in_flight_ = std::min(lowest_in_flight_, in_flight_);
}

void RateGovernor::Raise() {
  const size_t max = options_.max_in_flight;
  in_flight_ = std::min(
      max, in_flight_ + std::max<size_t>(1, max / options_.recover_steps));
  if (qps_ <= 0) return;  // not limited
  // With no rate from the user, recover to the highest rate halved from,
  // then lift the limit.
  const double ceiling = options_.qps > 0
                             ? options_.qps
                             : std::max(reference_qps_, options_.min_qps);
  qps_ += std::max(options_.min_qps, ceiling / options_.recover_steps);
  if (qps_ >= ceiling) qps_ = options_.qps;
}

std::chrono::milliseconds RetryDelay(int attempt,
                                     std::chrono::milliseconds base,
                                     std::chrono::milliseconds cap,
                                     double unit_random) {
  std::chrono::milliseconds delay = std::min(base, cap);
  for (int i = 1; i < attempt && delay < cap; ++i) {
    delay = std::min(delay * 2, cap);
  }
  const double jitter = std::clamp(unit_random, 0.0, 1.0) / 2;
  return std::chrono::milliseconds(static_cast<int64_t>(
      static_cast<double>(delay.count()) * (0.5 + jitter)));
}

}  // namespace domex::resolver
