// Character sets: find a page's declared charset and convert it to UTF-8.
// Pure (iconv from glibc); thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace domex::crawler {

// The lowercase charset parameter of a Content-Type header value:
// "text/html; Charset=\"ISO-8859-1\"" -> "iso-8859-1"; "" when absent.
std::string CharsetFromContentType(std::string_view content_type);

// The charset an HTML document declares in its first 1024 bytes: a byte
// order mark, <meta charset=...>, or <meta http-equiv="Content-Type"
// content="...; charset=...">. "" when none is declared.
std::string SniffHtmlCharset(std::string_view html);

// Converts `body` to UTF-8. `charset` "" means unknown: valid UTF-8 stays as
// it is, anything else is read as windows-1252 (the WHATWG default). An
// unknown label or invalid bytes never fail: invalid sequences become
// U+FFFD. The output is always valid UTF-8.
std::string ToUtf8(std::string_view body, std::string_view charset);

}  // namespace domex::crawler
