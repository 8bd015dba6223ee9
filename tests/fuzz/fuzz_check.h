// What the fuzz targets assert about their outputs. A failed check prints
// what broke and aborts, which libFuzzer reports as a crash and saves the
// input that caused it. Used only by tests/fuzz.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>

// Like assert, but never compiled out: RelWithDebInfo defines NDEBUG.
#define FUZZ_CHECK(condition, what)                                      \
  do {                                                                   \
    if (!(condition)) {                                                  \
      std::fprintf(stderr, "%s:%d: FUZZ_CHECK(%s) failed: %s\n", __FILE__, \
                   __LINE__, #condition, std::string(what).c_str());    \
      std::abort();                                                      \
    }                                                                    \
  } while (0)

namespace domex::fuzz {

// Strict UTF-8 (RFC 3629 §4): shortest forms only, no surrogates, nothing
// above U+10FFFF. Written here rather than borrowed from the code under test
// so the check does not share its bugs.
inline bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<uint8_t>(s[i]);
    size_t n = 0;
    uint32_t cp = 0;
    if (b < 0x80) {
      ++i;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      n = 1, cp = b & 0x1f;
    } else if (b >= 0xe0 && b <= 0xef) {
      n = 2, cp = b & 0x0f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      n = 3, cp = b & 0x07;
    } else {
      return false;
    }
    if (s.size() - i <= n) return false;
    for (size_t k = 1; k <= n; ++k) {
      const auto c = static_cast<uint8_t>(s[i + k]);
      if ((c & 0xc0) != 0x80) return false;
      cp = cp << 6 | (c & 0x3f);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
        (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) {
      return false;
    }
    i += n + 1;
  }
  return true;
}

// The input split at the first byte `sep`: {before, after}; {all, ""}
// when there is none.
inline std::pair<std::string_view, std::string_view> SplitAt(
    std::string_view s, char sep) {
  const size_t at = s.find(sep);
  if (at == std::string_view::npos) return {s, {}};
  return {s.substr(0, at), s.substr(at + 1)};
}

}  // namespace domex::fuzz
