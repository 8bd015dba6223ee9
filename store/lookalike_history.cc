#include "store/lookalike_history.h"

namespace domex::store {

bool LookalikeExists(const LookalikeRecord& record) {
  return record.verdict == "registered" || record.verdict == "wildcard";
}

LookalikeRecord MergeLookalikeCheck(
    const std::optional<LookalikeRecord>& before,
    const LookalikeRecord& check) {
  LookalikeRecord merged = check;
  merged.first_seen = before ? before->first_seen : 0;
  merged.last_seen = before ? before->last_seen : 0;
  if (LookalikeExists(check)) {
    if (merged.first_seen == 0) merged.first_seen = check.checked_at;
    merged.last_seen = check.checked_at;
  }
  return merged;
}

}  // namespace domex::store
