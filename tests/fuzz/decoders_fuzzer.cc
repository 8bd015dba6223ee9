// The decoders of obfuscated addresses (crawler/decoders.h): Cloudflare
// email protection, base64 and the strings of inline JavaScript. Input: the
// encoded text or the script.
#include <string_view>

#include "crawler/decoders.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace domex;
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  if (auto email = crawler::DecodeCloudflareEmail(in)) {
    // One key byte and two hex digits per byte: never longer than the hex.
    FUZZ_CHECK(email->size() <= size / 2, "cloudflare output too long");
  }
  if (auto bytes = crawler::DecodeBase64(in)) {
    FUZZ_CHECK(bytes->size() <= (size / 4 + 1) * 3, "base64 output too long");
  }
  // Bounded in strings and bytes whatever the script (decoders.cc).
  size_t total = 0;
  const auto strings = crawler::ScriptStrings(in);
  FUZZ_CHECK(strings.size() <= 10000, "too many script strings");
  for (const std::string& s : strings) {
    FUZZ_CHECK(s.size() <= 64 * 1024, "script string too long");
    total += s.size();
  }
  FUZZ_CHECK(total <= 8 * 1024 * 1024, "script strings too large");
  return 0;
}
