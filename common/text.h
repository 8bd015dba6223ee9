// Small string helpers shared by every component. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace domex {

// ASCII-only case folding; bytes >= 0x80 are left alone.
std::string AsciiLower(std::string_view s);
bool EqualsIgnoreCase(std::string_view a, std::string_view b);
bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix);
bool EndsWith(std::string_view s, std::string_view suffix);
// Strips ASCII whitespace (space, \t, \r, \n, \f, \v) at both ends.
std::string_view Trim(std::string_view s);
// Splits on `sep`; empty pieces are kept.
std::vector<std::string_view> Split(std::string_view s, char sep);
// Decodes %XX escapes; a malformed escape is kept literally. `plus_is_space`
// for application/x-www-form-urlencoded query strings.
std::string PercentDecode(std::string_view s, bool plus_is_space = false);
// RFC 3986 §6.2.2 percent-encoding normalisation: escape hex upper-cased,
// escaped unreserved characters (§2.3) decoded, and raw bytes that may not
// appear on the wire escaped: controls, space, DEL, non-ASCII, and any byte
// in `also_escape`. A '%' not followed by two hex digits is kept as is.
std::string NormalizePercentEscapes(std::string_view s,
                                    std::string_view also_escape = "");
// The value of one hex digit (either case), or -1.
int HexDigitValue(char c);
// Appends code point `cp` encoded as UTF-8. Callers validate the range: a
// value above U+10FFFF appends nothing.
void AppendUtf8(uint32_t cp, std::string* out);
// Parses a non-negative decimal integer that fits in `long long`; false on
// empty input, a sign, other characters or overflow.
bool ParseNonNegative(std::string_view s, long long* out);

}  // namespace domex
