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
  // Every candidate: as stored, then (after a stop) those not checked.
  std::vector<store::LookalikeRecord> records;
  size_t total = 0;    // candidates
  size_t checked = 0;  // answered or failed before the run stopped
  // Stored as unknown: no useful answer, or not asked because the
  // nameservers gave none at all.
  size_t unknown = 0;
  // Not asked because the run was stopped (a signal, a time limit):
  // LookalikeRecord::not_checked, and nothing stored for them.
  size_t not_checked = 0;
  resolver::DnsChecker::Stats stats;
};

// Checks every candidate of `jobs`, storing outcomes in atomic batches as
// they come (checked at `now`). When the nameservers give no useful answer
// the candidates left are stored as unknown. When a SIGINT or SIGTERM
// (InstallStopHandlers first) stops it, those left are not asked and not
// stored: they are reported "not checked (stopped)" with their last stored
// check. Shows progress on
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
