#include "reports/json.h"

namespace domex::reports {
namespace {

void AppendEscapedAscii(char c, std::string* out) {
  static const char kHex[] = "0123456789abcdef";
  switch (c) {
    case '"':
      *out += "\\\"";
      return;
    case '\\':
      *out += "\\\\";
      return;
    case '\b':
      *out += "\\b";
      return;
    case '\f':
      *out += "\\f";
      return;
    case '\n':
      *out += "\\n";
      return;
    case '\r':
      *out += "\\r";
      return;
    case '\t':
      *out += "\\t";
      return;
  }
  // Control characters must be escaped; '<' is too, so that "</script>"
  // in a crawled string cannot end a script block the JSON is pasted into.
  const auto u = static_cast<uint8_t>(c);
  if (u < 0x20 || c == '<') {
    *out += "\\u00";
    *out += kHex[u >> 4];
    *out += kHex[u & 0xf];
    return;
  }
  *out += c;
}

}  // namespace

size_t Utf8SequenceLength(std::string_view s, size_t i) {
  const auto byte = [&](size_t k) {
    return i + k < s.size() ? static_cast<uint8_t>(s[i + k]) : 0;
  };
  const uint8_t b = byte(0);
  size_t n;
  uint8_t lo = 0x80, hi = 0xbf;  // allowed range of the second byte
  if (b >= 0xc2 && b <= 0xdf) {
    n = 2;
  } else if (b >= 0xe0 && b <= 0xef) {
    n = 3;
    if (b == 0xe0) lo = 0xa0;  // overlong
    if (b == 0xed) hi = 0x9f;  // UTF-16 surrogates
  } else if (b >= 0xf0 && b <= 0xf4) {
    n = 4;
    if (b == 0xf0) lo = 0x90;  // overlong
    if (b == 0xf4) hi = 0x8f;  // above U+10FFFF
  } else {
    return 0;
  }
  if (byte(1) < lo || byte(1) > hi) return 0;
  for (size_t k = 2; k < n; ++k) {
    if (byte(k) < 0x80 || byte(k) > 0xbf) return 0;
  }
  return n;
}

std::string JsonString(std::string_view s) {
  std::string out = "\"";
  for (size_t i = 0; i < s.size();) {
    if (static_cast<uint8_t>(s[i]) < 0x80) {
      AppendEscapedAscii(s[i++], &out);
      continue;
    }
    size_t n = Utf8SequenceLength(s, i);
    if (n == 0) {
      out += "\xef\xbf\xbd";  // U+FFFD for the invalid byte
      ++i;
      continue;
    }
    std::string_view seq = s.substr(i, n);
    // Valid JSON, but they end a line in pre-2019 JavaScript.
    if (seq == "\xe2\x80\xa8") {
      out += "\\u2028";
    } else if (seq == "\xe2\x80\xa9") {
      out += "\\u2029";
    } else {
      out.append(seq.data(), seq.size());
    }
    i += n;
  }
  return out + "\"";
}

}  // namespace domex::reports
