// Decoders for the obfuscations sites use to hide addresses: Cloudflare email
// protection, and the string tricks of inline JavaScript. Pure; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace domex::crawler {

// Cloudflare email protection: hex digits whose first byte is the XOR key
// for the rest. Accepts the bare hex of `data-cfemail` and the href form
// "/cdn-cgi/l/email-protection#hex" (anything after the hex, such as
// "?subject=", is ignored). nullopt when the hex is malformed.
std::optional<std::string> DecodeCloudflareEmail(std::string_view encoded);

// Strings a script builds without running it: every string literal, every
// "+" concatenation of literals and of variables assigned literals,
// atob('base64') calls, '...'.split('').reverse().join('') reversals, and
// the Caesar/ROT "unCrypt mailto" shifts (kept only when the decoded text
// starts with "mailto:"). Bounded in tokens and output size.
std::vector<std::string> ScriptStrings(std::string_view script);

// Decodes standard base64 (with or without padding); nullopt if malformed.
std::optional<std::string> DecodeBase64(std::string_view b64);

}  // namespace domex::crawler
