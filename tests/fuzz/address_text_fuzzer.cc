// Addresses in plain text: text/* pages, PDF text (crawler/address.h,
// ExtractFromDocumentText). Input: the text.
#include <set>
#include <string_view>

#include "crawler/address.h"
#include "crawler/html_extract.h"
#include "tests/fuzz/address_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace domex;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (auto find : {&crawler::FindAddresses,
                           &crawler::FindAtDotAddresses}) {
    std::set<std::string> seen;
    for (const std::string& address : find(text)) {
      fuzz::CheckCanonical(address);
      FUZZ_CHECK(seen.insert(address).second, address + " twice");
    }
  }
  // Every plainly written address is also found in a document's text.
  std::set<std::string> in_document;
  for (const crawler::Finding& f : crawler::ExtractFromDocumentText(text)) {
    fuzz::CheckCanonical(f.address);
    FUZZ_CHECK(f.forms & crawler::FormBit(crawler::Form::kDocument),
               f.address + " without the document form");
    in_document.insert(f.address);
  }
  for (const std::string& address : crawler::FindAddresses(text)) {
    FUZZ_CHECK(in_document.count(address) == 1, address + " missed");
  }
  return 0;
}
