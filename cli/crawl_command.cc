#include <cstdio>
#include <memory>
#include <string>

#include "cli/command_table.h"
#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/paths.h"
#include "cli/progress.h"
#include "cli/progress_text.h"
#include "cli/settings.h"
#include "cli/stop_signal.h"
#include "cli/verbosity.h"
#include "crawler/crawl.h"
#include "crawler/url.h"
#include "store/store.h"

namespace domex::cli {
namespace {

Result<crawler::CrawlOptions> OptionsFrom(const Args& a) {
  Settings settings;
  Status applied = ApplyFlags(a, Section::kCrawl, &settings);
  if (!applied.ok()) return applied;
  return settings.crawl;
}

}  // namespace

int CrawlCommand(const std::vector<std::string>& argv) {
  Result<Args> args = ParseArgs(argv, FlagsOf("crawl"));
  if (!args.ok()) return Fail(args.status().message());
  if (args->positional.empty()) {
    return Fail("crawl needs at least one start URL (http:// or https://)");
  }
  for (const std::string& url : args->positional) {
    Result<crawler::Url> parsed = crawler::ParseUrl(url);
    if (!parsed.ok()) {
      return Fail("bad URL '" + url + "': " + parsed.status().message());
    }
  }
  Result<crawler::CrawlOptions> options = OptionsFrom(*args);
  if (!options.ok()) return Fail(options.status().message());

  Result<std::string> db_dir =
      StoreDir(args->Given("db"), CurrentEnvironment());
  if (!db_dir.ok()) return Fail(db_dir.status().message());
  Result<std::unique_ptr<store::Store>> db = store::Store::Open(*db_dir);
  if (!db.ok()) return Fail(db.status().message());
  std::unique_ptr<crawler::Fetcher> fetcher = crawler::NewCurlFetcher();
  if (!fetcher) return Fail("cannot initialise libcurl");

  crawler::Crawler crawler(fetcher.get(), db->get(), *options);
  ProgressLine progress;
  if (progress.enabled()) {
    const size_t sites = args->positional.size();
    const std::string what =
        "crawling " + std::to_string(sites) + (sites == 1 ? " site" : " sites");
    crawler.set_progress([&progress, what](const crawler::CrawlProgress& p) {
      progress.Update(CrawlProgressText(what, p, progress.Elapsed()));
    });
  }
  // A stop finishes the current event; the crawl can then be resumed.
  InstallStopHandlers();
  crawler.set_stop_flag(&StopFlag());
  Result<crawler::CrawlSummary> summary = crawler.Run(args->positional);
  progress.Clear();
  if (!summary.ok()) {
    // An unreadable or damaged database is bad input like a locked one
    // (exit 2); only a failure part-way through a crawl is exit 1.
    const Status::Code code = summary.status().code();
    if (code == Status::Code::kInvalidArgument ||
        code == Status::Code::kCorruption || code == Status::Code::kBusy ||
        code == Status::Code::kNotFound) {
      return Fail(summary.status().message());
    }
    std::fprintf(stderr, "domex: error: %s\n",
                 summary.status().message().c_str());
    return 1;
  }
  const crawler::CrawlSummary& s = *summary;
  const std::string missing =
      s.pages_missing > 0
          ? ", " + std::to_string(s.pages_missing) + " missing (HTTP 404/410)"
          : "";
  const int status = (s.finished && s.crawl_pages_failed == 0) ? 0 : 1;
  // The summary is for whoever watches (a terminal, or --verbose): on
  // stderr, so stdout stays empty and cron mails only news. Not checked:
  // the crawl's pages (all its runs) as the report counts them, so the
  // line, the exit status and the report agree.
  if (ShowNotes()) {
    std::fprintf(
        stderr,
        "domex: %s crawl %s: %d pages fetched (%d unchanged), %d not "
        "checked%s, %d skipped by robots.txt%s\n"
        "domex: run 'domex report --db %s' for the exposed addresses\n",
        s.resumed ? "resumed" : "new",
        s.finished ? "finished" : "stopped early (rerun to resume)",
        s.pages_fetched, s.pages_not_modified, s.crawl_pages_failed,
        missing.c_str(), s.pages_skipped_robots,
        s.limit_reached ? "; some URLs left out by page/depth/trap limits" : "",
        db_dir->c_str());
  } else if (status != 0 && CurrentVerbosity() != Verbosity::kQuiet) {
    // What exit 1 means, in one line for cron.
    const int n = s.crawl_pages_failed;
    std::fprintf(stderr,
                 "domex: crawl: %s%d %s not checked ('domex report' "
                 "lists them)\n",
                 s.finished ? "" : "stopped early (rerun to resume); ", n,
                 n == 1 ? "page" : "pages");
  }
  return status;
}

}  // namespace domex::cli
