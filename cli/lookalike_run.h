// Generating the lookalikes of some domains, checking them with DNS and
// storing every outcome: what `domex lookalikes` and `domex scan` share.
#pragma once

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "common/status.h"
#include "resolver/dns_checker.h"
#include "resolver/domain.h"
#include "resolver/lookalike_check.h"
#include "resolver/permute_data.h"
#include "store/records.h"
#include "store/store.h"

namespace domex::cli {

// The generator's tables from `seeds_dir`, with the words of `dictionary`
// (a file; "" keeps the seeds' dictionary.txt).
Result<resolver::PermuteData> LoadLookalikeData(const std::string& seeds_dir,
                                                const std::string& dictionary);

// The candidates of each origin made by any of `fuzzers` (empty: every
// fuzzer), leaving out every origin itself (the user's domains are
// nobody's lookalikes). kInvalidArgument, naming the limit as
// `limit_name`, when there are more than `max_candidates` in all.
Result<std::vector<resolver::LookalikeJob>> MakeLookalikeJobs(
    const std::vector<resolver::DomainParts>& origins,
    const resolver::PermuteData& data, size_t max_candidates,
    const std::string& limit_name, const std::set<std::string>& fuzzers = {});

struct LookalikeRun {
  std::vector<store::LookalikeRecord> records;  // every candidate, as stored
  size_t total = 0;                             // candidates
  size_t checked = 0;  // answered or failed before the run stopped
  size_t unknown = 0;  // stored as unknown, unchecked ones included
  resolver::DnsChecker::Stats stats;
};

// Checks every candidate of `jobs`, storing outcomes in atomic batches as
// they come (checked at `now`). When the run stops early - a SIGINT or
// SIGTERM (InstallStopHandlers first), or nameservers that give no useful
// answer - the candidates left are stored as unknown. Shows progress on
// stderr when it is a terminal. Fails only when the store does (what was
// stored before stays) or the checker cannot be set up.
// `what` heads the progress line ("checking lookalikes of army.mil").
Result<LookalikeRun> RunLookalikeChecks(
    const std::vector<resolver::LookalikeJob>& jobs,
    const resolver::DnsOptions& dns, store::Store& db, int64_t now,
    const std::string& what);

// One line for a run's user on stderr.
struct RunNote {
  enum class Kind {
    kSlowedDown,  // back-off against a rate limit: no failure
    kNameserver,  // a server misbehaved, but the answers came: no failure
    kStopped,     // a signal, or nameservers that gave no useful answer
    kUnknown,     // some lookalikes stayed unknown
  };
  Kind kind;
  std::string text;
  // Whether the run is worse for it (a scan records it as a problem).
  bool failure() const {
    return kind == Kind::kStopped || kind == Kind::kUnknown;
  }
};

// What a run's user should hear about: back-off, servers that misbehaved
// (named, with what they did), an early stop, lookalikes that stayed
// unknown. Empty for a clean run.
std::vector<RunNote> LookalikeRunNotes(const LookalikeRun& run, int retries);

}  // namespace domex::cli
