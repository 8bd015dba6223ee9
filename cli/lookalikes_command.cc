// domex lookalikes: generate lookalikes of the user's domains, check them
// with DNS, store the outcome and print the report.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <future>
#include <memory>
#include <set>
#include <unordered_set>

#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/progress.h"
#include "cli/settings.h"
#include "cli/stop_signal.h"
#include "common/file.h"
#include "common/text.h"
#include "reports/lookalike_report.h"
#include "resolver/dns_checker.h"
#include "resolver/domain.h"
#include "resolver/lookalike_check.h"
#include "resolver/permute.h"
#include "resolver/permute_data.h"
#include "store/store.h"

namespace domex::cli {
namespace {

using resolver::LookalikeJob;
using resolver::LookalikeResult;

// Results are written in batches of this many (each one atomic), so a kill
// loses at most one batch of answers and nothing stored before.
constexpr size_t kBatch = 256;
constexpr auto kProgressInterval = std::chrono::milliseconds(200);
// With this many lookalikes done and not one answered (registered or not),
// the nameservers are unusable and the run stops.
constexpr size_t kGiveUpAfter = 100;

// The DNS settings' flags plus the command's own.
std::vector<FlagSpec> LookalikesFlags() {
  std::vector<FlagSpec> flags = SettingFlags(Section::kDns);
  flags.insert(flags.end(), {{"db"}, {"format"}, {"seeds"}});
  return flags;
}

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
  plan.seeds = a.Value("seeds", DOMEX_SEEDS_DIR "/resolver");
  plan.db = a.Value("db", kDefaultDb);
  return plan;
}

Result<resolver::PermuteData> LoadData(const Plan& plan) {
  Result<resolver::PermuteData> data = resolver::LoadPermuteData(plan.seeds);
  if (!data.ok()) return data.status();
  if (!plan.dictionary.empty()) {
    Result<std::string> text = ReadSmallFile(plan.dictionary);
    if (!text.ok()) return text.status();
    auto words = resolver::ParseWordList(*text);
    if (!words.ok()) {
      return Status::InvalidArgument(plan.dictionary + ": " +
                                     words.status().message());
    }
    data->dictionary = std::move(words).value();
  }
  return data;
}

store::LookalikeRecord ToRecord(const LookalikeResult& r, int64_t now) {
  store::LookalikeRecord rec;
  rec.origin = r.origin;
  rec.domain = r.candidate.domain;
  rec.unicode = r.candidate.unicode;
  rec.fuzzers = r.candidate.fuzzers;
  rec.verdict = resolver::VerdictName(r.verdict);
  rec.mail = resolver::MailName(r.mail);
  rec.a = r.records.a.records;
  rec.aaaa = r.records.aaaa.records;
  rec.mx = r.records.mx.records;
  rec.ns = r.records.ns.records;
  rec.checked_at = now;
  return rec;
}

// Collects results, writes them to the store in batches, and keeps what was
// stored for the report.
class ResultSink {
 public:
  explicit ResultSink(store::Store* db) : db_(db) {}

  void Add(store::LookalikeRecord record) {
    if (!status_.ok()) return;  // the store failed: the run is stopping
    if (record.verdict == "unknown") {
      ++unknown_;
    } else {
      ++answered_;
      if (record.verdict != "unregistered") ++existing_;
    }
    seen_.insert(record.origin + "/" + record.domain);
    pending_.push_back(std::move(record));
    if (pending_.size() >= kBatch) Flush();
  }
  void Flush() {
    if (pending_.empty() || !status_.ok()) return;
    auto stored = db_->RecordLookalikeChecks(pending_);
    pending_.clear();
    if (!stored.ok()) {
      status_ = stored.status();
      return;
    }
    for (store::LookalikeRecord& r : *stored) stored_.push_back(std::move(r));
  }
  bool Has(const std::string& origin, const std::string& domain) const {
    return seen_.count(origin + "/" + domain) > 0;
  }
  const Status& status() const { return status_; }
  const std::vector<store::LookalikeRecord>& stored() const { return stored_; }
  size_t done() const { return unknown_ + answered_; }
  size_t unknown() const { return unknown_; }
  size_t answered() const { return answered_; }  // registered or not
  size_t existing() const { return existing_; }

 private:
  store::Store* db_;
  std::vector<store::LookalikeRecord> pending_;
  std::vector<store::LookalikeRecord> stored_;
  std::unordered_set<std::string> seen_;
  Status status_ = Status::Ok();
  size_t unknown_ = 0;
  size_t answered_ = 0;
  size_t existing_ = 0;
};

// A candidate the run did not get to (stopped by a signal, or the
// nameservers gave no answers at all): its state is unknown.
store::LookalikeRecord NotChecked(const std::string& origin,
                                  const resolver::Candidate& c, int64_t now) {
  LookalikeResult r;
  r.origin = origin;
  r.candidate = c;
  r.verdict = resolver::Verdict::kUnknown;
  r.mail = resolver::Mail::kUnknown;
  return ToRecord(r, now);
}

std::string ProgressText(const ResultSink& sink, size_t total) {
  return "lookalikes: " + std::to_string(sink.done()) + "/" +
         std::to_string(total) + " checked, " +
         std::to_string(sink.existing()) + " exist, " +
         std::to_string(sink.unknown()) + " unknown";
}

}  // namespace

int LookalikesCommand(const std::vector<std::string>& argv) {
  Result<Args> args = ParseArgs(argv, LookalikesFlags());
  if (!args.ok()) return Fail(args.status().message());
  Result<Plan> plan = PlanFrom(*args);
  if (!plan.ok()) return Fail(plan.status().message());
  Result<resolver::PermuteData> data = LoadData(*plan);
  if (!data.ok()) return Fail(data.status().message());

  // Opening RocksDB costs several fsyncs (tens of ms); it overlaps with
  // generating the candidates. Nothing is sent before both are done.
  auto opening = std::async(std::launch::async, store::Store::Open, plan->db);
  std::set<std::string> own;  // the user's domains are nobody's lookalikes
  for (const resolver::DomainParts& origin : plan->origins) {
    own.insert(origin.label + "." + origin.suffix);
  }
  std::vector<LookalikeJob> jobs;
  size_t total = 0;
  for (const resolver::DomainParts& origin : plan->origins) {
    LookalikeJob job;
    job.origin = origin.label + "." + origin.suffix;
    for (resolver::Candidate& c : resolver::Permute(origin, *data)) {
      if (own.count(c.domain) == 0) job.candidates.push_back(std::move(c));
    }
    total += job.candidates.size();
    jobs.push_back(std::move(job));
  }
  if (total > plan->max_candidates) {
    return Fail(std::to_string(total) + " lookalikes exceed --max-candidates " +
                std::to_string(plan->max_candidates) +
                ": check fewer domains per run, or raise it");
  }
  Result<std::unique_ptr<store::Store>> db = opening.get();
  if (!db.ok()) return Fail(db.status().message());
  Result<std::unique_ptr<resolver::DnsChecker>> checker =
      resolver::NewAresChecker(plan->dns);
  if (!checker.ok()) return Fail(checker.status().message());

  const int64_t now = static_cast<int64_t>(std::time(nullptr));
  ResultSink sink(db->get());
  ProgressLine progress;
  auto last_progress = std::chrono::steady_clock::now() - kProgressInterval;
  InstallStopHandlers();
  (*checker)->set_stop_flag(&StopFlag());
  resolver::CheckLookalikes(
      jobs, **checker, resolver::RandomProbeLabel, [&](LookalikeResult r) {
        sink.Add(ToRecord(r, now));
        // A resolver that answers, but never usefully (SERVFAIL or REFUSED
        // for everything), gets the same treatment as a silent one.
        if (!sink.status().ok() ||
            (sink.done() >= kGiveUpAfter && sink.answered() == 0)) {
          (*checker)->Cancel();
        }
        const auto t = std::chrono::steady_clock::now();
        if (progress.enabled() && t - last_progress >= kProgressInterval) {
          last_progress = t;
          progress.Update(ProgressText(sink, total));
        }
      });
  progress.Clear();
  if (!sink.status().ok()) {
    std::fprintf(stderr, "domex: error: %s\n", sink.status().message().c_str());
    return 1;  // what was stored before the failure stays stored
  }
  const resolver::DnsChecker::Stats stats = (*checker)->stats();
  const size_t checked = sink.done();
  for (const LookalikeJob& job : jobs) {
    for (const resolver::Candidate& c : job.candidates) {
      if (!sink.Has(job.origin, c.domain)) {
        sink.Add(NotChecked(job.origin, c, now));
      }
    }
  }
  sink.Flush();
  Status synced = sink.status().ok() ? (*db)->Sync() : sink.status();
  if (!synced.ok()) {
    std::fprintf(stderr, "domex: error: %s\n", synced.message().c_str());
    return 1;
  }
  if (stats.backoffs > 0) {
    std::string lowest = std::to_string(stats.lowest_in_flight) + " in flight";
    if (stats.lowest_qps > 0) {
      lowest += ", " + std::to_string(std::lround(stats.lowest_qps)) + "/s";
    }
    std::fprintf(stderr,
                 "domex: the nameservers were overloaded or rate-limiting: "
                 "slowed down %d times (to %s)\n",
                 stats.backoffs, lowest.c_str());
  }
  if (checked < total) {
    std::fprintf(stderr,
                 stats.stopped
                     ? "domex: interrupted after %zu lookalikes; the other %zu "
                       "are reported unknown\n"
                     : "domex: no useful answers from the nameservers (%zu "
                       "lookalikes done); stopped, the other %zu are reported "
                       "unknown\n",
                 checked, total - checked);
  } else if (sink.unknown() > 0) {
    std::fprintf(stderr,
                 "domex: %zu of %zu lookalikes stayed unknown (timeout, "
                 "SERVFAIL or REFUSED after %d retries)\n",
                 sink.unknown(), total, plan->dns.retries);
  }

  const std::vector<store::LookalikeRecord>& records = sink.stored();
  std::string out =
      plan->format == "json"  ? reports::RenderLookalikeJson(records)
      : plan->format == "csv" ? reports::RenderLookalikeCsv(records)
                              : reports::RenderLookalikeText(records);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return sink.unknown() > 0 ? 1 : 0;
}

}  // namespace domex::cli
