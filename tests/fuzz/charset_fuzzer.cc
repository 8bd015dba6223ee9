// Charset detection and conversion (crawler/charset.h) and the choice of
// what a body is (crawler/page_kind.h), as the crawler does for each
// response. Input: "CONTENT-TYPE\nBODY".
#include <string>
#include <string_view>

#include "crawler/charset.h"
#include "crawler/page_kind.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace domex;
  const auto [content_type, body] = fuzz::SplitAt(
      std::string_view(reinterpret_cast<const char*>(data), size), '\n');
  (void)crawler::ClassifyContent(content_type, body);
  std::string charset = crawler::CharsetFromContentType(content_type);
  const std::string sniffed = crawler::SniffHtmlCharset(body);
  for (char c : charset) {
    FUZZ_CHECK(!(c >= 'A' && c <= 'Z'), "label not lowercase: " + charset);
  }
  if (charset.empty()) charset = sniffed;
  // Whatever the label and the bytes, the text handed to the extractors is
  // valid UTF-8 (charset.h).
  const std::string text = crawler::ToUtf8(body, charset);
  FUZZ_CHECK(fuzz::IsValidUtf8(text), "invalid UTF-8 from " + charset);
  FUZZ_CHECK(fuzz::IsValidUtf8(crawler::ToUtf8(body, "")), "invalid UTF-8");
  return 0;
}
