// Address and link extraction from one HTML page (crawler/html_extract.h),
// nesting cap included. Input: the page, as UTF-8 (the crawler converts
// every page first; invalid bytes are fuzzed too).
#include <set>
#include <string_view>

#include "crawler/html_extract.h"
#include "tests/fuzz/address_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace domex;
  const std::string_view html(reinterpret_cast<const char*>(data), size);
  const crawler::PageExtract page = crawler::ExtractFromHtml(html);
  std::set<std::string> seen;
  for (const crawler::Finding& f : page.findings) {
    fuzz::CheckCanonical(f.address);
    FUZZ_CHECK(f.forms != 0, f.address + " has no form");
    FUZZ_CHECK(f.forms < (crawler::FormSet{1} << crawler::kFormCount),
               f.address + " has an unknown form");
    FUZZ_CHECK(seen.insert(f.address).second, f.address + " twice");
  }
  std::set<std::string> hrefs(page.hrefs.begin(), page.hrefs.end());
  FUZZ_CHECK(hrefs.size() == page.hrefs.size(), "duplicate href");
  return 0;
}
