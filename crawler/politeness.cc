#include "crawler/politeness.h"

#include <algorithm>
#include <cmath>
#include <ctime>

#include "common/text.h"

namespace domex::crawler {

const HostSchedule::Host* HostSchedule::Find(const std::string& host) const {
  auto it = hosts_.find(host);
  return it == hosts_.end() ? nullptr : &it->second;
}

int64_t HostSchedule::GapMs(const Host& h) const {
  return std::max<int64_t>(options_.delay_ms, h.gap_ms);
}

void HostSchedule::SetCrawlDelay(const std::string& host, double seconds) {
  if (!(seconds > 0)) return;  // also rejects NaN
  seconds = std::min(seconds, kMaxCrawlDelaySeconds);
  hosts_[host].gap_ms = static_cast<int64_t>(seconds * 1000.0);
}

bool HostSchedule::CanStart(const std::string& host, int64_t now_ms) const {
  const Host* h = Find(host);
  if (h == nullptr) return true;
  return h->in_flight < std::max(1, options_.concurrency) &&
         now_ms >= h->next_start_ms;
}

int64_t HostSchedule::EarliestStart(const std::string& host) const {
  const Host* h = Find(host);
  return h == nullptr ? 0 : h->next_start_ms;
}

int HostSchedule::InFlight(const std::string& host) const {
  const Host* h = Find(host);
  return h == nullptr ? 0 : h->in_flight;
}

void HostSchedule::OnStart(const std::string& host, int64_t now_ms) {
  Host& h = hosts_[host];
  ++h.in_flight;
  h.next_start_ms = std::max(h.next_start_ms, now_ms + GapMs(h));
}

void HostSchedule::OnFinish(const std::string& host) {
  Host& h = hosts_[host];
  if (h.in_flight > 0) --h.in_flight;
}

void HostSchedule::BackOff(const std::string& host, int64_t now_ms,
                           int64_t wait_ms) {
  Host& h = hosts_[host];
  wait_ms = std::clamp<int64_t>(wait_ms, 0, kMaxBackoffMs);
  h.next_start_ms = std::max(h.next_start_ms, now_ms + wait_ms);
}

namespace {

// IMF-fixdate (RFC 9110 §5.6.7): "Sun, 06 Nov 1994 08:49:37 GMT". The
// obsolete RFC 850 and asctime forms are rare enough to treat as garbage.
std::optional<int64_t> ParseImfFixdate(std::string_view value) {
  std::string text(Trim(value));
  struct tm tm = {};
  const char* end = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == nullptr || *end != '\0') return std::nullopt;
  return static_cast<int64_t>(timegm(&tm));
}

}  // namespace

std::optional<int64_t> ParseRetryAfter(std::string_view value,
                                       int64_t now_unix_seconds) {
  value = Trim(value);
  long long seconds = 0;
  if (ParseNonNegative(value, &seconds)) {
    if (seconds > kMaxBackoffMs / 1000) return kMaxBackoffMs;
    return seconds * 1000;
  }
  std::optional<int64_t> date = ParseImfFixdate(value);
  if (!date) return std::nullopt;
  int64_t delta = *date - now_unix_seconds;
  if (delta <= 0) return 0;
  return std::min<int64_t>(delta * 1000, kMaxBackoffMs);
}

int64_t BackoffDelayMs(int attempt, uint64_t random_bits) {
  attempt = std::clamp(attempt, 0, 20);
  int64_t base = std::min<int64_t>(int64_t{1000} << attempt, kMaxBackoffMs);
  // Jitter factor in [0.5, 1.5) from the top 16 bits.
  double jitter = 0.5 + static_cast<double>(random_bits >> 48) / 65536.0;
  int64_t delay = static_cast<int64_t>(static_cast<double>(base) * jitter);
  return std::min(delay, kMaxBackoffMs);
}

}  // namespace domex::crawler
