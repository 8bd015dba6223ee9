// Unix times as text in UTC. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <string>

namespace domex::reports {

// "2026-11-23T12:34:56Z" (RFC 3339).
std::string UtcDateTime(int64_t unix_seconds);
// "2026-11-23".
std::string UtcDate(int64_t unix_seconds);

}  // namespace domex::reports
