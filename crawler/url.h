// URL parsing, resolution and normalisation for the crawler.
//
// Only http and https URLs exist here: every other scheme is an error, so a
// `mailto:`, `javascript:`, `file:` or `ftp:` link can never be fetched.
// Normalisation makes two spellings of one resource compare equal, which is
// what defeats most crawler traps: lowercase scheme and host, default port
// dropped, dot segments removed (RFC 3986 §5.2.4), fragment dropped, percent
// escapes upper-cased and unreserved characters decoded (§6.2.2), empty path
// becomes "/". Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace domex::crawler {

struct Url {
  std::string scheme;  // "http" or "https"
  std::string host;    // lowercase; IPv6 literals keep their brackets
  int port = 0;        // 0 when the scheme's default port is used
  std::string path;    // starts with "/", percent-encoded as on the wire
  std::string query;   // without the "?"; empty when absent

  // "scheme://host[:port]": the unit of politeness and of robots.txt.
  std::string Origin() const;
  // Path plus "?query" when there is a query: what robots.txt matches.
  std::string PathAndQuery() const;
  // The normalised absolute URL.
  std::string ToString() const;
};

// Longest URL accepted, in bytes; longer ones are errors (trap defence).
inline constexpr size_t kMaxUrlLength = 4096;

// Parses an absolute http(s) URL and normalises it. Fails (kInvalidArgument,
// message naming the problem) on another scheme, a missing or invalid host,
// a bad port, whitespace or control characters, or a URL over kMaxUrlLength.
// A host is a DNS name (labels of letters, digits, '-' and '_', 1-63 octets,
// no hyphen at either end, xn-- labels valid IDNA2008 A-labels, at most 253
// octets), an IPv4 dotted quad, or a bracketed IPv6 literal; a host whose
// last label is a number must be a dotted quad (WHATWG reads it as IPv4),
// so "999.1.1.1" and "1.2.3.4.5" are refused.
Result<Url> ParseUrl(std::string_view text);

// Resolves `href` (as written in a page, possibly relative) against `base`
// per RFC 3986 §5.2 and normalises the result. Surrounding whitespace is
// ignored. Fails like ParseUrl, e.g. for "mailto:" or "javascript:" hrefs.
Result<Url> ResolveUrl(const Url& base, std::string_view href);

// A key shared by URLs that differ only in numbers or query values, so an
// endless calendar (`/calendar?month=1`, `?month=2`, ...) maps to one key
// that can be capped: digit runs become "0", query values are dropped and
// query names sorted. "/cal/2024/05?month=5&y=1" -> "host/cal/0/0?month&y".
std::string PathPattern(const Url& url);

// True when the URL's path looks like a PDF document ("*.pdf", any case).
bool LooksLikePdf(const Url& url);

}  // namespace domex::crawler
