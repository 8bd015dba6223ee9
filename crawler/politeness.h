// Per-host politeness: how many requests may run at once on a host, how long
// to wait between two of them, and how long to back off when the host says
// it is overloaded (429/503). A pure state machine: the caller passes the
// time in, so tests need no clock. Thread-compatible.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace domex::crawler {

// Crawl-delay values above this are capped (a hostile or careless
// robots.txt could otherwise stall a crawl for hours per page).
inline constexpr double kMaxCrawlDelaySeconds = 30.0;
// Longest wait honoured from Retry-After or back-off.
inline constexpr int64_t kMaxBackoffMs = 300'000;

struct PolitenessOptions {
  int concurrency = 2;     // requests in flight per host
  int64_t delay_ms = 250;  // minimum gap between two request starts
};

class HostSchedule {
 public:
  explicit HostSchedule(PolitenessOptions options) : options_(options) {}

  // Applies robots.txt's Crawl-delay for `host` (capped): the gap between
  // requests becomes the larger of it and the configured delay.
  void SetCrawlDelay(const std::string& host, double seconds);

  // Whether a request to `host` may start at `now_ms`.
  bool CanStart(const std::string& host, int64_t now_ms) const;
  // The earliest time a request could start, ignoring the in-flight limit.
  int64_t EarliestStart(const std::string& host) const;
  int InFlight(const std::string& host) const;

  void OnStart(const std::string& host, int64_t now_ms);
  void OnFinish(const std::string& host);

  // No request to `host` before now_ms + wait_ms (wait capped at
  // kMaxBackoffMs). Later calls can only push the time further out.
  void BackOff(const std::string& host, int64_t now_ms, int64_t wait_ms);

 private:
  struct Host {
    int in_flight = 0;
    int64_t gap_ms = -1;         // -1: options_.delay_ms
    int64_t next_start_ms = 0;   // no start before this
  };
  const Host* Find(const std::string& host) const;
  int64_t GapMs(const Host& h) const;

  PolitenessOptions options_;
  std::map<std::string, Host> hosts_;
};

// Parses a Retry-After value (RFC 9110 §10.2.3): delay-seconds, or an
// HTTP-date relative to `now_unix_seconds`. Returns milliseconds to wait
// (0 for a date in the past), or nullopt when the value is unparsable.
std::optional<int64_t> ParseRetryAfter(std::string_view value,
                                       int64_t now_unix_seconds);

// Exponential back-off for the `attempt`-th retry (0-based): 1 s, 2 s, 4 s
// ... capped at kMaxBackoffMs, scaled by a jitter factor in [0.5, 1.5)
// taken from `random_bits`, so many crawlers do not retry in lock-step.
int64_t BackoffDelayMs(int attempt, uint64_t random_bits);

}  // namespace domex::crawler
