#include "store/page_outcome.h"

#include <algorithm>

namespace domex::store {
namespace {

// The engine follows at most 5 hops (CrawlOptions::max_redirects) and
// records loops as failures, so a longer chain of stored records cannot
// come from a crawl; bounded all the same.
constexpr int kMaxHops = 20;

bool LeavesScope(const PageRecord& redirect) {
  // Redirected() lists an out-of-scope target among the external links.
  return std::find(redirect.external_links.begin(),
                   redirect.external_links.end(),
                   redirect.redirect_to) != redirect.external_links.end();
}

// The outcome of a page that is not a redirect.
PageOutcome OutcomeOfPage(const PageRecord& page) {
  switch (page.status) {
    case PageStatus::kFetched:
      return {Outcome::kChecked, ""};
    case PageStatus::kMissing:
      return {Outcome::kMissing, FailureReason(page)};
    case PageStatus::kSkippedRobots:
      if (page.addresses.empty()) return {Outcome::kSkippedRobots, ""};
      return {Outcome::kNotChecked, "disallowed by robots.txt"};
    case PageStatus::kFailed:
    case PageStatus::kRedirect:
      break;
  }
  return {Outcome::kNotChecked, FailureReason(page)};
}

}  // namespace

std::string FailureReason(const PageRecord& page) {
  if (!page.error.empty()) return page.error;
  if (page.http_status != 0) return "HTTP " + std::to_string(page.http_status);
  return "unknown error";
}

PageOutcome OutcomeOf(const PageRecord& page, const PageLookup& lookup) {
  if (page.status != PageStatus::kRedirect) return OutcomeOfPage(page);
  const PageRecord* hop = &page;
  for (int i = 0; i < kMaxHops; ++i) {
    if (LeavesScope(*hop)) return {Outcome::kChecked, ""};
    const std::string to = "redirect to " + hop->redirect_to + ": ";
    const PageRecord* next = lookup(hop->redirect_to);
    if (next == nullptr || next->generation != page.generation) {
      return {Outcome::kNotChecked, to + "not reached"};
    }
    if (next->status == PageStatus::kRedirect) {
      hop = next;
      continue;
    }
    PageOutcome end = OutcomeOfPage(*next);
    switch (end.outcome) {
      case Outcome::kChecked:
      case Outcome::kMissing:
        return {Outcome::kChecked, ""};
      case Outcome::kSkippedRobots:
        // Skipped like its target, unless it holds earlier findings.
        if (page.addresses.empty()) return end;
        return {Outcome::kNotChecked, to + "disallowed by robots.txt"};
      case Outcome::kNotChecked:
        return {Outcome::kNotChecked, to + end.reason};
    }
  }
  return {Outcome::kNotChecked, "too many redirects"};
}

std::map<std::string, std::string> SitesNotChecked(
    const std::vector<std::string>& start_urls, const PageLookup& lookup) {
  std::map<std::string, std::string> out;
  for (const std::string& start : start_urls) {
    const PageRecord* page = lookup(start);
    if (page == nullptr) continue;
    const PageOutcome outcome = OutcomeOf(*page, lookup);
    if (outcome.outcome == Outcome::kChecked) continue;
    const std::string why = outcome.outcome == Outcome::kSkippedRobots
                                ? "disallowed by robots.txt"
                                : outcome.reason;
    out.emplace(page->site,
                "site not checked: start page " + start + ": " + why);
  }
  return out;
}

PageOutcome OutcomeInSite(const PageRecord& page, const PageLookup& lookup,
                          const std::map<std::string, std::string>& unchecked) {
  PageOutcome outcome = OutcomeOf(page, lookup);
  if (outcome.outcome != Outcome::kMissing) return outcome;
  auto site = unchecked.find(page.site);
  if (site == unchecked.end()) return outcome;
  return {Outcome::kNotChecked, outcome.reason + " (" + site->second + ")"};
}

}  // namespace domex::store
