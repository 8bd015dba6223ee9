// domex scan --config FILE: the nightly job. Crawls every institution's
// sites, checks the lookalikes of its domains, records the scan and what it
// saw, and prints the report of what is exposed and what changed.
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <memory>
#include <set>

#include "cli/command_table.h"
#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/lookalike_run.h"
#include "cli/paths.h"
#include "cli/progress.h"
#include "cli/progress_text.h"
#include "cli/report_file.h"
#include "cli/scan_config.h"
#include "cli/scan_findings.h"
#include "cli/scan_output.h"
#include "cli/shard.h"
#include "cli/stop_signal.h"
#include "cli/verbosity.h"
#include "crawler/crawl.h"
#include "crawler/fetcher.h"
#include "reports/crawl_report.h"
#include "reports/scan_history.h"
#include "resolver/domain.h"
#include "store/lookalike_history.h"
#include "store/store.h"

namespace domex::cli {
namespace {

int64_t Now() { return static_cast<int64_t>(std::time(nullptr)); }

std::vector<store::InstitutionRecord> InstitutionsOf(const ScanConfig& c) {
  std::vector<store::InstitutionRecord> out;
  for (const InstitutionConfig& i : c.institutions) {
    out.push_back({i.name, i.sites, i.domains});
  }
  return out;
}

// Every institution's sites, each once, in configuration order.
std::vector<std::string> AllSites(const ScanConfig& c) {
  std::vector<std::string> sites;
  std::set<std::string> seen;
  for (const InstitutionConfig& i : c.institutions) {
    for (const std::string& s : i.sites) {
      if (seen.insert(s).second) sites.push_back(s);
    }
  }
  return sites;
}

// Runs the crawl of every site; failures become lines of scan->errors.
// False when the crawl did not finish (time limit, signal, failure).
bool Crawl(const ScanConfig& config, store::Store& db,
           store::ScanRecord* scan) {
  const std::vector<std::string> sites = AllSites(config);
  if (sites.empty()) return true;
  std::unique_ptr<crawler::Fetcher> fetcher = crawler::NewCurlFetcher();
  if (!fetcher) {
    scan->errors.push_back("crawl: cannot initialise libcurl");
    return false;
  }
  crawler::Crawler crawler(fetcher.get(), &db, config.crawl);
  ProgressLine progress;
  if (progress.enabled()) {
    const std::string what = "scan: crawling " + std::to_string(sites.size()) +
                             (sites.size() == 1 ? " site" : " sites");
    crawler.set_progress([&progress, what](const crawler::CrawlProgress& p) {
      progress.Update(CrawlProgressText(what, p, progress.Elapsed()));
    });
  }
  crawler.set_stop_flag(&StopFlag());
  Result<crawler::CrawlSummary> summary = crawler.Run(sites);
  progress.Clear();
  if (!summary.ok()) {
    scan->errors.push_back("crawl: " + summary.status().message());
    return false;
  }
  scan->crawl_generation = summary->generation;
  if (!summary->finished) {
    scan->errors.push_back(
        "crawl: stopped early (time limit or signal); the next scan resumes "
        "it");
  }
  return summary->finished;
}

// The registrable domains of every institution, each once.
std::vector<resolver::DomainParts> Origins(
    const std::vector<InstitutionFindings>& findings) {
  std::vector<resolver::DomainParts> origins;
  std::set<std::string> seen;
  for (const InstitutionFindings& f : findings) {
    for (const std::string& d : f.lookalike_domains) {
      Result<resolver::DomainParts> parts = resolver::SplitDomain(d);
      if (parts.ok() && seen.insert(d).second) origins.push_back(*parts);
    }
  }
  return origins;
}

// Checks the lookalikes of each origin in a run of its own (memory stays
// bounded by one domain's candidates, and an origin over max_candidates is
// skipped with an error instead of failing them all). Keeps the records
// that are not unregistered; notes the origins checked to the end in
// scan->checked_origins, and stops on a signal or nameservers that give no
// useful answer (the error names them). `quiet` (--changes-only) keeps the
// back-off and misbehaving-server notes, which are no failure, off stderr.
std::vector<store::LookalikeRecord> CheckLookalikes(
    const std::vector<resolver::DomainParts>& origins,
    const resolver::PermuteData& data, const ScanConfig& config,
    store::Store& db, bool quiet, store::ScanRecord* scan) {
  std::vector<store::LookalikeRecord> kept;
  bool backed_off = false;
  for (const resolver::DomainParts& origin : origins) {
    const std::string name = origin.label + "." + origin.suffix;
    const std::string what = "scan: lookalikes of " + name + " (" +
                             std::to_string(&origin - &origins[0] + 1) + "/" +
                             std::to_string(origins.size()) + ")";
    Result<std::vector<resolver::LookalikeJob>> jobs = [&] {
      ProgressLine generating;  // a long label takes a moment
      generating.Update(what + ": generating");
      return MakeLookalikeJobs({origin}, data, config.max_candidates,
                               "dns.max_candidates");
    }();
    if (!jobs.ok()) {
      scan->errors.push_back("lookalikes of " + name + ": " +
                             jobs.status().message());
      continue;
    }
    Result<LookalikeRun> run =
        RunLookalikeChecks(*jobs, config.dns, db, Now(), what);
    if (!run.ok()) {
      scan->errors.push_back("lookalikes: " + run.status().message());
      break;
    }
    scan->lookalikes += static_cast<int>(run->total);
    scan->lookalikes_unknown += static_cast<int>(run->unknown);
    for (store::LookalikeRecord& r : run->records) {
      if (r.verdict != "unregistered") kept.push_back(std::move(r));
    }
    for (const RunNote& note : LookalikeRunNotes(*run, config.dns.retries)) {
      if (note.kind == RunNote::Kind::kSlowedDown) backed_off = true;
      if (note.kind == RunNote::Kind::kStopped) {
        scan->errors.push_back("lookalikes of " + name + ": " + note.text);
      } else if (note.kind == RunNote::Kind::kNameserver && !quiet &&
                 ShowNotes()) {
        // Not a failure (the answers came), but worth knowing.
        std::fprintf(stderr, "domex: lookalikes of %s: %s\n", name.c_str(),
                     note.text.c_str());
      }
    }
    if (run->checked < run->total) break;  // stopped, or no useful answers
    scan->checked_origins.push_back(name);
  }
  if (scan->lookalikes_unknown > 0) {
    scan->errors.push_back(std::to_string(scan->lookalikes_unknown) +
                           " lookalikes stayed unknown (timeout, SERVFAIL or "
                           "REFUSED after retries)");
  }
  if (backed_off && !quiet && ShowNotes()) {
    // Not a failure (the answers came), but worth knowing when watching.
    std::fprintf(stderr,
                 "domex: the nameservers were overloaded or rate-limiting; "
                 "domex slowed down\n");
  }
  std::sort(scan->checked_origins.begin(), scan->checked_origins.end());
  return kept;
}

// What this scan saw of a lookalike: one a stopped scan did not ask about
// (its record is the last stored check) is unknown in this scan.
store::LookalikeRecord AsSeenInThisScan(store::LookalikeRecord r) {
  if (r.not_checked.empty()) return r;
  r.verdict = "unknown";
  r.mail = "unknown";
  r.a.clear();
  r.aaaa.clear();
  r.mx.clear();
  r.ns.clear();
  r.not_checked.clear();
  return r;
}

// Lookalikes that exist or could not be checked, under each institution
// whose domain they imitate.
std::vector<store::LookalikeSighting> LookalikeSightings(
    const std::vector<InstitutionFindings>& findings,
    const std::vector<store::LookalikeRecord>& records) {
  std::vector<store::LookalikeSighting> out;
  for (const InstitutionFindings& f : findings) {
    const std::set<std::string> domains(f.lookalike_domains.begin(),
                                        f.lookalike_domains.end());
    for (const store::LookalikeRecord& checked : records) {
      const store::LookalikeRecord r = AsSeenInThisScan(checked);
      // An unknown one matters only if it was ever seen to exist.
      const bool keep = store::LookalikeExists(r) ||
                        (r.verdict == "unknown" && r.last_seen != 0);
      if (keep && domains.count(r.origin) > 0) {
        out.push_back({f.name, r});
      }
    }
  }
  return out;
}

// The problems the scan before `scan_id` recorded.
std::set<std::string> PreviousErrors(store::Store& db, uint64_t scan_id) {
  std::set<std::string> errors;
  (void)db.ForEachScan([&](const store::ScanRecord& s) {
    if (s.id >= scan_id) return false;
    errors = std::set<std::string>(s.errors.begin(), s.errors.end());
    return true;
  });
  return errors;
}

// The institution named `name` has sites to crawl (it may have only
// domains to check for lookalikes).
bool HasSites(const std::vector<store::InstitutionRecord>& institutions,
              const std::string& name) {
  for (const store::InstitutionRecord& inst : institutions) {
    if (inst.name == name && !inst.sites.empty()) return true;
  }
  return false;
}

}  // namespace

int ScanCommand(const std::vector<std::string>& argv) {
  Result<Args> args = ParseArgs(argv, FlagsOf("scan"));
  if (!args.ok()) return Fail(args.status().message());
  if (Status out_ok = CheckReportFile(*args); !out_ok.ok()) {
    return Fail(out_ok.message());
  }
  if (!args->positional.empty()) {
    return Fail("scan takes no arguments, got '" + args->positional[0] +
                "' (did you mean --config FILE?)");
  }
  if (!args->Has("config")) {
    return Fail("scan needs --config FILE (see seeds/examples/scan.toml)");
  }
  Result<ScanOutput> output = ScanOutputFrom(*args);
  if (!output.ok()) return Fail(output.status().message());
  const std::string config_path = args->Value("config", "");
  Result<ScanConfig> config = LoadScanConfig(config_path);
  if (!config.ok()) return Fail(config.status().message());
  if (args->Has("shard")) {
    Result<Shard> shard = ParseShard(args->Value("shard", ""));
    if (!shard.ok()) return Fail(shard.status().message());
    config->institutions = ShardOf(config->institutions, *shard);
  }
  Result<std::string> seeds = SeedsDir(args->Given("seeds"));
  if (!seeds.ok()) return Fail(seeds.status().message());
  Result<resolver::PermuteData> data =
      LoadLookalikeData(*seeds, config->dictionary);
  if (!data.ok()) return Fail(data.status().message());
  Result<std::set<std::string>> providers = LoadMailProviders(*seeds);
  if (!providers.ok()) return Fail(providers.status().message());
  Result<std::string> db_dir =
      StoreDir(args->Given("db"), CurrentEnvironment());
  if (!db_dir.ok()) return Fail(db_dir.status().message());
  Result<std::unique_ptr<store::Store>> db = store::Store::Open(*db_dir);
  if (!db.ok()) return Fail(db.status().message());

  store::ScanRecord scan;
  scan.started_at = Now();
  scan.config_path = config_path;
  scan.config_digest = config->digest;
  scan.acknowledgements = config->acknowledgements;
  scan.institution_list = InstitutionsOf(*config);
  scan.institutions = static_cast<int>(scan.institution_list.size());
  scan.sites = static_cast<int>(AllSites(*config).size());
  Result<store::ScanRecord> begun = (*db)->BeginScan(scan);
  if (!begun.ok()) return Fail(begun.status().message());
  scan = *begun;
  InstallStopHandlers();

  const bool crawled = Crawl(*config, **db, &scan);
  std::vector<store::PageRecord> pages;
  store::CrawlState state;
  Status pages_read = Status::Ok();
  if (scan.crawl_generation > 0) {
    pages_read = (*db)->ForEachPage([&pages](const store::PageRecord& p) {
      pages.push_back(p);
      return true;
    });
    if (!pages_read.ok()) {
      scan.errors.push_back("store: " + pages_read.message());
    }
    // Its real state: a crawl stopped early has not checked every page, and
    // what it did not reach must not look gone.
    state = CrawlStateOf(**db, scan.crawl_generation);
  }
  const std::vector<InstitutionFindings> findings =
      AttributeFindings(scan.institution_list, pages, state, *providers);

  std::vector<store::LookalikeRecord> lookalikes;
  if (!StopFlag()) {
    lookalikes = CheckLookalikes(Origins(findings), *data, *config, **db,
                                 output->options.changes_only, &scan);
  }

  std::vector<store::AddressSighting> addresses;
  std::set<std::string> unique_addresses;
  for (const InstitutionFindings& f : findings) {
    addresses.insert(addresses.end(), f.addresses.begin(), f.addresses.end());
    for (const store::AddressSighting& a : f.addresses) {
      if (!a.unchecked) unique_addresses.insert(a.address);
    }
    // A page the config acknowledges as broken is no failure of the scan.
    int failed = f.crawl.failed;
    for (const reports::PageProblem& p : f.crawl.failed_pages) {
      if (reports::AcknowledgementStands(scan.acknowledgements, "page", p.url,
                                         scan.started_at)) {
        --failed;
      }
    }
    if (failed > 0) {
      scan.errors.push_back(f.name + ": " + std::to_string(failed) +
                            (failed == 1 ? " page" : " pages") +
                            " not checked");
    }
    for (const reports::PageProblem& site : f.crawl.sites_not_checked) {
      scan.errors.push_back(f.name + ": " + site.reason);
    }
    // "0 addresses" from no page at all is not a clean result: nothing of
    // the institution was looked at.
    if (f.crawl.fetched == 0 && HasSites(scan.institution_list, f.name)) {
      scan.errors.push_back(f.name + ": no page checked");
    }
  }
  // Pages once each, even when institutions share a site.
  const reports::CrawlReport all = reports::BuildCrawlReport(pages, state);
  scan.pages_checked = all.fetched;
  scan.pages_failed = all.failed;
  const std::vector<store::LookalikeSighting> sightings =
      LookalikeSightings(findings, lookalikes);
  scan.addresses = static_cast<int>(unique_addresses.size());
  for (const store::LookalikeSighting& l : sightings) {
    if (l.lookalike.verdict != "unknown") ++scan.lookalikes_registered;
  }
  // Complete only if nothing was cut short: reports compare with complete
  // scans only, so a partial one never makes anything "gone".
  scan.finished = ScanComplete(crawled, StopFlag(), pages_read);
  scan.finished_at = Now();
  Status saved = (*db)->SaveSightings(scan.id, addresses, sightings);
  if (saved.ok()) saved = (*db)->SaveScan(scan);
  if (saved.ok()) saved = (*db)->Sync();
  if (!saved.ok()) {
    std::fprintf(stderr, "domex: error: %s\n", saved.message().c_str());
    return 1;
  }
  // With --changes-only (cron), a problem the previous scan already had is
  // no news either: it is in the scan record and the report, not on stderr.
  const std::set<std::string> known = output->options.changes_only
                                          ? PreviousErrors(**db, scan.id)
                                          : std::set<std::string>();
  bool news = !scan.finished && scan.errors.empty();
  for (const std::string& e : scan.errors) {
    if (known.count(e) == 0) {
      std::fprintf(stderr, "domex: %s\n", e.c_str());
      news = true;
    }
  }

  // The findings just computed stand for this scan's crawl: no second read
  // of every page.
  Result<reports::ScanHistory> history =
      LoadScanHistory(**db, *providers, &findings);
  Result<reports::ScanReport> report =
      history.ok() ? reports::BuildScanReport(*history, scan.id, 0)
                   : Result<reports::ScanReport>(history.status());
  if (!report.ok()) {
    std::fprintf(stderr, "domex: error: %s\n",
                 report.status().message().c_str());
    return 1;
  }
  const std::string out = RenderScanReport(*report, *output);
  if (Status written = WriteReport(*args, out); !written.ok()) {
    return Fail(written.message());
  }
  // Cron (--changes-only): only news fails the run; a problem the scan
  // before had already is in the report and the scan record.
  if (output->options.changes_only) return news ? 1 : 0;
  return scan.errors.empty() && scan.finished ? 0 : 1;
}

}  // namespace domex::cli
