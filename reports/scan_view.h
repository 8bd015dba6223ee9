// What the scan report's renderers (scan_*.cc) share: which items a
// rendering shows, in what order, and small text helpers. Internal to
// domex_reports; callers use scan_render.h. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "reports/scan_render.h"
#include "reports/scan_report.h"

namespace domex::reports {

// The name exists: registered, or inside a wildcard.
bool Exists(const store::LookalikeRecord& record);

// An acknowledgement that stands / that expired before the scan.
bool Acknowledged(const std::optional<AckState>& ack);
bool Lapsed(const std::optional<AckState>& ack);

// "registered by us (until 2027-06-30)", "... (expired 2026-01-31)".
std::string AckText(const AckState& ack);

// New, gone or changed: what --changes-only shows. A new lookalike counts
// only when it exists (a newly generated unregistered candidate is no news).
// An item whose acknowledgement stands is no news; one whose
// acknowledgement expired is news again.
bool IsChange(const AddressItem& item);
bool IsChange(const LookalikeItem& item);

// A new address (every address is harvestable by someone); a new or
// changed lookalike that exists and takes mail; either when its
// acknowledgement expired; never while it stands.
bool NeedsAction(const AddressItem& item);
bool NeedsAction(const LookalikeItem& item);

struct InstitutionView {
  std::string name;
  const InstitutionSummary* summary = nullptr;  // null: only items name it
  std::vector<const AddressItem*> addresses;    // not gone
  // Not gone: registered, wildcard, unknown (in that order, mail-capable
  // first within each), then unregistered ones that changed.
  std::vector<const LookalikeItem*> lookalikes;
  std::vector<const AddressItem*> gone_addresses;
  std::vector<const LookalikeItem*> gone_lookalikes;
  int unregistered = 0;  // unregistered lookalikes not listed

  bool Empty() const {
    return addresses.empty() && lookalikes.empty() && gone_addresses.empty() &&
           gone_lookalikes.empty();
  }
};

struct ChangeCounts {
  int new_addresses = 0, gone_addresses = 0, new_lookalikes = 0,
      changed_lookalikes = 0, gone_lookalikes = 0;
  // Items whose acknowledgement expired: news again.
  int lapsed_acknowledgements = 0;
  int Total() const {
    return new_addresses + gone_addresses + new_lookalikes +
           changed_lookalikes + gone_lookalikes + lapsed_acknowledgements;
  }
};

// The items of a report as a rendering shows them.
struct ScanView {
  std::vector<const AddressItem*> action_addresses;  // any-crawler first
  std::vector<const LookalikeItem*> action_lookalikes;
  // The configured institutions in config order, then any other institution
  // an item names, by name. With changes_only, only those with changes, and
  // only their changed items.
  std::vector<InstitutionView> institutions;
  // Items whose acknowledgement stands: listed apart, never news (none
  // with changes_only); acknowledged pages are ScanReport's.
  std::vector<const AddressItem*> acknowledged_addresses;
  std::vector<const LookalikeItem*> acknowledged_lookalikes;
  ChangeCounts changes;  // over the whole report
  // With changes_only and nothing changed: render nothing at all.
  bool render_nothing = false;
};

ScanView MakeScanView(const ScanReport& report, const RenderOptions& options);

// A page to fix and the addresses still exposed on it (not gone, not
// acknowledged), with the forms they take there; for "contact.html: 7
// addresses". Pages not checked this time are not pages to fix.
struct PageToFix {
  std::string url;
  std::vector<const AddressItem*> addresses;  // by address
  std::vector<std::string> forms;             // of those addresses, sorted
};

// Every page with exposed addresses, most addresses first (then by URL).
std::vector<PageToFix> PagesToFix(const ScanReport& report);

// One line on what to do about an address exposed in `form` ("text",
// "mailto", "cloudflare", ...): why it is readable, and the fix. Not
// escaped; "" for an unknown form.
std::string FormRemedy(const std::string& form);

// One row of the "Acknowledged" section every format shows: what, which
// one, whose, and why it is no news. Not escaped.
struct AckRow {
  std::string kind;  // "address", "lookalike", "page"
  std::string name;  // the address, domain or URL
  std::string institution;
  std::string why;  // AckText, and for a page why it was not checked
};
// Renderers show them unless changes_only (they are no news).
std::vector<AckRow> AcknowledgedRows(const ScanReport& report,
                                     const ScanView& view);

// The scan with `id`, or null.
const store::ScanRecord* FindScan(const ScanReport& report, uint64_t id);

// "domex scan report: scan 3"; for a report of a store without scans
// (ReportWithoutScans), "domex report: the latest crawl".
std::string ReportTitle(const ScanReport& report);

// What the report compares, without final punctuation: "scan 2 (started
// 2026-11-23T12:00:00Z), compared with scan 1 (started ...)", "scan 1
// (started ...), the first scan: everything is new", or for a store
// without scans that nothing was compared. Needs no escaping.
std::string ReportSubject(const ScanReport& report);

// When scan `id` started (Unix seconds); 0 when unknown.
int64_t ScanStartedAt(const ScanReport& report, uint64_t id);

// What a reader sees for "first/last seen in scan `id`": the day that scan
// started, "2026-12-07"; "scan 3" when its start is unknown; "" for id 0.
// Scan ids stay in JSON and CSV beside the dates.
std::string ScanDay(const ScanReport& report, uint64_t id);

// "seen 2026-12-01 to 2026-12-07", or "seen 2026-12-07" when both ends fall
// on one day; "" when never seen.
std::string SeenSpan(const ScanReport& report, uint64_t first, uint64_t last);

// How mail to a lookalike is delivered, in words: "MX 10 mx.a.in, 20 b.in",
// "implicit MX (address 192.0.2.1)", "no mail (null MX)", "no mail",
// "mail unknown". `value` formats each DNS record (escapes it); the words
// need no escaping. At most three records, then "...".
std::string MailSummary(const store::LookalikeRecord& record,
                        std::string (*value)(const std::string&));

// "readable by any harvester" / "needs a JavaScript-capable harvester".
std::string HarvestableLabel(const std::string& harvestable_by);

// "1 page" / "2 pages".
std::string Plural(size_t n, const std::string& one, const std::string& many);

// The items joined with `sep` (not escaped).
std::string JoinList(const std::vector<std::string>& items,
                     const std::string& sep);

// At most `max_chars` code points of a valid UTF-8 string, with "…" when
// cut.
std::string Truncate(const std::string& s, size_t max_chars);

// "2 new addresses, 1 gone; 1 new lookalike, 0 changed, 0 gone".
std::string ChangesSentence(const ChangeCounts& c);

}  // namespace domex::reports
