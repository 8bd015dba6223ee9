// A circuit breaker per host: a host whose pages fail one after another
// (5xx, 429, resets, timeouts: each after its retries) is given up, so a
// broken site of 10,000 pages costs a few pages' retries instead of every
// page's until --max-time. Only failures that say something about the host
// count; a page too large, a 404 or a 403 says something about the page.
// A pure state machine. Thread-compatible.
#pragma once

#include <string>
#include <string_view>

namespace domex::crawler {

// Pages of one host in a row that end failed before the host is given up.
inline constexpr int kHostFailuresInARow = 10;

// Whether a page's final answer counts against its host: "" when not,
// else the failure in words ("HTTP 503", or `error` for a transfer that
// failed: status 0). `too_large` answers (body or headers over a bound)
// are the page's own fault.
std::string HostFailure(int status, bool too_large, std::string_view error);

class HostHealth {
 public:
  explicit HostHealth(int failures_in_a_row = kHostFailuresInARow)
      : limit_(failures_in_a_row) {}

  // Records how a page of the host ended: `failure` as HostFailure gives
  // it ("" for an answer). Returns true when this call gives the host up.
  bool Record(std::string_view failure);

  // Given up: its other pages are not to be requested.
  bool failing() const { return failing_; }
  // Why, for the pages not requested: "host failing (10 pages in a row:
  // HTTP 503)". Empty while the host is healthy.
  std::string Reason() const;

 private:
  int limit_;
  int in_a_row_ = 0;
  bool failing_ = false;
  std::string last_;  // the latest failure
};

}  // namespace domex::crawler
