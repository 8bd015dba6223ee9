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

// How much work ScriptStrings did, counted in steps rather than time so
// that its bounds hold the same in slow and sanitizer builds.
struct ScriptWork {
  size_t tokens = 0;  // tokens read from the script
  size_t bytes = 0;   // bytes of strings built, copied, decoded or emitted
};
// At most this many tokens are read...
inline constexpr size_t kMaxScriptTokens = 200000;
// ...and evaluation stops once it has handled this many bytes (the step
// under way finishes: at most two strings of 64 KiB more).
inline constexpr size_t kMaxScriptWorkBytes = 64 << 20;

// Strings a script builds without running it: every string literal, every
// "+" concatenation of literals and of variables assigned literals,
// atob('base64') calls, '...'.split('').reverse().join('') reversals, and
// the Caesar/ROT "unCrypt mailto" shifts (kept only when the decoded text
// starts with "mailto:"). Bounded in tokens, work and output size; `work`,
// when given, receives the counts.
std::vector<std::string> ScriptStrings(std::string_view script,
                                       ScriptWork* work = nullptr);

// Decodes standard base64 (with or without padding); nullopt if malformed.
std::optional<std::string> DecodeBase64(std::string_view b64);

}  // namespace domex::crawler
