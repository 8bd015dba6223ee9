#include "cli/lookalike_run.h"

#include <chrono>
#include <cmath>
#include <map>
#include <set>
#include <unordered_set>
#include <utility>

#include "cli/lookalike_inputs.h"
#include "cli/progress.h"
#include "cli/progress_text.h"
#include "cli/stop_signal.h"
#include "resolver/nameserver_stats.h"
#include "resolver/permute.h"
#include "resolver/verdict.h"

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

// A candidate the run did not get to: its state is unknown.
store::LookalikeRecord Unasked(const std::string& origin,
                               const resolver::Candidate& c, int64_t now) {
  LookalikeResult r;
  r.origin = origin;
  r.candidate = c;
  r.verdict = resolver::Verdict::kUnknown;
  r.mail = resolver::Mail::kUnknown;
  return ToRecord(r, now);
}

// The stored checks of `jobs`' origins, by origin and domain.
Result<std::map<std::pair<std::string, std::string>, store::LookalikeRecord>>
StoredChecks(store::Store& db, const std::vector<LookalikeJob>& jobs) {
  std::map<std::pair<std::string, std::string>, store::LookalikeRecord> out;
  for (const LookalikeJob& job : jobs) {
    Status s = db.ForEachLookalike(job.origin,
                                   [&out](const store::LookalikeRecord& r) {
                                     out[{r.origin, r.domain}] = r;
                                     return true;
                                   });
    if (!s.ok()) return s;
  }
  return out;
}

// The candidates a stopped run did not ask about: reported as "not checked
// (stopped)" with their last stored check (if any), and not stored: the
// store keeps what it knew.
Status AddNotChecked(const std::vector<LookalikeJob>& jobs,
                     const ResultSink& sink, store::Store& db, int64_t now,
                     LookalikeRun* run) {
  Result<std::map<std::pair<std::string, std::string>, store::LookalikeRecord>>
      stored = StoredChecks(db, jobs);
  if (!stored.ok()) return stored.status();
  for (const LookalikeJob& job : jobs) {
    for (const resolver::Candidate& c : job.candidates) {
      if (sink.Has(job.origin, c.domain)) continue;
      auto it = stored->find({job.origin, c.domain});
      store::LookalikeRecord r =
          it != stored->end() ? it->second : Unasked(job.origin, c, now);
      r.not_checked = "stopped";
      run->records.push_back(std::move(r));
      ++run->not_checked;
    }
  }
  return Status::Ok();
}

}  // namespace

Result<resolver::PermuteData> LoadLookalikeData(const std::string& seeds_dir,
                                                const std::string& dictionary) {
  Result<resolver::PermuteData> data = resolver::LoadPermuteData(seeds_dir);
  if (!data.ok()) return data.status();
  if (!dictionary.empty()) {
    Result<std::vector<std::string>> words = resolver::LoadWordList(dictionary);
    if (!words.ok()) return words.status();
    data->dictionary = std::move(words).value();
  }
  return data;
}

Result<std::vector<LookalikeJob>> MakeLookalikeJobs(
    const std::vector<resolver::DomainParts>& origins,
    const resolver::PermuteData& data, size_t max_candidates,
    const std::string& limit_name, const std::set<std::string>& fuzzers) {
  std::set<std::string> own;
  for (const resolver::DomainParts& origin : origins) {
    own.insert(origin.label + "." + origin.suffix);
  }
  std::vector<LookalikeJob> jobs;
  size_t total = 0;
  for (const resolver::DomainParts& origin : origins) {
    LookalikeJob job;
    job.origin = origin.label + "." + origin.suffix;
    for (resolver::Candidate& c : resolver::Permute(origin, data)) {
      if (own.count(c.domain) == 0 &&
          (fuzzers.empty() || MadeByAny(c, fuzzers))) {
        job.candidates.push_back(std::move(c));
      }
    }
    total += job.candidates.size();
    jobs.push_back(std::move(job));
  }
  if (total > max_candidates) {
    return Status::InvalidArgument(
        std::to_string(total) + " lookalikes exceed " + limit_name + " " +
        std::to_string(max_candidates) +
        ": check fewer domains per run, or raise it");
  }
  return jobs;
}

Result<LookalikeRun> RunLookalikeChecks(const std::vector<LookalikeJob>& jobs,
                                        const resolver::DnsOptions& dns,
                                        store::Store& db, int64_t now,
                                        const std::string& what) {
  Result<std::unique_ptr<resolver::DnsChecker>> checker =
      resolver::NewAresChecker(dns);
  if (!checker.ok()) return checker.status();
  LookalikeRun run;
  for (const LookalikeJob& job : jobs) run.total += job.candidates.size();
  ResultSink sink(&db);
  ProgressLine progress;
  auto last_progress = std::chrono::steady_clock::now() - kProgressInterval;
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
          progress.Update(LookalikeProgressText(what, sink.done(), run.total,
                                                sink.existing(), sink.unknown(),
                                                progress.Elapsed()));
        }
      });
  progress.Clear();
  if (!sink.status().ok()) return sink.status();
  run.stats = (*checker)->stats();
  run.checked = sink.done();
  if (!run.stats.stopped) {
    // The nameservers gave no useful answer: the rest are unknown (no
    // answer) and stored as such, keeping what was seen before.
    for (const LookalikeJob& job : jobs) {
      for (const resolver::Candidate& c : job.candidates) {
        if (!sink.Has(job.origin, c.domain)) {
          sink.Add(Unasked(job.origin, c, now));
        }
      }
    }
  }
  sink.Flush();
  if (!sink.status().ok()) return sink.status();
  run.unknown = sink.unknown();
  run.records = sink.stored();
  if (run.stats.stopped) {
    if (Status s = AddNotChecked(jobs, sink, db, now, &run); !s.ok()) return s;
  }
  return run;
}

namespace {

// Each server that misbehaved, and how, joined with "; ".
std::string ServerTrouble(const resolver::DnsChecker::Stats& stats) {
  std::string out;
  for (const resolver::NameserverStats& ns : stats.nameservers) {
    const std::string line = resolver::DescribeNameserver(ns);
    if (!line.empty()) out += (out.empty() ? "" : "; ") + line;
  }
  return out;
}

}  // namespace

std::vector<RunNote> LookalikeRunNotes(const LookalikeRun& run, int retries) {
  using Kind = RunNote::Kind;
  using Rcode = resolver::DnsAnswer::Rcode;
  std::vector<RunNote> notes;
  const resolver::DnsChecker::Stats& stats = run.stats;
  const bool answered =
      stats.Answers(Rcode::kNoError) + stats.Answers(Rcode::kNxDomain) > 0;
  // Without one useful answer there was nothing to rate-limit: the servers
  // are named below instead.
  if (stats.backoffs > 0 && answered) {
    std::string lowest = std::to_string(stats.lowest_in_flight) + " in flight";
    if (stats.lowest_qps > 0) {
      lowest += ", " + std::to_string(std::lround(stats.lowest_qps)) + "/s";
    }
    notes.push_back(
        {Kind::kSlowedDown,
         "the nameservers were overloaded or rate-limiting: slowed down " +
             std::to_string(stats.backoffs) + " times (to " + lowest + ")"});
  }
  const std::string trouble = ServerTrouble(stats);
  const std::string rest = std::to_string(run.total - run.checked);
  if (run.checked < run.total && stats.stopped) {
    notes.push_back({Kind::kStopped, "interrupted after " +
                                         std::to_string(run.checked) +
                                         " lookalikes; the other " + rest +
                                         " were not checked (stopped)"});
  } else if (run.checked < run.total) {
    notes.push_back({Kind::kStopped,
                     "no useful answers from the nameservers" +
                         (trouble.empty() ? std::string() : ": " + trouble) +
                         "; stopped after " + std::to_string(run.checked) +
                         " lookalikes, the other " + rest +
                         " are reported unknown"});
    return notes;  // the servers are named already
  } else if (run.unknown > 0) {
    notes.push_back(
        {Kind::kUnknown, std::to_string(run.unknown) + " of " +
                             std::to_string(run.total) +
                             " lookalikes stayed unknown (timeout, SERVFAIL or "
                             "REFUSED after " +
                             std::to_string(retries) + " retries)"});
  }
  if (!trouble.empty()) notes.push_back({Kind::kNameserver, trouble});
  return notes;
}

}  // namespace domex::cli
