#include "reports/terminal_text.h"

#include "reports/json.h"

namespace domex::reports {

namespace {

// The code point of the valid UTF-8 sequence of `n` bytes at s[i].
uint32_t CodePoint(std::string_view s, size_t i, size_t n) {
  static constexpr uint8_t kLeadMask[] = {0, 0x7f, 0x1f, 0x0f, 0x07};
  uint32_t cp = static_cast<uint8_t>(s[i]) & kLeadMask[n];
  for (size_t k = 1; k < n; ++k) {
    cp = cp << 6 | (static_cast<uint8_t>(s[i + k]) & 0x3f);
  }
  return cp;
}

// Invisible characters that reorder or hide text on screen: the bidi
// embeddings, overrides and isolates behind "Trojan Source" (CVE-2021-42574,
// Unicode TR #9), the Arabic letter mark, zero-width spaces, the line and
// paragraph separators, invisible operators and the BOM. ZWNJ and ZWJ
// (U+200C, U+200D) stay: Indic scripts and emoji need them, and they
// neither reorder nor hide text.
bool HidesOrReorders(uint32_t cp) {
  return cp == 0x061c || cp == 0x200b || cp == 0x200e || cp == 0x200f ||
         (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x2064) ||
         (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfeff;
}

}  // namespace

bool HidesOrReordersText(std::string_view s, size_t i, size_t n) {
  return n >= 2 && n <= 4 && i + n <= s.size() &&
         HidesOrReorders(CodePoint(s, i, n));
}

std::string TerminalSafe(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const auto b = static_cast<uint8_t>(s[i]);
    if (b < 0x80) {
      out += (b < 0x20 || b == 0x7f) ? '?' : s[i];
      ++i;
      continue;
    }
    size_t n = Utf8SequenceLength(s, i);
    const bool c1 =
        n == 2 && b == 0xc2 && static_cast<uint8_t>(s[i + 1]) < 0xa0;
    if (n == 0 || c1 || HidesOrReordersText(s, i, n)) {
      out += '?';
      i += n == 0 ? 1 : n;
      continue;
    }
    out.append(s.substr(i, n));
    i += n;
  }
  return out;
}

}  // namespace domex::reports
