// How a new check of a lookalike updates what was stored about it. Pure;
// thread-safe.
#pragma once

#include <optional>

#include "store/records.h"

namespace domex::store {

// True for the verdicts that mean the name exists: "registered" and
// "wildcard" (an answer, even if a wildcard made it).
bool LookalikeExists(const LookalikeRecord& record);

// The record to store after `check` (the outcome of one check, with
// checked_at set; its first/last seen are ignored) given what was stored
// before. The answers are the check's own, so an "unknown" check does not
// show old records as current; first_seen is the earliest check that found
// the name existing, last_seen the latest, and a check that could not tell
// ("unknown") or found it gone keeps both as they were.
LookalikeRecord MergeLookalikeCheck(
    const std::optional<LookalikeRecord>& before, const LookalikeRecord& check);

}  // namespace domex::store
