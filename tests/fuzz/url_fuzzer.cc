// URL parsing, reference resolution, normalisation and crawl scope
// (crawler/url.h, crawler/scope.h). Input: "BASE\nHREF" - a start URL and a
// link as written in a page (no newline: the input is the base alone).
#include <string>
#include <string_view>

#include "common/text.h"
#include "crawler/page_kind.h"
#include "crawler/scope.h"
#include "crawler/url.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

using domex::crawler::Url;

// What every URL the crawler holds must be: http(s), a lowercase host, a
// path from the root, within the length cap, free of whitespace and
// controls, and a fixed point of normalisation (two spellings of one page
// must not both be queued).
void CheckNormal(const Url& url) {
  using namespace domex;
  const std::string text = url.ToString();
  FUZZ_CHECK(url.scheme == "http" || url.scheme == "https", text);
  FUZZ_CHECK(!url.host.empty() && url.host == AsciiLower(url.host), text);
  FUZZ_CHECK(!url.path.empty() && url.path[0] == '/', text);
  FUZZ_CHECK(text.size() <= crawler::kMaxUrlLength, text);
  for (unsigned char c : text) FUZZ_CHECK(c > 0x20 && c < 0x7f, text);
  const auto again = crawler::ParseUrl(text);
  FUZZ_CHECK(again.ok(), text + ": " + again.status().message());
  FUZZ_CHECK(again->ToString() == text, text + " -> " + again->ToString());
  (void)crawler::PathPattern(url);
  (void)crawler::LooksLikePdf(url);
  (void)crawler::IsLikelyAsset(url);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace domex;
  const auto [base_text, href] = fuzz::SplitAt(
      std::string_view(reinterpret_cast<const char*>(data), size), '\n');
  const auto base = crawler::ParseUrl(base_text);
  if (!base.ok()) {
    FUZZ_CHECK(!base.status().message().empty(), "error without a message");
    return 0;
  }
  CheckNormal(*base);
  crawler::Scope scope;
  scope.AddSite(*base);
  // A start URL is always inside its own crawl.
  FUZZ_CHECK(scope.Contains(*base), base->ToString());
  const auto link = crawler::ResolveUrl(*base, href);
  if (!link.ok()) return 0;
  CheckNormal(*link);
  const std::string site = scope.SiteOf(*link);
  if (!site.empty()) {
    // In scope means the host is the site or under it at a label boundary.
    const std::string& host = link->host;
    FUZZ_CHECK(host == site || (host.size() > site.size() &&
                                EndsWith(host, "." + site)),
               host + " in " + site);
  }
  return 0;
}
