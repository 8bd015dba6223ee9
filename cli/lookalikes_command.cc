// domex lookalikes: generate lookalikes of the user's domains, check them
// with DNS, store the outcome and print the report.
#include <cstdio>
#include <ctime>
#include <future>
#include <memory>
#include <optional>
#include <set>

#include "cli/command_table.h"
#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/lookalike_inputs.h"
#include "cli/lookalike_run.h"
#include "cli/paths.h"
#include "cli/progress.h"
#include "cli/report_file.h"
#include "cli/settings.h"
#include "cli/stop_signal.h"
#include "cli/verbosity.h"
#include "common/file.h"
#include "reports/lookalike_report.h"
#include "resolver/domain.h"
#include "store/store.h"

namespace domex::cli {
namespace {

struct Plan {
  std::vector<resolver::DomainParts> origins;
  std::vector<std::string> notes;  // inputs reduced to registrable domains
  std::set<std::string> fuzzers;   // empty: every fuzzer
  bool registered_only = false;
  resolver::DnsOptions dns;
  std::string format;
  std::string seeds;
  std::string dictionary;  // "" = the seeds' dictionary.txt
  std::string db;
  size_t max_candidates = 0;
};

// Every check of the arguments that needs no disk or network: all bad
// input is reported before anything is opened.
// Every domain asked about: the arguments, '-' standing for the lines of
// standard input, then the lines of --domains-file.
Result<std::vector<std::string>> DomainArguments(const Args& a) {
  std::vector<std::string> inputs;
  auto add_lines = [&inputs](const std::string& path,
                             const std::string& name) -> Status {
    Result<std::string> text = ReadSmallFile(path);
    if (!text.ok()) return text.status();
    Result<std::vector<std::string>> lines = DomainLines(*text, name);
    if (!lines.ok()) return lines.status();
    inputs.insert(inputs.end(), lines->begin(), lines->end());
    return Status::Ok();
  };
  bool stdin_read = false;
  for (const std::string& arg : a.positional) {
    if (arg != "-") {
      inputs.push_back(arg);
    } else if (!stdin_read) {
      stdin_read = true;
      if (Status s = add_lines("/dev/stdin", "standard input"); !s.ok()) {
        return s;
      }
    }
  }
  if (std::optional<std::string> file = a.Given("domains-file")) {
    if (Status s = add_lines(*file, *file); !s.ok()) return s;
  }
  if (inputs.empty()) {
    return Status::InvalidArgument(
        "lookalikes needs at least one domain, e.g. 'domex lookalikes "
        "army.mil' (or --domains-file FILE, or - for standard input)");
  }
  return inputs;
}

Result<Plan> PlanFrom(const Args& a) {
  Plan plan;
  Result<std::vector<std::string>> inputs = DomainArguments(a);
  if (!inputs.ok()) return inputs.status();
  std::set<std::string> seen;
  for (const std::string& input : *inputs) {
    Result<DomainInput> parsed = ParseDomainInput(input);
    if (!parsed.ok()) return parsed.status();
    resolver::DomainParts& parts = parsed->parts;
    // www.army.mil and army.mil have the same lookalikes.
    if (seen.insert(parts.label + "." + parts.suffix).second) {
      if (!parsed->note.empty()) plan.notes.push_back(parsed->note);
      plan.origins.push_back(std::move(parts));
    }
  }
  if (std::optional<std::string> fuzzers = a.Given("fuzzers")) {
    Result<std::set<std::string>> chosen = ParseFuzzers(*fuzzers);
    if (!chosen.ok()) return chosen.status();
    plan.fuzzers = std::move(chosen).value();
  }
  plan.registered_only = a.Has("registered-only");
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
  if (ShowNotes()) {
    for (const std::string& note : plan->notes) {
      std::fprintf(stderr, "domex: %s\n", note.c_str());
    }
  }
  const std::string what =
      "lookalikes of " +
      (plan->origins.size() == 1
           ? plan->origins[0].label + "." + plan->origins[0].suffix
           : std::to_string(plan->origins.size()) + " domains");
  // Opening RocksDB costs several fsyncs (tens of ms); it overlaps with
  // generating the candidates. Nothing is sent before both are done.
  auto opening = std::async(std::launch::async, store::Store::Open, plan->db);
  Result<std::vector<resolver::LookalikeJob>> jobs =
      [&]() -> Result<std::vector<resolver::LookalikeJob>> {
    // Loading the tables and generating take a second for a long label:
    // the progress line says so at once.
    ProgressLine generating;
    generating.Update("generating " + what);
    Result<resolver::PermuteData> data =
        LoadLookalikeData(plan->seeds, plan->dictionary);
    if (!data.ok()) return data.status();
    return MakeLookalikeJobs(plan->origins, *data, plan->max_candidates,
                             "--max-candidates", plan->fuzzers);
  }();
  if (!jobs.ok()) return Fail(jobs.status().message());
  Result<std::unique_ptr<store::Store>> db = opening.get();
  if (!db.ok()) return Fail(db.status().message());

  InstallStopHandlers();
  const int64_t now = static_cast<int64_t>(std::time(nullptr));
  Result<LookalikeRun> run =
      RunLookalikeChecks(*jobs, plan->dns, **db, now, "checking " + what);
  Status synced = run.ok() ? (*db)->Sync() : run.status();
  if (!synced.ok()) {
    // What was stored before the failure stays stored.
    std::fprintf(stderr, "domex: error: %s\n", synced.message().c_str());
    return 1;
  }
  for (const RunNote& note : LookalikeRunNotes(*run, plan->dns.retries)) {
    // Back-off, and a misbehaving server when every answer came anyway,
    // are no failure: notes for whoever watches, not news for cron. When
    // lookalikes stayed unknown, the server's trouble is the reason.
    const bool informational =
        note.kind == RunNote::Kind::kSlowedDown ||
        (note.kind == RunNote::Kind::kNameserver && run->unknown == 0);
    if (!informational || ShowNotes()) {
      std::fprintf(stderr, "domex: %s\n", note.text.c_str());
    }
  }
  // The store keeps every candidate; the report may show only those that
  // exist.
  std::vector<store::LookalikeRecord> records;
  for (store::LookalikeRecord& r : run->records) {
    if (!plan->registered_only ||
        (r.verdict == "registered" && r.not_checked.empty())) {
      records.push_back(std::move(r));
    }
  }
  std::string out =
      plan->format == "json"  ? reports::RenderLookalikeJson(records)
      : plan->format == "csv" ? reports::RenderLookalikeCsv(records)
                              : reports::RenderLookalikeText(records);
  if (Status written = WriteReport(*args, out); !written.ok()) {
    return Fail(written.message());
  }
  return run->unknown > 0 || run->not_checked > 0 ? 1 : 0;
}

}  // namespace domex::cli
