// The scan report from the command line: loading what BuildScanReport
// needs from the store (every scan, what each saw, the latest scan's crawl
// split among its institutions), and the --format / --changes-only flags.
// Shared by `domex scan` and `domex report`.
#pragma once

#include <set>
#include <string>

#include "cli/flags.h"
#include "cli/scan_findings.h"
#include "common/status.h"
#include "reports/scan_history.h"
#include "reports/scan_render.h"
#include "store/store.h"

namespace domex::cli {

// What scan `scan` saw, appended to the two lists.
Status LoadSightings(store::Store& db, uint64_t scan,
                     std::vector<store::AddressSighting>* addresses,
                     std::vector<store::LookalikeSighting>* lookalikes);

// The state of crawl `generation` as the store holds it: its real state
// while it is the store's latest crawl (an unfinished one has not checked
// every page), else (a later crawl replaced it, or the state cannot be
// read) an unfinished crawl of that generation: nothing says it checked
// every page. `domex merge` records the merged crawl's state.
store::CrawlState CrawlStateOf(store::Store& db, uint64_t generation);

// Whether a scan may be recorded complete. Reports compare with complete
// scans only, and there an address not seen is "gone": so only a scan
// whose crawl finished, that nobody stopped, and that read every page
// record (`pages_read`: how its ForEachPage ended) is complete.
bool ScanComplete(bool crawl_finished, bool stopped, const Status& pages_read);

// kNotFound when the store holds no scan. The latest scan's crawl comes
// from `latest_findings` when the caller has just computed it (the scan
// command), else from the stored pages.
Result<reports::ScanHistory> LoadScanHistory(
    store::Store& db, const std::set<std::string>& mail_providers,
    const std::vector<InstitutionFindings>* latest_findings = nullptr);

// The public mail providers list (seeds/resolver/mail_providers.txt).
Result<std::set<std::string>> LoadMailProviders(const std::string& seeds_dir);

// --format (text, md, json, csv, html; default text) and --changes-only.
struct ScanOutput {
  std::string format = "text";
  reports::RenderOptions options;
};
Result<ScanOutput> ScanOutputFrom(const Args& args);

std::string RenderScanReport(const reports::ScanReport& report,
                             const ScanOutput& output);

}  // namespace domex::cli
