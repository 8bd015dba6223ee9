// The report of a scan (issue 4): what is exposed per institution, and what
// changed since an earlier scan. A plain value built from the store by
// BuildScanReport (to come) and rendered by pure functions: text, Markdown,
// JSON, CSV and a self-contained HTML page. Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "reports/crawl_report.h"
#include "store/records.h"

namespace domex::reports {

// How an item compares with the earlier scan: "new", "present", "gone",
// and for lookalikes also "changed" (verdict, mail class or records).
enum class ItemStatus { kNew, kPresent, kGone, kChanged };
const char* ItemStatusName(ItemStatus status);

// An item the scan's config acknowledges (store::Acknowledgement), judged
// on the day the scan started.
struct AckState {
  std::string reason;
  std::string expires;   // "YYYY-MM-DD"; "" never
  bool expired = false;  // before the scan's day: news again
};

// One address of one institution.
struct AddressItem {
  std::string institution;
  std::string address;
  std::vector<std::string> forms;  // sorted; for "gone", as last seen
  // Sorted: the pages checked in the scan that show it (for "gone", as
  // last seen).
  std::vector<std::string> pages;
  // When no checked page showed it: the pages not checked in the scan
  // (failed, or not reached) where it was seen before. It is then
  // "present" as last seen, never "gone". Sorted.
  std::vector<std::string> not_checked_pages;
  std::string harvestable_by;  // see HarvestableBy
  // Scope site keys ("school.in") of those pages, sorted: the "sites" of
  // RenderCrawlJson's addresses, which the scan JSON extends, and the HTML
  // chart of addresses by site.
  std::vector<std::string> sites;
  ItemStatus status = ItemStatus::kPresent;
  uint64_t first_seen = 0;  // scan ids
  uint64_t last_seen = 0;
  // Its history: the runs of consecutive scans (up to the reported one)
  // that saw it, as [first, last] scan ids.
  std::vector<std::pair<uint64_t, uint64_t>> seen_in;
  std::optional<AckState> acknowledged;
};

// A lookalike's state from a scan on: "registered"/"wildcard" with its
// mail class, or "unregistered" (its domain was checked and it was not
// there). Scans that could not tell (unknown) add nothing.
struct LookalikeState {
  uint64_t scan = 0;
  std::string verdict;
  std::string mail;
  bool operator==(const LookalikeState& o) const {
    return scan == o.scan && verdict == o.verdict && mail == o.mail;
  }
};

// One lookalike of one of an institution's domains.
struct LookalikeItem {
  std::string institution;
  store::LookalikeRecord record;  // as last checked
  ItemStatus status = ItemStatus::kPresent;
  // For kChanged: what changed, e.g. "mail none -> mx", "MX +10 mx.evil".
  std::vector<std::string> changes;
  uint64_t first_seen = 0;  // scan ids
  uint64_t last_seen = 0;
  std::vector<LookalikeState> history;  // each change of state, oldest first
  std::optional<AckState> acknowledged;
};

// A page not checked (or missing) that the config acknowledges as broken.
struct AcknowledgedPage {
  PageProblem page;
  AckState acknowledged;
};

struct InstitutionSummary {
  std::string name;
  std::vector<std::string> sites;    // start URLs
  std::vector<std::string> domains;  // checked for lookalikes
  int pages_checked = 0;
  int pages_failed = 0;
  int addresses = 0;              // present now (new included)
  int lookalikes_registered = 0;  // registered or wildcard now
  int lookalikes_take_mail = 0;
};

struct ScanReport {
  std::vector<store::ScanRecord> scans;  // every scan, oldest first (trend)
  uint64_t latest = 0;                   // the scan reported on
  uint64_t since = 0;  // the scan compared with; 0: none (first scan)
  std::vector<InstitutionSummary> institutions;  // config order
  std::vector<AddressItem> addresses;            // by institution, then address
  std::vector<LookalikeItem> lookalikes;  // by institution, origin, domain
  std::vector<PageProblem> failed_pages;  // not checked in the latest scan
  // Answered 404 or 410 in the latest scan: broken links, whose addresses
  // are gone (not "not checked").
  std::vector<PageProblem> missing_pages;
  // Failed or missing pages whose acknowledgement stands: moved here from
  // failed_pages and missing_pages (an expired one stays there).
  std::vector<AcknowledgedPage> acknowledged_pages;
  // URLs the latest scan's crawl left out by its limits (CrawlReport's).
  std::vector<store::LeftOutTally> left_out;
};

// Marks the items of `report` that `acks` name, as of `now` (the scan's
// start, Unix seconds): addresses (compared case-insensitively), lookalikes
// (by domain) and failed or missing pages (by URL; those whose
// acknowledgement stands move to acknowledged_pages). An acknowledgement
// stands through its expiry day (UTC).
void ApplyAcknowledgements(const std::vector<store::Acknowledgement>& acks,
                           int64_t now, ScanReport* report);

// Whether `acks` hold an acknowledgement of (kind, value) that stands on
// the day of `now` (Unix seconds). `value` as the config normalises it.
bool AcknowledgementStands(const std::vector<store::Acknowledgement>& acks,
                           const std::string& kind, const std::string& value,
                           int64_t now);

}  // namespace domex::reports
