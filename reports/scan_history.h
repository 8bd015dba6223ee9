// Building a scan report from what the scans saw: statuses against an
// earlier scan, and first/last seen scan ids. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "reports/scan_report.h"
#include "store/records.h"

namespace domex::reports {

// Everything BuildScanReport reads, loaded from the store by the caller.
struct ScanHistory {
  std::vector<store::ScanRecord> scans;  // oldest first
  std::map<uint64_t, std::vector<store::AddressSighting>> addresses;
  std::map<uint64_t, std::vector<store::LookalikeSighting>> lookalikes;
  // Of the latest scan's crawl: pages not checked, pages missing, and per
  // institution
  // (pages checked, pages failed).
  std::vector<PageProblem> failed_pages;
  std::vector<PageProblem> missing_pages;     // answered 404 or 410
  std::vector<store::LeftOutTally> left_out;  // by the crawl's limits
  std::map<std::string, std::pair<int, int>> pages;
};

// The report of scan `latest` compared with scan `since` (0: the scan
// before `latest`; none for the first scan, when everything is "new").
// Addresses: "new", "present" or "gone". Lookalikes that exist (registered
// or wildcard): "new", "present", "changed" (verdict, mail class or
// records, listed in `changes`) or "gone" (no longer exists). A lookalike
// that could not be checked now (unknown) is never "gone" or "changed": it
// is "present" when it existed before, and otherwise not news. Items of
// institutions the latest scan did not scan are left out. First/last seen
// count scans up to `latest` in which the item was seen (for lookalikes:
// seen to exist). kNotFound when `latest` or `since` is not a scan.
Result<ScanReport> BuildScanReport(const ScanHistory& history, uint64_t latest,
                                   uint64_t since);

}  // namespace domex::reports
