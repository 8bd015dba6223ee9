// robots.txt per RFC 9309, plus the non-standard Crawl-delay and Sitemap lines.
//
// Matching follows §2.2.2: the rule with the longest matching pattern wins,
// Allow wins a tie, "*" matches any run of characters and "$" anchors the end.
// Group selection follows §2.2.1: the group whose user-agent line equals our
// product token (case-insensitive) wins; otherwise the "*" group; several
// groups for the same agent are merged. At least the first 500 KiB are parsed
// (§2.5). Pure; a RobotsRules value is immutable and thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace domex::crawler {

// Bytes of robots.txt parsed; RFC 9309 §2.5 requires at least 500 KiB.
inline constexpr size_t kMaxRobotsBytes = 512 * 1024;

struct RobotsRule {
  bool allow = false;
  std::string pattern;  // as written, percent-escapes normalised
};

class RobotsRules {
 public:
  static RobotsRules AllowAll();
  static RobotsRules DisallowAll();

  // Whether `path_and_query` ("/a/b?c=d", percent-encoded as sent on the
  // wire) may be fetched. "/robots.txt" is always allowed (§2.2.2). Linear
  // in the rules' size and the path's for each rule: `steps`, when given,
  // grows by the characters compared (how the bound is tested: by count,
  // not by time).
  bool Allows(std::string_view path_and_query, size_t* steps = nullptr) const;

  // Crawl-delay of the selected group, in seconds, if one was given.
  std::optional<double> crawl_delay_seconds;
  // Sitemap: lines (they apply to the whole file, not a group).
  std::vector<std::string> sitemaps;
  std::vector<RobotsRule> rules;
  bool disallow_all = false;  // set for 5xx / unreachable robots.txt
};

// Parses a robots.txt body for the agent `product_token` (e.g. "domex").
RobotsRules ParseRobots(std::string_view body, std::string_view product_token);

// The rules implied by fetching robots.txt: 2xx parses the body; 3xx that
// could not be followed and 4xx allow everything (§2.3.1.3); 5xx, or
// `http_status` 0 (unreachable), disallow everything (§2.3.1.4).
RobotsRules RobotsForResponse(int http_status, std::string_view body,
                              std::string_view product_token);

}  // namespace domex::crawler
