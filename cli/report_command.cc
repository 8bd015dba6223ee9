// domex report: what the store holds. With scans (`domex scan`), the scan
// report: the latest scan against the one before (or --since), in text,
// md, json, csv or html, optionally only the changes. Without, the latest
// crawl's exposure report and the latest check of every stored lookalike:
// as text or JSON in their own shape, as md, csv or html in the scan
// report's (everything new, nothing compared).
#include <cstdio>
#include <memory>
#include <optional>
#include <set>

#include "cli/command_table.h"
#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/paths.h"
#include "cli/report_file.h"
#include "cli/scan_output.h"
#include "reports/crawl_report.h"
#include "reports/json.h"
#include "reports/lookalike_report.h"
#include "reports/unscanned_report.h"
#include "store/store.h"

namespace domex::cli {

// The contract of `domex report --format json` on a store without scans
// (the latest crawl and lookalike checks): docs/schema/report.schema.json.
constexpr char kStoreReportSchema[] = "domex-report/1";
namespace {

// The latest crawl's report, or nullopt when the store has no crawl.
Result<std::optional<reports::CrawlReport>> LoadCrawlReport(store::Store& db) {
  Result<std::optional<store::CrawlState>> state = db.LoadCrawlState();
  if (!state.ok()) return state.status();
  if (!*state) return std::optional<reports::CrawlReport>();
  std::vector<store::PageRecord> pages;
  Status s = db.ForEachPage([&pages](const store::PageRecord& p) {
    pages.push_back(p);
    return true;
  });
  if (!s.ok()) return s;
  return std::optional<reports::CrawlReport>(
      reports::BuildCrawlReport(pages, **state));
}

Result<std::vector<store::LookalikeRecord>> LoadLookalikes(store::Store& db) {
  std::vector<store::LookalikeRecord> records;
  Status s =
      db.ForEachLookalike("", [&records](const store::LookalikeRecord& r) {
        records.push_back(r);
        return true;
      });
  if (!s.ok()) return s;
  return records;
}

// The scan report, when the store holds scans; nullopt when it holds none.
Result<std::optional<std::string>> ScanReportText(store::Store& db,
                                                  const Args& args,
                                                  const ScanOutput& output,
                                                  uint64_t since) {
  Result<std::string> seeds = SeedsDir(args.Given("seeds"));
  if (!seeds.ok()) return seeds.status();
  Result<std::set<std::string>> providers = LoadMailProviders(*seeds);
  if (!providers.ok()) return providers.status();
  Result<reports::ScanHistory> history = LoadScanHistory(db, *providers);
  if (!history.ok() && history.status().code() == Status::Code::kNotFound) {
    if (since != 0) return Status::InvalidArgument("no scans to compare");
    return std::optional<std::string>();
  }
  if (!history.ok()) return history.status();
  Result<reports::ScanReport> report =
      reports::BuildScanReport(*history, history->scans.back().id, since);
  if (!report.ok()) return Status::InvalidArgument(report.status().message());
  return std::optional<std::string>(RenderScanReport(*report, output));
}

}  // namespace

int ReportCommand(const std::vector<std::string>& argv) {
  Result<Args> args = ParseArgs(argv, FlagsOf("report"));
  if (!args.ok()) return Fail(args.status().message());
  if (Status out_ok = CheckReportFile(*args); !out_ok.ok()) {
    return Fail(out_ok.message());
  }
  if (!args->positional.empty()) {
    return Fail("report takes no arguments, got '" + args->positional[0] + "'");
  }
  Result<ScanOutput> output = ScanOutputFrom(*args);
  if (!output.ok()) return Fail(output.status().message());
  Result<long long> since = IntFlag(*args, "since", 0, 0, 1LL << 62);
  if (!since.ok()) return Fail(since.status().message());
  Result<std::string> dir =
      StoreDirToRead(args->Given("db"), CurrentEnvironment());
  if (!dir.ok()) return Fail(dir.status().message());
  Result<std::unique_ptr<store::Store>> db = store::Store::OpenReadOnly(*dir);
  if (!db.ok()) return Fail(db.status().message());
  Result<std::optional<std::string>> scan_report =
      ScanReportText(**db, *args, *output, static_cast<uint64_t>(*since));
  if (!scan_report.ok()) return Fail(scan_report.status().message());
  if (*scan_report) {
    if (Status written = WriteReport(*args, **scan_report); !written.ok()) {
      return Fail(written.message());
    }
    return 0;
  }
  const std::string format = output->format;
  if (args->Has("changes-only")) {
    return Fail("--changes-only needs scans to compare ('domex scan')");
  }

  Result<std::optional<reports::CrawlReport>> crawl = LoadCrawlReport(**db);
  if (!crawl.ok()) return Fail(crawl.status().message());
  Result<std::vector<store::LookalikeRecord>> lookalikes = LoadLookalikes(**db);
  if (!lookalikes.ok()) return Fail(lookalikes.status().message());
  if (!*crawl && lookalikes->empty()) {
    return Fail("nothing in " + *dir +
                " yet: run 'domex crawl URL' or 'domex lookalikes DOMAIN' "
                "first");
  }

  std::string out;
  if (format != "text" && format != "json") {
    // Markdown, CSV and HTML exist only in the scan report's shape.
    out = RenderScanReport(
        reports::ReportWithoutScans(*crawl ? &**crawl : nullptr, *lookalikes),
        *output);
  } else if (format == "json") {
    reports::JsonWriter w;
    w.BeginObject();
    w.Key("schema");
    w.String(kStoreReportSchema);
    if (*crawl) reports::WriteCrawlFields(**crawl, w);
    if (!lookalikes->empty()) reports::WriteLookalikeFields(*lookalikes, w);
    w.EndObject();
    out = w.Take();
  } else {
    if (*crawl) out += reports::RenderCrawlText(**crawl);
    if (*crawl && !lookalikes->empty()) out += "\n";
    if (!lookalikes->empty()) {
      out += "Lookalike domains (latest check of each):\n" +
             reports::RenderLookalikeText(*lookalikes);
    }
  }
  if (Status written = WriteReport(*args, out); !written.ok()) {
    return Fail(written.message());
  }
  return 0;
}

}  // namespace domex::cli
