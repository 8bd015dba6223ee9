// Sitemaps (sitemaps.org protocol): XML <urlset>, XML <sitemapindex>, plain
// text (one URL per line), any of them gzip-compressed. Pure; thread-safe.
// Parsing is tolerant (a scan for <loc> elements, entities decoded) and
// bounded: at most kMaxSitemapUrls locations and `max_bytes` after gunzip.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace domex::crawler {

inline constexpr size_t kMaxSitemapUrls = 50000;  // the protocol's own limit

struct Sitemap {
  bool is_index = false;          // <sitemapindex>: locs are more sitemaps
  std::vector<std::string> locs;  // as written (entities decoded, trimmed)
  size_t bytes = 0;               // the body's size after gunzip
};

// Parses a sitemap body; gzip (magic 1f 8b) is inflated first. Fails when
// the gzip stream is corrupt or the body (inflated) is larger than
// `max_bytes`.
Result<Sitemap> ParseSitemap(std::string_view body, size_t max_bytes);

// Inflates a gzip stream; fails when corrupt or larger than `max_bytes`.
Result<std::string> Gunzip(std::string_view gz, size_t max_bytes);

}  // namespace domex::crawler
