#include "reports/terminal_text.h"

#include "reports/json.h"

namespace domex::reports {

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
    if (n == 0 || c1) {
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
