// domex scan --config FILE: the nightly job. Crawls every institution's
// sites, checks the lookalikes of its domains, records the scan and what it
// saw, and prints the report of what is exposed and what changed.
#include <cstdio>
#include <ctime>
#include <memory>
#include <set>

#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/lookalike_run.h"
#include "cli/progress.h"
#include "cli/scan_config.h"
#include "cli/scan_findings.h"
#include "cli/scan_output.h"
#include "cli/stop_signal.h"
#include "crawler/crawl.h"
#include "crawler/fetcher.h"
#include "reports/scan_history.h"
#include "resolver/domain.h"
#include "store/store.h"

namespace domex::cli {
namespace {

const std::vector<FlagSpec> kScanFlags = {
    {"config"}, {"db"}, {"format"}, {"seeds"}, {"changes-only", false},
};

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

std::string CrawlProgressText(const crawler::CrawlProgress& p) {
  return "scan: crawling: " + std::to_string(p.pages_done) + " pages done, " +
         std::to_string(p.pages_queued) + " queued, " +
         std::to_string(p.failed) + " not checked";
}

// Runs the crawl of every site; failures become lines of scan->errors.
void Crawl(const ScanConfig& config, store::Store& db,
           store::ScanRecord* scan) {
  const std::vector<std::string> sites = AllSites(config);
  if (sites.empty()) return;
  std::unique_ptr<crawler::Fetcher> fetcher = crawler::NewCurlFetcher();
  if (!fetcher) {
    scan->errors.push_back("crawl: cannot initialise libcurl");
    return;
  }
  crawler::Crawler crawler(fetcher.get(), &db, config.crawl);
  ProgressLine progress;
  if (progress.enabled()) {
    crawler.set_progress([&progress](const crawler::CrawlProgress& p) {
      progress.Update(CrawlProgressText(p));
    });
  }
  crawler.set_stop_flag(&StopFlag());
  Result<crawler::CrawlSummary> summary = crawler.Run(sites);
  progress.Clear();
  if (!summary.ok()) {
    scan->errors.push_back("crawl: " + summary.status().message());
    return;
  }
  scan->crawl_generation = summary->generation;
  if (!summary->finished) {
    scan->errors.push_back(
        "crawl: stopped early (time limit or signal); the next scan resumes "
        "it");
  }
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

// Lookalikes that exist or could not be checked, under each institution
// whose domain they imitate.
std::vector<store::LookalikeSighting> LookalikeSightings(
    const std::vector<InstitutionFindings>& findings,
    const std::vector<store::LookalikeRecord>& records) {
  std::vector<store::LookalikeSighting> out;
  for (const InstitutionFindings& f : findings) {
    const std::set<std::string> domains(f.lookalike_domains.begin(),
                                        f.lookalike_domains.end());
    for (const store::LookalikeRecord& r : records) {
      if (r.verdict != "unregistered" && domains.count(r.origin) > 0) {
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

}  // namespace

int ScanCommand(const std::vector<std::string>& argv) {
  Result<Args> args = ParseArgs(argv, kScanFlags);
  if (!args.ok()) return Fail(args.status().message());
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
  const std::string seeds = args->Value("seeds", DOMEX_SEEDS_DIR "/resolver");
  Result<resolver::PermuteData> data =
      LoadLookalikeData(seeds, config->dictionary);
  if (!data.ok()) return Fail(data.status().message());
  Result<std::set<std::string>> providers = LoadMailProviders(seeds);
  if (!providers.ok()) return Fail(providers.status().message());
  Result<std::unique_ptr<store::Store>> db =
      store::Store::Open(args->Value("db", kDefaultDb));
  if (!db.ok()) return Fail(db.status().message());

  store::ScanRecord scan;
  scan.started_at = Now();
  scan.config_path = config_path;
  scan.config_digest = config->digest;
  scan.institution_list = InstitutionsOf(*config);
  scan.institutions = static_cast<int>(scan.institution_list.size());
  scan.sites = static_cast<int>(AllSites(*config).size());
  Result<store::ScanRecord> begun = (*db)->BeginScan(scan);
  if (!begun.ok()) return Fail(begun.status().message());
  scan = *begun;
  InstallStopHandlers();

  Crawl(*config, **db, &scan);
  std::vector<store::PageRecord> pages;
  store::CrawlState state;
  if (scan.crawl_generation > 0) {
    Status s = (*db)->ForEachPage([&pages](const store::PageRecord& p) {
      pages.push_back(p);
      return true;
    });
    if (!s.ok()) scan.errors.push_back("store: " + s.message());
    state.generation = scan.crawl_generation;
    state.finished = true;
  }
  const std::vector<InstitutionFindings> findings =
      AttributeFindings(scan.institution_list, pages, state, *providers);

  std::vector<store::LookalikeRecord> lookalikes;
  if (!StopFlag()) {
    Result<std::vector<resolver::LookalikeJob>> jobs = MakeLookalikeJobs(
        Origins(findings), *data, config->max_candidates, "dns.max_candidates");
    Result<LookalikeRun> run =
        jobs.ok() ? RunLookalikeChecks(*jobs, config->dns, **db, Now())
                  : Result<LookalikeRun>(jobs.status());
    if (!run.ok()) {
      scan.errors.push_back("lookalikes: " + run.status().message());
    } else {
      for (const std::string& note :
           LookalikeRunNotes(*run, config->dns.retries)) {
        scan.errors.push_back("lookalikes: " + note);
      }
      scan.lookalikes = static_cast<int>(run->total);
      scan.lookalikes_unknown = static_cast<int>(run->unknown);
      lookalikes = std::move(run->records);
    }
  }

  std::vector<store::AddressSighting> addresses;
  for (const InstitutionFindings& f : findings) {
    addresses.insert(addresses.end(), f.addresses.begin(), f.addresses.end());
    scan.pages_checked += f.crawl.fetched;
    scan.pages_failed += f.crawl.failed;
    if (f.crawl.failed > 0) {
      scan.errors.push_back(f.name + ": " + std::to_string(f.crawl.failed) +
                            (f.crawl.failed == 1 ? " page" : " pages") +
                            " not checked");
    }
  }
  const std::vector<store::LookalikeSighting> sightings =
      LookalikeSightings(findings, lookalikes);
  scan.addresses = static_cast<int>(addresses.size());
  for (const store::LookalikeSighting& l : sightings) {
    if (l.lookalike.verdict != "unknown") ++scan.lookalikes_registered;
  }
  scan.finished = !StopFlag();
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
  for (const std::string& e : scan.errors) {
    if (known.count(e) == 0) std::fprintf(stderr, "domex: %s\n", e.c_str());
  }

  Result<reports::ScanHistory> history = LoadScanHistory(**db, *providers);
  Result<reports::ScanReport> report =
      history.ok() ? reports::BuildScanReport(*history, scan.id, 0)
                   : Result<reports::ScanReport>(history.status());
  if (!report.ok()) {
    std::fprintf(stderr, "domex: error: %s\n",
                 report.status().message().c_str());
    return 1;
  }
  const std::string out = RenderScanReport(*report, *output);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return scan.errors.empty() && scan.finished ? 0 : 1;
}

}  // namespace domex::cli
