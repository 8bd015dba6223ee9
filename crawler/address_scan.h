// Internal to crawler/: the address scanners with source offsets, so the HTML
// extractor can tell which text nodes an address spans. Not a public API.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace domex::crawler::internal {

// One address found in a text: canonical spelling and the [begin, end) byte
// range of its source in the scanned text.
struct AddressSpan {
  std::string address;
  size_t begin = 0;
  size_t end = 0;
};

// Every plainly written address, in order, duplicates kept. Linear time:
// `steps`, when given, grows by the bytes visited, at most 4 per byte of
// `text` (how the bound is tested: by count, not by time).
std::vector<AddressSpan> ScanAddresses(std::string_view text,
                                       size_t* steps = nullptr);

// Every address written with spelled-out separators ("[at]", " dot "...),
// in order, duplicates kept. Linear time: `steps` grows by at most 5 per
// byte of `text`.
std::vector<AddressSpan> ScanAtDotAddresses(std::string_view text,
                                            size_t* steps = nullptr);

}  // namespace domex::crawler::internal
