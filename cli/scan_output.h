// The scan report from the command line: loading what BuildScanReport
// needs from the store (every scan, what each saw, the latest scan's crawl
// split among its institutions), and the --format / --changes-only flags.
// Shared by `domex scan` and `domex report`.
#pragma once

#include <set>
#include <string>

#include "cli/flags.h"
#include "common/status.h"
#include "reports/scan_history.h"
#include "reports/scan_render.h"
#include "store/store.h"

namespace domex::cli {

// kNotFound when the store holds no scan.
Result<reports::ScanHistory> LoadScanHistory(
    store::Store& db, const std::set<std::string>& mail_providers);

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
