#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "cli/flags.h"
#include "reports/crawl_report.h"
#include "store/store.h"

namespace domex::cli {

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
  Result<std::unique_ptr<store::Store>> db =
      store::Store::OpenReadOnly(args->Value("db", kDefaultDb));
  if (!db.ok()) return Fail(db.status().message());

  Result<std::optional<store::CrawlState>> state = (*db)->LoadCrawlState();
  if (!state.ok()) return Fail(state.status().message());
  if (!*state) {
    return Fail("no crawl in " + args->Value("db", kDefaultDb) +
                " yet: run 'domex crawl URL' first");
  }
  std::vector<store::PageRecord> pages;
  Status s = (*db)->ForEachPage([&pages](const store::PageRecord& p) {
    pages.push_back(p);
    return true;
  });
  if (!s.ok()) return Fail(s.message());

  reports::CrawlReport report = reports::BuildCrawlReport(pages, **state);
  std::string out = format == "json" ? reports::RenderCrawlJson(report)
                                     : reports::RenderCrawlText(report);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

}  // namespace domex::cli
