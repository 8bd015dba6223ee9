#include "crawler/robots.h"

#include <charconv>
#include <cmath>
#include <vector>

#include "common/text.h"

namespace domex::crawler {
namespace {

// Hostile-input bounds beyond the RFC's 500 KiB.
constexpr size_t kMaxRules = 10000;
constexpr size_t kMaxSitemaps = 1000;
constexpr size_t kMaxPatternLength = 4096;

// §2.2.2: patterns and paths are compared with non-ASCII octets
// percent-encoded; we also apply RFC 3986 §6.2.2 (upper-case hex, decode
// unreserved) so "/%7Efoo" and "/~foo" compare equal. "%2F" stays encoded:
// it is not the same resource as "/".
std::string NormalizeForMatch(std::string_view s) {
  return NormalizePercentEscapes(s);
}

// The first `piece` in `path` at or after `from`, or npos, by Knuth-Morris-
// Pratt: fewer than 2 * (piece + path) comparisons, each counted in
// *steps. string_view::find compares naively, and a hostile rule such as
// "/*aaaa...ab" against a path of 'a's costs piece x path per rule (41 ms
// per URL for a 512 KiB robots.txt of such rules).
size_t FindPiece(std::string_view path, std::string_view piece, size_t from,
                 size_t* steps) {
  if (piece.empty()) return from <= path.size() ? from : std::string_view::npos;
  // border[i]: the length of the longest proper prefix of piece[0..i] that
  // is also its suffix.
  std::vector<size_t> border(piece.size(), 0);
  for (size_t i = 1, k = 0; i < piece.size(); ++i) {
    for (; k > 0 && piece[i] != piece[k]; ++*steps) k = border[k - 1];
    ++*steps;
    if (piece[i] == piece[k]) ++k;
    border[i] = k;
  }
  for (size_t i = from, k = 0; i < path.size(); ++i) {
    for (; k > 0 && path[i] != piece[k]; ++*steps) k = border[k - 1];
    ++*steps;
    if (path[i] == piece[k]) ++k;
    if (k == piece.size()) return i + 1 - k;
  }
  return std::string_view::npos;
}

// Wildcard match without backtracking blow-up: the pattern is split at '*'
// and each literal piece is found at its leftmost position after the
// previous one. Leftmost placement is always safe for '*'-only globs, and
// each piece is found in linear time, so the cost is O(pieces * path +
// pattern), counted in *steps.
bool PatternMatches(std::string_view pattern, std::string_view path,
                    size_t* steps) {
  bool anchored = !pattern.empty() && pattern.back() == '$';
  if (anchored) pattern.remove_suffix(1);
  size_t star = pattern.find('*');
  std::string_view head = pattern.substr(0, star);
  *steps += head.size();
  if (path.substr(0, head.size()) != head) return false;
  if (star == std::string_view::npos) return !anchored || path.size() == head.size();
  size_t pos = head.size();
  pattern.remove_prefix(star + 1);
  while (true) {
    star = pattern.find('*');
    std::string_view piece = pattern.substr(0, star);
    if (star == std::string_view::npos) {
      // The last piece: anywhere after pos, or exactly at the end when
      // anchored by '$'.
      if (!anchored) {
        return FindPiece(path, piece, pos, steps) != std::string_view::npos;
      }
      *steps += piece.size();
      return path.size() >= pos + piece.size() &&
             path.substr(path.size() - piece.size()) == piece;
    }
    size_t found = FindPiece(path, piece, pos, steps);
    if (found == std::string_view::npos) return false;
    pos = found + piece.size();
    pattern.remove_prefix(star + 1);
  }
}

// Our UA "domex/0.1 (+https://...)" and a line "Domex/1.0" both reduce to
// the product token "domex" (§2.2.1).
std::string ProductToken(std::string_view agent) {
  agent = Trim(agent);
  size_t end = agent.find_first_of("/ \t");
  return AsciiLower(agent.substr(0, end));
}

struct Group {
  std::vector<std::string> agents;
  std::vector<RobotsRule> rules;
  std::optional<double> crawl_delay;
};

struct Line {
  std::string key;  // lowercase, typos folded
  std::string_view value;
};

// "key: value # comment" -> Line; false for blank or malformed lines.
bool SplitLine(std::string_view raw, Line* line) {
  size_t hash = raw.find('#');
  if (hash != std::string_view::npos) raw = raw.substr(0, hash);
  size_t colon = raw.find(':');
  if (colon == std::string_view::npos) return false;
  std::string key = AsciiLower(Trim(raw.substr(0, colon)));
  line->value = Trim(raw.substr(colon + 1));
  // Common misspellings real sites use; honouring them errs towards
  // politeness.
  if (key == "useragent" || key == "user agent") key = "user-agent";
  if (key == "dissallow" || key == "disalow" || key == "dissalow") key = "disallow";
  line->key = std::move(key);
  return true;
}

std::optional<double> ParseDelay(std::string_view text) {
  double value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr == text.data()) return std::nullopt;
  if (!std::isfinite(value) || value < 0) return std::nullopt;
  return value;
}

// Only complete lines of the first kMaxRobotsBytes count: a rule cut in half
// at the limit would match something its author did not write.
std::string_view Bounded(std::string_view body) {
  if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);
  if (body.size() <= kMaxRobotsBytes) return body;
  body = body.substr(0, kMaxRobotsBytes);
  size_t last = body.find_last_of("\r\n");
  return last == std::string_view::npos ? std::string_view() : body.substr(0, last);
}

class Parser {
 public:
  void Feed(const Line& line, RobotsRules* out) {
    if (line.key == "sitemap") {
      if (!line.value.empty() && out->sitemaps.size() < kMaxSitemaps) {
        out->sitemaps.emplace_back(line.value);
      }
    } else if (line.key == "user-agent") {
      // Consecutive user-agent lines share one group (§2.1).
      if (groups_.empty() || !in_agents_) groups_.emplace_back();
      groups_.back().agents.push_back(ProductToken(line.value));
      in_agents_ = true;
    } else if (line.key == "allow" || line.key == "disallow") {
      in_agents_ = false;
      AddRule(line.key == "allow", line.value);
    } else if (line.key == "crawl-delay") {
      in_agents_ = false;
      if (!groups_.empty() && !groups_.back().crawl_delay) {
        groups_.back().crawl_delay = ParseDelay(line.value);
      }
    }
  }
  std::vector<Group>& groups() { return groups_; }

 private:
  void AddRule(bool allow, std::string_view value) {
    // Rules before any user-agent line belong to no group (§2.1); an empty
    // value matches nothing (§2.2.2).
    if (groups_.empty() || value.empty() || rule_count_ >= kMaxRules) return;
    if (value.size() > kMaxPatternLength) return;
    std::string pattern = NormalizeForMatch(value);
    if (pattern[0] != '/' && pattern[0] != '*') pattern.insert(0, "/");
    groups_.back().rules.push_back({allow, std::move(pattern)});
    ++rule_count_;
  }

  std::vector<Group> groups_;
  bool in_agents_ = false;
  size_t rule_count_ = 0;
};

// §2.2.1: every group naming our token, merged; else every "*" group.
void SelectGroups(std::vector<Group>& groups, const std::string& token,
                  RobotsRules* out) {
  for (std::string wanted : {token, std::string("*")}) {
    if (wanted.empty()) continue;
    bool found = false;
    for (Group& group : groups) {
      bool named = false;
      for (const std::string& agent : group.agents) named |= agent == wanted;
      if (!named) continue;
      found = true;
      for (RobotsRule& rule : group.rules) out->rules.push_back(std::move(rule));
      if (!out->crawl_delay_seconds) out->crawl_delay_seconds = group.crawl_delay;
    }
    if (found) return;
  }
}

}  // namespace

RobotsRules RobotsRules::AllowAll() { return RobotsRules(); }

RobotsRules RobotsRules::DisallowAll() {
  RobotsRules rules;
  rules.disallow_all = true;
  return rules;
}

bool RobotsRules::Allows(std::string_view path_and_query, size_t* steps) const {
  size_t ignored = 0;
  if (steps == nullptr) steps = &ignored;
  if (path_and_query == "/robots.txt") return true;  // §2.2.2
  if (disallow_all) return false;
  std::string path = NormalizeForMatch(path_and_query);
  if (path.empty()) path = "/";
  size_t best_length = 0;
  bool allowed = true;
  bool matched = false;
  for (const RobotsRule& rule : rules) {
    // Longest pattern wins; Allow wins a tie (§2.2.2).
    size_t length = rule.pattern.size();
    if (matched && (length < best_length || (length == best_length && allowed))) {
      continue;
    }
    if (!PatternMatches(rule.pattern, path, steps)) continue;
    if (!matched || length > best_length) {
      allowed = rule.allow;
    } else {
      allowed = allowed || rule.allow;
    }
    matched = true;
    best_length = length;
  }
  return allowed;
}

RobotsRules ParseRobots(std::string_view body, std::string_view product_token) {
  RobotsRules out;
  Parser parser;
  std::string_view text = Bounded(body);
  size_t pos = 0;
  while (pos < text.size()) {
    // CR, LF and CRLF all end a line; the empty piece of a CRLF is skipped.
    size_t end = text.find_first_of("\r\n", pos);
    if (end == std::string_view::npos) end = text.size();
    Line line;
    if (SplitLine(text.substr(pos, end - pos), &line)) parser.Feed(line, &out);
    pos = end + 1;
  }
  SelectGroups(parser.groups(), ProductToken(product_token), &out);
  return out;
}

RobotsRules RobotsForResponse(int http_status, std::string_view body,
                              std::string_view product_token) {
  if (http_status >= 200 && http_status < 300) {
    return ParseRobots(body, product_token);
  }
  // The fetcher follows up to five redirects (§2.3.1.2) before calling us,
  // so a 3xx here is one it could not follow: treated like 4xx, "unavailable"
  // (§2.3.1.3). 429 is an overloaded server, not a missing file; like 5xx
  // it disallows, which is the polite reading.
  if (http_status >= 300 && http_status < 500 && http_status != 429) {
    return RobotsRules::AllowAll();
  }
  // 5xx, 429, 0 (unreachable) and nonsense codes: "unreachable" (§2.3.1.4).
  return RobotsRules::DisallowAll();
}

}  // namespace domex::crawler
