// Character sets as a browser reads them: the labels of the WHATWG Encoding
// Standard (https://encoding.spec.whatwg.org/#names-and-labels), the HTML
// encoding sniffing algorithm (HTML §13.2.3), and conversion to UTF-8. A
// page is decoded the way Chromium or Firefox would show it, so domex finds
// the addresses a person (or a harvester reading rendered text) would see:
// a label browsers do not know ("EBCDIC-US", "UTF-32") is ignored as they
// ignore it. Pure (iconv from glibc); thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace domex::crawler {

// The lowercase charset parameter of a Content-Type header value:
// "text/html; Charset=\"ISO-8859-1\"" -> "iso-8859-1"; "" when absent.
std::string CharsetFromContentType(std::string_view content_type);

// The Encoding Standard's "get an encoding": the name of the encoding a
// label stands for, ignoring ASCII case and leading and trailing ASCII
// whitespace (" Latin1" -> "windows-1252", "utf8" -> "UTF-8",
// "iso-2022-kr" -> "replacement"). "" when the label is not in the
// standard's table ("ebcdic-us", "utf-32", "utf-8//translit").
std::string_view EncodingForLabel(std::string_view label);

// The encoding an HTML document declares in its first bytes, as an Encoding
// Standard name: its byte order mark, else the first <meta charset> or
// <meta http-equiv=content-type content="...charset=..."> in the first 1024
// bytes whose label is known (HTML §13.2.3.2 prescan: comments and other
// tags' attributes are skipped, a UTF-16 label there means UTF-8 and
// x-user-defined means windows-1252). "" when none is declared.
std::string SniffHtmlCharset(std::string_view html);

// Decodes a fetched body to UTF-8 as a browser would (HTML §13.2.3.1): a
// byte order mark decides first (it overrides the header and <meta>), then
// the Content-Type charset if it names a known encoding, then for HTML the
// <meta> prescan, else the default: UTF-8 when the body is valid UTF-8 (as
// Chromium's detector decides), windows-1252 otherwise. Invalid sequences
// become U+FFFD. Fails (kInvalidArgument naming the label) when the page
// cannot be read: its encoding is "replacement" (ISO-2022-KR, HZ-GB-2312...:
// browsers show a single U+FFFD, never the text) or iconv lacks it.
Result<std::string> DecodeBody(std::string_view body,
                               std::string_view content_type, bool html);

// Converts `body` from the encoding `charset` (a label) names to UTF-8.
// A BOM overrides the label. An empty or unknown label gets the default
// (UTF-8 when valid, else windows-1252); "replacement" gives one U+FFFD for
// a non-empty body. Never fails; the output is always valid UTF-8.
std::string ToUtf8(std::string_view body, std::string_view charset);

}  // namespace domex::crawler
