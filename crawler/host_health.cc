#include "crawler/host_health.h"

namespace domex::crawler {

std::string HostFailure(int status, bool too_large, std::string_view error) {
  if (too_large) return "";
  if (status == 0) {
    return error.empty() ? "transfer failed" : std::string(error);
  }
  // RFC 9110 §15.6: 5xx, the server failed; §15.5.20 (RFC 6585 §4): 429,
  // it refuses more requests for now. Any other answer is an answer.
  if (status >= 500 || status == 429) return "HTTP " + std::to_string(status);
  return "";
}

bool HostHealth::Record(std::string_view failure) {
  if (failing_) return false;
  if (failure.empty()) {
    in_a_row_ = 0;
    return false;
  }
  last_ = failure;
  failing_ = ++in_a_row_ >= limit_;
  return failing_;
}

std::string HostHealth::Reason() const {
  if (!failing_) return "";
  return "host failing (" + std::to_string(in_a_row_) +
         " pages in a row: " + last_ + ")";
}

}  // namespace domex::crawler
