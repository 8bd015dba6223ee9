// Sitemaps (crawler/sitemap.h): XML urlset and sitemapindex, plain text,
// gzip-compressed or not. Input: the body as fetched.
#include <string_view>

#include "crawler/sitemap.h"
#include "tests/fuzz/fuzz_check.h"

namespace {
// The crawler's own cap on a sitemap after gunzip: five times the default
// body limit (crawler/crawl.cc).
constexpr size_t kMaxInflated = 5 * 10 * 1024 * 1024;
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace domex;
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  const auto map = crawler::ParseSitemap(body, kMaxInflated);
  if (map.ok()) {
    FUZZ_CHECK(map->locs.size() <= crawler::kMaxSitemapUrls, "too many locs");
  }
  const auto inflated = crawler::Gunzip(body, kMaxInflated);
  if (!inflated.ok()) return 0;
  FUZZ_CHECK(inflated->size() <= kMaxInflated, "inflated past the cap");
  // A gzip body means exactly what its inflated text means (the text of a
  // gzip that itself looks gzipped is inflated once only).
  const bool gzip = size >= 2 && data[0] == 0x1f && data[1] == 0x8b;
  if (!gzip || !map.ok()) return 0;
  const auto plain = crawler::ParseSitemap(*inflated, kMaxInflated);
  if (inflated->size() >= 2 && (*inflated)[0] == '\x1f' &&
      (*inflated)[1] == '\x8b') {
    return 0;
  }
  FUZZ_CHECK(plain.ok(), plain.status().message());
  FUZZ_CHECK(plain->is_index == map->is_index && plain->locs == map->locs,
             "gzip and plain sitemaps differ");
  return 0;
}
