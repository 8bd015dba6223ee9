// domex lookalikes: generate lookalikes of the user's domains, check them
// with DNS, store the outcome and print the report.
#include <cstdio>
#include <ctime>
#include <future>
#include <memory>
#include <set>

#include "cli/command_table.h"
#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/lookalike_run.h"
#include "cli/paths.h"
#include "cli/report_file.h"
#include "cli/settings.h"
#include "cli/stop_signal.h"
#include "reports/lookalike_report.h"
#include "resolver/domain.h"
#include "store/store.h"

namespace domex::cli {
namespace {

struct Plan {
  std::vector<resolver::DomainParts> origins;
  resolver::DnsOptions dns;
  std::string format;
  std::string seeds;
  std::string dictionary;  // "" = the seeds' dictionary.txt
  std::string db;
  size_t max_candidates = 0;
};

// Every check of the arguments that needs no disk or network: all bad
// input is reported before anything is opened.
Result<Plan> PlanFrom(const Args& a) {
  Plan plan;
  if (a.positional.empty()) {
    return Status::InvalidArgument(
        "lookalikes needs at least one domain, e.g. 'domex lookalikes "
        "army.mil'");
  }
  std::set<std::string> seen;
  for (const std::string& input : a.positional) {
    Result<resolver::DomainParts> parts = resolver::SplitDomain(input);
    if (!parts.ok()) return parts.status();
    // www.army.mil and army.mil have the same lookalikes.
    if (seen.insert(parts->label + "." + parts->suffix).second) {
      plan.origins.push_back(std::move(parts).value());
    }
  }
  Settings settings;
  Status applied = ApplyFlags(a, Section::kDns, &settings);
  if (!applied.ok()) return applied;
  plan.dns = settings.dns;
  plan.dictionary = settings.dictionary;
  plan.max_candidates = settings.max_candidates;
  plan.format = a.Value("format", "text");
  if (plan.format != "text" && plan.format != "json" && plan.format != "csv") {
    return Status::InvalidArgument("unknown format '" + plan.format +
                                   "' (choose text, json or csv)");
  }
  Result<std::string> seeds = SeedsDir(a.Given("seeds"));
  if (!seeds.ok()) return seeds.status();
  plan.seeds = *seeds;
  Result<std::string> db = StoreDir(a.Given("db"), CurrentEnvironment());
  if (!db.ok()) return db.status();
  plan.db = *db;
  return plan;
}

}  // namespace

int LookalikesCommand(const std::vector<std::string>& argv) {
  Result<Args> args = ParseArgs(argv, FlagsOf("lookalikes"));
  if (!args.ok()) return Fail(args.status().message());
  if (Status out_ok = CheckReportFile(*args); !out_ok.ok()) {
    return Fail(out_ok.message());
  }
  Result<Plan> plan = PlanFrom(*args);
  if (!plan.ok()) return Fail(plan.status().message());
  Result<resolver::PermuteData> data =
      LoadLookalikeData(plan->seeds, plan->dictionary);
  if (!data.ok()) return Fail(data.status().message());

  // Opening RocksDB costs several fsyncs (tens of ms); it overlaps with
  // generating the candidates. Nothing is sent before both are done.
  auto opening = std::async(std::launch::async, store::Store::Open, plan->db);
  Result<std::vector<resolver::LookalikeJob>> jobs = MakeLookalikeJobs(
      plan->origins, *data, plan->max_candidates, "--max-candidates");
  if (!jobs.ok()) return Fail(jobs.status().message());
  Result<std::unique_ptr<store::Store>> db = opening.get();
  if (!db.ok()) return Fail(db.status().message());

  InstallStopHandlers();
  const int64_t now = static_cast<int64_t>(std::time(nullptr));
  Result<LookalikeRun> run = RunLookalikeChecks(*jobs, plan->dns, **db, now);
  Status synced = run.ok() ? (*db)->Sync() : run.status();
  if (!synced.ok()) {
    // What was stored before the failure stays stored.
    std::fprintf(stderr, "domex: error: %s\n", synced.message().c_str());
    return 1;
  }
  for (const RunNote& note : LookalikeRunNotes(*run, plan->dns.retries)) {
    std::fprintf(stderr, "domex: %s\n", note.text.c_str());
  }
  const std::vector<store::LookalikeRecord>& records = run->records;
  std::string out =
      plan->format == "json"  ? reports::RenderLookalikeJson(records)
      : plan->format == "csv" ? reports::RenderLookalikeCsv(records)
                              : reports::RenderLookalikeText(records);
  if (Status written = WriteReport(*args, out); !written.ok()) {
    return Fail(written.message());
  }
  return run->unknown > 0 ? 1 : 0;
}

}  // namespace domex::cli
