// The promise every address extractor makes (crawler/address.h): what it
// reports is canonical - CanonicalAddress accepts it and spells it the same.
#pragma once

#include <string>

#include "crawler/address.h"
#include "tests/fuzz/fuzz_check.h"

namespace domex::fuzz {

inline void CheckCanonical(const std::string& address) {
  const size_t at = address.rfind('@');
  FUZZ_CHECK(at != std::string::npos, address);
  FUZZ_CHECK(address.size() <= 254, address);  // RFC 5321 §4.5.3.1
  const auto again = crawler::CanonicalAddress(
      std::string_view(address).substr(0, at),
      std::string_view(address).substr(at + 1));
  FUZZ_CHECK(again.has_value() && *again == address, address);
}

}  // namespace domex::fuzz
