// domex report: what the store holds, as text or JSON: the latest crawl's
// exposure report and the latest check of every stored lookalike.
#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "cli/flags.h"
#include "reports/crawl_report.h"
#include "reports/json.h"
#include "reports/lookalike_report.h"
#include "store/store.h"

namespace domex::cli {
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

}  // namespace

int ReportCommand(const std::vector<std::string>& argv) {
  Result<Args> args = ParseArgs(argv, {{"db"}, {"format"}});
  if (!args.ok()) return Fail(args.status().message());
  if (!args->positional.empty()) {
    return Fail("report takes no arguments, got '" + args->positional[0] + "'");
  }
  const std::string format = args->Value("format", "text");
  if (format != "text" && format != "json") {
    return Fail("unknown report format '" + format + "' (choose text or json)");
  }
  const std::string dir = args->Value("db", kDefaultDb);
  Result<std::unique_ptr<store::Store>> db = store::Store::OpenReadOnly(dir);
  if (!db.ok()) return Fail(db.status().message());

  Result<std::optional<reports::CrawlReport>> crawl = LoadCrawlReport(**db);
  if (!crawl.ok()) return Fail(crawl.status().message());
  Result<std::vector<store::LookalikeRecord>> lookalikes = LoadLookalikes(**db);
  if (!lookalikes.ok()) return Fail(lookalikes.status().message());
  if (!*crawl && lookalikes->empty()) {
    return Fail("nothing in " + dir +
                " yet: run 'domex crawl URL' or 'domex lookalikes DOMAIN' "
                "first");
  }

  std::string out;
  if (format == "json") {
    reports::JsonWriter w;
    w.BeginObject();
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
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

}  // namespace domex::cli
