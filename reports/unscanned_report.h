// The scan report's shape for a store that holds no scan: the latest crawl
// (`domex crawl`) and the latest check of each stored lookalike (`domex
// lookalikes`), so that every scan report format (Markdown, CSV, HTML)
// works on it too. Pure; thread-safe.
#pragma once

#include <vector>

#include "reports/crawl_report.h"
#include "reports/scan_report.h"
#include "store/records.h"

namespace domex::reports {

// Nothing to compare: every item is "new" (as in a first scan) and no scan
// is listed (latest and since are 0). Items are grouped as institutions
// would be: an address under each crawled site (its key, "school.in") that
// showed it, with that site's forms and pages; a lookalike under the domain
// it imitates. `crawl` may be null (no crawl stored). Pages not checked and
// sites whose start page did not answer are the report's failed pages;
// 404/410 answers its missing ones.
ScanReport ReportWithoutScans(
    const CrawlReport* crawl,
    const std::vector<store::LookalikeRecord>& lookalikes);

}  // namespace domex::reports
