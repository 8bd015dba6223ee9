#include <unistd.h>

#include <cstdio>
#include <functional>
#include <memory>

#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/progress.h"
#include "cli/stop_signal.h"
#include "crawler/crawl.h"
#include "crawler/url.h"
#include "store/store.h"

namespace domex::cli {
namespace {

const std::vector<FlagSpec> kCrawlFlags = {
    {"db"},         {"concurrency"},     {"delay"},   {"max-pages"},
    {"max-depth"},  {"max-body"},        {"timeout"}, {"max-time"},
    {"user-agent"}, {"max-per-pattern"}, {"ca-file"}, {"ignore-robots", false},
};

Result<crawler::CrawlOptions> OptionsFrom(const Args& a) {
  crawler::CrawlOptions o;
  struct IntOpt {
    const char* name;
    long long min, max;
    long long def;
    std::function<void(long long)> set;
  };
  const IntOpt ints[] = {
      {"concurrency", 1, 64, o.concurrency,
       [&](long long v) { o.concurrency = static_cast<int>(v); }},
      {"delay", 0, 600000, o.delay_ms,
       [&](long long v) { o.delay_ms = static_cast<int>(v); }},
      {"max-pages", 1, 10000000, o.max_pages,
       [&](long long v) { o.max_pages = static_cast<int>(v); }},
      {"max-depth", 0, 10000, o.max_depth,
       [&](long long v) { o.max_depth = static_cast<int>(v); }},
      {"max-body", 1024, 1LL << 30, static_cast<long long>(o.max_body_bytes),
       [&](long long v) { o.max_body_bytes = static_cast<size_t>(v); }},
      {"timeout", 100, 600000, o.timeout_ms,
       [&](long long v) { o.timeout_ms = static_cast<long>(v); }},
      {"max-time", 0, 7 * 24 * 3600, o.max_time_s,
       [&](long long v) { o.max_time_s = v; }},
      {"max-per-pattern", 1, 10000000, o.max_per_pattern,
       [&](long long v) { o.max_per_pattern = static_cast<int>(v); }},
  };
  for (const IntOpt& opt : ints) {
    Result<long long> v = IntFlag(a, opt.name, opt.def, opt.min, opt.max);
    if (!v.ok()) return v.status();
    opt.set(*v);
  }
  o.ignore_robots = a.Has("ignore-robots");
  if (a.values.count("ca-file")) {
    o.ca_file = a.Value("ca-file", "");
    if (access(o.ca_file.c_str(), R_OK) != 0) {
      return Status::InvalidArgument("cannot read --ca-file '" + o.ca_file +
                                     "'");
    }
  }
  if (a.values.count("user-agent")) {
    o.user_agent = a.Value("user-agent", "");
    if (crawler::ProductToken(o.user_agent).empty()) {
      return Status::InvalidArgument(
          "option '--user-agent' needs a product token, e.g. "
          "'myaudit/1.0 (+https://example.org/contact)'");
    }
  }
  return o;
}

std::string ProgressText(const crawler::CrawlProgress& p) {
  return "crawling: " + std::to_string(p.pages_done) + " pages done, " +
         std::to_string(p.pages_queued) + " queued, " +
         std::to_string(p.in_flight) + " in flight, " +
         std::to_string(p.failed) + " not checked";
}

}  // namespace

int CrawlCommand(const std::vector<std::string>& argv) {
  Result<Args> args = ParseArgs(argv, kCrawlFlags);
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

  Result<std::unique_ptr<store::Store>> db =
      store::Store::Open(args->Value("db", kDefaultDb));
  if (!db.ok()) return Fail(db.status().message());
  std::unique_ptr<crawler::Fetcher> fetcher = crawler::NewCurlFetcher();
  if (!fetcher) return Fail("cannot initialise libcurl");

  crawler::Crawler crawler(fetcher.get(), db->get(), *options);
  ProgressLine progress;
  if (progress.enabled()) {
    crawler.set_progress([&progress](const crawler::CrawlProgress& p) {
      progress.Update(ProgressText(p));
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
  std::printf(
      "%s crawl %s: %d pages fetched (%d unchanged), %d not checked, "
      "%d skipped by robots.txt%s\n",
      s.resumed ? "resumed" : "new",
      s.finished ? "finished" : "stopped early (rerun to resume)",
      s.pages_fetched, s.pages_not_modified, s.pages_failed,
      s.pages_skipped_robots,
      s.limit_reached ? "; some URLs left out by page/depth/trap limits" : "");
  std::printf("run 'domex report --db %s' for the exposed addresses\n",
              args->Value("db", kDefaultDb).c_str());
  return (s.finished && s.crawl_pages_failed == 0) ? 0 : 1;
}

}  // namespace domex::cli
