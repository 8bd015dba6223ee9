#include "reports/time_text.h"

#include <ctime>

namespace domex::reports {
namespace {

std::string Format(int64_t unix_seconds, const char* format) {
  const time_t t = static_cast<time_t>(unix_seconds);
  tm parts{};
  char buf[64];
  if (gmtime_r(&t, &parts) == nullptr ||
      std::strftime(buf, sizeof buf, format, &parts) == 0) {
    return "?";
  }
  return buf;
}

}  // namespace

std::string UtcDateTime(int64_t unix_seconds) {
  return Format(unix_seconds, "%Y-%m-%dT%H:%M:%SZ");
}

std::string UtcDate(int64_t unix_seconds) {
  return Format(unix_seconds, "%Y-%m-%d");
}

}  // namespace domex::reports
